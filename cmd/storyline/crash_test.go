package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storyline/storyline/internal/postgres/pgtest"
)

// crashKills is the number of SIGKILLs the crash test lands in runs of the
// real binary (STORYLINE_CRASH_KILLS changes it; STORYLINE_CRASH_SEED
// the seed of the kill instants).
const crashKills = 20

// TestCrashSafety kills `storyline run` with SIGKILL at seeded random
// instants over a corpus of real articles (three development sets, 1,612
// articles), each time re-running the same input on the same store, so the
// kills fall in every phase: start-up and journal replay, reading and
// cleaning, placing and storing, settling, briefing, checkpointing. After
// each kill the store must open and list its stories; after a last,
// complete run: every input article stored once, each in exactly one
// story (the one it records), no story empty or left unbriefed, the dedup
// index knowing every stored article (an exact copy of each sampled one is
// marked as a copy), and the stories agreeing with a clean run's (B-cubed
// F1 ≥ 0.99). Then SIGINT and SIGTERM must stop a run with 130 and 143
// and a message, and the store must complete on a re-run.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for a minute")
	}
	dir := t.TempDir()
	crashSafety(t, dir, crashKills, func(name string) string { return filepath.Join(dir, name+".db") })
}

// crashKillsPostgres is the number of SIGKILLs of TestCrashSafetyPostgres:
// fewer than on SQLite, whose test already kills every phase of a run;
// this one checks that the server's side (a dropped connection's
// transaction and advisory lock) leaves the same guarantees.
const crashKillsPostgres = 8

// TestCrashSafetyPostgres is TestCrashSafety on Postgres stores (a schema
// each).
func TestCrashSafetyPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for a minute")
	}
	crashSafety(t, t.TempDir(), crashKillsPostgres, func(string) string { return pgtest.Schema(t) })
}

// crashSafety runs the crash test with files in dir, landing kills
// SIGKILLs (unless STORYLINE_CRASH_KILLS says otherwise) in runs over
// stores that newDB makes (a new, empty one for each name).
func crashSafety(t *testing.T, dir string, kills int, newDB func(name string) string) {
	corpus, lines := corpusLines(t, dir, "basil-dev", "ecbplus-dev", "multinews-val")
	bin := storylineBin(t)
	t.Setenv("STORYLINE_CHECKPOINT_MIN", "400") // checkpoints in every run, for kills to meet

	cleanDB := newDB("clean")
	start := time.Now()
	runOK(t, bin, "run", "-q", "--db", cleanDB, corpus)
	full := time.Since(start)
	clean := readState(t, cleanDB)
	checkPlaced(t, clean)

	seed, kills := envInt("STORYLINE_CRASH_SEED", 1), envInt("STORYLINE_CRASH_KILLS", kills)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	landed := 0
	var db string
	for round := 0; landed < kills; round++ {
		// A round kills runs on a new store until one finishes.
		db = newDB("crash-" + strconv.Itoa(round))
		n := 0
		for ; ; n++ {
			delay := time.Duration(float64(full) * (0.02 + 0.9*rng.Float64()))
			if !killRun(t, bin, db, corpus, delay, syscall.SIGKILL) {
				break
			}
			runOK(t, bin, "stories", "--db", db) // the store is never refused
		}
		landed += n
		crashed := readState(t, db)
		checkPlaced(t, crashed)
		if len(crashed.story) != len(clean.story) {
			t.Errorf("round %d: %d articles stored after the crashes, %d by a clean run", round, len(crashed.story), len(clean.story))
		}
		f1 := agreement(clean.story, crashed.story)
		t.Logf("round %d: %d kills, then a complete run; stories against a clean run's: B-cubed F1 %.4f", round, n, f1)
		if f1 < 0.99 {
			t.Errorf("round %d: crashed and re-run stories agree with a clean run's at B-cubed F1 %.4f, want ≥ 0.99", round, f1)
		}
	}
	t.Logf("clean run %v; %d kills in all", full.Round(time.Millisecond), landed)
	checkCopiesFound(t, bin, db, dir, sampleLines(lines, 10))

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			db := newDB("signal-" + strconv.Itoa(int(sig)))
			code, stderr := signalRun(t, bin, db, corpus, full/3, sig)
			if code != 128+int(sig) || !strings.Contains(stderr, "stopped by") {
				t.Errorf("exit %d, stderr %q; want %d and a message", code, stderr, 128+int(sig))
			}
			runOK(t, bin, "run", "-q", "--db", db, corpus)
			st := readState(t, db)
			checkPlaced(t, st)
			if len(st.story) != len(clean.story) {
				t.Errorf("%d articles stored, %d by a clean run", len(st.story), len(clean.story))
			}
		})
	}
}

// killRun starts a run and sends sig after delay; it reports whether the
// signal landed before the run finished.
func killRun(t *testing.T, bin, db, corpus string, delay time.Duration, sig syscall.Signal) bool {
	t.Helper()
	cmd := exec.Command(bin, "run", "-q", "--db", db, corpus)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run before its kill: %v", err)
		}
		return false
	case <-time.After(delay):
	}
	_ = cmd.Process.Signal(sig)
	err := <-done
	var ee *exec.ExitError
	return errors.As(err, &ee) && !ee.Exited()
}

// signalRun starts a run, sends sig after delay and returns its exit code
// and standard error.
func signalRun(t *testing.T, bin, db, corpus string, delay time.Duration, sig syscall.Signal) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "run", "-q", "--db", db, corpus)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(sig)
	_ = cmd.Wait()
	return cmd.ProcessState.ExitCode(), stderr.String()
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
