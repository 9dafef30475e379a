package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
)

func openStore(t *testing.T, path string) storyline.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func ingestAll(t *testing.T, store storyline.Store, opts Options, inputs ...string) *Result {
	t.Helper()
	ctx := context.Background()
	p, err := Open(ctx, store, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Ingest(ctx, inputs, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return res
}

const goodArticle = `Harbour council approves new ferry timetable

The harbour council on Monday approved a new ferry timetable that adds four evening crossings.

Councillor Ada Brook said the change would help shift workers get home before midnight.

"This is the timetable people asked us for," Brook said.
`

// badCorpus writes good and bad inputs side by side and returns the folder
// and the number of good articles in it.
func badCorpus(t *testing.T) (string, int) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", []byte(goodArticle))
	write("empty.txt", nil)
	write("binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 0, 1, 2, 3, 0, 0, 0})
	write("nul.txt", []byte("Headline\n\nSome text\x00with a NUL byte in it."))
	write("invalid-utf8.txt", []byte("Café — naïve text, then \xc3\x28 \xff\xfe broken \xe2\x82 bytes in a UTF-8 file"))
	big := bytes.Repeat([]byte("All work and no play makes a long article. "), 50<<20/44+1)
	write("huge.txt", big)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(goodArticle, 20)))
	zw.Close()
	write("truncated.txt.gz", gz.Bytes()[:gz.Len()/2])
	lines := []string{
		`{"id":"j1","title":"Rail strike ends after talks","text":"The rail strike ended on Friday after twelve hours of talks. Trains will run normally from Saturday, the operator said.","source":"railtimes.example","published":"2025-03-14"}`,
		`{"id":"j2","title": broken`,
		`{"title":"No body"}`,
		`{"id":"j3","title":"Museum reopens","text":"The city museum reopened on Sunday after a two-year renovation that cost $12 million, its director said.","source":"citypost.example"}`,
	}
	write("feed.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	return dir, 3
}

func TestBadInputLosesNothing(t *testing.T) {
	dir, good := badCorpus(t)
	store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	res := ingestAll(t, store, DefaultOptions(), dir)
	if res.New != good {
		t.Errorf("new = %d, want %d (errors: %+v)", res.New, good, res.Errors)
	}
	want := []string{"empty.txt", "binary.txt", "nul.txt", "invalid-utf8.txt", "huge.txt", "truncated.txt.gz", "feed.jsonl:2", "feed.jsonl:3"}
	for _, w := range want {
		n := 0
		for _, e := range res.Errors {
			if strings.HasSuffix(e.Input, w) {
				n++
				if e.Error == "" {
					t.Errorf("%s: empty reason", w)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d error entries, want 1 (errors: %+v)", w, n, res.Errors)
		}
	}
	// Re-running the same ingest adds nothing.
	again := ingestAll(t, store, DefaultOptions(), dir)
	if again.New != 0 || again.Duplicate != good {
		t.Errorf("second ingest: new %d duplicate %d, want 0 and %d", again.New, again.Duplicate, good)
	}
	arts, err := store.Articles(context.Background(), storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != good {
		t.Errorf("store holds %d articles, want %d", len(arts), good)
	}
	for _, a := range arts {
		if a.StoryID == "" {
			t.Errorf("%s has no story", a.ID)
		}
	}
}

// grouping returns article id -> story id for a store.
func grouping(t *testing.T, store storyline.Store) map[string]string {
	arts, err := store.Articles(context.Background(), storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, a := range arts {
		m[a.ID] = a.StoryID
	}
	return m
}

func TestSeedsOneStoryDeterministic(t *testing.T) {
	seeds := sharedtest.Data(t, "seeds")
	var first []byte
	for i := 0; i < 2; i++ {
		store := openStore(t, ":memory:")
		res := ingestAll(t, store, DefaultOptions(), seeds)
		if res.New != 5 || len(res.Stories) != 1 {
			t.Fatalf("seeds: %d new articles in %d stories, want 5 in 1", res.New, len(res.Stories))
		}
		s, err := store.Story(context.Background(), res.Stories[0])
		if err != nil {
			t.Fatal(err)
		}
		arts, err := store.Articles(context.Background(), storyline.ArticleFilter{Story: s.ID})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(s.View(arts, true))
		if i == 0 {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Error("two runs over the seeds gave different output")
		}
	}
}

// TestBatchesExtendStories ingests the seeds in two runs over one store: the
// second run joins the first run's story instead of opening a new one.
func TestBatchesExtendStories(t *testing.T) {
	seeds := sharedtest.Data(t, "seeds")
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	ingestAll(t, store, DefaultOptions(), files[:2]...)
	ingestAll(t, store, DefaultOptions(), files[2:]...)
	stories := map[string]bool{}
	for _, s := range grouping(t, store) {
		stories[s] = true
	}
	if len(stories) != 1 {
		t.Errorf("two batches gave %d stories, want 1", len(stories))
	}
}

func TestSafely(t *testing.T) {
	err := Safely("clean", "in.txt", func() error { panic("boom") })
	if storyline.ErrorCode(err) != storyline.EINTERNAL || !strings.Contains(err.Error(), "in.txt") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic became %v, want an internal error naming the input and the panic", err)
	}
	want := storyline.Errorf(storyline.EINVALID, "bad")
	if got := Safely("clean", "in.txt", func() error { return want }); got != want {
		t.Errorf("error passed through as %v", got)
	}
	if got := Safely("clean", "in.txt", func() error { return nil }); got != nil {
		t.Errorf("nil became %v", got)
	}
}

// TestTimingDoesNotChangeOutput runs a dev corpus in small chunks with one
// to three workers: cleaning, clustering and storing overlap differently
// each time, and the stories must not change.
func TestTimingDoesNotChangeOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	corpus := filepath.Join(sharedtest.Data(t, "dev", "basil-dev"), "articles.jsonl")
	var want map[string]string
	for _, c := range []struct{ chunk, workers int }{{7, 2}, {7, 1}, {7, 3}} {
		opts := DefaultOptions()
		opts.Chunk, opts.Workers = c.chunk, c.workers
		store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
		res := ingestAll(t, store, opts, corpus)
		if res.New == 0 {
			t.Fatal("nothing stored")
		}
		got := grouping(t, store)
		if want == nil {
			want = got
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("chunk %d: %d articles, want %d", c.chunk, len(got), len(want))
		}
		for id, s := range want {
			if got[id] != s {
				t.Fatalf("chunk %d workers %d: %s in story %s, want %s", c.chunk, c.workers, id, got[id], s)
			}
		}
	}
}

// BenchmarkIngest runs every stage (clean, analyze, dedup, cluster, store,
// briefs) over a dev corpus into a fresh file store.
func BenchmarkIngest(b *testing.B) {
	corpus := filepath.Join(sharedtest.Data(b, "dev", "multinews-val"), "articles.jsonl")
	n := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "s.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p, err := Open(context.Background(), db, DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		res, err := p.Ingest(context.Background(), []string{corpus}, strings.NewReader(""))
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
		n += res.New
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// TestOutput checks that a run hands every story of Result.Stories to its
// Output, in that order, as what the store then holds: on a first run, and
// on a second run in which one story is unchanged (read back from the
// store) and two are new. An error from Print stops the run with it.
func TestOutput(t *testing.T) {
	examples := filepath.Join(sharedtest.RepoRoot(), "examples")
	store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	ctx := context.Background()
	render := func(s *storyline.Story, members []*storyline.Article) ([]byte, error) {
		return json.Marshal(s.View(members, true))
	}
	run := func(inputs ...string) (*Result, []string) {
		t.Helper()
		var printed []string
		opts := DefaultOptions()
		opts.Output = &Output{Render: render, Print: func(b []byte) error {
			printed = append(printed, string(b))
			return nil
		}}
		return ingestAll(t, store, opts, inputs...), printed
	}
	check := func(res *Result, printed []string, wantStories int) {
		t.Helper()
		if len(res.Stories) != wantStories || len(printed) != len(res.Stories) {
			t.Fatalf("%d stories, %d printed; want %d of each", len(res.Stories), len(printed), wantStories)
		}
		for i, id := range res.Stories {
			s, err := store.Story(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			arts, err := store.Articles(ctx, storyline.ArticleFilter{IDs: s.Articles})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := render(s, arts)
			if printed[i] != string(want) {
				t.Errorf("story %d (%s): printed\n%s\nstored\n%s", i, id, printed[i], want)
			}
		}
	}
	res, printed := run(filepath.Join(examples, "bridge"))
	check(res, printed, 1)
	bridge := res.Stories[0]
	res, printed = run(filepath.Join(examples, "bridge"), filepath.Join(examples, "bank"), filepath.Join(examples, "robots"))
	check(res, printed, 3)
	if res.Stories[0] != bridge || len(res.Changed) != 2 {
		t.Errorf("second run: stories %v, changed %v; want %s first and unchanged", res.Stories, res.Changed, bridge)
	}

	boom := errors.New("stdout closed")
	opts := DefaultOptions()
	opts.Output = &Output{Render: render, Print: func([]byte) error { return boom }}
	p, err := Open(ctx, openStore(t, ":memory:"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Ingest(ctx, []string{examples}, strings.NewReader("")); !errors.Is(err, boom) {
		t.Errorf("a failing Print gave %v, want it returned", err)
	}
}

// TestSettleStore runs part of a development set with and without
// settling (cluster.Settle) and checks the store after the moves: every
// story of the run is stored with exactly the articles that name it, no
// story is left behind for an article that moved, and settling leaves
// fewer stories.
func TestSettleStore(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	part := sharedtest.DevHead(t, "multinews-val", 300)
	stories := map[bool]int{}
	for _, settle := range []bool{false, true} {
		opts := DefaultOptions()
		if !settle {
			opts.Settle = false
		}
		store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
		res := ingestAll(t, store, opts, part)
		stories[settle] = len(res.Stories)
		byStory := map[string][]string{}
		for id, s := range grouping(t, store) {
			byStory[s] = append(byStory[s], id)
		}
		if len(byStory) != len(res.Stories) {
			t.Errorf("settle %v: articles name %d stories, the run lists %d", settle, len(byStory), len(res.Stories))
		}
		listed, total, err := store.Stories(ctx, storyline.StoryFilter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(res.Stories) || len(listed) != total {
			t.Errorf("settle %v: %d stories stored, the run lists %d", settle, total, len(res.Stories))
		}
		for _, id := range res.Stories {
			s, err := store.Story(ctx, id)
			if err != nil {
				t.Fatalf("settle %v: story %s: %v", settle, id, err)
			}
			got, want := append([]string(nil), s.Articles...), byStory[id]
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("settle %v: story %s stored with %v, its articles are %v", settle, id, got, want)
			}
		}
	}
	t.Logf("stories: %d, settled %d", stories[false], stories[true])
	if stories[true] >= stories[false] {
		t.Errorf("settling left %d stories of %d", stories[true], stories[false])
	}
}
