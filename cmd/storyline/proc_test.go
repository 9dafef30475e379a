package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
	"github.com/storyline/storyline/internal/storetest"
)

// Helpers of the tests that run the real binary as separate processes:
// the crash test (crash_test.go) and the multi-process test
// (concurrent_test.go).

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binVar names a storyline binary the process tests run instead of
// building one from this package.
const binVar = "STORYLINE_BIN"

// storylineBin builds the storyline binary once per test process, without
// the race detector whatever the tests run with: the processes under test
// must run at their real speed for kill instants to fall where intended.

func storylineBin(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if binPath = os.Getenv(binVar); binPath != "" {
			return // a build given, e.g. to compare two side by side
		}
		dir, err := os.MkdirTemp("", "storyline-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "storyline")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// corpusLines concatenates the articles of development sets into one JSON
// Lines file and returns its path and its lines.
func corpusLines(t *testing.T, dir string, sets ...string) (string, [][]byte) {
	t.Helper()
	var all [][]byte
	for _, s := range sets {
		err := sharedtest.EachLine(sharedtest.Data(t, "dev", s, "articles.jsonl"), func(line []byte) error {
			all = append(all, bytes.Clone(line))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "corpus.jsonl")
	writeLines(t, path, all)
	return path, all
}

func writeLines(t *testing.T, path string, lines [][]byte) {
	t.Helper()
	if err := os.WriteFile(path, append(bytes.Join(lines, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// storeState is what the invariants read from a store.
type storeState struct {
	story   map[string]string // article id → story id
	dupOf   map[string]string // article id → duplicate_of
	members map[string]int    // article id → number of stories listing it
	listed  map[string]string // article id → the story that lists it
	stories int
	dirty   int
	empty   int // stories without articles
}

// readState opens the store file and reads every article and story.
func readState(t *testing.T, path string) *storeState {
	t.Helper()
	ctx := context.Background()
	db, err := openLister(ctx, path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	arts, err := db.ArticlesLite(ctx, storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	st := &storeState{story: map[string]string{}, dupOf: map[string]string{}, members: map[string]int{}, listed: map[string]string{}}
	for _, a := range arts {
		st.story[a.ID], st.dupOf[a.ID] = a.StoryID, a.DuplicateOf
	}
	stories, _, err := db.Stories(ctx, storyline.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	st.stories = len(stories)
	for _, s := range stories {
		if len(s.Articles) == 0 {
			st.empty++
		}
		for _, id := range s.Articles {
			st.members[id]++
			st.listed[id] = s.ID
		}
	}
	dirty, err := db.Dirty(ctx, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	st.dirty = len(dirty)
	return st
}

// openLister opens a SQLite file or, for a URL, a Postgres store.
func openLister(ctx context.Context, path string) (storetest.Lister, error) {
	var (
		db  storetest.Lister
		err error
	)
	if postgres.IsURL(path) {
		db, err = postgres.Open(ctx, path)
	} else {
		db, err = sqlite.Open(ctx, path)
	}
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return db, nil
}

// checkPlaced checks that every stored article is listed by exactly one
// story, the one it records, that no story is empty and none is left
// without its brief.
func checkPlaced(t *testing.T, st *storeState) {
	t.Helper()
	bad := 0
	for id, s := range st.story {
		if st.members[id] != 1 || st.listed[id] != s {
			if bad++; bad <= 5 {
				t.Errorf("article %s: story %q, listed by %d stories (%q)", id, s, st.members[id], st.listed[id])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d articles not in exactly their one story", bad, len(st.story))
	}
	if st.empty > 0 || st.dirty > 0 {
		t.Errorf("%d empty stories, %d stories left dirty", st.empty, st.dirty)
	}
}

// checkCopiesFound ingests an exact copy (same text, another id) of each
// given corpus line into the store and checks that every copy is marked
// as a copy: the dedup index knows every stored article.
func checkCopiesFound(t *testing.T, bin, db, dir string, lines [][]byte) {
	t.Helper()
	copies := make([][]byte, 0, len(lines))
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatal(err)
		}
		m["id"] = fmt.Sprint("copy-", m["id"])
		b, _ := json.Marshal(m)
		copies = append(copies, b)
	}
	path := filepath.Join(dir, "copies.jsonl")
	writeLines(t, path, copies)
	runOK(t, bin, "ingest", "-q", "--no-settle", "--db", db, path)
	st := readState(t, db)
	missed := 0
	for _, l := range copies {
		var m struct{ ID string }
		_ = json.Unmarshal(l, &m)
		if _, stored := st.story[m.ID]; stored && st.dupOf[m.ID] == "" {
			if missed++; missed <= 5 {
				t.Errorf("exact copy %s not marked as a copy", m.ID)
			}
		}
	}
	if missed > 0 {
		t.Errorf("%d of %d exact copies not marked as copies", missed, len(copies))
	}
}

// runOK runs the binary and fails the test unless it exits 0.
func runOK(t testing.TB, bin string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("storyline %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// sampleLines returns every k-th line.
func sampleLines(lines [][]byte, k int) [][]byte {
	var out [][]byte
	for i := 0; i < len(lines); i += k {
		out = append(out, lines[i])
	}
	return out
}

// agreement is the B-cubed F1 of one store's stories against another's,
// over the articles both hold.
func agreement(a, b map[string]string) float64 {
	ids := make([]string, 0, len(a))
	for id := range a {
		if _, ok := b[id]; ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	gold := make(map[string]string, len(ids))
	for _, id := range ids {
		gold[id] = a[id]
	}
	return devset.BCubed(gold, b).F1
}
