package brief

import (
	"sort"

	"github.com/storyline/storyline"
)

// quoteItem is one quote mention of the story with its matching data.
type quoteItem struct {
	art   int
	q     storyline.QuoteMention
	key   string // speaker surname key, "" when unknown
	stems map[string]bool
}

// quotes groups the story's quotes into statements: the same speaker (by
// surname key, so "Sergei Lavrov", "Sergey Lavrov", "Mr Lavrov" and
// "Lavrov" are one) and overlapping content (at least two shared content
// stems and an overlap coefficient of 0.5), direct quotes and reported
// speech alike. Quotes of unknown speakers join only each other, with a
// stricter overlap. Groups are sorted by the number of outlets, then by
// first appearance.
func (an *Analysis) quotes() []storyline.QuoteGroup {
	var items []quoteItem
	for i, a := range an.arts {
		for _, q := range a.Quotes {
			if !q.Span.In(len(a.Text)) || q.Len() == 0 {
				continue
			}
			it := quoteItem{art: i, q: q, stems: map[string]bool{}}
			if q.Speaker != "" {
				it.key = an.surname(q.Speaker)
			}
			for _, t := range tokensIn(an.docs[i].tokens, q.Span) {
				if content(an.docs[i].lang, t.Norm) {
					it.stems[t.Stem] = true
				}
			}
			items = append(items, it)
		}
	}
	type group struct {
		key     string
		members []int
	}
	var groups []group
	for i, it := range items {
		best, bestOv := -1, 0.0
		for g := range groups {
			// An unknown speaker ("the port would reopen", he said) joins a
			// statement only on a close match.
			need := 0.5
			if it.key == "" || groups[g].key == "" {
				need = 0.7
			}
			if groups[g].key != it.key && it.key != "" && groups[g].key != "" {
				continue
			}
			for _, m := range groups[g].members {
				shared, ov := overlap(it.stems, items[m].stems)
				if shared >= 2 && ov >= need && ov > bestOv {
					best, bestOv = g, ov
				}
			}
		}
		if best < 0 {
			groups = append(groups, group{key: it.key, members: []int{i}})
		} else {
			groups[best].members = append(groups[best].members, i)
			if groups[best].key == "" {
				groups[best].key = it.key
			}
		}
	}
	type ranked struct {
		g       storyline.QuoteGroup
		outlets int
		first   int
	}
	var rs []ranked
	for _, g := range groups {
		forms := map[string]int{}
		outs := map[int]bool{}
		var qg storyline.QuoteGroup
		type seenKey struct {
			art  int
			text string
		}
		seen := map[seenKey]bool{}
		for _, m := range g.members {
			it := items[m]
			a := an.arts[it.art]
			// A repeated headline gives the same wording twice.
			if k := (seenKey{it.art, a.Text[it.q.Start:it.q.End]}); seen[k] {
				continue
			} else {
				seen[k] = true
			}
			if it.q.Speaker != "" {
				forms[it.q.Speaker]++
			}
			outs[an.docs[it.art].outlet] = true
			qg.Variants = append(qg.Variants, storyline.QuoteVariant{
				Text: a.Text[it.q.Start:it.q.End], Article: a.ID, Source: a.Source,
				Start: it.q.Start, End: it.q.End, Cue: it.q.Cue, Direct: it.q.Direct,
			})
		}
		qg.Speaker = fullest(forms)
		rs = append(rs, ranked{qg, len(outs), g.members[0]})
	}
	sort.SliceStable(rs, func(x, y int) bool {
		if rs[x].outlets != rs[y].outlets {
			return rs[x].outlets > rs[y].outlets
		}
		return rs[x].first < rs[y].first
	})
	out := make([]storyline.QuoteGroup, len(rs))
	for i, r := range rs {
		out[i] = r.g
	}
	return out
}

// overlap returns the shared count and the overlap coefficient of two sets.
func overlap(a, b map[string]bool) (int, float64) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n, float64(n) / float64(min(len(a), len(b)))
}
