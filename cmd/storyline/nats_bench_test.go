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
// and their store opened, before). Each reports articles/s and the CPU
// seconds of each role's workers; -count N repeats the three in turn, -v
// prints the distributed runs' progress every second, and STORYLINE_BIN
// compares another build.
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
	last := start
	for !distributedDone(b, d.st, d.q, articles) {
		time.Sleep(200 * time.Millisecond)
		if testing.Verbose() && time.Since(last) >= time.Second {
			last = time.Now()
			traceProgress(d, time.Since(start))
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	d.stopAll()
	reportRoleCPU(b, d.procs)
	b.StartTimer()
	return elapsed
}

// traceProgress prints where a distributed run stands (with -test.v):
// the raw and brief queues' backlogs, the stories still to brief, the
// articles still to settle and those stored.
func traceProgress(d *deployment, at time.Duration) {
	ctx := context.Background()
	raw, brief, _ := d.q.Backlogs(ctx)
	dirty, _ := d.st.Dirty(ctx, nil, 0)
	pending, _ := d.st.Pending(ctx)
	n, _ := countPostgres(ctx, d.st)
	fmt.Fprintf(os.Stderr, "%5.1fs raw %+v brief %+v dirty %d to settle %d stored %d\n",
		at.Seconds(), raw, brief, len(dirty), len(pending), n)
}

// reportRoleCPU reports the CPU seconds (user and system) the stopped
// workers of each role spent, to show where a distributed run's time goes.
func reportRoleCPU(b *testing.B, procs []*workerProc) {
	cpu := map[string]time.Duration{}
	for _, w := range procs {
		if st := w.cmd.ProcessState; st != nil {
			cpu[w.role] += st.UserTime() + st.SystemTime()
		}
	}
	for role, d := range cpu {
		b.ReportMetric(d.Seconds()/float64(b.N), role+"-cpu-s/op")
	}
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
	n, err := countPostgres(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	return n >= articles
}

// countPostgres is the number of articles in a Postgres store (a scan).
func countPostgres(ctx context.Context, st *postgres.DB) (int, error) {
	var n int
	err := st.SQL().QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n)
	return n, err
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
