package cluster

import "github.com/zeebo/xxh3"

// A streaming clusterer decides on each article as it arrives, against
// the stories of the articles before it. An article that arrives before
// the rest of its story, or whose first comparisons were with stories
// too small to say much, can be left alone in a story of its own while
// the story it belongs to forms beside it. Settle looks at such articles
// once more when a run's articles are all in.

// Move is an article Settle moved, with the story it left (now empty and
// gone) and the one it joined.
type Move struct {
	Article, From, To string
}

// Settle gives each of the given articles (a run's new articles that are
// no copies, in arrival order) that is still the only article of its
// story a second chance: it is scored against the other stories as they
// are now, and joins the best one when the model gives it at least
// Model.Settle; its own story is then gone. Moves are made one by one,
// so a later article sees the earlier moves. Two runs over the halves of
// an input settle at the end of each, so they may group a little
// differently from one run over the whole: the articles a run leaves
// alone are looked at only against the stories as they stand at the end
// of that run.
func (c *Clusterer) Settle(ids []string) []Move {
	if c.opts.Model.Settle <= 0 {
		return nil
	}
	var moves []Move
	for _, id := range ids {
		i, ok := c.byID[id]
		if !ok {
			continue
		}
		from := *c.storyOf.at(i)
		if to := c.settleTo(i); to >= 0 {
			moves = append(moves, Move{Article: id, From: c.stories.at(from).id, To: c.stories.at(to).id})
			c.move(i, from, to)
		}
	}
	return moves
}

// settleTo is the story Settle moves article i to, or -1 when it stays:
// when it is not alone in its story, or the model does not give the best
// other story at least Model.Settle.
func (c *Clusterer) settleTo(i int32) int32 {
	from := *c.storyOf.at(i)
	if len(c.stories.at(from).members) != 1 {
		return -1
	}
	to, prob, f := c.bestScored(c.profiles.at(i), from)
	if to < 0 || prob < c.opts.Model.Settle {
		return -1
	}
	if st := c.stories.at(to); len(st.members) == 1 && !c.lonePair(i, st.members[0], f) {
		return -1
	}
	return to
}

// lonePair reports whether Settle may pair lone article i with lone
// article j, given the features f of i against j's story: a low settle
// probability between two lone articles is two reports on one broad topic
// as often as one story, so they pair up on common words
// (SettlePairCosine) and, when both are short, on words that set j apart
// from i's other candidates (SettlePairLift) and on the people and places
// of their leads (SettlePairLeads, leadsMeet; see Options).
func (c *Clusterer) lonePair(i, j int32, f *[NumFeatures]float64) bool {
	if f[FCentroid] < c.opts.SettlePairCosine {
		return false
	}
	if max(c.profiles.at(i).ntok, c.profiles.at(j).ntok) >= c.opts.ShortTokens {
		return true
	}
	return f[FRelative] >= c.opts.SettlePairLift && (!c.opts.SettlePairLeads || leadsMeet(f))
}

// leadsMeet reports, from the features of an article against a story,
// whether each names someone or somewhere the other names in its lead
// (the title and first two sentences): the article holds one of the names
// of the story's first lead (FStoryLeadIn) and the story one of the
// article's lead names (FLeadIn). Two reports of one event name its
// protagonists first; two reports on one topic each name their own. When
// either names no one in its lead (FNoLead: an Arabic text, a few
// lowercase lines) this says nothing, and the pair meets.
func leadsMeet(f *[NumFeatures]float64) bool {
	return f[FNoLead] == 1 || f[FLeadIn] > 0 && f[FStoryLeadIn] > 0
}

// move puts article i, the only member of story from, into story to, and
// empties from. The index lists to where it listed from; to's members
// stay in arrival order (as a saved state restores them), and a member
// that the move takes out of the compared ones (see reps) is released.
func (c *Clusterer) move(i, from, to int32) {
	p := c.profiles.at(i)
	for _, v := range [][]kw{p.terms, p.names, p.figs} {
		for _, e := range v {
			pl := *c.postings.at(int32(e.K))
			for j, s := range pl {
				if s == from {
					pl[j] = to
					c.dirty.key.Mark(int64(e.K / keyPage))
				}
			}
		}
	}
	old := c.stories.at(from)
	delete(c.storyByID, old.id)
	c.storyDir.Delete(xxh3.HashString(old.id))
	*old = story{first: noDay, last: noDay}
	c.dead++
	*c.storyOf.at(i) = to
	c.dirty.story.Mark(int64(from))
	c.dirty.story.Mark(int64(to))
	c.dirty.art.Mark(int64(i))

	st := c.stories.at(to)
	first := st.members[0]
	at := len(st.members)
	for at > 0 && st.members[at-1] > i {
		at--
	}
	st.members = append(st.members, 0)
	copy(st.members[at+1:], st.members[at:])
	st.members[at] = i
	c.absorb(st, p, at == 0) // before the release below, which may drop p's vectors
	if n := len(st.members) - c.opts.Reps; n >= 1 {
		for _, m := range []int32{first, i, st.members[n]} {
			if !inWindow(st.members, m, c.opts.Reps) {
				c.release(m)
			}
		}
	}
}

// inWindow reports whether member m is one of the compared members of a
// story (see reps).
func inWindow(members []int32, m int32, n int) bool {
	for _, r := range reps(members, n) {
		if r == m {
			return true
		}
	}
	return false
}
