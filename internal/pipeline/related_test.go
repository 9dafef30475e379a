package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/sharedtest"
)

// TestRelatedStored: a run over the two events of ECB+ topics 3 and 8
// and one event of topic 1 (Tara Reid in rehab) stores, with every brief,
// related stories that exist and are not the story itself; a later
// one-shot run (paged indexes) adds the other event of topic 1 (Lindsay
// Lohan in rehab), whose story links to the first event's, and the first
// event's story, not briefed again, lists it too (linkBack).
func TestRelatedStored(t *testing.T) {
	shared := sharedtest.Dir(t)
	gold, err := devset.LoadGold(shared, "ecbplus-dev")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(shared, "data", "dev", "ecbplus-dev", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var first, second []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		switch g := gold[a.ID]; {
		case g == "ecb-1-ecbplus":
			second = append(second, sc.Text())
		case g == "ecb-1-ecb" || strings.HasPrefix(g, "ecb-3-") || strings.HasPrefix(g, "ecb-8-"):
			first = append(first, sc.Text())
		}
	}
	dir := t.TempDir()
	in1, in2 := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	os.WriteFile(in1, []byte(strings.Join(first, "\n")+"\n"), 0o644)
	os.WriteFile(in2, []byte(strings.Join(second, "\n")+"\n"), 0o644)
	store := openStore(t, filepath.Join(dir, "s.db"))
	ctx := context.Background()
	check := func() map[string]*storyline.Story {
		t.Helper()
		stories, _, err := store.Stories(ctx, storyline.StoryFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*storyline.Story{}
		for _, s := range stories {
			byID[s.ID] = s
		}
		for _, s := range stories {
			for _, r := range s.Brief.Related {
				if r.Story == s.ID || byID[r.Story] == nil || r.Reason == "" {
					t.Errorf("%s: bad related story %+v", s.ID, r)
				}
			}
		}
		return byID
	}
	res1 := ingestAll(t, store, DefaultOptions(), in1)
	check()
	opts := DefaultOptions()
	opts.Paged = true
	res2 := ingestAll(t, store, opts, in2)
	byID := check()
	old := map[string]bool{}
	for _, id := range res1.Stories {
		old[id] = true
	}
	found := false
	for _, id := range res2.Stories {
		if old[id] {
			continue
		}
		for _, r := range byID[id].Brief.Related {
			if !old[r.Story] {
				continue
			}
			back := slices.ContainsFunc(byID[r.Story].Brief.Related, func(b storyline.Related) bool { return b.Story == id })
			t.Logf("%s (new) -> %s (old, %q): %.3f %s; back %v", id, r.Story, byID[r.Story].Headline, r.Score, r.Reason, back)
			if back {
				found = true
			}
		}
	}
	if !found {
		t.Error("no story of the second run is linked back from a story of the first")
	}
}

func TestRelatedReason(t *testing.T) {
	ents := []storyline.Entity{{Name: "Lindsay Lohan"}, {Name: "Betty Ford Center"}, {Name: "Malibu"}, {Name: "Los Angeles"}}
	keys := append(cluster.NameKeys("Lindsay Lohan", "en"), cluster.NameKeys("Malibu", "en")...)
	keys = append(keys, cluster.NameKeys("Betty", "en")...)
	got := related([]cluster.Link{
		{Story: "a", Score: 0.5, Names: keys, Days: 3},
		{Story: "b", Score: 0.25, Names: []string{"zzz"}, Days: -1},
		{Story: "c", Score: 0.125, Days: 0},
	}, ents, "en")
	want := []storyline.Related{
		{Story: "a", Score: 0.5, Reason: "in common: Lindsay Lohan, Malibu; 3 days apart"},
		{Story: "b", Score: 0.25, Reason: "names and words in common"},
		{Story: "c", Score: 0.125, Reason: "words in common; the same days"},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestFollowerSavesNothing: a pipeline whose clusterer follows
// (Options.Cluster.Follow, a brief worker's) catches up with the journal
// to list related stories but never saves a checkpoint, even when one is
// due: its norm caches are not the writer's. Nor does it fill a dedup
// index, which nothing of it reads.
func TestFollowerSavesNothing(t *testing.T) {
	ctx := context.Background()
	db := tempStore(t)
	writer := DefaultOptions()
	writer.CheckpointMin = 1 << 30 // the writer saves none either
	res := ingestAll(t, db, writer, filepath.Join(sharedtest.RepoRoot(), "examples"))
	if res.New == 0 || len(res.Stories) == 0 {
		t.Fatalf("the examples stored nothing: %+v", res)
	}
	follow := DefaultOptions()
	follow.CheckpointMin = 1
	follow.Cluster.Follow = true
	p := OpenEmpty(db, follow)
	if err := p.Refresh(ctx, res.Stories); err != nil {
		t.Fatal(err)
	}
	if p.idx == nil || p.idx.lsn == 0 {
		t.Fatal("the follower did not catch up with the journal")
	}
	if n := p.idx.dedup.Len(); n != 0 {
		t.Errorf("the follower's dedup index holds %d articles", n)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	cp, err := db.Checkpoint(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if cp.LSN != 0 {
		t.Errorf("a checkpoint as of %d was saved by the follower", cp.LSN)
	}
}
