package brief

import (
	"math"
	"sort"

	"github.com/storyline/storyline"
)

// maxSingleSourceClaims bounds the claims only one outlet carries that a
// brief lists for each outlet (its notable ones, by claimWeight): a long
// story has dozens (66 of 83 on the seeds), and a reader checks the
// corroborated ones and what each outlet alone reports that matters, not
// every sentence.
const maxSingleSourceClaims = 4

// figureClaimBonus is added to the importance of a claim sentence that
// states a figure (a toll, a sum, a count): the facts a reader most wants
// checked. danglingClaimPenalty is taken from one that leans on the
// sentence before it, which reads badly as a claim of its own.
const (
	figureClaimBonus     = 2.0
	danglingClaimPenalty = 1.0
)

// claimWeight is the importance of sentence si as a claim: its summary
// score, with figureClaimBonus and danglingClaimPenalty.
func (an *Analysis) claimWeight(si int, w [11]float64) float64 {
	s := &an.sents[si]
	v := an.score(si, w)
	if len(s.figs) > 0 {
		v += figureClaimBonus
	}
	if s.dangling {
		v -= danglingClaimPenalty
	}
	return v
}

// claimSet is the claims of a story with, for each sentence, the claim it
// belongs to (-1 for junk).
type claimSet struct {
	claims  []storyline.Claim
	members [][]int // sentence ids of each claim, representative first
	of      []int   // claim index of each sentence
}

// buildClaims groups aligned sentences into claims. The best-corroborated
// sentences go first: each unassigned usable sentence becomes a claim with
// the still unassigned sentences aligned to it (at most one per article),
// so every sentence belongs to exactly one claim and the counts do not
// depend on chains of weak links. Sources counts distinct outlets (copies
// and second articles of an outlet count once). Claims are ranked by
// sources, then by importance (the best summary score of their sentences),
// then by where they first appear; all corroborated claims are listed, and
// of those only one outlet carries, that outlet's first
// maxSingleSourceClaims (the others still group their sentences, for the
// timeline). The claims listed
// come first in the ranking, so cs.of of a listed claim's sentence is its
// index in cs.claims.
func (an *Analysis) buildClaims(w [11]float64) *claimSet {
	cs := &claimSet{of: make([]int, len(an.sents))}
	outletsOf := func(si int) int {
		seen := map[int]bool{an.docs[an.sents[si].art].outlet: true}
		for _, l := range an.sents[si].aligned {
			seen[an.docs[an.sents[l.to].art].outlet] = true
		}
		return len(seen)
	}
	var order []int
	nout := make([]int, len(an.sents))
	for i := range an.sents {
		cs.of[i] = -1
		// A question asserts nothing: it is no claim to check.
		if !an.sents[i].junk && !an.sents[i].question {
			order = append(order, i)
			nout[i] = outletsOf(i)
		}
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := order[x], order[y]
		if nout[a] != nout[b] {
			return nout[a] > nout[b]
		}
		if an.sents[a].rank != an.sents[b].rank {
			return an.sents[a].rank < an.sents[b].rank
		}
		return a < b
	})
	type group struct{ members []int }
	var groups []group
	for _, si := range order {
		if cs.of[si] >= 0 {
			continue
		}
		g := group{members: []int{si}}
		cs.of[si] = len(groups)
		for _, l := range an.sents[si].aligned {
			if cs.of[l.to] < 0 && !an.sents[l.to].junk {
				cs.of[l.to] = len(groups)
				g.members = append(g.members, l.to)
			}
		}
		// A representative that stands alone reads better.
		if an.sents[si].dangling {
			for k, m := range g.members {
				if !an.sents[m].dangling {
					g.members[0], g.members[k] = g.members[k], g.members[0]
					break
				}
			}
		}
		groups = append(groups, g)
	}
	// Sort by sources, then first appearance; remap the sentence index.
	type ranked struct {
		g       group
		sources int
		weight  float64
		first   int
	}
	rs := make([]ranked, len(groups))
	for i, g := range groups {
		outs := map[int]bool{}
		first := g.members[0]
		weight := math.Inf(-1)
		for _, m := range g.members {
			outs[an.docs[an.sents[m].art].outlet] = true
			first = min(first, m)
			weight = max(weight, an.claimWeight(m, w))
		}
		rs[i] = ranked{g, len(outs), weight, first}
	}
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := rs[idx[x]], rs[idx[y]]
		if a.sources != b.sources {
			return a.sources > b.sources
		}
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		return a.first < b.first
	})
	newIdx := make([]int, len(rs))
	singles := make([]int, an.nOut) // single-source claims listed, by outlet
	for n, i := range idx {
		newIdx[i] = n
		r := rs[i]
		c := storyline.Claim{Text: an.text(r.g.members[0]), Sources: r.sources, SingleSource: r.sources == 1}
		seenArt := map[int]bool{}
		for _, m := range r.g.members {
			a := an.sents[m].art
			if !seenArt[a] {
				seenArt[a] = true
				c.Articles = append(c.Articles, an.arts[a].ID)
			}
			c.Citations = append(c.Citations, an.citation(m))
		}
		if c.SingleSource {
			o := an.docs[an.sents[r.g.members[0]].art].outlet
			if singles[o] == maxSingleSourceClaims {
				continue // below the outlet's notable ones: grouped, not listed
			}
			singles[o]++
		}
		cs.claims = append(cs.claims, c)
		cs.members = append(cs.members, r.g.members)
	}
	for i := range cs.of {
		if cs.of[i] >= 0 {
			cs.of[i] = newIdx[cs.of[i]]
		}
	}
	return cs
}

// coverage lists, for every outlet, its articles and the single-source
// claims that only it carries.
func (an *Analysis) coverage(cs *claimSet) []storyline.Coverage {
	out := make([]storyline.Coverage, an.nOut)
	for o := range out {
		out[o].Source = an.outlets[o]
		out[o].Articles = []string{}
		out[o].Claims = []int{}
	}
	for i, d := range an.docs {
		out[d.outlet].Articles = append(out[d.outlet].Articles, an.arts[i].ID)
	}
	for ci, c := range cs.claims {
		if c.SingleSource {
			o := an.docs[an.sents[cs.members[ci][0]].art].outlet
			out[o].Claims = append(out[o].Claims, ci)
		}
	}
	return out
}
