package pipeline

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
)

// indexBytes is the encoding of a pipeline's in-memory indexes.
func indexBytes(t *testing.T, p *Pipeline) []byte {
	t.Helper()
	d, err := p.idx.dedup.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.idx.cluster.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return append(d, c...)
}

// TestJournalReplay checks that the indexes are derived from the store:
// a pipeline opened afresh (from the last checkpoint and the journal
// after it, or from the journal alone) holds exactly the indexes of the
// pipeline that wrote the store over three runs with settling.
func TestJournalReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	opts := DefaultOptions()
	opts.CheckpointMin = 100 // checkpoints inside the runs
	p, err := Open(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{sharedtest.DevHead(t, "basil-dev", 150), sharedtest.DevHead(t, "ecbplus-dev", 200), sharedtest.DevHead(t, "multinews-val", 150)} {
		if _, err := p.Ingest(ctx, []string{in}, strings.NewReader("")); err != nil {
			t.Fatal(err)
		}
	}
	p.opts.CheckpointMin = 1 << 30 // a last run leaves a journal tail
	if _, err := p.Ingest(ctx, []string{sharedtest.DevHead(t, "polnear-dev", 30)}, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	want := indexBytes(t, p)
	cp, err := db.Checkpoint(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	last, _ := db.LastLSN(ctx)
	if cp.LSN == 0 || cp.LSN == last {
		t.Fatalf("checkpoint at %d of %d: the test needs a journal tail after a checkpoint", cp.LSN, last)
	}
	reopened := func(what string) {
		q, err := Open(ctx, db, opts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := indexBytes(t, q); !bytes.Equal(got, want) {
			t.Errorf("%s: the indexes differ from the writer's (%d bytes, want %d)", what, len(got), len(want))
		}
	}
	reopened("checkpoint and journal tail")
	if _, err := db.SQL().ExecContext(ctx, `UPDATE index_checkpoint SET lsn = 0, dedup = NULL, cluster = NULL`); err != nil {
		t.Fatal(err)
	}
	reopened("journal alone")
}

// TestRepairMendsBrokenCheckpoint cuts the stored checkpoint short (a torn
// or damaged write): opening says to run repair, and Repair derives every
// story and index again, with every article in one story and the indexes
// equal to those a new pipeline loads.
func TestRepairMendsBrokenCheckpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	db := tempStore(t)
	opts := DefaultOptions()
	opts.CheckpointMin = 50
	before := ingestAll(t, db, opts, sharedtest.DevHead(t, "basil-dev", 150))
	if _, err := db.SQL().ExecContext(ctx, `UPDATE index_checkpoint SET cluster = substr(cluster, 1, length(cluster) / 2)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, db, opts); err == nil || !strings.Contains(err.Error(), "storyline repair") {
		t.Fatalf("Open over a cut checkpoint: %v; want an error that names storyline repair", err)
	}
	p := OpenEmpty(db, opts)
	res, err := p.Repair(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != before.New || res.Stories != len(before.Stories) {
		t.Errorf("repair placed %d articles in %d stories; the run stored %d in %d", res.Articles, res.Stories, before.New, len(before.Stories))
	}
	q, err := Open(ctx, db, opts)
	if err != nil {
		t.Fatalf("Open after repair: %v", err)
	}
	if !bytes.Equal(indexBytes(t, q), indexBytes(t, p)) {
		t.Error("the indexes loaded after repair differ from those repair built")
	}
	dirty, _ := db.Dirty(ctx, nil, 0)
	stories, total, err := db.Stories(ctx, storyline.StoryFilter{})
	if err != nil || len(dirty) != 0 || total != res.Stories {
		t.Errorf("after repair: %d stories listed of %d, %d dirty, %v", total, res.Stories, len(dirty), err)
	}
	n := 0
	for _, s := range stories {
		n += len(s.Articles)
	}
	if n != res.Articles {
		t.Errorf("the stories list %d articles, %d are stored", n, res.Articles)
	}
}

// TestSpeculationConflict has a second process (a second store handle and
// pipeline on the same file) write while a run has its next chunk placed
// speculatively: the run's commit must see the conflict, place the chunk
// again, and end with every article stored once, in one story, and its
// indexes equal to those derived from the store.
func TestSpeculationConflict(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db1, db2 := openStore(t, path), openStore(t, path)
	other, err := Open(ctx, db2, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	opts.Chunk = 64
	interfered := 0
	opts.Progress = func(Progress) {
		if interfered++; interfered == 1 {
			raw := storyline.RawArticle{Input: "other", ID: "other-1", Text: goodArticle}
			if _, err := other.IngestRaw(ctx, []storyline.RawArticle{raw}); err != nil {
				t.Error(err)
			}
		}
	}
	p, err := Open(ctx, db1, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Ingest(ctx, []string{sharedtest.DevHead(t, "basil-dev", 150)}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if p.conflicts != 1 {
		t.Fatalf("%d conflicts, want the one of the other process's write", p.conflicts)
	}
	q, err := Open(ctx, db1, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(indexBytes(t, p), indexBytes(t, q)) {
		t.Error("after the conflict the run's indexes differ from those derived from the store")
	}
	g := grouping(t, db1)
	if len(g) != res.New+1 {
		t.Errorf("%d articles stored, want the run's %d and the other's", len(g), res.New)
	}
	stories, _, err := db1.Stories(ctx, storyline.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, s := range stories {
		for _, id := range s.Articles {
			listed[id]++
			if g[id] != s.ID {
				t.Errorf("article %s listed by story %s, records %s", id, s.ID, g[id])
			}
		}
	}
	for id := range g {
		if listed[id] != 1 {
			t.Errorf("article %s listed by %d stories", id, listed[id])
		}
	}
}

// TestArticlesByID reads only the articles asked for: none for no ids,
// where an empty filter would read the whole store (a journal page of
// settlings only did, on every catch-up).
func TestArticlesByID(t *testing.T) {
	ctx := context.Background()
	db := tempStore(t)
	for _, id := range []string{"a", "b", "c"} {
		if _, err := db.PutArticle(ctx, &storyline.Article{ID: id, Title: id, Text: "text " + id}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		ids  []string
		want int
	}{{nil, 0}, {[]string{}, 0}, {[]string{"b"}, 1}, {[]string{"a", "c", "x"}, 2}} {
		got, err := articlesByID(ctx, db, tt.ids)
		if err != nil || len(got) != tt.want {
			t.Errorf("articlesByID(%v): %d articles, %v; want %d", tt.ids, len(got), err, tt.want)
		}
		for _, id := range tt.ids {
			if a, ok := got[id]; ok && a.ID != id {
				t.Errorf("articlesByID(%v): %s filed under %s", tt.ids, a.ID, id)
			}
		}
	}
}
