package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
)

// decision is what the sequential stage made of one input of a chunk.
type decision int

const (
	rejected decision = iota // it.err says why
	repeated                 // the same id earlier in this run
	stored                   // stored before this chunk
	added                    // stored by this chunk
)

// placed is one input's decision, with the story it is in.
type placed struct {
	what  decision
	id    string
	story string
}

// plan is what placing one chunk decided, before it is committed.
type plan struct {
	chunk   *stageChunk
	out     []placed
	news    []*storyline.Article
	entries []storyline.LogEntry
	lone    []string // new articles that are no copies, for settling
	base    int64    // journal position the placing started from
}

// errConflict is a speculative chunk's commit finding that another
// process wrote since the chunk was placed.
var errConflict = errors.New("pipeline: another process wrote to the store while a chunk was placed")

// commitChunk places and stores the articles of one cleaned chunk in one
// write transaction, on a context that outlives a cancelled run (so that
// a chunk is committed whole or not at all, and the in-memory indexes
// never run ahead of the store): it catches up with the journal, skips
// the ids already stored, marks copies and assigns stories, stores the
// new articles with their journal entries, marks their stories dirty
// and, when the run settles, records its lone articles as pending. The
// run's counts are updated only once the transaction commits.
func (p *Pipeline) commitChunk(ctx context.Context, rs *runState, c *stageChunk) (linesJob, error) {
	return p.commitChunkWith(ctx, rs, c, nil)
}

// commitChunkWith is commitChunk with inTx, when set, called last in the
// chunk's transaction with the articles the chunk adds.
func (p *Pipeline) commitChunkWith(ctx context.Context, rs *runState, c *stageChunk, inTx func(tx storyline.Store, added []*storyline.Article) error) (linesJob, error) {
	wctx := context.WithoutCancel(ctx)
	var pl *plan
	err := p.batch(wctx, func(tx storyline.Store) error {
		if err := p.catchUpFor(wctx, tx, len(c.items)); err != nil {
			return err
		}
		var err error
		if pl, err = p.place(wctx, tx, rs.seen, c); err != nil {
			return err
		}
		if err := p.write(wctx, tx, pl); err != nil {
			return err
		}
		if p.idx.paged() { // its pages are written with its changes
			if err := p.idx.flush(wctx, tx); err != nil {
				return err
			}
		}
		if inTx != nil {
			return inTx(tx, pl.news)
		}
		return nil
	})
	if err != nil {
		p.idx = nil // may hold what was rolled back: load again next run
		return linesJob{}, err
	}
	return p.committed(rs, pl), nil
}

// place decides every input of a chunk against the in-memory indexes
// (st answers which of the cleaned articles are stored by now; those
// found stored before cleaning stay stored, as articles are never
// removed): it skips the ids already stored or seen earlier in the run,
// and marks copies and assigns stories to the new articles. It changes
// the indexes but not the store or the run.
func (p *Pipeline) place(ctx context.Context, st storyline.Store, seen map[string]bool, c *stageChunk) (*plan, error) {
	items := c.items
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if it.article != nil {
			ids = append(ids, it.article.ID)
		}
	}
	has, err := st.HasArticles(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	pl := &plan{chunk: c, out: make([]placed, len(items)), base: p.idx.lsn}
	here := map[string]bool{}
	for i, it := range items {
		id := it.stored
		if it.article != nil {
			id = it.article.ID
		}
		switch {
		case it.err != nil:
			pl.out[i] = placed{what: rejected}
		case seen[id] || here[id]:
			pl.out[i] = placed{what: repeated}
		case it.stored != "" || has[id]:
			here[id] = true
			pl.out[i] = placed{what: stored, id: id}
		default:
			here[id] = true
			a := it.article
			if err := p.add(a); err != nil {
				return nil, err
			}
			pl.news = append(pl.news, a)
			pl.entries = append(pl.entries, storyline.LogEntry{Article: a.ID, Story: a.StoryID})
			pl.out[i] = placed{what: added, id: id, story: a.StoryID}
			if p.opts.Settle && !p.opts.SingleStory && a.DuplicateOf == "" {
				pl.lone = append(pl.lone, a.ID)
			}
		}
	}
	p.idx.lsn += int64(len(pl.entries)) // where the journal will stand once committed
	return pl, nil
}

