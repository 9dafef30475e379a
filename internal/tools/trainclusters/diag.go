package main

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/storyline/storyline"

	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
)

// diagnose prints, under teacher forcing, how often the gold story is
// retrieved and ranked first, and how the best candidate's probability
// separates "join" from "open".
func diagnose(s *devset.Set) {
	x := dedup.New(dedup.DefaultOptions())
	c := cluster.New(baseOpts)
	storyOfGold := map[string]string{}
	goldOfStory := map[string]string{}
	var shouldJoin, retrieved, top1, dups int
	var joinProbs, openProbs []float64
	for _, a := range s.Articles {
		a.DuplicateOf = x.Add(a)
		g := s.Gold[a.ID]
		if a.DuplicateOf != "" {
			dups++
		} else {
			cands := c.Score(a)
			want, has := storyOfGold[g]
			best, bp := "", -1.0
			for _, cd := range cands {
				if cd.Prob > bp {
					best, bp = cd.Story, cd.Prob
				}
			}
			if has {
				shouldJoin++
				for _, cd := range cands {
					if cd.Story == want {
						retrieved++
					}
				}
				if best == want {
					top1++
				}
				joinProbs = append(joinProbs, bp)
			} else {
				openProbs = append(openProbs, bp)
			}
		}
		sid := c.Assign(a, storyOfGold[g])
		storyOfGold[g] = sid
		goldOfStory[sid] = g
	}
	fmt.Printf("%-14s articles %d dups %d should-join %d retrieved %d top1 %d opens %d\n", s.Name, len(s.Articles), dups, shouldJoin, retrieved, top1, len(openProbs))
	for _, t := range []float64{0.05, 0.1, 0.2, 0.3, 0.5} {
		j, o := 0, 0
		for _, p := range joinProbs {
			if p >= t {
				j++
			}
		}
		for _, p := range openProbs {
			if p >= t {
				o++
			}
		}
		fmt.Printf("   t=%.2f: joins above %d/%d, opens above (wrong joins) %d/%d\n", t, j, len(joinProbs), o, len(openProbs))
	}
}

// orderEffects scores each set in file order, reversed, and in three
// seeded shuffles, and in two batches with the state saved in between.
func orderEffects(sets []*devset.Set) {
	for _, s := range append(sets, devset.Merge(sets...)) {
		line := fmt.Sprintf("%-14s", s.Name)
		orders := map[string][]*storyline.Article{"file": s.Articles}
		rev := slices.Clone(s.Articles)
		slices.Reverse(rev)
		orders["reversed"] = rev
		names := []string{"file", "reversed"}
		for seed := uint64(1); seed <= 3; seed++ {
			sh := slices.Clone(s.Articles)
			r := rand.New(rand.NewPCG(seed, 42))
			r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
			n := fmt.Sprintf("shuffle%d", seed)
			orders[n] = sh
			names = append(names, n)
		}
		for _, n := range names {
			pred := devset.Run(orders[n], dedup.DefaultOptions(), baseOpts)
			line += fmt.Sprintf("  %s %.4f", n, devset.BCubed(s.Gold, pred).F1)
		}
		fmt.Println(line)
	}
}
