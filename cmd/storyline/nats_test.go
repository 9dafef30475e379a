package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/distrib"
	"github.com/storyline/storyline/internal/distrib/natstest"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/web"
)

// natsE2EWait bounds the wait for the distributed pipeline to finish.
const natsE2EWait = 90 * time.Second

// workerProc is one `storyline worker` process of the end-to-end test.
type workerProc struct {
	role string
	cmd  *exec.Cmd
	log  *lockedBuffer
}

// deployment is the workers of the end-to-end test and how to start more,
// with the store and the queue they share.
type deployment struct {
	t                   testing.TB
	bin, db, url, queue string
	st                  *postgres.DB
	q                   *distrib.Queue
	procs               []*workerProc
}

// newDeployment opens a deployment on a new schema and stream prefix of
// the test servers: its store (which creates the tables once, before
// workers race to) and its queue. close stops the workers and closes both.
func newDeployment(tb testing.TB, bin, url string) *deployment {
	tb.Helper()
	ctx := context.Background()
	d := &deployment{t: tb, bin: bin, db: pgtest.Schema(tb), url: url, queue: natstest.Prefix(tb, url)}
	var err error
	if d.st, err = postgres.Open(ctx, d.db); err != nil {
		tb.Fatal(err)
	}
	if d.q, err = distrib.Connect(ctx, url, distrib.Options{Prefix: d.queue}); err != nil {
		d.st.Close()
		tb.Fatal(err)
	}
	return d
}

// close stops the workers still running, then closes the queue and the
// store.
func (d *deployment) close() {
	d.stopAll()
	d.q.Close()
	d.st.Close()
}

// start starts one worker of the given role.
func (d *deployment) start(role string) *workerProc {
	d.t.Helper()
	w := &workerProc{role: role, log: &lockedBuffer{}}
	w.cmd = exec.Command(d.bin, "worker", "--role", role, "--db", d.db, "--nats", d.url,
		"--queue-prefix", d.queue, "--ack-wait", "5s")
	w.cmd.Stderr = w.log
	if err := w.cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	d.procs = append(d.procs, w)
	return w
}

// kill sends SIGKILL to a worker and waits for it to die.
func (w *workerProc) kill() {
	_ = w.cmd.Process.Signal(syscall.SIGKILL)
	_ = w.cmd.Wait()
}

// stopAll ends every worker still running with SIGTERM and reports the
// logs of those that failed.
func (d *deployment) stopAll() {
	for _, w := range d.procs {
		if w.cmd.ProcessState != nil {
			continue
		}
		_ = w.cmd.Process.Signal(syscall.SIGTERM)
		if err := w.cmd.Wait(); err != nil {
			d.t.Errorf("%s worker: %v\n%s", w.role, err, w.log)
		}
	}
}

