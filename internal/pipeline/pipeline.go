// Package pipeline runs storyline's stages in order over a store: read
// inputs, clean and analyse them in parallel, then, a chunk at a time in
// input order, detect near-duplicates, assign stories and commit the
// chunk with its journal entries in one transaction; finally settle the
// run's lone articles and write the brief of every story that changed.
// The store is the truth and the indexes are derived from it (index.go),
// so that a crash loses nothing and several processes can write one
// store. It is the only package that knows every stage; cmd/storyline and
// internal/web drive it.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/analyze"
	"github.com/storyline/storyline/internal/brief"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/text"
)

// Options configure a pipeline. Zero values take the defaults of
// DefaultOptions.
type Options struct {
	Ingest  ingest.Options
	Clean   clean.Options
	Analyze analyze.Options
	Dedup   dedup.Options
	Cluster cluster.Options
	Brief   brief.Options
	// Workers clean and analyse articles in parallel (default GOMAXPROCS).
	Workers int
	// Chunk is the number of articles cleaned between two updates of the
	// learned boilerplate (default 256). Chunks keep the output independent
	// of goroutine timing: every article of a chunk sees the same
	// statistics, those of the articles stored before the chunk.
	Chunk int
	// SingleStory puts every article of the run into one story (storyline
	// brief) instead of clustering.
	SingleStory bool
	// NoBriefs skips writing briefs (storyline ingest).
	NoBriefs bool
	// Settle looks again, at the end of a run, at the run's articles the
	// clusterer left alone in a story (cluster.Settle; on by default).
	// It takes the end of the run for the end of the batch: right for a
	// run over a folder of articles, wrong for a feed watcher or an API
	// whose runs are a few articles each, where a story's first article
	// is often alone when its run ends (measured with
	// ./internal/tools/trainclusters -halves). Those turn it off.
	Settle bool
	// Speculate places each chunk outside the write transaction, while
	// the previous chunk commits, and checks at its commit that no other
	// process wrote in between (its journal position): the run's two
	// sequential stages, placing and storing, then overlap, as they must
	// for a bulk run to keep its speed. After a conflict the chunk is
	// placed again inside its transaction, as every later chunk of the
	// run. Runs of a few articles each (the HTTP API, feeds), which meet
	// other writers more often, place inside the transaction from the
	// start.
	Speculate bool
	// Leftovers bounds how many dirty stories of other runs (an
	// interrupted run's, or another process's in flight) a run briefs
	// besides its own (0: all of them). The HTTP API and feeds set a small
	// bound, so that a request never pays for a whole interrupted run.
	Leftovers int
	// CheckpointMin is the fewest journal entries between two checkpoints
	// of the indexes (default 4096); a checkpoint also waits for the
	// journal to grow by a share of the articles indexed (see
	// checkpointShare), so that saving one costs a constant amount per
	// article however large the store.
	CheckpointMin int
	// Paged opens the indexes paged (see index.go) when the stored pages
	// are current, instead of loading them whole: for one-shot processes
	// (storyline ingest, run), whose first articles then cost the same on
	// a large store as on an empty one. Processes that live long (serve,
	// watch) load them whole once.
	Paged bool
	// PagesEvery spaces the writes of the index pages (see index.go) of a
	// process holding the whole indexes: 0 writes them at the end of every
	// run; a process taking a few articles at a time (serve, watch) writes
	// them when a run ends PagesEvery after the last write, and on Close.
	PagesEvery time.Duration
	// Notice, when set, receives what a user waiting for a slow step
	// should know (opening replays a long journal tail).
	Notice func(msg string)
	// Progress, when set, is told how far a run has got: each time a
	// chunk is committed (StageReading: inputs read so far, stored or
	// not) and each time a brief is written (StageBriefing).
	Progress func(Progress)
	// Output, when set, receives every story of a run (Result.Stories)
	// as the run writes its brief, so that a caller printing the stories
	// need not read back what the run has just computed.
	Output *Output
}

// Progress is how far a run has got in one stage: Done of Total items
// (Total 0 when the stage does not know it; reading does not).
type Progress struct {
	Stage       string
	Done, Total int
}

