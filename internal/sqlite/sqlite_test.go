package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ftsquery"
	"github.com/storyline/storyline/internal/hostile"
	"github.com/storyline/storyline/internal/storetest"
	"github.com/storyline/storyline/internal/text"
)

func openMemory(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// openFile opens a store in a new file of the test's temporary directory,
// closed when the test ends.
func openFile(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "store.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storyline.Store { return openMemory(t) })
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storyline.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestPersistence(t *testing.T) {
	// A path with characters a URI would read as query or fragment.
	path := filepath.Join(t.TempDir(), "my store?#%.db")
	storetest.Persistence(t, func(t *testing.T) storyline.Store {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestBatch runs storetest.Batch on both kinds of database.
func TestBatch(t *testing.T) {
	for _, path := range []string{":memory:", filepath.Join(t.TempDir(), "batch.db")} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			storetest.Batch(t, func(t *testing.T) storetest.Batcher {
				db, err := Open(context.Background(), path)
				if err != nil {
					t.Fatal(err)
				}
				return db
			})
		})
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil || storyline.ErrorCode(err) != storyline.EINTERNAL {
		t.Errorf("Open in a missing directory: %v", err)
	}
	// A corrupt analysis blob is an error of Article, not a panic.
	db := openMemory(t)
	defer db.Close()
	if _, err := db.PutArticle(ctx, storetest.Sample(1, 100)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE articles SET analysis = x'01ff'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Article(ctx, "sample-1"); err == nil {
		t.Error("Article with a corrupt analysis: no error")
	} else {
		t.Log(err)
	}
}

func TestPutArticleWithoutID(t *testing.T) {
	db := openMemory(t)
	defer db.Close()
	_, err := db.PutArticle(context.Background(), &storyline.Article{Input: "x.txt"})
	if storyline.ErrorCode(err) != storyline.EINVALID {
		t.Errorf("PutArticle without id: %v", err)
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct {
		in    string
		langs []string
		want  string
	}{
		{"", nil, ""},
		{"harbour", nil, `"harbour"`},
		{"Harbour  ferry", nil, `"Harbour" AND "ferry"`},
		{"harb*", nil, `{title text} : "harb"*`},
		{`"dock workers" strike`, nil, `{title text} : "dock workers" AND "strike"`},
		{`"unclosed phrase`, nil, `{title text} : "unclosed phrase"`},
		{`AND OR ( ) : ^ - + NEAR`, nil, `"AND" AND "OR" AND "NEAR"`},
		{`title:ferry`, nil, `"title" AND "ferry"`},
		{`"" "*"`, nil, ``},
		{"U.S. crème-brûlée", nil, `"U" AND "S" AND "crème" AND "brûlée"`},
		{"Путин's", nil, `"Путин" AND "s"`},
		{"\xff\x00", nil, ``},
		{"Running", []string{"en"}, `("Running" OR "run")`},
		{"Running", []string{"de", "en", "xx"}, `("Running" OR "run")`},
		{"Путина", []string{"en", "ru"}, `("Путина" OR "путин")`},
		{"run", []string{"en"}, `"run"`},
		{"ferry*", []string{"en"}, `{title text} : "ferry"*`},
		{"said said SAID said", nil, `"said" AND "SAID"`},
		{`ferry* ferry* "dock workers" "dock workers" ferry`, nil, `{title text} : "ferry"* AND {title text} : "dock workers" AND "ferry"`},
	}
	for _, tt := range tests {
		if got, _ := ftsQuery(tt.in, tt.langs); got != tt.want {
			t.Errorf("ftsQuery(%q, %q) = %s, want %s", tt.in, tt.langs, got, tt.want)
		}
	}
}

// TestSearchStems finds inflected forms through the Snowball stems of the
// articles' own language.
func TestSearchStems(t *testing.T) {
	ctx := context.Background()
	db := openMemory(t)
	defer db.Close()
	for _, a := range []*storyline.Article{
		{ID: "ru", Lang: "ru", Title: "Выборы", Text: "Избиратели выбрали новый парламент. Путин поздравил победителей."},
		{ID: "de", Lang: "de", Title: "Wahl", Text: "Die Wahlen in Hessen brachten neue Mehrheiten."},
		{ID: "en", Lang: "en", Title: "Vote", Text: "Voters elected a new parliament."},
	} {
		a.Tokens = text.Tokens(a.Text, a.Lang)
		if _, err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]string{
		"парламента":  "ru",
		"Путину":      "ru",
		"Mehrheit":    "de",
		"parliaments": "en",
		"избирателям": "ru",
	} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Article != want {
			t.Errorf("Search(%q) = %+v, want %s", q, hits, want)
		}
	}
}

// FuzzSearch checks that no query string makes Search fail.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"harbour", `"a b" c*`, `NEAR(a b)`, `"`, `*`, `a:b`, "\xff", `^a -b +c`, "\u0301", "\u0301* x", `"\u0301 \u0301"`, "٣٤ ߀ ⅷ", "港口大桥", `"港 口"*`, "桥*", "G20峰会"} {
		f.Add(s)
	}
	db := openMemory(f)
	defer db.Close()
	ctx := context.Background()
	if _, err := db.PutArticle(ctx, storetest.Sample(1, 2000)); err != nil {
		f.Fatal(err)
	}
	ru := &storyline.Article{ID: "ru", Lang: "ru", Text: "Избиратели выбрали новый парламент."}
	ru.Tokens = text.Tokens(ru.Text, ru.Lang)
	if _, err := db.PutArticle(ctx, ru); err != nil {
		f.Fatal(err)
	}
	zh := &storyline.Article{ID: "zh", Lang: "zh", Text: "东桥市议会决定关闭港口大桥。"}
	if _, err := db.PutArticle(ctx, zh); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		defer hostile.Within(t, len(q))()
		// A query over the limits (storyline.MaxQueryBytes, MaxQueryTerms)
		// is refused as invalid; any other error is a defect.
		_, limit := ftsquery.Check(q)
		if _, err := db.Search(ctx, q, 5); err != nil && (limit == nil || storyline.ErrorCode(err) != storyline.EINVALID) {
			t.Errorf("Search(%q [%s]): %v", q, fst(ftsQuery(q, []string{"en", "ru"})), err)
		}
		if _, _, err := db.Stories(ctx, storyline.StoryFilter{Q: q}); err != nil && (limit == nil || storyline.ErrorCode(err) != storyline.EINVALID) {
			t.Errorf("Stories(Q: %q): %v", q, err)
		}
	})
}

