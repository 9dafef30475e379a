// Command storyline turns raw news articles into stories with cited,
// extractive, cross-source briefs. See README.md and CONTRACT.md for the
// commands; this file wires them. main is thin: run is testable in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/sqlite"
)

// defaultMemoryLimit is the soft memory limit of the Go runtime when
// GOMEMLIMIT is not set.
const defaultMemoryLimit = 1100 << 20

// version is set at build time with -ldflags "-X main.version=...".
var version = devVersion

// devVersion is the version of the source tree between releases.
const devVersion = "0.1.0-dev"

func main() {
	ctx, stop := signalContext()
	defer stop()
	// A soft memory limit makes the collector work harder instead of
	// letting the heap double past the live data: a 100k-article run then
	// peaks near 1.3 GB instead of 1.8 GB at the same speed. GOMEMLIMIT
	// overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	// STORYLINE_CPUPROFILE=FILE writes a CPU profile of the command, for
	// finding where a slow run spends its time; "{pid}" in FILE becomes
	// the process id, so that the workers of a deployment write one each.
	if path := os.Getenv("STORYLINE_CPUPROFILE"); path != "" {
		path = strings.ReplaceAll(path, "{pid}", strconv.Itoa(os.Getpid()))
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	if path := os.Getenv("STORYLINE_TRACE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if trace.Start(f) == nil {
				defer trace.Stop()
			}
		}
	}
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	trace.Stop()
	// STORYLINE_MEMPROFILE=FILE writes what the command allocated, by
	// call site (go tool pprof -sample_index=alloc_space), for finding
	// what keeps the garbage collector busy.
	if path := os.Getenv("STORYLINE_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(exitCode(err, context.Cause(ctx), os.Stderr))
}

// signalled is the cause of a context cancelled by a signal.
type signalled struct{ sig syscall.Signal }

func (s signalled) Error() string { return "stopped by " + s.sig.String() }

// signalContext returns a context cancelled, with a signalled cause, by
// the first SIGINT or SIGTERM: a run then stops cleanly after the chunk
// it is committing. A second signal exits at once (what was committed
// stays consistent: every chunk is one transaction).
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s, ok := <-sigs
		if !ok {
			return
		}
		sig, _ := s.(syscall.Signal)
		cancel(signalled{sig})
		if _, ok := <-sigs; ok {
			os.Exit(128 + int(sig))
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
}

// usageError marks bad usage (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitCode prints err and maps it to the contract's exit statuses: 0
// success, 1 the run failed, 2 bad usage, 128 + the signal's number when
// a signal (cause) stopped it: 130 for Ctrl-C, 143 for SIGTERM.
func exitCode(err, cause error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var sig signalled
	if errors.As(cause, &sig) { // whatever the stopped step reported
		fmt.Fprintf(stderr, "storyline: %s: %v\n", sig, err)
		return 128 + int(sig.sig)
	}
	fmt.Fprintln(stderr, "storyline:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// app carries what every command needs: the standard streams and the
// environment. Only cmd/ reads flags and environment variables.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// longLived is set by the commands that run until stopped (serve,
	// watch): their store keeps SQLite's page cache, which a one-shot
	// command, reading a few scattered pages once, is faster without.
	longLived bool
}

// run executes one storyline command line.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	_, err := root.ExecuteContextC(ctx)
	return err
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "storyline",
		Short:         "Turn raw news articles into stories with cited, cross-source briefs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nrun '%s --help' for usage", err, c.CommandPath())}
	})
	root.AddCommand(
		a.newRunCmd(), a.newBriefCmd(), a.newExtractCmd(), a.newIngestCmd(),
		a.newStoriesCmd(), a.newShowCmd(), a.newRepairCmd(), a.newVersionCmd(),
	)
	a.addExtraCommands(root)
	return root
}

// defaultDB is the store used when --db is not given: $STORYLINE_DB (a
// path or a postgres:// URL), or storyline.db in the working directory.
func (a *app) defaultDB() string {
	if p := a.getenv("STORYLINE_DB"); p != "" {
		return p
	}
	return "storyline.db"
}

// openStore opens the store at path: a PostgreSQL database for a
// postgres:// URL (postgres.IsURL), else the embedded SQLite file
// (":memory:" for none).
func (a *app) openStore(ctx context.Context, path string) (storyline.Store, error) {
	if postgres.IsURL(path) {
		return a.openPostgres(ctx, path)
	}
	var opts []sqlite.Option
	if !a.longLived {
		opts = append(opts, sqlite.ShortLived())
	}
	db, err := sqlite.Open(ctx, path, opts...)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetWaitNotice(a.waitNotice(path))
	return db, nil
}

