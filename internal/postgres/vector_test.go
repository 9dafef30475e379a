package postgres

import "testing"

// TestTSVectorLiteral: lexemes sorted, each with its positions in text
// order, title words weighted A and text words B.
func TestTSVectorLiteral(t *testing.T) {
	got := tsVector("Ferry fares", "Ferry fares rise; fares rose.", "en")
	want := `'fare':2A,4B,6B 'ferri':1A,3B 'rise':5B 'rose':7B`
	if got != want {
		t.Errorf("tsVector = %s, want %s", got, want)
	}
}

func TestQuoteLexeme(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", `'plain'`},
		{"it's", `'it''s'`},
		{`a\b`, `'a\\b'`},
		{"", `''`},
		{"ça", `'ça'`},
	} {
		if got := quoteLexeme(c.in); got != c.want {
			t.Errorf("quoteLexeme(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
