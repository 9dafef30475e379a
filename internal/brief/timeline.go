package brief

import (
	"sort"

	"github.com/storyline/storyline"
)

// timeline turns the articles' resolved dates into events: the sentence
// holding each date (its text is the first such sentence, verbatim),
// grouped by date and by claim (aligned sentences of several articles make
// one event); dates in junk lines (bylines, "Updated:" stamps) are left
// out. Sorted by date, then by the number of
// articles, then by first appearance.
func (an *Analysis) timeline(cs *claimSet) []storyline.TimelineEvent {
	type key struct {
		date string
		unit int // claim index, or -1-sentence id for junk sentences
	}
	type ev struct {
		e     storyline.TimelineEvent
		arts  map[int]bool
		sents map[int]bool
		first int
	}
	byKey := map[key]*ev{}
	var evs []*ev
	for i, a := range an.arts {
		for _, d := range a.Dates {
			if d.Date == "" || !an.within(i, d.Start) {
				continue
			}
			si := an.sentenceAt(i, d.Start)
			if si < 0 || an.sents[si].junk {
				continue
			}
			k := key{d.Date, -1 - si}
			if c := cs.of[si]; c >= 0 {
				k.unit = c
			}
			txt := an.text(si)
			e := byKey[k]
			if e == nil {
				e = &ev{e: storyline.TimelineEvent{Date: d.Date, Text: txt}, arts: map[int]bool{}, sents: map[int]bool{}, first: si}
				byKey[k] = e
				evs = append(evs, e)
			}
			if !e.arts[i] {
				e.arts[i] = true
				e.e.Articles = append(e.e.Articles, a.ID)
			}
			if !e.sents[si] {
				e.sents[si] = true
				e.e.Citations = append(e.e.Citations, an.citation(si))
			}
		}
	}
	sort.SliceStable(evs, func(x, y int) bool {
		a, b := evs[x], evs[y]
		if a.e.Date != b.e.Date {
			return a.e.Date < b.e.Date
		}
		if len(a.arts) != len(b.arts) {
			return len(a.arts) > len(b.arts)
		}
		return a.first < b.first
	})
	out := make([]storyline.TimelineEvent, len(evs))
	for i, e := range evs {
		out[i] = e.e
	}
	return out
}