// openPostgres opens the Postgres store at url, creating its tables in
// the URL's schema when they are not there yet.
func (a *app) openPostgres(ctx context.Context, url string) (storyline.Store, error) {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err) // the error names the URL without its password
	}
	db.SetWaitNotice(a.waitNotice("the store"))
	return db, nil
}

// waitNotice is the notice of a writer that waits for another one.
func (a *app) waitNotice(store string) func() {
	return func() {
		fmt.Fprintf(a.stderr, "storyline: waiting for another writer of %s to finish its transaction\n", store)
	}
}

// openExisting opens a store that must exist already: the commands that
// only read (stories, show, feeds, a serve that takes no writes) never
// create a SQLite file, so a mistyped --db is an error, not an empty new
// store. A Postgres URL names a server and database that must exist.
func (a *app) openExisting(ctx context.Context, path string) (storyline.Store, error) {
	if path != ":memory:" && !postgres.IsURL(path) {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no store at %s; run storyline ingest first", path)
		}
	}
	return a.openStore(ctx, path)
}

// pipelineOptions are the pipeline's defaults, with the fewest journal
// entries between two checkpoints of the indexes from
// STORYLINE_CHECKPOINT_MIN when set (the crash test sets it low, so that
// its kills also land while checkpoints are written).
func (a *app) pipelineOptions() pipeline.Options {
	opts := pipeline.DefaultOptions()
	opts.Notice = func(msg string) { fmt.Fprintln(a.stderr, "storyline:", msg) }
	if n, err := strconv.Atoi(a.getenv("STORYLINE_CHECKPOINT_MIN")); err == nil && n > 0 {
		opts.CheckpointMin = n
	}
	return opts
}

// streamLeftovers is how many dirty stories of other runs a batch of the
// HTTP API or of feeds briefs besides its own: enough to catch up with an
// interrupted run over a few hundred requests, few enough that no request
// pays for all of it.
const streamLeftovers = 16

// streamOptions are the pipeline options for articles that arrive a few at
// a time (feeds, the HTTP API): the end of such a run is not the end of
// its stories, so it does not settle (see pipeline.Options.Settle).
func (a *app) streamOptions() pipeline.Options {
	opts := a.pipelineOptions()
	opts.Settle = false
	opts.Speculate = false
	opts.Leftovers = streamLeftovers
	opts.PagesEvery = streamPagesEvery
	return opts
}

// streamPagesEvery spaces the writes of the index pages of a process that
// takes articles a few at a time: writing them after every POST tripled
// its latency on a 100k store (p50 4.7 to 23-36 ms). Between writes the
// pages lag the journal, and a one-shot ingest meanwhile loads the whole
// indexes instead of reading pages.
const streamPagesEvery = 10 * time.Second

// streamIngester runs the articles that arrive a few at a time (the HTTP
// API, feeds) through one pipeline kept open over the store for the life
// of the command: each batch catches up with what other processes wrote
// inside its own write transaction, so a batch never loads the indexes
// again and costs the same on a large store as on an empty one. Batches
// run one at a time (the pipeline is not safe for concurrent use).
type streamIngester struct {
	store storyline.Store
	opts  pipeline.Options
	mu    sync.Mutex
	p     *pipeline.Pipeline
}

// open loads the pipeline's indexes now, so that the first batch does
// not wait for them (serve calls it in the background at start-up).
func (s *streamIngester) open(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		return nil
	}
	p, err := pipeline.Open(ctx, s.store, s.opts)
	if err != nil {
		return err
	}
	s.p = p
	return nil
}

// ingest runs the whole pipeline over articles already read: clean,
// analyse, dedup, cluster, store, refresh briefs.
func (s *streamIngester) ingest(ctx context.Context, raws []storyline.RawArticle) (*pipeline.Result, error) {
	if err := s.open(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p.IngestRaw(ctx, raws)
}

// close saves a checkpoint of the pipeline's indexes when one is due.
func (s *streamIngester) close(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		return nil
	}
	return s.p.Close(ctx)
}

// argsUsage requires at least one input argument.
func argsUsage(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Errorf("%s needs at least one input (file, directory or -)", c.CommandPath())}
	}
	return nil
}
