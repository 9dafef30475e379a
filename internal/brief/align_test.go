package brief

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// alignOneSided is align as it was before pairs were compared once: every
// sentence walks the posting lists of its own blocking terms and compares
// itself with each sentence of another article found there.
func alignOneSided(an *Analysis, df []int, threshold float64) (degree []float64, aligned [][]link, support []float64) {
	n := len(an.sents)
	degree, aligned, support = make([]float64, n), make([][]link, n), make([]float64, n)
	post := an.blocking(df)
	for i := range an.sents {
		s := &an.sents[i]
		if s.junk {
			continue
		}
		best := make([]link, len(an.docs))
		for k := range best {
			best[k] = link{to: -1}
		}
		seen := map[int32]bool{}
		for _, t := range s.vec {
			for _, j := range post[t.id] {
				if seen[j] || an.sents[j].art == s.art {
					continue
				}
				seen[j] = true
				sim := an.similarity(i, int(j))
				if sim >= 0.1 && an.docs[an.sents[j].art].outlet != an.docs[s.art].outlet {
					degree[i] += sim
				}
				b := &best[an.sents[j].art]
				if sim >= threshold && (b.to < 0 || sim > b.sim+1e-9 || (math.Abs(sim-b.sim) <= 1e-9 && int(j) < b.to)) {
					*b = link{int(j), sim}
				}
			}
		}
		degree[i] /= float64(len(an.docs) - 1)
		outs := map[int]bool{}
		for k, b := range best {
			if b.to >= 0 {
				aligned[i] = append(aligned[i], b)
				if o := an.docs[k].outlet; o != an.docs[s.art].outlet {
					outs[o] = true
				}
			}
		}
		if an.nOut > 1 {
			support[i] = float64(len(outs)) / float64(an.nOut-1)
		}
	}
	return degree, aligned, support
}

// TestAlignOncePerPair checks that comparing each pair of sentences once
// and crediting both finds the same matches, support and centrality as
// every sentence comparing itself with all its candidates: on the seeds,
// and on a story whose articles repeat one another's sentences (equal
// similarities, where the tie rule decides).
func TestAlignOncePerPair(t *testing.T) {
	copies := func() []*storyline.Article {
		base := []string{
			"The minister said on Friday that 40 ships would sail to the port of Gdansk.",
			"Talks with the union broke down after nine hours, the minister said.",
			"Dock workers in Gdansk walked out on Thursday over pay and hours.",
			"The port handles 40 ships a week and employs 3,000 workers.",
		}
		var arts []*storyline.Article
		for i, src := range []string{"a", "b", "c", "a"} {
			sents := slices.Clone(base)
			sents = append(sents[i%len(sents):], sents[:i%len(sents)]...)
			txt := strings.Join(sents, " ")
			arts = append(arts, &storyline.Article{ID: string(rune('w' + i)), Source: src, Lang: "en",
				Text: txt, Sentences: text.Sentences(txt), Tokens: text.Tokens(txt, "en")})
		}
		return arts
	}
	for name, arts := range map[string][]*storyline.Article{"seeds": seedArticles(t), "copies": copies()} {
		an := Analyze(arts, DefaultOptions())
		if len(an.docs) < 2 {
			t.Fatalf("%s: %d articles analysed", name, len(an.docs))
		}
		df := make([]int, an.nTerms)
		for _, s := range an.sents {
			for _, w := range s.vec {
				df[w.id]++
			}
		}
		degree, aligned, support := alignOneSided(an, df, DefaultOptions().Align)
		links := 0
		for i, s := range an.sents {
			if math.Abs(s.degree-degree[i]) > 1e-9 {
				t.Errorf("%s: sentence %d: degree %v, one-sided %v", name, i, s.degree, degree[i])
			}
			if !slices.Equal(s.aligned, aligned[i]) {
				t.Errorf("%s: sentence %d: aligned %v, one-sided %v", name, i, s.aligned, aligned[i])
			}
			if s.support != support[i] {
				t.Errorf("%s: sentence %d: support %v, one-sided %v", name, i, s.support, support[i])
			}
			links += len(s.aligned)
		}
		if links == 0 {
			t.Errorf("%s: no sentence aligned: the comparison says nothing", name)
		}
	}
}
