package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/sharedtest"
)

// TestRelatedStored: a run over the two events of three ECB+ topics
// stores, with every brief, related stories that exist and are not the
// story itself (the two rehab stories of topic 1 link; the other topics'
// events have little in common), and a later run on the same store (paged
// indexes, a one-shot process) links the story it briefs too.
func TestRelatedStored(t *testing.T) {
	shared := sharedtest.Dir(t)
	gold, err := devset.LoadGold(shared, "ecbplus-dev")
	if err != nil {
		t.Fatal(err)
	}
	topics := map[string]bool{"ecb-1": true, "ecb-3": true, "ecb-8": true}
	f, err := os.Open(filepath.Join(shared, "data", "dev", "ecbplus-dev", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var first, last []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		g := gold[a.ID]
		if topics[g[:strings.LastIndexByte(g, '-')]] {
			if len(first) < 30 {
				first = append(first, sc.Text())
			} else {
				last = append(last, sc.Text())
			}
		}
	}
	dir := t.TempDir()
	in1, in2 := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	os.WriteFile(in1, []byte(strings.Join(first, "\n")+"\n"), 0o644)
	os.WriteFile(in2, []byte(strings.Join(last[:1], "\n")+"\n"), 0o644)
	store := openStore(t, filepath.Join(dir, "s.db"))
	ctx := context.Background()
	ingestAll(t, store, DefaultOptions(), in1)
	check := func() {
		t.Helper()
		stories, _, err := store.Stories(ctx, storyline.StoryFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, s := range stories {
			ids[s.ID] = true
		}
		linked := 0
		for _, s := range stories {
			for _, r := range s.Brief.Related {
				if r.Story == s.ID || !ids[r.Story] || r.Reason == "" {
					t.Errorf("%s: bad related story %+v", s.ID, r)
				}
			}
			if len(s.Brief.Related) > 0 {
				linked++
			}
		}
		if linked < 2 { // the two rehab stories of topic 1 at least
			t.Errorf("%d of %d stories have related stories", linked, len(stories))
		}
	}
	check()
	opts := DefaultOptions()
	opts.Paged = true
	res := ingestAll(t, store, opts, in2)
	check()
	s, err := store.Story(ctx, res.Stories[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Brief.Related) == 0 {
		t.Errorf("the story of the one-shot run has no related story")
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
