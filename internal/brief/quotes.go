package brief

import (
	"slices"
	"sort"

	"github.com/storyline/storyline"
)

// quoteItem is one quote mention of the story with its matching data.
type quoteItem struct {
	art   int
	q     storyline.QuoteMention
	key   string  // the speaker's person key (personKeys), "" when unknown
	stems []int32 // distinct content stems, as ids local to the story
}

// quotes gives the story's quotes one group per person, the statements
// under it. A statement is the quotes of one speaker with overlapping
// content (at least two shared content stems and an overlap coefficient
// of 0.5), direct quotes and reported speech alike, across outlets. The
// speaker forms of the story are first resolved to people (personKeys:
// "Sergei Lavrov", "Sergey Lavrov" and "Lavrov" are one, "Bill Clinton"
// and "Hillary Clinton" two). Quotes of unknown speakers join a statement
// only on a stricter overlap, and otherwise stay statements of their own.
// Groups are sorted by the number of outlets, then by first appearance;
// a group's variants follow its statements in order.
//
// A quote joins the statement of the earlier quote it overlaps most (ties
// to the earliest). The earlier quotes sharing stems with it come from an
// inverted index over the stems, so a story of many quotes costs the
// pairs that share words, not all pairs.
func (an *Analysis) quotes() []storyline.QuoteGroup {
	items, nStems := an.quoteItems()
	people := personGroups(items, groupQuotes(items, nStems))
	type ranked struct {
		g       storyline.QuoteGroup
		outlets int
		first   int
	}
	var rs []ranked
	for _, members := range people {
		forms := map[string]int{}
		outs := map[int]bool{}
		var qg storyline.QuoteGroup
		type seenKey struct {
			art  int
			text string
		}
		seen := map[seenKey]bool{}
		for _, m := range members {
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
		rs = append(rs, ranked{qg, len(outs), slices.Min(members)})
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

// quoteItems lists the story's quotes with their person keys and content
// stems (ids local to the story; nStems of them).
func (an *Analysis) quoteItems() (items []quoteItem, nStems int) {
	stemID := map[string]int32{}
	var lastIn []int32 // stem id → 1 + the item that last took it
	counts := map[string]int{}
	for i, a := range an.arts {
		for _, q := range a.Quotes {
			if !q.Span.In(len(a.Text)) || q.Len() == 0 || !an.within(i, q.End-1) {
				continue
			}
			it := quoteItem{art: i, q: q}
			counts[q.Speaker]++
			for _, t := range tokensIn(an.docs[i].tokens, q.Span) {
				if !content(an.docs[i].lang, t.Norm) {
					continue
				}
				id, ok := stemID[t.Stem]
				if !ok {
					id = int32(len(stemID))
					stemID[t.Stem] = id
					lastIn = append(lastIn, 0)
				}
				if lastIn[id] != int32(len(items))+1 {
					lastIn[id] = int32(len(items)) + 1
					it.stems = append(it.stems, id)
				}
			}
			items = append(items, it)
		}
	}
	keys := personKeys(counts)
	for i := range items {
		items[i].key = keys[items[i].q.Speaker]
	}
	return items, len(stemID)
}

// personGroups joins the statements of each person, in order of their
// first quote; statements of unknown speakers stay one group each. It
// returns the quotes of each group, statement by statement.
func personGroups(items []quoteItem, statements []quoteGroup) [][]int {
	var out [][]int
	byKey := map[string]int{}
	for _, st := range statements {
		if st.key == "" {
			out = append(out, slices.Clone(st.members))
			continue
		}
		g, ok := byKey[st.key]
		if !ok {
			g = len(out)
			byKey[st.key] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], st.members...)
	}
	return out
}

// quoteGroup is a statement: the speaker key and the quotes (indexes into
// the items), in order.
type quoteGroup struct {
	key     string
	members []int
}

// maxQuotePostings bounds the earlier quotes a quote is compared with
// through one stem: the most recent 64 that hold it. A story rarely has
// more than a few dozen quotes sharing a content word; a text made of
// thousands of quotes in the same words would otherwise cost the square
// of their number.
const maxQuotePostings = 64

// groupQuotes puts each quote, in order, in the group of the earlier quote
// it overlaps most (ties to the earliest group) or in a new group; see
// quotes for the rules. nStems is the number of stem ids.
func groupQuotes(items []quoteItem, nStems int) []quoteGroup {
	var groups []quoteGroup
	groupOf := make([]int, len(items))
	post := make([][]int32, nStems)   // stem → earlier items holding it
	shared := make([]int, len(items)) // stems each earlier item shares with the current one
	var touched []int32
	for i, it := range items {
		touched = touched[:0]
		for _, st := range it.stems {
			pl := post[st]
			for _, m := range pl[max(0, len(pl)-maxQuotePostings):] {
				if shared[m] == 0 {
					touched = append(touched, m)
				}
				shared[m]++
			}
		}
		best, bestOv := -1, 0.0
		for _, m := range touched {
			n := shared[m]
			shared[m] = 0
			g := groupOf[m]
			if n < 2 || groups[g].key != it.key && it.key != "" && groups[g].key != "" {
				continue
			}
			// An unknown speaker ("the port would reopen", he said) joins a
			// statement only on a close match.
			need := 0.5
			if it.key == "" || groups[g].key == "" {
				need = 0.7
			}
			ov := float64(n) / float64(min(len(it.stems), len(items[m].stems)))
			if ov >= need && (ov > bestOv || ov == bestOv && g < best) {
				best, bestOv = g, ov
			}
		}
		if best < 0 {
			best = len(groups)
			groups = append(groups, quoteGroup{key: it.key})
		} else if groups[best].key == "" {
			groups[best].key = it.key
		}
		groups[best].members = append(groups[best].members, i)
		groupOf[i] = best
		for _, st := range it.stems {
			post[st] = append(post[st], int32(i))
		}
	}
	return groups
}
