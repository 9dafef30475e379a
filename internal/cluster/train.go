package cluster

import "github.com/storyline/storyline"

// Scored is a candidate story with its features and probability, for
// training and inspection.
type Scored struct {
	Story    string
	Features [NumFeatures]float64
	Prob     float64
}

// Score returns the candidate stories of an article with their features,
// without adding it. Training (./internal/tools/trainclusters) labels them with the
// gold stories.
func (c *Clusterer) Score(a *storyline.Article) []Scored {
	p := c.profile(a)
	cands := c.scored(&p, -1)
	out := make([]Scored, 0, len(cands))
	for _, cd := range cands {
		out = append(out, Scored{Story: c.stories.at(cd.s).id, Features: cd.f, Prob: cd.prob})
	}
	return out
}

// Assign adds the article to the story with the given id, or to a new
// story when storyID is "" or unknown, and returns the story id. Training
// uses it to follow the gold grouping (teacher forcing).
func (c *Clusterer) Assign(a *storyline.Article, storyID string) string {
	if i, ok := c.byID[a.ID]; ok {
		return c.stories.at(*c.storyOf.at(i)).id
	}
	s, ok := c.storyByID[storyID]
	if !ok {
		s = -1
	}
	c.commit(a.ID, c.profile(a), s, true, "")
	return c.stories.at(*c.storyOf.at(int32(c.ids.size() - 1))).id
}
