package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/distrib"
	"github.com/storyline/storyline/internal/distrib/natstest"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/sqlite"
)

// scaleCorpusVar names the corpus BenchmarkNatsScaleOut reads.
const scaleCorpusVar = "STORYLINE_SCALE_CORPUS"

// BenchmarkNatsScaleOut measures the distributed pipeline's throughput
// against a single-process run over the same corpus, alternately in one
// session: a single-process `storyline run` into a new SQLite file, then
// the distributed pipeline with one and with two analyze workers (one
// clusterer, one brief worker; Postgres and NATS on the same machine),
// timed from `storyline ingest --nats` until every article is stored,
// settled and briefed and the queues are empty (the workers are started,
// and their store opened, before). Each reports articles/s; -count N
// repeats the three in turn.
//
//	go run ./internal/tools/scalecorpus -n 10000 -per 200000 -o /tmp/scale-10k
//	STORYLINE_SCALE_CORPUS=/tmp/scale-10k go test -run '^$' -bench NatsScaleOut -benchtime 1x -count 2 ./cmd/storyline
func BenchmarkNatsScaleOut(b *testing.B) {
	corpus := os.Getenv(scaleCorpusVar)
	if corpus == "" {
		b.Skipf("set %s to a corpus (go run ./internal/tools/scalecorpus -n 10000 -per 200000 -o DIR)", scaleCorpusVar)
	}
	url := natstest.Server(b)
	bin := storylineBin(b)
	var articles int
	b.Run("single", func(b *testing.B) {
		for range b.N {
			db := filepath.Join(b.TempDir(), "single.db")
			start := time.Now()
			runOK(b, bin, "run", "-q", "--db", db, corpus)
			elapsed := time.Since(start)
			articles = countSQLite(b, db)
			b.ReportMetric(float64(articles)/elapsed.Seconds(), "articles/s")
		}
	})
	if articles == 0 {
		b.Fatal("the single-process run stored nothing")
	}
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("analyze%d", n), func(b *testing.B) {
			for range b.N {
				elapsed := distributedRun(b, bin, url, corpus, n, articles)
				b.ReportMetric(float64(articles)/elapsed.Seconds(), "articles/s")
			}
		})
	}
}

// distributedRun starts a deployment with n analyze workers on a new
// schema and stream prefix, publishes the corpus and returns the time
// until the articles are all stored, settled and briefed.
func distributedRun(b *testing.B, bin, url, corpus string, n, articles int) time.Duration {
	b.StopTimer()
	d := newDeployment(b, bin, url)
	defer d.close()
	for range n {
		d.start("analyze")
	}
	d.start("cluster")
	d.start("brief")
	for _, w := range d.procs {
		for !strings.Contains(w.log.String(), "worker started") {
			time.Sleep(20 * time.Millisecond)
		}
	}
	b.StartTimer()
	start := time.Now()
	runOK(b, bin, "ingest", "-q", "--nats", url, "--queue-prefix", d.queue, corpus)
	for !distributedDone(b, d.st, d.q, articles) {
		time.Sleep(200 * time.Millisecond)
	}
	return time.Since(start)
}

// distributedDone reports whether the store holds every article, settled
// and briefed, with nothing left on the queues. The cheap checks come
// first: counting the articles is a scan, which polled alone would cost
// the deployment it measures a good part of a core.
func distributedDone(b *testing.B, st *postgres.DB, q *distrib.Queue, articles int) bool {
	ctx := context.Background()
	raw, brief, err := q.Backlogs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if raw != (distrib.Backlog{}) || brief != (distrib.Backlog{}) {
		return false
	}
	dirty, err := st.Dirty(ctx, nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	pending, err := st.Pending(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if len(pending) > 0 || len(dirty) > 0 {
		return false
	}
	var n int
	if err := st.SQL().QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n >= articles
}

// countSQLite is the number of articles in a SQLite store.
func countSQLite(b *testing.B, path string) int {
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	arts, err := db.ArticlesLite(context.Background(), storyline.ArticleFilter{})
	if err != nil {
		b.Fatal(err)
	}
	return len(arts)
}
