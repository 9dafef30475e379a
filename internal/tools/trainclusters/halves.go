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

// runsOf scores a set clustered in runs of n articles.
func runsOf(s *devset.Set, opts cluster.Options, n int) devset.Scores {
	return devset.BCubed(s.Gold, devset.RunBatches(s.Articles, dedup.DefaultOptions(), opts, n))
}