// The stages Progress reports.
const (
	StageReading  = "reading"  // inputs cleaned, analysed, placed and stored
	StageBriefing = "briefing" // stories whose brief was written
)

// Output receives the stories of a run in the order of Result.Stories:
// Render runs on the brief workers, Print on one goroutine in that order.
// A story the run did not change (its articles were all stored before) is
// read from the store, its articles without their analysis where the
// store can do so. An error from either stops the run.
type Output struct {
	Render func(s *storyline.Story, members []*storyline.Article) ([]byte, error)
	Print  func([]byte) error
}

// DefaultOptions returns the options storyline uses.
func DefaultOptions() Options {
	return Options{
		Ingest:  ingest.DefaultOptions(),
		Clean:   clean.DefaultOptions(),
		Analyze: analyze.DefaultOptions(),
		Dedup:   dedup.DefaultOptions(),
		Cluster: cluster.DefaultOptions(),
		Brief:   brief.DefaultOptions(),
		Workers: runtime.GOMAXPROCS(0),
		Chunk:   256,
		Settle:  true,

		Speculate:     true,
		CheckpointMin: 4096,
	}
}

// Result reports what a run did.
type Result struct {
	New       int                    // articles stored by this run
	Duplicate int                    // inputs already stored (same id): nothing changed
	Rejected  int                    // inputs that could not be used (see Errors)
	Errors    []storyline.InputError // one per rejected input, in input order
	Articles  []string               // ids of every usable input article, in input order
	Stories   []string               // ids of the stories holding Articles, in order of first appearance
	Changed   []string               // ids of the stories this run changed, sorted
}

// Pipeline ingests articles into a store. It keeps a copy of the dedup
// and cluster indexes in memory, brought up to date with the store's
// journal in every write transaction (see index.go for the state model).
// It is not safe for concurrent use within a process (the HTTP server
// serialises); any number of processes may share one store.
type Pipeline struct {
	store storyline.Store
	opts  Options
	idx   *index // nil after a failed write: loaded again by the next run
	// conflicts counts the speculative chunks that met another writer
	// (see Options.Speculate).
	conflicts int
	flushed   time.Time // when the index pages were last written
	mu        sync.Mutex
	// stems holds the idle stem caches of the cleaning workers (one
	// map[lang]*text.StemCache per worker). Unlike a sync.Pool it keeps
	// them across garbage collections, which would empty the caches.
	stems chan map[string]*text.StemCache
}

// stemCacheSize bounds each worker's stem cache per language (a few MB).
const stemCacheSize = 1 << 16

// Open loads the pipeline's indexes from the store: its checkpoint and
// the journal after it.
func Open(ctx context.Context, store storyline.Store, opts Options) (*Pipeline, error) {
	p := OpenEmpty(store, opts)
	if opts.Paged {
		p.idx = nil // opened by the first transaction that writes
		return p, nil
	}
	var err error
	if p.idx, err = loadIndex(ctx, store, p.opts); err != nil {
		return nil, err
	}
	return p, nil
}

// OpenEmpty is Open with empty indexes, for Repair, which derives its
// own from the stored articles (and must work where loading the stored
// ones fails).
func OpenEmpty(store storyline.Store, opts Options) *Pipeline {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Chunk <= 0 {
		opts.Chunk = 256
	}
	if opts.CheckpointMin <= 0 {
		opts.CheckpointMin = DefaultOptions().CheckpointMin
	}
	return &Pipeline{store: store, opts: opts, stems: make(chan map[string]*text.StemCache, opts.Workers),
		idx: newIndex(opts)}
}

// Close saves a checkpoint when the journal has grown enough since the
// last one. Nothing else is pending: every run commits as it goes.
func (p *Pipeline) Close(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.opts.PagesEvery > 0 && !p.opts.Cluster.Follow { // the last runs' pages may not be written
		if err := p.flushPages(ctx); err != nil {
			return err
		}
	}
	return p.maybeCheckpoint(ctx, checkpointShare)
}

