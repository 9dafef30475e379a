package main

import (
	"fmt"

	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
)

// bridgeMerges measures a variant the clusterer does not implement: when
// an article scores at least t with two or more stories, those stories
// are one story (the article bridges them). It replays the streaming run
// and merges afterwards (union-find over the stories), so it estimates
// the gain without the merged centroids' effect on later articles. t = 2
// merges nothing: the clusterer as it is.
func bridgeMerges(sets []*devset.Set) {
	for _, t := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 2} {
		for _, s := range append(sets, devset.Merge(sets...)) {
			x := dedup.New(dedup.DefaultOptions())
			c := cluster.New(baseOpts)
			parent := map[string]string{}
			var find func(string) string
			find = func(a string) string {
				p, ok := parent[a]
				if !ok || p == a {
					return a
				}
				r := find(p)
				parent[a] = r
				return r
			}
			pred := map[string]string{}
			merges := 0
			for _, a := range s.Articles {
				a.DuplicateOf = x.Add(a)
				var cands []cluster.Scored
				if a.DuplicateOf == "" {
					cands = c.Score(a)
				}
				sid := c.Add(a)
				pred[a.ID] = sid
				high := 0
				for _, cd := range cands {
					if cd.Prob >= t {
						high++
					}
				}
				if high < 2 {
					continue
				}
				for _, cd := range cands {
					if cd.Prob < t || cd.Story == sid {
						continue
					}
					if ra, rb := find(sid), find(cd.Story); ra != rb {
						parent[rb] = ra
						merges++
					}
				}
			}
			for k, v := range pred {
				pred[k] = find(v)
			}
			sc := devset.BCubed(s.Gold, pred)
			fmt.Printf("t %.2f %-14s P %.4f R %.4f F1 %.4f merges %d\n", t, s.Name, sc.P, sc.R, sc.F1, merges)
		}
	}
}
