package storyline

import "testing"

// TestQuotedWords: a direct quotation broken by its attribution shows its
// quoted pieces alone; a span of one piece, reported speech and a title
// in another style of marks inside the quotation are left as they are.
func TestQuotedWords(t *testing.T) {
	tests := []struct {
		span   string
		direct bool
		want   string // "" for the span itself
	}{
		{"We will not reopen it,” she said on Tuesday. “Not until it is safe", true, "We will not reopen it … Not until it is safe"},
		{`We are ready," he said. "We have been for weeks`, true, "We are ready … We have been for weeks"},
		{"Nous sommes prêts », a-t-il dit. « Depuis des semaines", true, "Nous sommes prêts … Depuis des semaines"},
		{"We will not reopen it until it is safe", true, ""},
		{`He called the report “a disaster” and left`, true, ""},
		{`The film "Heat" was his favourite,” she said`, true, ""},
		{"it was ready,” she said. “Yes", false, ""},
	}
	for _, tt := range tests {
		want := tt.want
		if want == "" {
			want = tt.span
		}
		if got := (QuoteVariant{Text: tt.span, Direct: tt.direct}).Quoted(); got != want {
			t.Errorf("Quoted of %q = %q, want %q", tt.span, got, want)
		}
	}
}