// maybeCheckpoint saves a checkpoint when one is due (index.due).
func (p *Pipeline) maybeCheckpoint(ctx context.Context, share int) error {
	if p.opts.Cluster.Follow || p.idx == nil || p.idx.paged() || !p.idx.due(p.opts.CheckpointMin, share) {
		return nil
	}
	if err := p.idx.checkpoint(ctx, p.batch, share == checkpointShare && !ephemeral(p.store)); err != nil {
		p.idx = nil // its changed pages may not be stored: load again
		return err
	}
	return nil
}

// flushPages writes the pages the whole indexes changed, after catching up
// with the journal (a paged index wrote its own in each transaction).
func (p *Pipeline) flushPages(ctx context.Context) error {
	if p.idx == nil || p.idx.paged() || ephemeral(p.store) {
		return nil
	}
	wctx := context.WithoutCancel(ctx)
	err := p.batch(wctx, func(tx storyline.Store) error {
		if err := p.catchUp(wctx, tx); err != nil {
			return err
		}
		return p.idx.flush(wctx, tx)
	})
	if err != nil {
		p.idx = nil
		return err
	}
	p.flushed = time.Now()
	return nil
}

// Ingest reads the inputs (paths, directories, "-" for stdin) and runs
// every stage over them.
func (p *Pipeline) Ingest(ctx context.Context, inputs []string, stdin io.Reader) (*Result, error) {
	return p.run(ctx, func(emit func(storyline.RawArticle) error, report func(storyline.InputError)) error {
		return ingest.Read(ctx, inputs, stdin, p.opts.Ingest, emit, report)
	})
}

