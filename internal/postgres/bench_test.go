package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sqlite"
	"github.com/storyline/storyline/internal/storetest"
)

// BenchmarkPutArticle stores realistic 8 KB articles (about 1,000
// tokens) one per call and in batches of 100 (one transaction), on
// Postgres and, side by side, on a SQLite file, with articles/s:
//
//	go test -run '^$' -bench PutArticle -benchtime 2s ./internal/postgres
func BenchmarkPutArticle(b *testing.B) {
	ctx := context.Background()
	articles := make([]*storyline.Article, 256)
	for i := range articles {
		articles[i] = storetest.Sample(uint64(i), 8000)
	}
	put := func(b *testing.B, s storyline.Store, i int) {
		a := *articles[i%len(articles)]
		a.ID = fmt.Sprintf("a%d", i)
		if _, err := s.PutArticle(ctx, &a); err != nil {
			b.Fatal(err)
		}
	}
	stores := []struct {
		name string
		open func(b *testing.B) storetest.Batcher
	}{
		{"postgres", func(b *testing.B) storetest.Batcher { return open(b) }},
		{"sqlite", func(b *testing.B) storetest.Batcher {
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			return db
		}},
	}
	for _, st := range stores {
		b.Run(st.name+"/one", func(b *testing.B) {
			db := st.open(b)
			defer db.Close()
			i := 0
			for b.Loop() {
				put(b, db, i)
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
		})
		b.Run(st.name+"/batch100", func(b *testing.B) {
			db := st.open(b)
			defer db.Close()
			i := 0
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
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkTSVector builds the full-text vectors of realistic 8 KB
// articles, as analyze workers do for every article they publish:
//
//	go test -run '^$' -bench TSVector ./internal/postgres
func BenchmarkTSVector(b *testing.B) {
	articles := make([]*storyline.Article, 256)
	for i := range articles {
		articles[i] = storetest.Sample(uint64(i), 8000)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a := articles[i%len(articles)]
		tsVector(a.Title, a.Text, a.Lang)
	}
}
