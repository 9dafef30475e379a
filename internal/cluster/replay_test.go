package cluster_test

import (
	"bytes"
	"testing"

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
	var journal []journalEntry
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
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
