package cluster

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline/internal/text"
)

// Related stories. A story is linked to the other stories that are most
// like it: the same cast, the same places, the same kind of event, but
// not the same event (the clusterer kept them apart). They are found the
// way an article finds its candidates: the story's own centroid, names
// and figures walk the inverted index (bounded posting lists, at most
// MaxCandidates stories), and each story found is scored by the TF-IDF
// cosine of the two centroids and of the two name vectors, weighted
// RelatedTerms to 1-RelatedTerms (names alone across languages, whose
// words cannot meet). Nothing is compared to all
// stories, and nothing is changed: cached norms are computed afresh, not
// renewed, so linking never alters what the clusterer decides next.

// Link is a story related to another, with its score (0-1) and what the
// two share.
type Link struct {
	Story string
	Score float64
	// Names are the name keys (see NameKeys) the two stories share, the
	// most specific first (at most maxLinkNames).
	Names []string
	// Days is the gap in days between the two stories' date ranges (0
	// when they overlap), -1 when either has no date.
	Days int
}

// maxLinkNames bounds the shared names a link reports.
const maxLinkNames = 8

// Related returns up to Options.MaxRelated stories linked to story id,
// the strongest first (ties by story id), each scoring at least
// Options.MinRelated. A paged clusterer must have loaded what it reads
// (PrefetchRelated).
func (c *Clusterer) Related(id string) []Link {
	s, ok := c.storyByID[id]
	if !ok || c.opts.MaxRelated <= 0 {
		return nil
	}
	st := c.stories.at(s)
	if len(st.members) == 0 {
		return nil
	}
	q := c.storyQuery(st)
	lang := c.profiles.at(st.members[0]).lang
	tn, nn := c.norm(st.centroid), c.norm(st.names)
	var out []Link
	for _, cd := range c.candidates(&q) {
		if cd.s == s {
			continue
		}
		ot := c.stories.at(cd.s)
		if len(ot.members) == 0 || ot.id == "" {
			continue
		}
		names := 0.0
		if on := c.norm(ot.names); nn > 0 && on > 0 {
			names = c.dot(st.names, ot.names) / (nn * on)
		}
		score := names
		if c.profiles.at(ot.members[0]).lang == lang {
			terms := 0.0
			if on := c.norm(ot.centroid); tn > 0 && on > 0 {
				terms = c.dot(st.centroid, ot.centroid) / (tn * on)
			}
			score = c.opts.RelatedTerms*terms + (1-c.opts.RelatedTerms)*names
		}
		if score < c.opts.MinRelated {
			continue
		}
		out = append(out, Link{Story: ot.id, Score: math.Round(score*1000) / 1000,
			Names: c.sharedNames(st.names, ot.names), Days: gapDays(st, ot)})
	}
	slices.SortFunc(out, func(a, b Link) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return strings.Compare(a.Story, b.Story)
	})
	if len(out) > c.opts.MaxRelated {
		out = out[:c.opts.MaxRelated]
	}
	return out
}

// storyQuery is the profile a story looks for its related stories with:
// its centroid's most salient terms, its names and figures.
func (c *Clusterer) storyQuery(st *story) profile {
	terms := slices.Clone(st.centroid)
	return profile{
		terms: topK(terms, c.opts.MaxTerms, func(e kw) float64 { return float64(e.W) * c.idf(e.K) }),
		names: st.names,
		figs:  st.figs,
	}
}

// sharedNames lists the name keys both vectors hold, the most specific
// (highest IDF) first.
func (c *Clusterer) sharedNames(a, b []kw) []string {
	type named struct {
		k   uint32
		idf float64
	}
	var both []named
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].K < b[j].K:
			i++
		case a[i].K > b[j].K:
			j++
		default:
			both = append(both, named{a[i].K, c.idf(a[i].K)})
			i++
			j++
		}
	}
	slices.SortFunc(both, func(x, y named) int {
		if x.idf != y.idf {
			return cmp.Compare(y.idf, x.idf)
		}
		return cmp.Compare(x.k, y.k)
	})
	var out []string
	for _, n := range both {
		if k := *c.keys.at(int32(n.k)); len(k) > 1 {
			out = append(out, k[1:])
		}
		if len(out) == maxLinkNames {
			break
		}
	}
	return out
}

// gapDays is the gap in days between two stories' date ranges, -1 when
// either is undated.
func gapDays(a, b *story) int {
	switch {
	case a.first == noDay || b.first == noDay:
		return -1
	case b.first > a.last:
		return int(b.first - a.last)
	case a.first > b.last:
		return int(a.first - b.last)
	}
	return 0
}

// NameKeys are the keys the clusterer files an entity's name under, one
// per word (see nameKey), so that a caller can tell which of a story's
// entities a link's Names stand for.
func NameKeys(name, lang string) []string {
	var out []string
	eachNameKey(name, lang, func(k string) { out = append(out, k) })
	return out
}

// eachNameKey calls f with the key of each word of an entity's name that
// the clusterer files it under: folded, of two letters or more, no stop
// word (nameKeyIn).
func eachNameKey(name, lang string, f func(key string)) {
	for _, w := range strings.Fields(text.Fold(name)) {
		w = strings.Trim(w, ".,'\"")
		if utf8.RuneCountInString(w) >= 2 && !text.IsStopword(lang, w) {
			f(nameKeyIn(w, lang))
		}
	}
}

// PrefetchRelated loads the pages that Related(id) reads: the story, the
// posting lists of its keys, the stories they lead to and the document
// frequencies of what those hold. A no-op on a clusterer in memory.
func (c *Clusterer) PrefetchRelated(id string) error {
	if c.pg == nil {
		return nil
	}
	h := xxh3.HashString(id)
	if err := c.storyDir.Load(c.pg.read, pageStoryID, []uint64{h}); err != nil {
		return err
	}
	s, ok := c.storyDir.Get(h)
	if !ok {
		return nil
	}
	if err := c.loadStories([]int32{s}, "", false); err != nil {
		return err
	}
	st := c.stories.at(s)
	if len(st.members) == 0 {
		return nil
	}
	if err := c.loadKeyPages(appendKeys(nil, st.centroid, st.names, st.figs)); err != nil {
		return err
	}
	q := c.storyQuery(st)
	var ss []int32
	for _, cd := range c.candidates(&q) {
		ss = append(ss, cd.s)
	}
	if err := c.loadStories(ss, "", false); err != nil {
		return err
	}
	var keys []uint32
	for _, o := range ss {
		ot := c.stories.at(o)
		keys = appendKeys(keys, ot.centroid, ot.names)
	}
	if err := c.loadDF(keys); err != nil {
		return err
	}
	return c.Err()
}
