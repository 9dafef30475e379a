package brief

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// groupQuotesPairs is the definition groupQuotes implements, comparing
// each quote with every earlier one.
func groupQuotesPairs(items []quoteItem) []quoteGroup {
	var groups []quoteGroup
	for i, it := range items {
		best, bestOv := -1, 0.0
		for g := range groups {
			need := 0.5
			if it.key == "" || groups[g].key == "" {
				need = 0.7
			}
			if groups[g].key != it.key && it.key != "" && groups[g].key != "" {
				continue
			}
			for _, m := range groups[g].members {
				n := 0
				for _, a := range it.stems {
					for _, b := range items[m].stems {
						if a == b {
							n++
						}
					}
				}
				if n == 0 {
					continue
				}
				ov := float64(n) / float64(min(len(it.stems), len(items[m].stems)))
				if n >= 2 && ov >= need && ov > bestOv {
					best, bestOv = g, ov
				}
			}
		}
		if best < 0 {
			groups = append(groups, quoteGroup{key: it.key, members: []int{i}})
		} else {
			groups[best].members = append(groups[best].members, i)
			if groups[best].key == "" {
				groups[best].key = it.key
			}
		}
	}
	return groups
}

// randomQuotes makes n quotes over a small vocabulary and few speakers, so
// that overlaps, ties and unknown speakers are frequent.
func randomQuotes(r *rand.Rand, n, vocab int) []quoteItem {
	items := make([]quoteItem, n)
	for i := range items {
		if k := r.IntN(4); k > 0 {
			items[i].key = fmt.Sprint("speaker", k)
		}
		for range 1 + r.IntN(8) {
			st := int32(r.IntN(vocab))
			dup := false
			for _, s := range items[i].stems {
				dup = dup || s == st
			}
			if !dup {
				items[i].stems = append(items[i].stems, st)
			}
		}
	}
	return items
}

// TestGroupQuotes: the inverted index gives the groups of the all-pairs
// comparison, ties and speaker rules included.
func TestGroupQuotes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		items := randomQuotes(r, 1+r.IntN(40), 4+r.IntN(20))
		got, want := groupQuotes(items, 24), groupQuotesPairs(items)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %d quotes\n got %v\nwant %v", trial, len(items), got, want)
		}
	}
}

// BenchmarkGroupQuotes groups the quotes of a large story (64 articles of
// five quotes).
func BenchmarkGroupQuotes(b *testing.B) {
	items := randomQuotes(rand.New(rand.NewPCG(3, 4)), 320, 400)
	for b.Loop() {
		groupQuotes(items, 400)
	}
}

// BenchmarkGroupQuotesPairs is the all-pairs definition on the same story,
// for comparison.
func BenchmarkGroupQuotesPairs(b *testing.B) {
	items := randomQuotes(rand.New(rand.NewPCG(3, 4)), 320, 400)
	for b.Loop() {
		groupQuotesPairs(items)
	}
}

// TestPersonKeys: the forms of one person's name are one speaker, other
// people with the same surname and descriptions are not.
func TestPersonKeys(t *testing.T) {
	counts := map[string]int{
		"Sergei Lavrov": 3, "Sergey Lavrov": 1, "Lavrov": 2,
		"Donald Trump": 5, "President Trump": 1, "Trump": 4,
		"Kim Jong Un": 1, "Kim Jong-un": 1, "Kim": 1,
		"Anthony Blinken": 1, "Antony Blinken": 1,
		"Hillary Clinton": 4, "Bill Clinton": 1, "Clinton": 2,
		"the aide": 1, "A French official": 1, "Mark Hoff": 1, "Mary Hoff": 1,
	}
	keys := personKeys(counts)
	same := [][]string{
		{"Sergei Lavrov", "Sergey Lavrov", "Lavrov"},
		{"Donald Trump", "President Trump", "Trump"},
		{"Kim Jong Un", "Kim Jong-un", "Kim"},
		{"Anthony Blinken", "Antony Blinken"},
		{"Hillary Clinton", "Clinton"}, // the Clinton quoted most
	}
	for _, forms := range same {
		for _, f := range forms[1:] {
			if keys[f] != keys[forms[0]] {
				t.Errorf("%q (%q) and %q (%q) should be one person", f, keys[f], forms[0], keys[forms[0]])
			}
		}
	}
	differ := [][2]string{{"Hillary Clinton", "Bill Clinton"}, {"Mark Hoff", "Mary Hoff"}, {"the aide", "A French official"},
		{"Donald Trump", "Hillary Clinton"}}
	for _, p := range differ {
		if keys[p[0]] == keys[p[1]] {
			t.Errorf("%q and %q should be two people (key %q)", p[0], p[1], keys[p[0]])
		}
	}
}