// write stores a placed chunk in the transaction tx: the stories of the
// inputs already stored, the new articles, their journal entries (which
// must land where the placing expected them), dirty marks and pending
// articles. An article found stored already, or a journal that moved,
// means another process wrote since the placing: errConflict.
func (p *Pipeline) write(ctx context.Context, tx storyline.Store, pl *plan) error {
	if err := p.storiesOf(ctx, tx, pl); err != nil {
		return err
	}
	for _, a := range pl.news {
		created, err := tx.PutArticle(ctx, a)
		if err != nil {
			return fmt.Errorf("pipeline: store %s: %w", a.Input, err)
		}
		if !created {
			return errConflict
		}
	}
	return p.journal(ctx, tx, pl)
}

// committed updates the run with a committed chunk and returns the
// chunk's learned-boilerplate job.
func (p *Pipeline) committed(rs *runState, pl *plan) linesJob {
	job := linesJob{chunk: pl.chunk}
	for i, d := range pl.out {
		rs.read++
		switch d.what {
		case rejected:
			rs.res.Rejected++
			rs.res.Errors = append(rs.res.Errors, *pl.chunk.items[i].err)
			continue
		case repeated:
			rs.res.Duplicate++
			continue
		case stored:
			rs.res.Duplicate++
		case added:
			rs.res.New++
			for _, w := range pl.chunk.items[i].article.Warnings {
				rs.res.Errors = append(rs.res.Errors, storyline.InputError{Input: pl.chunk.items[i].raw.Input, Error: w, Warning: true})
			}
			if !p.opts.SingleStory {
				rs.changed[d.story] = true
			}
		}
		rs.seen[d.id] = true
		rs.res.Articles = append(rs.res.Articles, d.id)
		p.member(rs, d.id, d.story)
	}
	for _, a := range pl.news {
		if a.Source != "" {
			job.lines = append(job.lines, lineRecord{a.Source, a.ID, clean.LineHashes(a)})
		}
	}
	if p.opts.Progress != nil {
		p.opts.Progress(Progress{Stage: StageReading, Done: rs.read})
	}
	return job
}

// catchUp brings the in-memory indexes up to the store's journal
// (loading them when a failed write dropped them).
func (p *Pipeline) catchUp(ctx context.Context, st storyline.Store) error {
	return p.catchUpFor(ctx, st, 0)
}

// catchUpFor is catchUp before placing n articles: paged indexes that
// would then have placed more than pagedLimit are replaced by the whole
// ones.
func (p *Pipeline) catchUpFor(ctx context.Context, st storyline.Store, n int) error {
	var err error
	if p.idx == nil {
		p.idx, err = loadIndex(ctx, st, p.opts)
	} else {
		p.idx, err = p.idx.catchUp(ctx, st, p.opts)
	}
	if err == nil && p.idx.paged() && p.idx.added+n > pagedLimit(p.idx.dedup.Len()) {
		err = p.loadWhole(ctx, st)
	}
	return err
}

// loadWhole replaces paged indexes by the whole ones, read in st.
func (p *Pipeline) loadWhole(ctx context.Context, st storyline.Store) error {
	opts := p.opts
	opts.Paged = false
	var err error
	p.idx, err = loadIndex(ctx, st, opts)
	return err
}

