package pipeline

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/sharedtest"
)

// preparedHead cleans and analyses the first n articles of a dev set, as
// analyze workers do.
func preparedHead(t *testing.T, set string, n int) []*storyline.Article {
	t.Helper()
	ctx := context.Background()
	var raws []storyline.RawArticle
	err := ingest.Read(ctx, []string{sharedtest.DevHead(t, set, n)}, nil, ingest.DefaultOptions(),
		func(r storyline.RawArticle) error { raws = append(raws, r); return nil }, func(storyline.InputError) {})
	if err != nil {
		t.Fatal(err)
	}
	db := openStore(t, filepath.Join(t.TempDir(), "prep.db"))
	prepared, err := OpenEmpty(db, DefaultOptions()).Prepare(ctx, raws)
	if err != nil {
		t.Fatal(err)
	}
	var arts []*storyline.Article
	for _, pr := range prepared {
		if pr.Article != nil {
			arts = append(arts, pr.Article)
		}
	}
	return arts
}

// batches splits articles into batches of size n.
func batches(arts []*storyline.Article, n int) [][]*storyline.Article {
	var out [][]*storyline.Article
	for i := 0; i < len(arts); i += n {
		out = append(out, arts[i:min(i+n, len(arts))])
	}
	return out
}

// TestAheadAsCommit commits the same batches with Commit and with Ahead:
// the stores group the articles alike, each batch's inTx runs once and in
// order, and every batch's result comes back (the last from Land).
func TestAheadAsCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	arts := preparedHead(t, "basil-dev", 120)
	var want map[string]string
	{
		db := openStore(t, filepath.Join(t.TempDir(), "each.db"))
		p, err := Open(ctx, db, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range batches(arts, 32) {
			if _, err := p.Commit(ctx, b, nil); err != nil {
				t.Fatal(err)
			}
		}
		want = grouping(t, db)
	}
	db := openStore(t, filepath.Join(t.TempDir(), "ahead.db"))
	p, err := Open(ctx, db, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := p.Ahead()
	var ran []int
	results := 0
	for i, b := range batches(arts, 32) {
		res, err := a.Commit(ctx, b, func(storyline.Store, []*storyline.Article) error {
			ran = append(ran, i)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if res != nil {
			results++
		}
	}
	if res, err := a.Land(); err != nil || res == nil {
		t.Fatalf("the last batch landed with %+v, %v", res, err)
	}
	results++
	n := len(batches(arts, 32))
	if results != n || len(ran) != n {
		t.Fatalf("%d results and %d inTx calls, want %d each", results, len(ran), n)
	}
	for i, b := range ran {
		if b != i {
			t.Fatalf("inTx ran for batches %v, want them in order", ran)
		}
	}
	if got := grouping(t, db); !maps.Equal(got, want) {
		t.Errorf("Ahead grouped %d articles otherwise than Commit (%d)", len(got), len(want))
	}
}

// TestAheadConflict has another process write while a batch is in flight:
// a commit then fails with errConflict, the indexes are dropped, and
// committing the batches again stores every article once, with indexes
// equal to those derived from the store.
func TestAheadConflict(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	arts := preparedHead(t, "basil-dev", 90)
	path := filepath.Join(t.TempDir(), "c.db")
	db, db2 := openStore(t, path), openStore(t, path)
	other, err := Open(ctx, db2, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, db, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := p.Ahead()
	bs := batches(arts, 30)
	if _, err := a.Commit(ctx, bs[0], nil); err != nil {
		t.Fatal(err)
	}
	raw := storyline.RawArticle{Input: "other", ID: "other-1", Text: goodArticle}
	if _, err := other.IngestRaw(ctx, []storyline.RawArticle{raw}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Commit(ctx, bs[1], nil)
	if err == nil {
		_, err = a.Land()
	}
	if !errors.Is(err, errConflict) {
		t.Fatalf("after another writer: %v, want a conflict", err)
	}
	if p.idx != nil {
		t.Fatal("the indexes holding what was not committed were kept")
	}
	for _, b := range bs { // the caller starts again; stored ids are skipped
		if _, err := a.Commit(ctx, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Land(); err != nil {
		t.Fatal(err)
	}
	if g := grouping(t, db); len(g) != len(arts)+1 {
		t.Errorf("%d articles stored, want %d and the other's", len(g), len(arts))
	}
	q, err := Open(ctx, db, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(indexBytes(t, p), indexBytes(t, q)) {
		t.Error("after the conflict the indexes differ from those derived from the store")
	}
}
