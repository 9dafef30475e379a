package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
)

// tempStore opens a new store in a file, closed when the test ends.
func tempStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// oneArticleFiles writes lines of a dev set (from line from, n of them)
// to a file each, as one-shot `storyline ingest` calls would take them.
func oneArticleFiles(t *testing.T, set string, from, n int) []string {
	t.Helper()
	var paths []string
	i := 0
	err := sharedtest.EachLine(filepath.Join(sharedtest.Data(t, "dev", set), "articles.jsonl"), func(line []byte) error {
		if i >= from && i < from+n {
			p := filepath.Join(t.TempDir(), fmt.Sprintf("%s-%d.jsonl", set, i))
			paths = append(paths, p)
			if err := os.WriteFile(p, append(bytes.Clone(line), '\n'), 0o644); err != nil {
				return err
			}
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// copyOf writes a file holding an exact copy of a stored article's text
// under a new id.
func copyOf(t *testing.T, db *sqlite.DB, id string) string {
	t.Helper()
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]string{"id": "copy-of-" + id, "title": a.Title, "text": a.Text, "source": "copies.example"})
	p := filepath.Join(t.TempDir(), "copy.jsonl")
	if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// assignments lists every stored article with its story and copy link.
func assignments(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	arts, err := db.ArticlesLite(context.Background(), storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, a := range arts {
		fmt.Fprintf(&b, "%s %s %s\n", a.ID, a.StoryID, a.DuplicateOf)
	}
	return b.String()
}

// TestPagedIngest checks the paged indexes through the pipeline: on two
// stores built alike, one long-lived pipeline holding the whole indexes
// and a new paged pipeline per article (one-shot `storyline ingest`
// calls) give every article the same story and copy link, settle alike,
// and leave the same indexes, pages included; the one-shot pipelines stay
// paged; pages behind the journal, of another layout, or missing (an
// older build's store) make a one-shot pipeline read the whole indexes
// and write the pages again, after which the next is paged again.
func TestPagedIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	opts := DefaultOptions()
	whole, paged := tempStore(t), tempStore(t)
	base := []string{sharedtest.DevHead(t, "basil-dev", 120), sharedtest.DevHead(t, "ecbplus-dev", 150)}
	pw, err := Open(ctx, whole, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, db := range []*sqlite.DB{whole, paged} {
		q := pw
		if db == paged {
			if q, err = Open(ctx, db, opts); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := q.Ingest(ctx, base, strings.NewReader("")); err != nil {
			t.Fatal(err)
		}
	}
	inputs := oneArticleFiles(t, "multinews-val", 0, 12)
	inputs = append(inputs, oneArticleFiles(t, "ecbplus-dev", 150, 12)...)
	inputs = append(inputs, oneArticleFiles(t, "ecbplus-dev", 3, 1)...) // stored already
	arts, _ := whole.ArticlesLite(ctx, storyline.ArticleFilter{Limit: 5})
	inputs = append(inputs, copyOf(t, whole, arts[4].ID))
	popts := opts
	popts.Paged = true
	exec := func(q string) func() {
		return func() {
			if _, err := paged.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Pages a one-shot pipeline must not trust: it loads the whole
	// indexes and writes the pages again.
	damage := map[int]func(){
		5:  exec(`UPDATE index_pages_at SET lsn = lsn - 1`),                                                                                               // behind the journal (a run killed)
		10: exec(`UPDATE index_pages SET data = x'ff' || substr(data, 2) WHERE id >> 40 = (SELECT id FROM index_page_kinds WHERE kind = 'cluster.meta')`), // another layout
		15: exec(`DELETE FROM index_pages`),                                                                                                               // an older build's store
		16: exec(`UPDATE index_pages_at SET epoch = -1, lsn = -1`),
	}
	for i, in := range inputs {
		if _, err := pw.Ingest(ctx, []string{in}, strings.NewReader("")); err != nil {
			t.Fatal(err)
		}
		if f := damage[i]; f != nil {
			f()
		}
		q, err := Open(ctx, paged, popts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := q.Ingest(ctx, []string{in}, strings.NewReader("")); err != nil {
			t.Fatal(err)
		}
		if untrusted := damage[i] != nil; q.idx.paged() == untrusted {
			t.Fatalf("input %d (%s): paged %v with untrusted pages %v", i, filepath.Base(in), q.idx.paged(), untrusted)
		}
		if err := q.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// A larger input loads the whole indexes (pagedLimit) and ends alike.
	batch := sharedtest.DevHead(t, "multinews-val", 60)
	if _, err := pw.Ingest(ctx, []string{batch}, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	q, err := Open(ctx, paged, popts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Ingest(ctx, []string{batch}, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	if q.idx.paged() {
		t.Errorf("a one-shot run of 60 articles on %d stored stayed paged (limit %d)", q.idx.dedup.Len(), pagedLimit(q.idx.dedup.Len()))
	}
	if err := q.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if w, p := assignments(t, whole), assignments(t, paged); w != p {
		t.Errorf("stories and copies differ:\nwhole:\n%s\npaged:\n%s", w, p)
	}
	if !strings.Contains(assignments(t, paged), "copy-of-"+arts[4].ID+" ") {
		t.Fatal("the copy was not stored")
	}
	a, err := paged.Article(ctx, "copy-of-"+arts[4].ID)
	if err != nil || a.DuplicateOf == "" {
		t.Errorf("the exact copy is not marked as a copy: %+v, %v", a, err)
	}
	if q, err = Open(ctx, paged, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(indexBytes(t, q), indexBytes(t, pw)) {
		t.Error("the indexes loaded whole from the paged store differ from the writer's")
	}
	if w, p := pageDump(t, whole), pageDump(t, paged); w != p {
		t.Error("the pages of the two stores differ")
	}
}

// pageDump is every stored page with its position, as text.
func pageDump(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	var b strings.Builder
	at, err := db.PagesAt(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "at %+v\n", at)
	rows, err := db.SQL().Query(`SELECT k.kind, p.id & (1 << 40) - 1, hex(p.data) FROM index_pages p
		JOIN index_page_kinds k ON k.id = p.id >> 40 WHERE p.data != x'00' ORDER BY k.kind, p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, d string
		var n int64
		if err := rows.Scan(&k, &n, &d); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d %s\n", k, n, d)
	}
	return b.String()
}

// TestPagedAfterRepair checks that a paged pipeline kept open across a
// repair by another process, which starts a new journal epoch and
// rewrites every page without moving the journal's end, reads the new
// pages instead of writing its stale ones over them.
func TestPagedAfterRepair(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	ctx := context.Background()
	db := tempStore(t)
	opts := DefaultOptions()
	w, err := Open(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Ingest(ctx, []string{sharedtest.DevHead(t, "basil-dev", 60)}, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	popts := opts
	popts.Paged = true
	q, err := Open(ctx, db, popts)
	if err != nil {
		t.Fatal(err)
	}
	inputs := oneArticleFiles(t, "ecbplus-dev", 0, 2)
	if _, err := q.Ingest(ctx, inputs[:1], strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenEmpty(db, opts).Repair(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Ingest(ctx, inputs[1:], strings.NewReader("")); err != nil {
		t.Fatalf("ingest after another process's repair: %v", err)
	}
	checkPagesAtEnd(t, db)
	a, err := db.Article(ctx, mustID(t, inputs[1]))
	if err != nil || a.StoryID == "" {
		t.Errorf("the article ingested after the repair: %+v, %v", a, err)
	}
}

// checkPagesAtEnd fails unless the index pages reflect the whole journal
// of the current epoch.
func checkPagesAtEnd(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	at, err := db.PagesAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := db.Checkpoint(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	last, err := db.LastLSN(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if at != (storyline.PagesAt{Epoch: cp.Epoch, LSN: last}) {
		t.Errorf("pages at %+v, journal at epoch %d position %d", at, cp.Epoch, last)
	}
}

// mustID is the id of the one article of a JSON Lines file.
func mustID(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ ID string }
	if err := json.Unmarshal(b, &m); err != nil || m.ID == "" {
		t.Fatalf("%s: no id (%v)", path, err)
	}
	return m.ID
}
