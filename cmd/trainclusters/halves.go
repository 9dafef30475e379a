package main

import (
	"fmt"

	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
)

// halves measures what settling at the end of every run does when a set
// arrives in one run, in two (its halves) or in runs of 25 articles (a
// feed polled often): an article left alone at the end of a run may have
// its story still to come.
func halves(sets []*devset.Set) {
	for _, t := range []float64{0, baseOpts.Model.Settle} {
		opts := baseOpts
		opts.Model.Settle = t
		for _, s := range append(sets, devset.Merge(sets...)) {
			one := runsOf(s, opts, len(s.Articles))
			two := runsOf(s, opts, (len(s.Articles)+1)/2)
			small := runsOf(s, opts, 25)
			fmt.Printf("settle %.2f %-14s B-cubed F1: one run %.4f, two runs %.4f, runs of 25 %.4f\n", t, s.Name, one.F1, two.F1, small.F1)
		}
	}
}

// runsOf clusters a set in runs of n articles, settling after each, as a
// pipeline run does.
func runsOf(s *devset.Set, opts cluster.Options, n int) devset.Scores {
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	for lo := 0; lo < len(s.Articles); lo += n {
		var alone []string
		for _, a := range s.Articles[lo:min(lo+n, len(s.Articles))] {
			a.DuplicateOf = x.Add(a)
			c.Add(a)
			if a.DuplicateOf == "" {
				alone = append(alone, a.ID)
			}
		}
		c.Settle(alone)
	}
	pred := map[string]string{}
	for _, a := range s.Articles {
		pred[a.ID] = c.StoryOf(a.ID)
	}
	return devset.BCubed(s.Gold, pred)
}
