package main

import (
	"fmt"
	"strings"

	"github.com/storyline/storyline"

	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
)

// diagVerbose follows the gold grouping (teacher forcing) and prints every
// decision the model gets wrong there, with the features: MISSED when an
// article's gold story exists but is not retrieved or scores under the
// threshold, WRONGJOIN when an article whose gold story does not exist yet
// scores a candidate at or over it. Each line shows the start of the
// article and of the story's first member; a MISSED line also shows the
// people (pe:) and places (pl:) named in the lead of each, which the
// person and place features compare.
func diagVerbose(s *devset.Set, model cluster.Model) {
	x := dedup.New(dedup.DefaultOptions())
	c := cluster.New(baseOpts)
	storyOfGold := map[string]string{}
	firstText := map[string]string{}
	firstArt := map[string]*storyline.Article{}
	leads := func(a *storyline.Article) string {
		headEnd := -1
		if len(a.Sentences) > 0 {
			headEnd = a.Sentences[min(2, len(a.Sentences))-1].End
		}
		var out []string
		for _, m := range a.Entities {
			if m.Start < headEnd && (m.Type == storyline.Person || m.Type == storyline.Place) {
				out = append(out, string(m.Type[:2])+":"+m.Name)
			}
		}
		return strings.Join(out, "; ")
	}
	head := func(t string) string { return strings.ReplaceAll(t[:min(140, len(t))], "\n", " | ") }
	for _, a := range s.Articles {
		a.DuplicateOf = x.Add(a)
		g := s.Gold[a.ID]
		if a.DuplicateOf == "" {
			want, has := storyOfGold[g]
			var got *cluster.Scored
			cands := c.Score(a)
			for i := range cands {
				cd := &cands[i]
				if cd.Story == want {
					got = cd
				} else if !has && cd.Prob >= model.Threshold {
					fmt.Printf("WRONGJOIN %s %.3f %s %s\n   article: %s\n   story:   %s\n", s.Name, cd.Prob, g, fmtF(cd.Features), head(a.Text), firstText[cd.Story])
				}
			}
			switch {
			case has && got == nil:
				fmt.Printf("MISSED %s not retrieved %s\n   article: %s\n   story:   %s\n", s.Name, g, head(a.Text), firstText[want])
			case has && got.Prob < model.Threshold:
				fmt.Printf("MISSED %s %.3f %s %s\n   article: %s\n   story:   %s\n   leads: %s || %s\n", s.Name, got.Prob, g, fmtF(got.Features), head(a.Text), firstText[want], leads(a), leads(firstArt[want]))
			}
		}
		sid := c.Assign(a, storyOfGold[g])
		storyOfGold[g] = sid
		if _, ok := firstArt[sid]; !ok {
			firstArt[sid] = a
			firstText[sid] = head(a.Text)
		}
	}
}

// fmtF prints the non-zero features by name.
func fmtF(f [cluster.NumFeatures]float64) string {
	var b strings.Builder
	for i, v := range f {
		if v != 0 {
			fmt.Fprintf(&b, "%s=%.2f ", cluster.FeatureNames[i], v)
		}
	}
	return b.String()
}
