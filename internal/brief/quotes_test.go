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
