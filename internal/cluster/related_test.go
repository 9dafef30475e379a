package cluster_test

import (
	"bytes"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
)

// TestRelated: the stories of one ECB+ topic (two events of one kind)
// link to each other more often than not, a story never links to itself,
// links are bounded, sorted and scored in (0, 1], and linking changes
// nothing the clusterer would save (so it never alters what it decides
// next).
func TestRelated(t *testing.T) {
	set := loadSets(t, "ecbplus-dev")[0]
	opts := cluster.DefaultOptions()
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	var alone []string
	for _, a := range set.Articles {
		a.DuplicateOf = x.Add(a)
		c.Add(a)
		if a.DuplicateOf == "" {
			alone = append(alone, a.ID)
		}
	}
	c.Settle(alone)
	before, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// The gold topic of each predicted story (its first article's).
	topic := map[string]string{}
	stories := map[string]bool{}
	for _, a := range set.Articles {
		s := c.StoryOf(a.ID)
		stories[s] = true
		if _, ok := topic[s]; !ok {
			g := set.Gold[a.ID]
			topic[s] = g[:strings.LastIndexByte(g, '-')]
		}
	}
	ids := slices.Sorted(maps.Keys(stories))
	same, linked := 0, 0
	for _, s := range ids {
		ls := c.Related(s)
		if len(ls) > opts.MaxRelated {
			t.Fatalf("%s: %d links", s, len(ls))
		}
		for i, l := range ls {
			if l.Story == s || !stories[l.Story] {
				t.Fatalf("%s links to %s", s, l.Story)
			}
			if l.Score < opts.MinRelated || l.Score > 1 || i > 0 && l.Score > ls[i-1].Score {
				t.Fatalf("%s: bad scores %+v", s, ls)
			}
		}
		if !reflect.DeepEqual(ls, c.Related(s)) {
			t.Fatalf("%s: links differ on a second call", s)
		}
		if len(ls) > 0 {
			linked++
			if topic[ls[0].Story] == topic[s] {
				same++
			}
		}
	}
	t.Logf("%d stories, %d with links, %d linked first to a story of their topic", len(stories), linked, same)
	if same < linked*3/4 {
		t.Errorf("only %d of %d stories link first to their own topic", same, linked)
	}
	after, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("Related changed the clusterer's state")
	}
	// A paged clusterer links the same, from the pages Prefetch loads.
	ps := &pageStore{m: map[string]map[int64][]byte{}}
	c.MarkAllDirty()
	writeDirty(t, c, ps)
	for _, s := range ids[:20] {
		p, err := cluster.OpenPaged(opts, ps.reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.PrefetchRelated(s); err != nil {
			t.Fatal(err)
		}
		if got, want := p.Related(s), c.Related(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: paged %+v, whole %+v", s, got, want)
		}
	}
	if got := c.Related("st-none"); got != nil {
		t.Errorf("unknown story: %+v", got)
	}
}
