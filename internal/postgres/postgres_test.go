package postgres

import (
	"context"
	"database/sql"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/storetest"
)

// open opens a store in a new schema of the test server.
func open(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storyline.Store { return open(t) })
}

func TestPersistence(t *testing.T) {
	url := pgtest.Schema(t)
	storetest.Persistence(t, func(t *testing.T) storyline.Store {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestListing(t *testing.T) {
	storetest.Listing(t, func(t *testing.T) storetest.Lister { return open(t) })
}

func TestBatch(t *testing.T) {
	storetest.Batch(t, func(t *testing.T) storetest.Batcher { return open(t) })
}

func TestFeedStore(t *testing.T) {
	url := pgtest.Schema(t)
	storetest.Feeds(t, func(t *testing.T) storetest.FeedStore {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestOpenErrors checks that a store that cannot be opened says why,
// without the URL's password.
func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	base := pgtest.Server(t)
	u, err := neturl.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "storyline_no_such_schema")
	u.RawQuery = q.Encode()
	if _, err := Open(ctx, u.String()); storyline.ErrorCode(err) != storyline.EINTERNAL || !strings.Contains(err.Error(), "no schema") {
		t.Errorf("Open with a missing schema: %v", err)
	}
	_, err = Open(ctx, "postgres://someone:secret@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open of a closed port: %v; want an error without the password", err)
	}
}

// TestSearchIndexAhead stores one article with its search-index entry
// built ahead (SearchIndex, as the pipeline's analysis does) and one
// without: both are found alike, and the entry built ahead is the one
// PutArticle would build.
func TestSearchIndexAhead(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	ahead := &storyline.Article{ID: "ahead", Title: "Harbour cranes", Text: "The harbour cranes stopped at dawn.", Lang: "en"}
	built := &storyline.Article{ID: "built", Title: "Harbour strike", Text: "Dockers at the harbour walked out.", Lang: "en"}
	ahead.SearchIndex = db.SearchIndex(ahead)
	if got, want := string(ahead.SearchIndex), tsVector(ahead.Title, ahead.Text, ahead.Lang); got != want {
		t.Fatalf("SearchIndex %q, want PutArticle's %q", got, want)
	}
	ahead.SearchIndex = append(ahead.SearchIndex, " 'zebra':40B"...)
	for _, a := range []*storyline.Article{ahead, built} {
		if _, err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"harbour": 2, "cranes": 1, "dockers": 1, "zebra": 1} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil || len(hits) != want {
			t.Errorf("search %q: %d hits (%v), want %d", q, len(hits), err, want)
		}
	}
}

// TestLZ4 checks that a long article text is stored compressed with LZ4
// (migration 00003) on a server that has it.
func TestLZ4(t *testing.T) {
	db := open(t)
	defer db.Close()
	ctx := context.Background()
	var lz4 bool
	if err := db.SQL().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_attribute
		WHERE attrelid = 'articles'::regclass AND attname = 'text' AND attcompression = 'l')`).Scan(&lz4); err != nil {
		t.Fatal(err)
	}
	var supported bool // default_toast_compression offers the methods the server was built with
	if err := db.SQL().QueryRowContext(ctx, `SELECT 'lz4' = ANY(enumvals) FROM pg_settings
		WHERE name = 'default_toast_compression'`).Scan(&supported); err != nil {
		t.Fatal(err)
	}
	if !supported {
		t.Skip("this server has no LZ4")
	}
	if !lz4 {
		t.Fatal("articles.text is not set to LZ4 compression")
	}
	a := storetest.Sample(1, 20000)
	if _, err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	var method sql.NullString
	if err := db.SQL().QueryRowContext(ctx, `SELECT pg_column_compression(text) FROM articles WHERE id = $1`, a.ID).Scan(&method); err != nil {
		t.Fatal(err)
	}
	if method.String != "lz4" {
		t.Errorf("a 20 KB text is compressed with %q, want lz4", method.String)
	}
}
