package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
)

// TestConcurrentCreate starts four `storyline run`s of the examples on one
// new store at the same instant, three times: every process succeeds, and
// the store holds each article once, each in one story.
func TestConcurrentCreate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	concurrentCreate(t, 3, func() string { return filepath.Join(t.TempDir(), "new.db") })
}

// TestConcurrentCreatePostgres is TestConcurrentCreate on new Postgres
// stores (a schema each): the processes migrate the schema and take the
// write lock of the server, not of a file.
func TestConcurrentCreatePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	concurrentCreate(t, 2, func() string { return pgtest.Schema(t) })
}

func concurrentCreate(t *testing.T, tries int, newDB func() string) {
	bin := storylineBin(t)
	examples := filepath.Join(sharedtest.RepoRoot(), "examples")
	for try := 0; try < tries; try++ {
		db := newDB()
		errs := make([]error, 4)
		outs := make([][]byte, 4)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i], errs[i] = exec.Command(bin, "run", "-q", "--db", db, examples).CombinedOutput()
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("try %d, process %d: %v\n%s", try, i, err, outs[i])
			}
		}
		st := readState(t, db)
		checkPlaced(t, st)
		if len(st.story) != 12 || st.stories != 3 {
			t.Errorf("try %d: %d articles in %d stories, want 12 in 3", try, len(st.story), st.stories)
		}
	}
}

// TestConcurrentWriters runs the writers a live store has at once, as
// real processes: `serve` taking POSTs of one corpus (two clients, a few
// articles per request) while `ingest` adds another, and two `run`s of
// overlapping inputs. Afterwards every article is stored once, each in
// exactly one story, and an exact copy of every stored article is marked
// as a copy: no writer's articles dropped out of the other's indexes.
func TestConcurrentWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	concurrentWriters(t, filepath.Join(t.TempDir(), "live.db"))
}

// TestConcurrentWritersPostgres is TestConcurrentWriters with the live
// store on Postgres (the reference stays a SQLite file).
func TestConcurrentWritersPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	concurrentWriters(t, pgtest.Schema(t))
}

func concurrentWriters(t *testing.T, db string) {
	bin := storylineBin(t)
	dir := t.TempDir()
	ingested, linesA := corpusLines(t, t.TempDir(), "multinews-val")
	_, linesB := corpusLines(t, t.TempDir(), "basil-dev", "ecbplus-dev")
	runOK(t, bin, "run", "-q", "--db", db, filepath.Join(sharedtest.RepoRoot(), "examples")) // an existing store

	srv, base := startServe(t, bin, db)
	ingest := exec.Command(bin, "ingest", "-q", "--db", db, ingested)
	var ingestOut bytes.Buffer
	ingest.Stdout, ingest.Stderr = &ingestOut, &ingestOut
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	postAll(t, base, linesB, 2, 3)
	if err := ingest.Wait(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, ingestOut.Bytes())
	}
	_ = srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("serve: %v", err)
	}

	// The reference: the same inputs stored one after the other.
	ref := filepath.Join(dir, "ref.db")
	runOK(t, bin, "run", "-q", "--db", ref, filepath.Join(sharedtest.RepoRoot(), "examples"), ingested)
	all := filepath.Join(dir, "b.jsonl")
	writeLines(t, all, linesB)
	runOK(t, bin, "ingest", "-q", "--db", ref, all)
	if got, want := len(readState(t, db).story), len(readState(t, ref).story); got != want {
		t.Errorf("%d articles stored by the concurrent writers, %d one after the other", got, want)
	}

	// Two runs of overlapping inputs at once, on the same store.
	var wg sync.WaitGroup
	for _, in := range []string{ingested, all} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := exec.Command(bin, "run", "-q", "--db", db, ingested, in).CombinedOutput(); err != nil {
				t.Errorf("run: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	checkCopiesFound(t, bin, db, dir, append(sampleLines(linesA, 5), sampleLines(linesB, 5)...))
	checkPlaced(t, readState(t, db))
}

// startServe starts `storyline serve` on a free port and returns the
// process and its base URL.
func startServe(t *testing.T, bin, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--token", "secret")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(out).ReadString('\n')
	i := strings.Index(line, "http://")
	if err != nil || i < 0 {
		t.Fatalf("serve said %q: %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return cmd, strings.Fields(line[i:])[0]
}

// postAll POSTs the lines to the API, per request, from clients
// goroutines.
func postAll(t *testing.T, base string, lines [][]byte, clients, per int) {
	t.Helper()
	next := make(chan [][]byte)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range next {
				req, _ := http.NewRequest("POST", base+"/api/articles", bytes.NewReader(bytes.Join(batch, []byte("\n"))))
				req.Header.Set("Authorization", "Bearer secret")
				req.Header.Set("Content-Type", "application/x-ndjson")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Errorf("POST: %v", err)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("POST: %s: %s", resp.Status, body)
				}
			}
		}()
	}
	for i := 0; i < len(lines); i += per {
		next <- lines[i:min(i+per, len(lines))]
	}
	close(next)
	wg.Wait()
}

// TestConcurrentOneShots starts eight one-article `storyline ingest`s at
// once on a store whose index pages are current, so that each opens the
// indexes paged and reads and writes pages in its transaction while the
// others wait or follow: afterwards every article is stored once, in one
// story, the pages reflect the whole journal, and an exact copy of each
// of the eight is marked as a copy.
func TestConcurrentOneShots(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := storylineBin(t)
	dir := t.TempDir()
	base, lines := corpusLines(t, t.TempDir(), "basil-dev")
	db := filepath.Join(dir, "live.db")
	runOK(t, bin, "run", "-q", "--db", db, base)
	_, fresh := corpusLines(t, t.TempDir(), "polnear-dev")
	fresh = fresh[:8]
	var wg sync.WaitGroup
	for i, l := range fresh {
		in := filepath.Join(dir, fmt.Sprintf("one-%d.jsonl", i))
		writeLines(t, in, [][]byte{l})
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := exec.Command(bin, "ingest", "-q", "--db", db, in).CombinedOutput(); err != nil {
				t.Errorf("ingest: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	st := readState(t, db)
	if got, want := len(st.story), len(lines)+len(fresh); got != want {
		t.Errorf("%d articles stored, want %d", got, want)
	}
	checkPlaced(t, st)
	checkPagesCurrent(t, db)
	checkCopiesFound(t, bin, db, dir, fresh)
}

// checkPagesCurrent fails unless the store's index pages reflect its whole
// journal.
func checkPagesCurrent(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at, err := db.PagesAt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last, err := db.LastLSN(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if at.LSN != last {
		t.Errorf("index pages as of journal position %d, the journal ends at %d", at.LSN, last)
	}
}
