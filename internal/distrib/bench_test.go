package distrib

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
)

// BenchmarkClusterer measures the single clusterer's own ceiling: the
// work it does per analyzed message (decode, then pipeline.Commit in
// batches of ClusterBatch: dedup, clustering, and the Postgres write of
// the articles, journal, dirty marks and learned lines with the stream
// position), on the 1,612 articles of three development sets analysed
// beforehand, into a new Postgres schema each iteration. Settling and
// briefs are not the clusterer's per-article work (briefs are the brief
// workers'); fetching from NATS is left out.
func BenchmarkClusterer(b *testing.B) {
	var inputs []string
	for _, set := range []string{"basil-dev", "ecbplus-dev", "multinews-val"} {
		inputs = append(inputs, sharedtest.Data(b, "dev", set, "articles.jsonl"))
	}
	msgs := analyzedMessages(b, inputs)
	openPostgres := func() storyline.Store {
		db, err := postgres.Open(context.Background(), pgtest.Schema(b))
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	// As the clusterer commits: each batch placed while the one before
	// commits (pipeline.Ahead).
	b.Run("postgres", func(b *testing.B) { benchClusterer(b, msgs, openPostgres, true) })
	// Each batch placed inside its own transaction (pipeline.Commit).
	b.Run("postgres-inline", func(b *testing.B) { benchClusterer(b, msgs, openPostgres, false) })
	// The same work on a SQLite file: what the clusterer costs apart from
	// the shared store's writes.
	b.Run("sqlite", func(b *testing.B) {
		benchClusterer(b, msgs, func() storyline.Store {
			db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			return db
		}, true)
	})
}

// benchClusterer commits msgs, as the clusterer does, into a new store
// (newStore) each iteration, each batch placed while the one before
// commits (ahead) or inside its own transaction.
func benchClusterer(b *testing.B, msgs [][]byte, newStore func() storyline.Store, ahead bool) {
	ctx := context.Background()
	batchSize := DefaultOptions().ClusterBatch
	var total time.Duration
	for range b.N {
		b.StopTimer()
		db := newStore()
		p, err := pipeline.Open(ctx, db, pipeline.DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		commit, land := p.Commit, func() (*pipeline.Result, error) { return nil, nil }
		if ahead {
			a := p.Ahead()
			commit, land = a.Commit, a.Land
		}
		b.StartTimer()
		start := time.Now()
		for i := 0; i < len(msgs); i += batchSize {
			batch := msgs[i:min(i+batchSize, len(msgs))]
			arts := make([]*storyline.Article, len(batch))
			for j, m := range batch {
				if arts[j], err = decodeAnalyzed(m); err != nil {
					b.Fatal(err)
				}
			}
			pos := int64(i + len(batch))
			if _, err := commit(ctx, arts, func(tx storyline.Store, _ []*storyline.Article) error {
				return tx.SetStreamPos(ctx, "bench", pos)
			}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := land(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(msgs)*b.N)/total.Seconds(), "articles/s")
}

// analyzedMessages cleans and analyses the articles of the inputs, as
// analyze workers do, and returns their messages.
func analyzedMessages(b *testing.B, inputs []string) [][]byte {
	ctx := context.Background()
	var raws []storyline.RawArticle
	err := ingest.Read(ctx, inputs, nil, ingest.DefaultOptions(), func(r storyline.RawArticle) error {
		raws = append(raws, r)
		return nil
	}, func(storyline.InputError) {})
	if err != nil {
		b.Fatal(err)
	}
	db, err := postgres.Open(ctx, pgtest.Schema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	prepared, err := pipeline.OpenEmpty(db, pipeline.DefaultOptions()).Prepare(ctx, raws)
	if err != nil {
		b.Fatal(err)
	}
	var msgs [][]byte
	for _, pr := range prepared {
		if pr.Article == nil {
			continue
		}
		m, err := encodeAnalyzed(pr.Article)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}
