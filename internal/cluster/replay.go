package cluster

import "github.com/storyline/storyline"

// Replay and ReplaySettle rebuild a clusterer from a journal of its
// decisions (storyline.Journal): the articles in the order they were
// added, each with the story it joined then, and every article Settle
// looked at, with the story it moved to. They redo the scoring that Add
// and Settle did, whose cached norms are part of the state, but follow
// the journal's outcome instead of the model's, so replaying a
// clusterer's journal in order gives exactly its state (TestReplay), and
// a journal written under another model still gives the stored stories.
// A process catches up this way with what other processes, or an
// interrupted run, committed to the store.

// Replay adds an article to storyID, the story it joined when it was
// added, with Add's effect on the index. A story the clusterer does not
// know yet is opened under storyID. Replaying an article already added
// changes nothing.
func (c *Clusterer) Replay(a *storyline.Article, storyID string) {
	if _, ok := c.byID[a.ID]; ok {
		return
	}
	place := c.place
	if c.opts.Follow {
		place = c.placeCopy
	}
	p, _, boiler := place(a)
	s, ok := c.storyByID[storyID]
	if !ok || boiler {
		s = -1
	}
	c.commit(a.ID, p, s, !boiler, storyID)
}

// ReplaySettle replays Settle's look at one article: its scoring, then
// its move to story to ("" when it stayed). It reports false, moving
// nothing, when the article or the story is unknown, or a move was
// recorded for an article that is not alone in its story.
func (c *Clusterer) ReplaySettle(articleID, to string) bool {
	i, ok := c.byID[articleID]
	if !ok {
		return false
	}
	from := *c.storyOf.at(i)
	if len(c.stories.at(from).members) != 1 {
		return to == ""
	}
	if !c.opts.Follow {
		c.best(c.profiles.at(i), from)
	}
	if to == "" {
		return true
	}
	t, ok := c.storyByID[to]
	if !ok || t == from {
		return false
	}
	c.move(i, from, t)
	return true
}
