package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// countSlow is phraseSet.count without the first-byte and length filter
// and the ASCII fast path.
func countSlow(p *phraseSet, lower string, max int) int {
	n := 0
	for i := 0; i < len(lower); {
		r, size := utf8.DecodeRuneInString(lower[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(lower) {
			r, size := utf8.DecodeRuneInString(lower[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += size
		}
		for _, ph := range p.byWord[lower[i:j]] {
			if strings.HasPrefix(lower[i:], ph) && wordEdge(lower, i+len(ph), false) {
				n++
				if n >= max {
					return n
				}
			}
		}
		i = j
	}
	return n
}

func TestPhraseSetCount(t *testing.T) {
	lines := []string{"", "subscribe", "please subscribe to our newsletter", "subscribers only",
		"sign up — sign in — log in to comment", "читайте также: подписывайтесь", "cookies and cookie policy",
		"x2 read more… 3d", "naïve café: follow us", "all rights reserved © 2024", "read mores read more"}
	for _, set := range []*phraseSet{furniture, strongFurniture, translation, captionWords, listHeaders} {
		for _, l := range lines {
			for _, max := range []int{1, 2, 5} {
				if got, want := set.count(l, max), countSlow(set, l, max); got != want {
					t.Errorf("count(%q, %d) = %d, want %d", l, max, got, want)
				}
			}
		}
	}
}

func FuzzPhraseSetCount(f *testing.F) {
	f.Add("please subscribe to our newsletter")
	f.Add("читайте также")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := furniture.count(s, 3), countSlow(furniture, s, 3); got != want {
			t.Fatalf("count(%q) = %d, want %d", s, got, want)
		}
	})
}

func BenchmarkPhraseSetMatch(b *testing.B) {
	l := "the minister said on friday that the talks would continue next week in geneva, officials confirmed."
	for i := 0; i < b.N; i++ {
		furniture.match(l)
	}
}