// IngestRaw runs every stage over articles already read (HTTP API, feeds).
func (p *Pipeline) IngestRaw(ctx context.Context, raws []storyline.RawArticle) (*Result, error) {
	return p.run(ctx, func(emit func(storyline.RawArticle) error, _ func(storyline.InputError)) error {
		for _, r := range raws {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// item is one input on its way through the stages: either an article, an
// input already stored (found by its id before cleaning), or the error
// that rejected it.
type item struct {
	raw     storyline.RawArticle
	article *storyline.Article
	stored  string // id of an input already stored
	err     *storyline.InputError
}

// stageChunk is one chunk on its way through the stages, with the signals
// that order the stages of neighbouring chunks.
type stageChunk struct {
	items []item
	// nextPrepared is closed when the following chunk is cleaned (or when
	// there is none): only then may this chunk's lines be written.
	nextPrepared chan struct{}
	// linesWritten is closed when this chunk's lines are in the store (or
	// the run is failing): the chunk two steps later waits for it.
	linesWritten chan struct{}
}

// linesJob is what the sequential stage hands to the lines writer: the
// learned-boilerplate records of one committed chunk.
type linesJob struct {
	chunk *stageChunk
	lines []lineRecord
}

// Interrupted is the error of a run stopped by its context (Ctrl-C,
// SIGTERM): what it committed before stopping stays, consistent.
type Interrupted struct {
	Stored int   // new articles committed
	Read   int   // inputs read
	Err    error // the context's error
}

func (e *Interrupted) Error() string {
	return fmt.Sprintf("interrupted after storing %d new articles of %d inputs read; what was stored is kept, run again to continue", e.Stored, e.Read)
}

func (e *Interrupted) Unwrap() error { return e.Err }

// runState is what one run accumulates.
type runState struct {
	res           *Result
	changed       map[string]bool
	storySeen     map[string]bool
	seen          map[string]bool
	singleMembers []string
	read          int
}

func newRunState() *runState {
	return &runState{res: &Result{}, changed: map[string]bool{}, storySeen: map[string]bool{}, seen: map[string]bool{}}
}

// result is the run's Result with its changed stories listed, in order.
func (rs *runState) result() *Result {
	for id := range rs.changed {
		rs.res.Changed = append(rs.res.Changed, id)
	}
	sort.Strings(rs.res.Changed)
	return rs.res
}

// member records the story of an input article: its clustered story, or
// for storyline brief the one story that will hold them all.
func (p *Pipeline) member(rs *runState, id, story string) {
	switch {
	case p.opts.SingleStory:
		rs.singleMembers = append(rs.singleMembers, id)
	case !rs.storySeen[story]:
		rs.storySeen[story] = true
		rs.res.Stories = append(rs.res.Stories, story)
	}
}

func (p *Pipeline) run(ctx context.Context, read func(emit func(storyline.RawArticle) error, report func(storyline.InputError)) error) (*Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rs := newRunState()
	err := p.placeAll(ctx, rs, read)
	if err == nil && p.opts.Settle {
		err = p.settle(ctx, rs)
	}
	if err == nil && time.Since(p.flushed) >= p.opts.PagesEvery {
		err = p.flushPages(ctx)
	}
	if err == nil {
		err = p.finish(ctx, rs)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, &Interrupted{Stored: rs.res.New, Read: rs.read, Err: ctx.Err()}
		}
		return nil, err
	}
	if err := p.maybeCheckpoint(ctx, checkpointShare); err != nil {
		return nil, err
	}
	return rs.res, nil
}

// placeAll reads, cleans, places and stores the run's articles, a chunk
// at a time.
func (p *Pipeline) placeAll(ctx context.Context, rs *runState, read func(emit func(storyline.RawArticle) error, report func(storyline.InputError)) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks, readErr := p.readChunks(ctx, read)
	prepared := p.prepareChunks(ctx, chunks)

	// The lines writer: the lines the cleaner learns from, written once the
	// next chunk is cleaned.
	jobs := make(chan linesJob, 1)
	writeErr := make(chan error, 1)
	go func() {
		var failed error
		for job := range jobs {
			if failed == nil {
				if failed = p.writeLines(ctx, job); failed != nil {
					cancel()
				}
			}
			close(job.chunk.linesWritten)
		}
		writeErr <- failed
	}()
	seqErr := p.commitAll(ctx, rs, prepared, jobs)
	if seqErr != nil {
		cancel()
		for c := range prepared { // drain: the preparer stops on the cancelled context
			close(c.linesWritten)
		}
	}
	close(jobs)
	if err := <-writeErr; err != nil {
		return err
	}
	if seqErr != nil {
		return seqErr
	}
	return <-readErr
}

// readChunks reads the inputs and input errors, in input order, cut into
// chunks.
func (p *Pipeline) readChunks(ctx context.Context, read func(emit func(storyline.RawArticle) error, report func(storyline.InputError)) error) (<-chan []item, <-chan error) {
	chunks := make(chan []item, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		var cur []item
		flush := func() error {
			if len(cur) == 0 {
				return nil
			}
			select {
			case chunks <- cur:
				cur = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := read(func(r storyline.RawArticle) error {
			cur = append(cur, item{raw: r})
			if len(cur) >= p.opts.Chunk {
				return flush()
			}
			return nil
		}, func(e storyline.InputError) {
			cur = append(cur, item{err: &e})
		})
		if err == nil {
			err = flush()
		}
		readErr <- err
	}()
	return chunks, readErr
}

// prepareChunks cleans and analyses the chunks. Cleaning chunk k+1
// overlaps with placing and storing chunk k. The lines the cleaner learns
// from are written only after the next chunk is cleaned, and a chunk is
// cleaned only after the lines of the chunk two steps back are written,
// so every chunk sees exactly the lines of the chunks two steps back,
// whatever the timing.
func (p *Pipeline) prepareChunks(ctx context.Context, chunks <-chan []item) <-chan *stageChunk {
	prepared := make(chan *stageChunk, 1)
	go func() {
		defer close(prepared)
		var prev, prev2 *stageChunk
		defer func() {
			if prev != nil {
				close(prev.nextPrepared)
			}
		}()
		for items := range chunks {
			c := &stageChunk{items: items, nextPrepared: make(chan struct{}), linesWritten: make(chan struct{})}
			if prev2 != nil {
				select {
				case <-prev2.linesWritten:
				case <-ctx.Done():
				}
			}
			if ctx.Err() != nil {
				return
			}
			p.prepare(ctx, c.items)
			if prev != nil {
				close(prev.nextPrepared)
			}
			prev2, prev = prev, c
			select {
			case prepared <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	return prepared
}

// finish gives the run's single story its members (storyline brief) and
// writes the briefs of the stories the run changed, and of any story an
// interrupted run left without its brief.
func (p *Pipeline) finish(ctx context.Context, rs *runState) error {
	if p.opts.SingleStory && len(rs.singleMembers) > 0 {
		if err := p.assignSingle(ctx, rs); err != nil {
			return err
		}
	}
	res := rs.result()
	switch {
	case !p.opts.NoBriefs && p.opts.Output != nil:
		// The run's stories that an interrupted run left dirty are briefed
		// again too.
		dirty, err := p.store.Dirty(ctx, res.Stories, 0)
		if err != nil {
			return fmt.Errorf("pipeline: %w", err)
		}
		brief := maps.Clone(rs.changed)
		for id := range dirty {
			brief[id] = true
		}
		if err := p.refresh(ctx, res.Stories, brief, p.opts.Output); err != nil {
			return err
		}
	case !p.opts.NoBriefs:
		if err := p.Refresh(ctx, res.Changed); err != nil {
			return err
		}
	default:
		return p.refreshMembership(ctx, res.Changed)
	}
	return p.refreshDirty(ctx, rs.changed, p.opts.Leftovers)
}

// refreshDirty writes the briefs of the dirty stories not in skip, the
// first limit of them by id (0: all): an interrupted run's, or another
// process's in flight (briefing those twice is harmless).
func (p *Pipeline) refreshDirty(ctx context.Context, skip map[string]bool, limit int) error {
	dirty, err := p.store.Dirty(ctx, nil, limit)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	var left []string
	for id := range dirty {
		if !skip[id] {
			left = append(left, id)
		}
	}
	sort.Strings(left)
	return p.Refresh(ctx, left)
}

// assignSingle puts every article of a `storyline brief` run into one
// story.
func (p *Pipeline) assignSingle(ctx context.Context, rs *runState) error {
	singleStory := SingleStoryID(rs.singleMembers)
	rs.res.Stories = []string{singleStory}
	rs.changed[singleStory] = true
	for _, id := range rs.singleMembers {
		a, err := p.store.Article(ctx, id)
		if err != nil {
			return fmt.Errorf("pipeline: %w", err)
		}
		if a.StoryID != singleStory {
			if err := p.store.Assign(ctx, id, singleStory, a.DuplicateOf); err != nil {
				return fmt.Errorf("pipeline: %w", err)
			}
		}
	}
	return nil
}

// writeLines stores the lines of a committed chunk, once the next chunk
// is cleaned (unless ctx is cancelled by then).
func (p *Pipeline) writeLines(ctx context.Context, job linesJob) error {
	select {
	case <-job.chunk.nextPrepared:
	case <-ctx.Done():
		return nil
	}
	if len(job.lines) == 0 || ctx.Err() != nil {
		return nil
	}
	return p.batch(ctx, func(st storyline.Store) error {
		for _, l := range job.lines {
			if err := st.AddLines(ctx, l.source, l.id, l.hashes); err != nil {
				return fmt.Errorf("pipeline: store lines of %s: %w", l.id, err)
			}
		}
		return nil
	})
}

// SingleStoryID names the story of `storyline brief` after its articles.
func SingleStoryID(ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	return "b-" + clean.ContentID(storyline.RawArticle{Raw: []byte(fmt.Sprint(s))})[:16]
}

// prepare cleans and analyses the articles of a chunk in parallel. Results
// do not depend on timing: each article is a function of its input and of
// the store as it was before the chunk.
func (p *Pipeline) prepare(ctx context.Context, chunk []item) {
	copts := p.opts.Clean
	copts.Boilerplate = boilerplate{ctx: ctx, store: p.store}
	p.markStored(ctx, chunk)
	ForEach(p.opts.Workers, len(chunk), func(i int) {
		it := &chunk[i]
		if it.err != nil || it.stored != "" {
			return
		}
		a, err := p.prepareOne(it.raw, copts)
		if err != nil {
			it.err = &storyline.InputError{Input: it.raw.Input, Error: storyline.ErrorMessage(err)}
			return
		}
		it.article = a
	})
}

// markStored marks the inputs whose id (clean.ContentID, known before
// cleaning) is already stored: they are not cleaned again, so re-running
// an input is a no-op that reports them as already stored, whatever the
// cleaner has learned since. Articles are never removed, so the answer
// stays true; the articles cleaned are checked again when placed.
func (p *Pipeline) markStored(ctx context.Context, chunk []item) {
	ids := make([]string, len(chunk))
	for i, it := range chunk {
		if it.err == nil {
			ids[i] = clean.ContentID(it.raw)
		}
	}
	has, err := p.store.HasArticles(ctx, ids)
	if err != nil {
		return // clean them all; the commit sorts them out
	}
	for i := range chunk {
		if has[ids[i]] {
			chunk[i].stored = ids[i]
		}
	}
}

// ForEach calls fn(i) for every i in [0, n) on the given number of
// goroutines and returns when all calls are done. fn must only write to
// slot i of whatever it fills, so that the result does not depend on
// which worker ran which index.
func ForEach(workers, n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// prepareOne runs clean and analyze on one input, turning a panic in any
// stage into an error for that input alone.
func (p *Pipeline) prepareOne(raw storyline.RawArticle, copts clean.Options) (*storyline.Article, error) {
	var a *storyline.Article
	err := Safely("analyze", raw.Input, func() error {
		var err error
		if a, err = clean.Clean(raw, copts); err != nil {
			return err
		}
		p.analyze(a)
		if idx, ok := p.store.(storyline.SearchIndexer); ok {
			a.SearchIndex = idx.SearchIndex(a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Safely runs fn and turns a panic in it into an internal error for that
// input alone, so that one hostile input never stops a run.
func Safely(op, input string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &storyline.Error{Code: storyline.EINTERNAL, Op: op, Input: input, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	return fn()
}

// PrepareOne cleans and analyses one input with the default options, as a
// run prepares it before storing (without the boilerplate a store has
// learned): what the tools that train and diagnose on the development
// sets feed the clusterer.
func PrepareOne(raw storyline.RawArticle) (*storyline.Article, error) {
	a, err := clean.Clean(raw, clean.DefaultOptions())
	if err != nil {
		return nil, err
	}
	Analyze(a, analyze.DefaultOptions())
	return a, nil
}

// Analyze runs the text analysis of a cleaned article: sentences, tokens,
// entities, figures, quotes, dates.
func Analyze(a *storyline.Article, opts analyze.Options) {
	a.Sentences = text.Sentences(a.Text)
	a.Tokens = text.Tokens(a.Text, a.Lang)
	analyze.Analyze(a, opts)
}

// analyze is Analyze with the stems of the worker's earlier articles
// remembered: the result is the same, for less work.
func (p *Pipeline) analyze(a *storyline.Article) {
	var caches map[string]*text.StemCache
	select {
	case caches = <-p.stems:
	default:
		caches = map[string]*text.StemCache{}
	}
	c := caches[a.Lang]
	if c == nil {
		c = text.NewStemCache(a.Lang, stemCacheSize)
		caches[a.Lang] = c
	}
	a.Sentences = text.Sentences(a.Text)
	a.Tokens = text.TokensCached(a.Text, c)
	analyze.Analyze(a, p.opts.Analyze)
	select {
	case p.stems <- caches:
	default: // more workers than slots: let it go
	}
}

// ephemeral reports whether the store keeps nothing after it is closed
// (an in-memory database), which makes its index pages useless.
func ephemeral(st storyline.Store) bool {
	e, ok := st.(interface{ Ephemeral() bool })
	return ok && e.Ephemeral()
}

// batcher is a store that can group writes into one transaction.
type batcher interface {
	Batch(ctx context.Context, fn func(tx storyline.Store) error) error
}

// batch runs fn over one write transaction when the store offers them.
func (p *Pipeline) batch(ctx context.Context, fn func(st storyline.Store) error) error {
	if b, ok := p.store.(batcher); ok {
		return b.Batch(ctx, fn)
	}
	return fn(p.store)
}

// lineRecord is the learned-boilerplate record of one stored article.
type lineRecord struct {
	source, id string
	hashes     []uint64
}

// CatchUp brings the in-memory indexes up to the store's journal, so that
// a later Refresh has that much less to replay before it links stories:
// a brief worker that holds its announcements during a burst follows the
// journal meanwhile instead of replaying all of it when the burst ends.
func (p *Pipeline) CatchUp(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.catchUp(ctx, p.store)
}

// Refresh rewrites the membership and the brief of the given stories. A
// reader loads each story's articles, workers write the briefs in parallel
// and the stories are stored, in the given order, in groups of one
// transaction; the three overlap. Each brief depends on its story's
// articles alone, so the result does not depend on timing.
func (p *Pipeline) Refresh(ctx context.Context, stories []string) error {
	return p.refresh(ctx, stories, nil, nil)
}

// refresh is Refresh with an output. With changed set, only the stories it
// marks get a new brief; the others are read from the store for out. Each
// story goes to out (when set) once its brief is written.
func (p *Pipeline) refresh(ctx context.Context, stories []string, changed map[string]bool, out *Output) error {
	const group = 64
	type task struct {
		story   *storyline.Story // stored story, for one that keeps its brief
		id      string
		members []*storyline.Article
		links   []cluster.Link
	}
	type done struct {
		story   *storyline.Story
		write   bool
		printed []byte
	}
	// Every change up to asOf is committed before the articles are read.
	asOf, err := p.store.LastLSN(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	links, err := p.relatedLinks(ctx, stories, changed)
	if err != nil {
		return err
	}
	var writeErr error
	briefed := 0
	pending := make([]*storyline.Story, 0, group)
	flush := func() {
		if writeErr != nil || len(pending) == 0 {
			return
		}
		writeErr = p.batch(ctx, func(st storyline.Store) error {
			for _, s := range pending {
				if err := putStory(ctx, st, s, asOf); err != nil {
					return err
				}
			}
			return nil
		})
		pending = pending[:0]
	}
	err = Ordered(ctx, len(stories), p.opts.Workers, group,
		func(ctx context.Context, i int) (task, error) {
			id := stories[i]
			if changed == nil || changed[id] {
				arts, err := p.store.Articles(ctx, storyline.ArticleFilter{Story: id})
				if err != nil {
					return task{}, fmt.Errorf("pipeline: brief %s: %w", id, err)
				}
				return task{id: id, members: arts, links: links[id]}, nil
			}
			s, arts, err := storyline.LoadStory(ctx, p.store, id)
			if storyline.ErrorCode(err) == storyline.ENOTFOUND {
				// Never briefed (a run stopped before its briefs): brief it.
				arts, err = p.store.Articles(ctx, storyline.ArticleFilter{Story: id})
				s = nil
			}
			if err != nil {
				return task{}, fmt.Errorf("pipeline: story %s: %w", id, err)
			}
			return task{story: s, id: id, members: arts}, nil
		},
		func(_ context.Context, t task) (done, error) {
			d := done{story: t.story}
			if d.story == nil {
				d.write = true
				d.story = storyFrom(t.id, t.members)
				if len(t.members) > 0 {
					d.story.Brief, d.story.Headline = brief.BuildWithHeadline(t.members, p.opts.Brief)
					d.story.Brief.Related = related(t.links, d.story.Brief.Entities, t.members[0].Lang)
				}
			}
			if out != nil {
				b, err := out.Render(d.story, t.members)
				if err != nil {
					return d, fmt.Errorf("pipeline: story %s: %w", t.id, err)
				}
				d.printed = b
			}
			return d, nil
		},
		func(d done) error {
			briefed++
			if p.opts.Progress != nil {
				p.opts.Progress(Progress{Stage: StageBriefing, Done: briefed, Total: len(stories)})
			}
			if d.write {
				pending = append(pending, d.story)
				if len(pending) == group {
					flush()
				}
			}
			if writeErr == nil && out != nil {
				return out.Print(d.printed)
			}
			return writeErr // stops the reader and the workers
		})
	flush() // the stories read before a failed read are stored too
	if writeErr != nil {
		return writeErr
	}
	if err != nil {
		return err
	}
	return p.linkBack(ctx, links, asOf)
}

// putStory stores a story with its new brief as of journal position
// asOf, or deletes it when it has no article left (settling moved its
// only one), and clears its dirty mark unless a later change renewed it.
// A story stored by another writer as of a later position is kept.
func putStory(ctx context.Context, st storyline.Store, s *storyline.Story, asOf int64) error {
	s.AsOf = asOf
	var err error
	if len(s.Articles) == 0 {
		err = st.DeleteStory(ctx, s.ID, asOf)
	} else {
		err = st.PutStory(ctx, s)
	}
	if err == nil {
		err = st.ClearDirty(ctx, s.ID, asOf)
	}
	if err != nil {
		return fmt.Errorf("pipeline: brief %s: %w", s.ID, err)
	}
	return nil
}

// refreshMembership updates the stories' membership, dates and sources, and
// keeps their old brief until the next Refresh.
func (p *Pipeline) refreshMembership(ctx context.Context, stories []string) error {
	asOf, err := p.store.LastLSN(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	for _, id := range stories {
		arts, err := p.store.Articles(ctx, storyline.ArticleFilter{Story: id})
		if err != nil {
			return fmt.Errorf("pipeline: story %s: %w", id, err)
		}
		if len(arts) == 0 { // settling moved its only article
			if err := p.store.DeleteStory(ctx, id, asOf); err != nil {
				return fmt.Errorf("pipeline: story %s: %w", id, err)
			}
			continue
		}
		s := storyFrom(id, arts)
		s.AsOf = asOf
		old, err := p.store.Story(ctx, id)
		if err != nil && storyline.ErrorCode(err) != storyline.ENOTFOUND {
			return fmt.Errorf("pipeline: story %s: %w", id, err)
		}
		if old != nil {
			s.Brief, s.Headline = old.Brief, old.Headline
		}
		if s.Headline == "" {
			// The brief's choice of headline needs the whole analysis; until
			// the next Refresh the first titled article names the story.
			for _, a := range arts {
				if a.Title != "" {
					s.Headline = a.Title
					break
				}
			}
		}
		if err := p.store.PutStory(ctx, s); err != nil {
			return fmt.Errorf("pipeline: story %s: %w", id, err)
		}
	}
	return nil
}

// storyFrom derives a story's membership, dates and outlets from its
// articles (in store order).
func storyFrom(id string, arts []*storyline.Article) *storyline.Story {
	s := &storyline.Story{ID: id}
	sources := map[string]bool{}
	for _, a := range arts {
		s.Articles = append(s.Articles, a.ID)
		if a.Seq > s.Updated {
			s.Updated = a.Seq
		}
		if !a.Published.IsZero() {
			if s.First.IsZero() || a.Published.Before(s.First) {
				s.First = a.Published
			}
			if a.Published.After(s.Last) {
				s.Last = a.Published
			}
		}
		if name, key := storyline.Outlet(a); key != "" && !sources[key] {
			sources[key] = true // "Northgate Tribune" and northgatetribune.example are one
			s.Sources = append(s.Sources, name)
		}
	}
	sort.Strings(s.Sources)
	return s
}

// boilerplate adapts the store to the cleaner's line statistics.
type boilerplate struct {
	ctx   context.Context
	store storyline.Store
}

func (b boilerplate) LineCounts(source string, hashes []uint64) map[uint64]int {
	if source == "" || len(hashes) == 0 {
		return nil
	}
	m, err := b.store.LineCounts(b.ctx, source, hashes)
	if err != nil {
		return nil // learning is an aid: without it the classifier still works
	}
	return m
}

func (b boilerplate) SourceArticles(source string) int {
	if source == "" {
		return 0
	}
	n, err := b.store.SourceArticles(b.ctx, source)
	if err != nil {
		return 0
	}
	return n
}
