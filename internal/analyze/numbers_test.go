package analyze

import (
	"testing"

	"github.com/storyline/storyline"
)

func TestEnglishNumbers(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"de", "5,3 und 3.500 und 1.234.567,89 und 3.5 und 1.5.2020", "5.3 und 3,500 und 1,234,567.89 und 3.5 und 1.5.2020"},
		{"fr", "3 500 soldats, 1 234 567,5 euros, en 2019 500 fois, 28 500", "3,500 soldats, 1,234,567.5 euros, en 2019 500 fois, 28,500"},
		{"de", "3 500 Soldaten", "3 500 Soldaten"}, // German groups with points
		{"es", "3,500 y 12,50", "3,500 y 12.50"},   // a comma before three digits stays ambiguous
		{"en", "5,3 and 3.500", "5,3 and 3.500"},
	} {
		got, _ := englishNumbers(c.in, c.lang)
		if got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

// TestForeignFigures: figures of texts in other languages, with their
// decimal commas, grouping points and spaces, scale words, percent words
// and counted nouns. Texts written for this test.
func TestForeignFigures(t *testing.T) {
	type fig struct {
		text  string
		value float64
		unit  string
	}
	for _, c := range []struct {
		lang, in string
		want     []fig
	}{
		{"de", "Die Quote stieg auf 5,3 Prozent. Rund 1,2 Millionen Menschen und 3.500 Soldaten; 20 Milliarden Euro.",
			[]fig{{"5,3 Prozent", 5.3, "%"}, {"1,2 Millionen Menschen", 1.2e6, "menschen"}, {"3.500 Soldaten", 3500, "soldaten"}, {"20 Milliarden Euro", 2e10, "EUR"}}},
		{"es", "El paro subió al 5,3 por ciento. Unos 1,2 millones de personas; 20.000 millones de euros.",
			[]fig{{"5,3 por ciento", 5.3, "%"}, {"1,2 millones de personas", 1.2e6, "personas"}, {"20.000 millones de euros", 2e10, "EUR"}}},
		{"fr", "Le chômage a atteint 5,3 %. Quelque 3 500 soldats; 20 milliards d'euros.",
			[]fig{{"5,3 %", 5.3, "%"}, {"3 500 soldats", 3500, "soldats"}, {"20 milliards d'euros", 2e10, "EUR"}}},
		{"it", "La disoccupazione è salita al 5,3 per cento.", []fig{{"5,3 per cento", 5.3, "%"}}},
		{"pl", "Bezrobocie wzrosło do 5,3 proc. Około 1,2 mln osób.", []fig{{"5,3 proc", 5.3, "%"}, {"1,2 mln osób", 1.2e6, "osób"}}},
		{"ru", "Около 1,2 млн человек; ущерб 20 млрд рублей.", []fig{{"1,2 млн человек", 1.2e6, "человек"}, {"20 млрд рублей", 2e10, "RUB"}}},
		{"tr", "İşsizlik yüzde 5,3 oldu.", []fig{{"yüzde 5,3", 5.3, "%"}}},
	} {
		a := &storyline.Article{Text: c.in, Lang: c.lang}
		Analyze(a, DefaultOptions())
		checkSpans(t, a)
		var got []fig
		for _, f := range a.Figures {
			got = append(got, fig{a.Slice(f.Span), f.Value, f.Unit})
			if f.Text != a.Slice(f.Span) {
				t.Errorf("%s: figure text %q is not the text at its span %q", c.lang, f.Text, a.Slice(f.Span))
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s %q: got %v, want %v", c.lang, c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s %q: figure %d = %v, want %v", c.lang, c.in, i, got[i], c.want[i])
			}
		}
	}
}

// FuzzEnglishNumbers: the English-numbered copy keeps every byte offset
// and changes only separators inside numbers.
func FuzzEnglishNumbers(f *testing.F) {
	for _, s := range []string{"5,3 und 3.500", "3 500 soldats", "1.234.567,89", "1 2 3 4", "9,9,9", "\xff1,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"de", "fr"} {
			got, _ := englishNumbers(s, lang)
			if len(got) != len(s) {
				t.Fatalf("%q: length %d, want %d", s, len(got), len(s))
			}
			for i := 0; i < len(s); i++ {
				if got[i] != s[i] && !(isSep(got[i]) && isSep(s[i])) {
					t.Fatalf("%q → %q: byte %d changed", s, got, i)
				}
			}
		}
	})
}

func isSep(c byte) bool { return c == '.' || c == ',' || c == ' ' }

// TestUnspacedQuote: a quotation in Chinese is words, not a scare quote,
// though no space divides them. Text written for this test.
func TestUnspacedQuote(t *testing.T) {
	a := &storyline.Article{Lang: "zh", Text: "东桥市市长周四表示：“我们必须先保证市民的安全，维修工作将尽快完成，大桥预计在三个月后重新开放。”他还说，市政府将提供渡轮服务。"}
	Analyze(a, DefaultOptions())
	checkSpans(t, a)
	if len(a.Quotes) != 1 || a.Slice(a.Quotes[0].Span) != "我们必须先保证市民的安全，维修工作将尽快完成，大桥预计在三个月后重新开放。" {
		t.Errorf("quotes %+v", a.Quotes)
	}
}
