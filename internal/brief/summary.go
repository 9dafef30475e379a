package brief

import (
	"math"
	"sort"

	"github.com/storyline/storyline"
)

// features returns the feature vector of sentence si, in the order of
// Weights.vector.
func (an *Analysis) features(si int) [11]float64 {
	s := &an.sents[si]
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	return [11]float64{
		s.centroid,
		s.cross,
		1 / float64(s.rank+1),
		b(s.rank == 0),
		s.support,
		s.degree,
		math.Min(float64(s.words)/40, 1),
		b(s.quote),
		b(s.dangling),
		b(s.question),
		s.relpos,
	}
}

func (w Weights) vector() [11]float64 {
	return [11]float64{w.Centroid, w.Cross, w.Position, w.First, w.Support, w.Degree, w.Length,
		w.Quote, w.Dangling, w.Question, w.RelPos}
}

func (an *Analysis) score(si int, w [11]float64) float64 {
	f := an.features(si)
	var s float64
	for i := range f {
		s += f[i] * w[i]
	}
	return s
}

// Summary picks the summary sentences within opts.Words words: sentences
// ranked by the learned linear score, chosen greedily by maximal marginal
// relevance (score minus Lambda times the similarity to the closest chosen
// sentence, near-repeats skipped), filling the budget since a short summary
// loses recall, and put in reading order: by rank in their article, the
// best-scored first among equals. A sentence that opens with a pronoun or a
// connective is replaced by an aligned sentence of another article that
// says the same and stands alone.
func (an *Analysis) Summary(opts Options) []storyline.SummarySentence {
	opts = opts.withDefaults()
	budget := opts.Words
	w := opts.Weights.vector()
	var cands []int
	score := make([]float64, len(an.sents))
	for i := range an.sents {
		// A near-copy's sentences are its original's: cite, never pick.
		if !an.summarisable(i) {
			continue
		}
		score[i] = an.score(i, w)
		cands = append(cands, i)
	}
	sort.SliceStable(cands, func(x, y int) bool { return score[cands[x]] > score[cands[y]] })
	red := make([]float64, len(an.sents)) // similarity to the closest chosen sentence
	taken := make([]bool, len(an.sents))
	var chosen [][]int      // units: a sentence, or its antecedent and it
	unitOf := map[int]int{} // chosen sentence -> its unit
	left := budget
	for left > 0 {
		best, bestVal := -1, math.Inf(-1)
		for _, c := range cands {
			s := &an.sents[c]
			if taken[c] || s.words > left || red[c] > 0.6 || an.covered(c, taken) {
				continue
			}
			v := score[c] - opts.Weights.Lambda*red[c]
			if v > bestVal+1e-12 {
				best, bestVal = c, v
			}
		}
		if best < 0 {
			break
		}
		pick := an.standAlone(best, left, taken, red)
		unit, after := an.withAntecedent(pick, left, taken, unitOf)
		if unit == nil { // leans on a sentence the summary cannot hold
			taken[best] = true
			continue
		}
		// The sentences aligned with the pick state the same claim: they
		// become its citations, never a second summary sentence.
		for _, p := range append([]int{best}, unit...) {
			taken[p] = true
			for _, l := range an.sents[p].aligned {
				taken[l.to] = true
			}
		}
		if after >= 0 { // right after its antecedent, already chosen
			chosen[after] = append(chosen[after], unit...)
		} else {
			after = len(chosen)
			chosen = append(chosen, unit)
		}
		for _, p := range unit {
			unitOf[p] = after
		}
		for _, p := range unit {
			left -= an.sents[p].words
			for _, c := range cands {
				if !taken[c] {
					if sim := an.similarity(c, p); sim > red[c] {
						red[c] = sim
					}
				}
			}
		}
	}
	// Reading order: by rank in their article, the best-scored first among
	// equals; a sentence stays right after the antecedent it leans on.
	sort.SliceStable(chosen, func(x, y int) bool {
		a, b := &an.sents[chosen[x][0]], &an.sents[chosen[y][0]]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return score[chosen[x][len(chosen[x])-1]] > score[chosen[y][len(chosen[y])-1]]
	})
	out := make([]storyline.SummarySentence, 0, len(chosen))
	for _, unit := range chosen {
		for _, si := range unit {
			out = append(out, storyline.SummarySentence{Text: an.text(si), Citations: an.citations(si)})
		}
	}
	return out
}

// summarisable reports whether sentence i may be a summary sentence: usable
// text of an original report (a near-copy's sentences are its original's:
// cited, never picked), not a piece of a longer sentence, not its
// article's title again, and not a short question (of a subheading's
// length), which a summary should answer rather than ask ("Want more
// stories like this?", "Why the fixation on Nato?"), unless it is mostly
// someone's quoted words.
func (an *Analysis) summarisable(i int) bool {
	s := &an.sents[i]
	return !s.junk && !s.copy && !s.fragment && !s.title && !(s.question && !s.quote && s.words <= maxSubheadWords)
}

// standAlone returns si, or when si leans on its context ("But", "He", …)
// the aligned sentence of another article that best says the same thing
// without doing so and fits the budget.
func (an *Analysis) standAlone(si, left int, taken []bool, red []float64) int {
	s := &an.sents[si]
	if !s.dangling {
		return si
	}
	best, bestSim := si, 0.0
	for _, l := range s.aligned {
		t := &an.sents[l.to]
		if !an.summarisable(l.to) || t.dangling || taken[l.to] || t.words > left || red[l.to] > 0.6 {
			continue
		}
		if l.sim > bestSim {
			best, bestSim = l.to, l.sim
		}
	}
	return best
}

// citations lists the origin of sentence si first, then the aligned
// sentences of the other articles, in article order.
func (an *Analysis) citations(si int) []storyline.Citation {
	out := []storyline.Citation{an.citation(si)}
	for _, l := range an.sents[si].aligned {
		out = append(out, an.citation(l.to))
	}
	return out
}

// covered reports whether most of the sentences aligned with si (the other
// outlets' wordings of its claim) are already in the summary or cited by
// it: the claim is then told, and si would only repeat it.
func (an *Analysis) covered(si int, taken []bool) bool {
	al := an.sents[si].aligned
	if len(al) == 0 {
		return false
	}
	n := 0
	for _, l := range al {
		if taken[l.to] {
			n++
		}
	}
	return 2*n > len(al)
}

// withAntecedent returns the summary unit of sentence si: si alone, or,
// when si leans on the sentence before it ("He said …", "But …"), that
// sentence and si, so that the reader has what si refers to. When the
// antecedent is already in the summary, si alone is returned with the
// index of the antecedent's unit (else -1), to follow it there. It returns
// nil when si leans on a sentence the summary cannot hold: one unfit for a
// summary, leaning itself, already said by another outlet's wording, or
// beyond the budget left.
func (an *Analysis) withAntecedent(si, left int, taken []bool, unitOf map[int]int) ([]int, int) {
	s := &an.sents[si]
	if !s.dangling {
		return []int{si}, -1
	}
	d := an.docs[s.art]
	k := sort.SearchInts(d.sents, si)
	if k == 0 {
		return nil, -1
	}
	prev := d.sents[k-1]
	if u, ok := unitOf[prev]; ok {
		return []int{si}, u
	}
	p := &an.sents[prev]
	if taken[prev] || !an.summarisable(prev) || p.dangling || p.words+s.words > left {
		return nil, -1
	}
	return []int{prev, si}, -1
}
