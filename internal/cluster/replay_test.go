package cluster_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
)

// journalEntry is what a pipeline logs of the clusterer's decisions: an
// article added to a story, or looked at by Settle (story: where it
// moved, "" when it stayed).
type journalEntry struct {
	article, story string
	settle         bool
}

// TestReplay checks that replaying a clusterer's journal in order
// rebuilds exactly its state, byte for byte, across a checkpoint taken
// half way, and that the dedup index replayed by Add gives every article
// the same copy link.
func TestReplay(t *testing.T) {
	arts := loadSets(t, "basil-dev")[0].Articles
	opts := cluster.DefaultOptions()
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	journal, dups := writeJournal(t, arts, x, c)
	byID := map[string]int{}
	for i, a := range arts {
		byID[a.ID] = i
	}
	rx, rc := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	for n, e := range journal {
		if n == len(journal)/2 {
			rx, rc = reloadBoth(t, rx, rc, opts)
		}
		if e.settle {
			if !rc.ReplaySettle(e.article, e.story) {
				t.Fatalf("ReplaySettle(%s, %q) refused", e.article, e.story)
			}
			continue
		}
		a := arts[byID[e.article]]
		if got := rx.Add(a); got != dups[a.ID] {
			t.Fatalf("article %s: replayed copy link %q, journal %q", a.ID, got, dups[a.ID])
		}
		rc.Replay(a, e.story)
	}
	want, _ := c.MarshalBinary()
	got, _ := rc.MarshalBinary()
	if !bytes.Equal(want, got) {
		t.Fatalf("replayed state differs: %d bytes, want %d", len(got), len(want))
	}
	wx, _ := x.MarshalBinary()
	gx, _ := rx.MarshalBinary()
	if !bytes.Equal(wx, gx) {
		t.Fatal("replayed dedup index differs")
	}
}

// writeJournal adds arts to x and c, settling the lone articles half way
// and at the end, and returns the journal of c's decisions and each
// article's copy link.
func writeJournal(t *testing.T, arts []*storyline.Article, x *dedup.Index, c *cluster.Clusterer) ([]journalEntry, map[string]string) {
	t.Helper()
	var journal []journalEntry
	dups := map[string]string{}
	var alone []string
	moves := 0
	for i, a := range arts {
		a.DuplicateOf = x.Add(a)
		dups[a.ID] = a.DuplicateOf
		journal = append(journal, journalEntry{a.ID, c.Add(a), false})
		if a.DuplicateOf == "" {
			alone = append(alone, a.ID)
		}
		if i == len(arts)/2 || i == len(arts)-1 {
			for _, id := range alone {
				to := ""
				if ms := c.Settle([]string{id}); len(ms) == 1 {
					to = ms[0].To
					moves++
				}
				journal = append(journal, journalEntry{id, to, true})
			}
			alone = nil
		}
	}
	if moves == 0 {
		t.Fatal("Settle moved nothing: the test would not cover a move")
	}
	return journal, dups
}

// TestFollowReplay replays a clusterer's journal into a follower
// (Options.Follow), which skips the scoring: every article is in the same
// story as the writer's, and the related stories it lists are the
// writer's (its norm caches may differ by the drift stale tolerates,
// which moves no link on this set).
func TestFollowReplay(t *testing.T) {
	arts := loadSets(t, "basil-dev")[0].Articles
	opts := cluster.DefaultOptions()
	c := cluster.New(opts)
	journal, _ := writeJournal(t, arts, dedup.New(dedup.DefaultOptions()), c)
	byID := map[string]*storyline.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	fopts := opts
	fopts.Follow = true
	f := cluster.New(fopts)
	for _, e := range journal {
		if e.settle {
			if !f.ReplaySettle(e.article, e.story) {
				t.Fatalf("ReplaySettle(%s, %q) refused", e.article, e.story)
			}
			continue
		}
		f.Replay(byID[e.article], e.story)
	}
	stories := map[string]bool{}
	for _, a := range arts {
		if got, want := f.StoryOf(a.ID), c.StoryOf(a.ID); got != want {
			t.Fatalf("article %s: follower's story %q, writer's %q", a.ID, got, want)
		}
		stories[c.StoryOf(a.ID)] = true
	}
	linked := 0
	for id := range stories {
		got, want := linkStories(f.Related(id)), linkStories(c.Related(id))
		if !slices.Equal(got, want) {
			t.Errorf("story %s: follower relates %v, writer %v", id, got, want)
		}
		linked += len(want)
	}
	if linked == 0 {
		t.Fatal("no story has a related story: the test would compare nothing")
	}
}

func linkStories(links []cluster.Link) []string {
	var ids []string
	for _, l := range links {
		ids = append(ids, l.Story)
	}
	return ids
}

// TestTruncatedState cuts a real saved state at two hundred points (a
// torn checkpoint write): every proper prefix is refused with an error,
// never loaded as a smaller state.
func TestTruncatedState(t *testing.T) {
	arts := loadSets(t, "basil-dev")[0].Articles
	c := cluster.New(cluster.DefaultOptions())
	for _, a := range arts {
		c.Add(a)
	}
	b, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		n := len(b) * i / 200
		if err := cluster.New(cluster.DefaultOptions()).UnmarshalBinary(b[:n]); err == nil {
			t.Fatalf("a state cut to %d of %d bytes loaded", n, len(b))
		}
	}
}