// storiesOf fills in the stories of the inputs already stored.
func (p *Pipeline) storiesOf(ctx context.Context, tx storyline.Store, pl *plan) error {
	var ids []string
	for _, d := range pl.out {
		if d.what == stored {
			ids = append(ids, d.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	load := tx.Articles
	if l, ok := tx.(storyline.LiteReader); ok {
		load = l.ArticlesLite
	}
	arts, err := load(ctx, storyline.ArticleFilter{IDs: ids})
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	story := make(map[string]string, len(arts))
	for _, a := range arts {
		story[a.ID] = a.StoryID
	}
	for i := range pl.out {
		if pl.out[i].what == stored {
			pl.out[i].story = story[pl.out[i].id]
		}
	}
	return nil
}

// journal appends the entries of a chunk's new articles where the
// placing expected them, marks their stories dirty and records the lone
// ones for settling.
func (p *Pipeline) journal(ctx context.Context, tx storyline.Store, pl *plan) error {
	last, err := tx.LastLSN(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: journal: %w", err)
	}
	if last != pl.base {
		return errConflict
	}
	if len(pl.entries) == 0 {
		return nil
	}
	lsn, err := tx.AppendLog(ctx, pl.entries)
	if err != nil {
		return fmt.Errorf("pipeline: journal: %w", err)
	}
	if lsn != pl.base+int64(len(pl.entries)) {
		return errConflict
	}
	if !p.opts.SingleStory {
		stories := make([]string, 0, len(pl.entries))
		for _, e := range pl.entries {
			stories = append(stories, e.Story)
		}
		if err := tx.MarkDirty(ctx, stories, lsn); err != nil {
			return fmt.Errorf("pipeline: journal: %w", err)
		}
	}
	if err := tx.AddPending(ctx, pl.lone); err != nil {
		return fmt.Errorf("pipeline: journal: %w", err)
	}
	return nil
}

// add runs the sequential stages on a new article: it marks it as a copy
// and assigns its story (paged indexes first read the pages it touches).
func (p *Pipeline) add(a *storyline.Article) error {
	x := p.idx
	if err := x.dedup.Prefetch(a); err != nil {
		return fmt.Errorf("pipeline: read dedup pages: %w", err)
	}
	a.DuplicateOf = x.dedup.Add(a)
	if !p.opts.SingleStory {
		if err := x.cluster.Prefetch(a); err != nil {
			return fmt.Errorf("pipeline: read cluster pages: %w", err)
		}
		a.StoryID = x.cluster.Add(a)
		if err := x.cluster.Err(); err != nil {
			return fmt.Errorf("pipeline: read cluster pages: %w", err)
		}
	}
	if x.paged() {
		x.added++
	}
	return nil
}

// settleStored runs settleTx in one write transaction that a cancelled
// context does not cut short, and returns its moves; a failure leaves the
// indexes to be loaded again.
func (p *Pipeline) settleStored(ctx context.Context) ([]moveRecord, error) {
	var moves []moveRecord
	wctx := context.WithoutCancel(ctx)
	err := p.batch(wctx, func(tx storyline.Store) error {
		var err error
		moves, err = p.settleTx(wctx, tx)
		return err
	})
	if err != nil {
		p.idx = nil
		return nil, err
	}
	return moves, nil
}

// settle gives the articles left alone in a story a second look
// (cluster.Settle), in one write transaction: the run's own, and those
// of an interrupted run (the store's pending articles, in arrival
// order). Every look is journaled, moves are stored, and the run's
// stories are updated: a moved article's new story is changed, and so is
// its old one, which its brief deletes when the article was its only one
// and otherwise lists without it (another process may have added to it
// since the article was placed alone there).
func (p *Pipeline) settle(ctx context.Context, rs *runState) error {
	moves, err := p.settleStored(ctx)
	if err != nil {
		return err
	}
	to := map[string]string{}
	for _, m := range moves {
		rs.changed[m.from] = true
		rs.changed[m.to] = true
		to[m.from] = m.to
	}
	// The stories in order of first appearance: a moved article now
	// appears in its new story.
	seen := map[string]bool{}
	stories := rs.res.Stories[:0]
	for _, id := range rs.res.Stories {
		if t, ok := to[id]; ok {
			id = t
		}
		if !seen[id] {
			seen[id] = true
			stories = append(stories, id)
		}
	}
	rs.res.Stories = stories
	return nil
}

// moveRecord is one move of settling.
type moveRecord struct{ from, to string }

// settleTx is the body of settle's transaction.
func (p *Pipeline) settleTx(ctx context.Context, tx storyline.Store) ([]moveRecord, error) {
	pending, err := tx.Pending(ctx)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	// The run's own lone articles are pending too: what is weighed against
	// loading is the settling alone (a crashed run may leave thousands).
	if err := p.catchUp(ctx, tx); err != nil {
		return nil, err
	}
	if p.idx.paged() && len(pending) > pagedLimit(p.idx.dedup.Len()) {
		if err := p.loadWhole(ctx, tx); err != nil {
			return nil, err
		}
	}
	var (
		moves   []moveRecord
		entries []storyline.LogEntry
		touched []string
	)
	for _, id := range pending {
		if err := p.idx.cluster.PrefetchSettle(id); err != nil {
			return nil, fmt.Errorf("pipeline: read cluster pages: %w", err)
		}
		if p.idx.cluster.StoryOf(id) == "" {
			continue // not in the index: nothing to look at
		}
		e := storyline.LogEntry{Article: id, Settle: true}
		moved := p.idx.cluster.Settle([]string{id})
		if err := p.idx.cluster.Err(); err != nil {
			return nil, fmt.Errorf("pipeline: read cluster pages: %w", err)
		}
		for _, m := range moved {
			if err := tx.Assign(ctx, m.Article, m.To, ""); err != nil {
				return nil, fmt.Errorf("pipeline: settle %s: %w", m.Article, err)
			}
			e.Story = m.To
			moves = append(moves, moveRecord{m.From, m.To})
			touched = append(touched, m.From, m.To)
		}
		entries = append(entries, e)
	}
	lsn, err := tx.AppendLog(ctx, entries)
	if err != nil {
		return nil, fmt.Errorf("pipeline: journal: %w", err)
	}
	p.idx.lsn = lsn
	sort.Strings(touched)
	if err := tx.MarkDirty(ctx, touched, lsn); err != nil {
		return nil, fmt.Errorf("pipeline: journal: %w", err)
	}
	if err := tx.DropPending(ctx, pending); err != nil {
		return nil, err
	}
	if p.idx.paged() {
		return moves, p.idx.flush(ctx, tx)
	}
	return moves, nil
}

// commitAll places and commits the prepared chunks in order and hands
// their lines to jobs. With Options.Speculate, chunk k+1 is placed while
// chunk k commits (see speculate); otherwise each chunk is placed inside
// its own transaction.
func (p *Pipeline) commitAll(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob) error {
	if p.opts.Paged && (p.idx == nil || p.idx.paged()) {
		return p.commitPaged(ctx, rs, prepared, jobs)
	}
	if p.opts.Speculate {
		return p.speculate(ctx, rs, prepared, jobs)
	}
	return p.commitEach(ctx, rs, prepared, jobs)
}

// commitEach places and commits each chunk inside its own transaction.
func (p *Pipeline) commitEach(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob) error {
	_, err := p.commitInTx(ctx, rs, prepared, jobs, func() (bool, error) {
		return false, p.maybeCheckpoint(ctx, checkpointShareInRun)
	})
	return err
}

// commitPaged commits chunks inside their transactions while the indexes
// are paged (a paged index reads in the transaction); once they are
// loaded whole (pagedLimit, or pages behind the journal), the rest of
// the run goes on as commitAll would.
func (p *Pipeline) commitPaged(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob) error {
	whole, err := p.commitInTx(ctx, rs, prepared, jobs, func() (bool, error) { return !p.idx.paged(), nil })
	switch {
	case err != nil || !whole:
		return err
	case p.opts.Speculate:
		return p.speculate(ctx, rs, prepared, jobs)
	}
	return p.commitEach(ctx, rs, prepared, jobs)
}

// commitInTx places and commits chunks, each inside its own transaction,
// until they run out or, after a chunk, next says to stop here (the rest
// of the run goes another way).
func (p *Pipeline) commitInTx(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob, next func() (stop bool, err error)) (bool, error) {
	for c := range prepared {
		if err := ctx.Err(); err != nil {
			close(c.linesWritten)
			return false, err
		}
		job, err := p.commitChunk(ctx, rs, c)
		if err != nil {
			close(c.linesWritten)
			return false, err
		}
		jobs <- job
		if stop, err := next(); stop || err != nil {
			return stop, err
		}
	}
	return false, nil
}

// speculation is the state of speculate: the run, the ids it has placed
// (committed or not) and the chunk whose commit runs.
type speculation struct {
	p    *Pipeline
	ctx  context.Context
	rs   *runState
	jobs chan<- linesJob
	seen map[string]bool
	fly  *plan        // the chunk whose commit runs, nil when none
	done <-chan error // its commit's result
}

// launch commits a placed chunk in the background. The commit updates the
// run and hands over the lines at once: the cleaning of the chunk after
// next waits for those lines, not for the placing of the next chunk.
// Commits never overlap (each starts once the one before has landed), and
// the placing touches only seen, not the run.
func (s *speculation) launch(pl *plan) {
	for _, d := range pl.out {
		if d.id != "" {
			s.seen[d.id] = true
		}
	}
	s.fly = pl
	s.done = s.p.commitBehind(s.ctx, s.rs, pl, nil, func(job linesJob) { s.jobs <- job })
}

// commitBehind commits a placed chunk in the background, on a context
// that outlives ctx (a chunk commits whole), with more, when set, last in
// its transaction. Once committed, the chunk is counted in the run and
// its lines job goes to landed, when set. The commit's result arrives on
// the channel returned.
func (p *Pipeline) commitBehind(ctx context.Context, rs *runState, pl *plan, more func(ctx context.Context, tx storyline.Store) error, landed func(linesJob)) <-chan error {
	done := make(chan error, 1)
	go func() {
		wctx := context.WithoutCancel(ctx)
		err := p.batch(wctx, func(tx storyline.Store) error {
			if err := p.write(wctx, tx, pl); err != nil || more == nil {
				return err
			}
			return more(wctx, tx)
		})
		if err == nil {
			job := p.committed(rs, pl)
			if landed != nil {
				landed(job)
			}
		}
		done <- err
	}()
	return done
}

// land waits for the chunk in flight. It returns that chunk when its
// commit met another writer (errConflict), nil otherwise; after a failure
// or a conflict the in-memory indexes hold what was not committed and are
// dropped.
func (s *speculation) land() (*stageChunk, error) {
	if s.fly == nil {
		return nil, nil
	}
	err := <-s.done
	c := s.fly.chunk
	s.fly = nil
	if err != nil {
		s.p.idx = nil
	}
	switch {
	case errors.Is(err, errConflict):
		return c, nil
	case err != nil:
		close(c.linesWritten)
		return nil, err
	}
	return nil, nil
}

// speculate is commitAll with each chunk placed outside the write
// transaction, against the indexes as this process knows them, while the
// chunk before commits; the commit checks that the journal stands where
// the placing expected it. On a conflict the indexes are loaded again
// from the store, the chunks not yet committed are placed again inside
// their transactions, and so are the rest of the run's.
func (p *Pipeline) speculate(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob) error {
	if err := p.catchUp(ctx, p.store); err != nil {
		return err
	}
	s := &speculation{p: p, ctx: ctx, rs: rs, jobs: jobs, seen: maps.Clone(rs.seen)}
	for c := range prepared {
		if err := s.step(c); err != nil {
			var again conflictAt
			if errors.As(err, &again) {
				return p.redo(ctx, rs, prepared, jobs, again.chunks...)
			}
			close(c.linesWritten) // never committed
			return err
		}
	}
	switch again, err := s.land(); {
	case again != nil:
		return p.redo(ctx, rs, prepared, jobs, again)
	default:
		return err
	}
}

// conflictAt is errConflict with the chunks to place again.
type conflictAt struct{ chunks []*stageChunk }

func (conflictAt) Error() string        { return errConflict.Error() }
func (conflictAt) Is(target error) bool { return target == errConflict }

// step places one chunk and launches its commit once the chunk before has
// landed. Before placing it, it takes a checkpoint when one is due (with
// nothing in flight: a checkpoint holds committed state only), so that a
// long run killed late does not replay all of itself.
func (s *speculation) step(c *stageChunk) error {
	if err := s.ctx.Err(); err != nil {
		if _, lerr := s.land(); lerr != nil {
			return lerr
		}
		return err
	}
	if s.p.idx.due(s.p.opts.CheckpointMin, checkpointShareInRun) {
		again, err := s.land()
		if err != nil || again != nil {
			return cmp.Or(err, error(conflictAt{[]*stageChunk{again, c}}))
		}
		if err := s.p.maybeCheckpoint(s.ctx, checkpointShareInRun); err != nil {
			return err
		}
	}
	pl, err := s.p.place(s.ctx, s.p.store, s.seen, c)
	if err != nil {
		s.p.idx = nil
		if _, lerr := s.land(); lerr != nil {
			return lerr
		}
		return err
	}
	again, err := s.land()
	if err != nil || again != nil {
		return cmp.Or(err, error(conflictAt{[]*stageChunk{again, c}}))
	}
	s.launch(pl)
	return nil
}

// redo recovers from a conflict: the indexes are loaded again from the
// store, and the given chunks, then the rest of the run's, are placed
// inside their transactions.
func (p *Pipeline) redo(ctx context.Context, rs *runState, prepared <-chan *stageChunk, jobs chan<- linesJob, chunks ...*stageChunk) error {
	p.conflicts++
	p.idx = nil
	for _, c := range chunks {
		job, err := p.commitChunk(ctx, rs, c)
		if err != nil {
			close(c.linesWritten)
			return err
		}
		jobs <- job
	}
	return p.commitEach(ctx, rs, prepared, jobs)
}