// TestNatsWorkersEndToEnd runs the distributed pipeline as real
// processes: three analyze workers, two clusterers (one active, one
// standby) and a brief worker, over the seeds and 350 development-set
// articles published by `storyline ingest --nats`. Mid-stream it SIGKILLs
// one analyze worker and the active clusterer, and starts them again.
// Then every article must be stored once, in one story, every story
// briefed, no message left on the work queues (pending or unacknowledged),
// and the stories must agree with a single-process SQLite run over the
// same inputs in the same order (B-cubed F1 ≥ 0.99). Two `serve`
// processes then list the stories of the shared store.
func TestNatsWorkersEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs six worker processes")
	}
	url := natstest.Server(t)
	ctx := context.Background()
	dir := t.TempDir()
	inputs := []string{sharedtest.Data(t, "seeds"), sharedtest.Data(t, "dev", "basil-dev", "articles.jsonl"),
		sharedtest.DevHead(t, "multinews-val", 200)}
	bin := storylineBin(t)
	lite := filepath.Join(dir, "single.db")
	start := time.Now()
	runOK(t, bin, append([]string{"run", "-q", "--db", lite}, inputs...)...)
	t.Logf("single-process SQLite run: %v", time.Since(start).Round(time.Millisecond))
	single := readState(t, lite)

	d := newDeployment(t, bin, url)
	defer d.close()
	st, q := d.st, d.q
	analyzers := []*workerProc{d.start("analyze"), d.start("analyze"), d.start("analyze")}
	clusterers := []*workerProc{d.start("cluster"), d.start("cluster")}
	d.start("brief")

	start = time.Now()
	ingestArgs := append([]string{"ingest", "--nats", url, "--queue-prefix", d.queue}, inputs...)
	out := runOK(t, bin, ingestArgs...)
	var queued, dups, rejected int
	if _, err := fmt.Sscanf(string(out), "%d queued, %d duplicate, %d rejected", &queued, &dups, &rejected); err != nil ||
		queued < len(single.story) || dups != 0 || rejected != 0 {
		t.Errorf("ingest --nats printed %q (%v), want %d or more queued", out, err, len(single.story))
	}
	eventually(t, "a first batch applied", func() bool {
		pos, err := st.StreamPos(ctx, q.StreamPosName())
		return err == nil && pos > 0
	})
	active := activeClusterer(t, clusterers)
	active.kill()
	killed := time.Now()
	analyzers[0].kill()
	pos, _ := st.StreamPos(ctx, q.StreamPosName())
	t.Logf("killed an analyze worker and the active clusterer at position %d of %d, %v in", pos, queued, time.Since(start).Round(time.Millisecond))
	eventually(t, "the standby clusterer active", func() bool { return tookOver(clusterers, active) })
	t.Logf("the standby took over %v after the kill", time.Since(killed).Round(time.Millisecond))
	d.start("analyze")
	d.start("cluster")

	eventually(t, "every article stored, settled and briefed, the queues empty", func() bool {
		n, err := st.ArticlesLite(ctx, storyline.ArticleFilter{})
		pending, perr := st.Pending(ctx)
		dirty, derr := st.Dirty(ctx, nil, 0)
		raw, brief, berr := q.Backlogs(ctx)
		return err == nil && perr == nil && derr == nil && berr == nil && len(n) == len(single.story) &&
			len(pending) == 0 && len(dirty) == 0 && raw == distrib.Backlog{} && brief == distrib.Backlog{}
	})
	t.Logf("distributed pipeline done in %v", time.Since(start).Round(time.Millisecond))
	out = runOK(t, bin, ingestArgs...) // the same inputs again: dropped by the stream
	if want := fmt.Sprintf("0 queued, %d duplicate", queued); !strings.HasPrefix(string(out), want) {
		t.Errorf("ingest --nats of the same inputs again printed %q, want %q…", out, want)
	}
	got := readState(t, d.db)
	checkPlaced(t, got)
	checkPlacedOnce(t, st, len(got.story))
	f1 := agreement(single.story, got.story)
	t.Logf("%d articles in %d stories (single process: %d); B-cubed F1 against the single-process run %.4f",
		len(got.story), got.stories, single.stories, f1)
	if f1 < 0.99 {
		t.Errorf("distributed and single-process stories agree at B-cubed F1 %.4f, want ≥ 0.99", f1)
	}
	for i := range 2 { // any number of servers read the shared store
		_, base := startServe(t, bin, d.db)
		if total := storiesTotal(t, base); total != got.stories {
			t.Errorf("serve %d lists %d stories, the store holds %d", i, total, got.stories)
		}
	}
	if t.Failed() {
		for _, w := range d.procs {
			if w.role == "cluster" {
				t.Logf("clusterer log:\n%s", w.log)
			}
		}
	}
}

// storiesTotal is the number of stories GET /api/stories reports.
func storiesTotal(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/stories?limit=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct{ Total int }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatalf("GET /api/stories: %v", err)
	}
	return list.Total
}

// checkPlacedOnce checks that the journal placed each of n stored
// articles once: no redelivery was applied twice.
func checkPlacedOnce(t *testing.T, st *postgres.DB, n int) {
	t.Helper()
	log, err := st.ReadLog(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	placed := map[string]int{}
	for _, e := range log {
		if !e.Settle {
			placed[e.Article]++
		}
	}
	if len(placed) != n {
		t.Errorf("the journal placed %d articles, %d are stored", len(placed), n)
	}
	for id, k := range placed {
		if k != 1 {
			t.Errorf("article %s placed %d times", id, k)
		}
	}
}

// activeClusterer waits until one of the clusterers says it is active.
func activeClusterer(t *testing.T, cs []*workerProc) *workerProc {
	t.Helper()
	var active *workerProc
	eventually(t, "a clusterer active", func() bool {
		for _, c := range cs {
			if strings.Contains(c.log.String(), "cluster: active") {
				active = c
				return true
			}
		}
		return false
	})
	return active
}

// tookOver reports whether a clusterer other than the killed one became
// active.
func tookOver(cs []*workerProc, killed *workerProc) bool {
	for _, c := range cs {
		if c != killed && strings.Contains(c.log.String(), "cluster: active") {
			return true
		}
	}
	return false
}

// eventually waits until cond holds, up to natsE2EWait.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(natsE2EWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: not %s", natsE2EWait, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestNatsServe starts serve with --nats: a POSTed article is accepted
// and lands on the raw queue (no worker runs), not in the store.
func TestNatsServe(t *testing.T) {
	url := natstest.Server(t)
	nf := natsFlags{url: url, prefix: natstest.Prefix(t, url)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr lockedBuffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, ":memory:", nf, web.Options{Token: "tok"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()
	var res *http.Response
	body := `{"id":"nats-1","title":"Harbour reopens","text":"The harbour of Port Alder reopened on Tuesday after a storm."}`
	for range 100 { // until the server listens
		req, _ := http.NewRequest("POST", base+"/api/articles", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer tok")
		if res, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), `"accepted":1`) {
		t.Fatalf("POST with --nats: %d %s", res.StatusCode, b)
	}
	q, err := distrib.Connect(ctx, url, distrib.Options{Prefix: nf.prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	raw, _, err := q.Backlogs(ctx)
	if err != nil || raw.Pending != 1 {
		t.Errorf("raw queue after the POST: %+v, %v; want 1 pending", raw, err)
	}
}