// BenchmarkPutArticle stores realistic articles (8 KB of text, about 1,000
// tokens) one call each, as the pipeline does, and in batches of 100.
func BenchmarkPutArticle(b *testing.B) {
	ctx := context.Background()
	articles := make([]*storyline.Article, 256)
	for i := range articles {
		articles[i] = storetest.Sample(uint64(i), 8000)
	}
	b.Logf("%d tokens, %d bytes of text", len(articles[0].Tokens), len(articles[0].Text))
	put := func(b *testing.B, s storyline.Store, i int) {
		a := *articles[i%len(articles)]
		a.ID = fmt.Sprintf("a%d", i)
		if _, err := s.PutArticle(ctx, &a); err != nil {
			b.Fatal(err)
		}
	}
	for _, path := range []string{":memory:", "file"} {
		b.Run(path, func(b *testing.B) {
			if path == "file" {
				path = filepath.Join(b.TempDir(), "bench.db")
			}
			db, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			i := 0
			cpu := cpuTime()
			for b.Loop() {
				put(b, db, i)
				i++
			}
			reportRate(b, i, cpuTime()-cpu)
		})
	}
	b.Run("file-batch100", func(b *testing.B) {
		db := openFile(b)
		i := 0
		cpu := cpuTime()
		for b.Loop() {
			err := db.Batch(ctx, func(tx storyline.Store) error {
				for range 100 {
					put(b, tx, i)
					i++
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, i, cpuTime()-cpu)
	})
}

// reportRate reports articles per second of wall time and per second of
// CPU time (the process's user and system time, which a loaded machine
// inflates less than wall time).
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}

// BenchmarkArticle reads one stored article with its analysis.
func BenchmarkArticle(b *testing.B) {
	ctx := context.Background()
	db := openFile(b)
	for i := range 100 {
		if _, err := db.PutArticle(ctx, storetest.Sample(uint64(i), 8000)); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		if _, err := db.Article(ctx, fmt.Sprintf("sample-%d", i%100)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRate(b, i, cpuTime()-cpu)
}

// oldStore makes a store file as an older build left it: every migration
// applied but the versions in exclude (those added since). The caller
// fills it through the returned handle, closes it, then opens path.
func oldStore(t *testing.T, exclude ...int64) (path string, old *sql.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", fileURI(path)+"?"+dsn(true, false, config{}))
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, old, sub, goose.WithDisableGlobalRegistry(true),
		goose.WithExcludeVersions(exclude))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return path, old
}

// TestMigrateUpgrade opens a database made by an older binary (versions 1
// and 10 only, holding articles) and checks that the new migrations apply
// out of order and that the old articles become searchable.
func TestMigrateUpgrade(t *testing.T) {
	ctx := context.Background()
	path, old := oldStore(t, 2)
	if _, err := old.Exec(`INSERT INTO articles (id, title, text) VALUES ('old', 'Harbour', 'The ferry left the harbour.')`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, err := db.Search(ctx, "ferries", 10)
	if err != nil || len(hits) != 1 || hits[0].Article != "old" {
		t.Errorf("Search after upgrade = %+v, %v", hits, err)
	}
	if _, err := db.PutArticle(ctx, storetest.Sample(1, 300)); err != nil {
		t.Fatal(err)
	}
}

// TestConnectionSettings checks the settings every connection of a file
// store runs with: WAL with NORMAL sync, foreign keys, the busy timeout,
// in-memory temporary files, and a read-only pool.
func TestConnectionSettings(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	want := map[string]string{"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": fmt.Sprint(busyTimeoutMS), "temp_store": "2"}
	for name, conn := range map[string]*sql.DB{"writer": db.w, "reader": db.r} {
		for pragma, v := range want {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", name, pragma, err)
			}
			if got != v {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, pragma, got, v)
			}
		}
	}
	var readOnly string
	if err := db.r.QueryRowContext(ctx, "PRAGMA query_only").Scan(&readOnly); err != nil || readOnly != "1" {
		t.Errorf("reader: PRAGMA query_only = %q (%v), want 1", readOnly, err)
	}
}

func fst[A, B any](a A, _ B) A { return a }

// TestQueryLimits: repeated words cost nothing, and a query of too many
// distinct words or bytes is refused with a clear error instead of
// running for minutes.
func TestQueryLimits(t *testing.T) {
	s := openFile(t)
	ctx := context.Background()
	many := strings.Repeat("said ", 200)
	if _, err := s.Search(ctx, many, 10); err != nil {
		t.Errorf("200 repeats of one word: %v", err)
	}
	if _, n := ftsQuery(many, nil); n != 1 {
		t.Errorf("200 repeats count %d words, want 1", n)
	}
	var words []string
	for i := 0; i <= storyline.MaxQueryTerms; i++ {
		words = append(words, fmt.Sprintf("w%d", i))
	}
	_, err := s.Search(ctx, strings.Join(words, " "), 10)
	if storyline.ErrorCode(err) != storyline.EINVALID || !strings.Contains(err.Error(), "different words") {
		t.Errorf("%d words: got %v, want an invalid-query error", len(words), err)
	}
	_, err = s.Search(ctx, strings.Repeat("x", storyline.MaxQueryBytes+1), 10)
	if storyline.ErrorCode(err) != storyline.EINVALID || !strings.Contains(err.Error(), "bytes long") {
		t.Errorf("a long query: got %v, want an invalid-query error", err)
	}
}

// TestCacheSize checks that ShortLived gives every connection, the
// writer and the readers, the short page cache, and that a store opened
// without it keeps SQLite's default.
func TestCacheSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want int
	}{
		{"default", nil, -2000},
		{"short-lived", []Option{ShortLived()}, shortCachePages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(context.Background(), filepath.Join(t.TempDir(), "cache.db"), tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for name, h := range map[string]*sql.DB{"writer": db.w, "reader": db.r} {
				var got int
				if err := h.QueryRow(`PRAGMA cache_size`).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("%s: cache_size %d, want %d", name, got, tc.want)
				}
			}
		})
	}
}
