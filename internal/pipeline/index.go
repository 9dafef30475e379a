package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
)

// The state model. The store is the truth: articles, their story and
// duplicate links, stories and briefs live in its transactions. The dedup
// and cluster indexes are derived from it and held in memory by each
// process that writes: a checkpoint (a snapshot of both as of one
// position of the store's journal, storyline.Journal) plus the journal
// entries after it, replayed in order (cluster.Replay, ReplaySettle).
//
// Every chunk of a run is committed in one write transaction with its
// articles, their journal entries, the dirty marks of their stories and,
// for a run that settles, its lone articles as pending. The store
// serialises these transactions across processes. A chunk is placed
// (dedup, cluster) either inside its transaction, after replaying what
// other processes committed since (catchUp; the HTTP API and feeds), or,
// in bulk runs, speculatively while the chunk before commits, the commit
// then checking that the journal stands where the placing expected it
// (chunk.go, speculate). Either way every writer places each article
// against exactly the state all writers agree on, and a crash loses only
// an uncommitted chunk, which leaves no trace in the indexes either.
// Settling is one more transaction at the end of a run, over the pending
// articles (a crashed run's included). Briefs are written after, each
// story as of a journal position (Story.AsOf: an older state never
// replaces a newer one), and clear the dirty marks; marks left by an
// interrupted run are briefed by the next run. A checkpoint is saved when
// the journal has grown enough since the last one (index.due), so its
// cost per article stays constant and loading replays a bounded tail.
// Repair re-derives everything and starts a new journal epoch, on which
// other processes reload instead of replaying.
//
// The indexes are also kept in paged form (internal/pages, the pages of
// dedup and cluster): rows a process reads by key, with the journal
// position they reflect. A process holding the indexes in memory writes
// the pages its changes touched (index.flush) at the end of each run (and
// with a checkpoint taken there); when the stored pages are behind what
// it tracks (a store without pages, a new epoch) it writes them all. A one-shot
// process that adds a few articles to a store whose pages are current
// (Options.Paged) opens the indexes paged instead of loading them: it
// reads the pages each article touches inside the chunk's transaction and
// writes back the ones it changed in that transaction, so its cost does
// not grow with the store. Pages that are behind the journal (a crashed
// run, a bulk run in flight) send it to the whole indexes, which then
// bring the pages up to date. A paged process that adds many articles
// switches to the whole indexes too (pagedLimit).

// index is a process's in-memory copy of the derived indexes.
type index struct {
	dedup   *dedup.Index
	cluster *cluster.Clusterer
	epoch   int64 // journal epoch of the checkpoint it started from
	lsn     int64 // last journal position applied
	saved   int64 // position of the last checkpoint this process knows of
	// dirtyFrom is the position from which the indexes track the pages
	// they change: pages stored as of it or later are brought up to date
	// by writing the tracked ones.
	dirtyFrom int64
	// added counts the articles added through paged indexes (see paged).
	added int
	src   storyline.Store // where a paged index reads: the current transaction
	ctx   context.Context
	// follow marks a follower's indexes (Options.Cluster.Follow: a brief
	// worker's, for related stories), which never place an article: their
	// dedup index stays empty, as nothing reads it.
	follow bool
}

// pagedLimit is how many articles a process places through paged
// indexes, those it added and those it is about to place (or, alone, the
// articles it is about to settle), before it loads the whole ones instead: a paged add reads up to about
// a thousand page rows, 8-15 ms (200 short articles into the 100k scale
// store in 1.8 s, start-up and briefs included), while loading costs about
// 36 µs per stored article (3.6 s at 100k, 0.46 s at 10k, on this
// project's 2-core machine), so past about one article per 220 to 400
// stored, loading is cheaper; the lower bound keeps a long paged run
// within twice the cost of loading at once.
func pagedLimit(stored int) int { return 16 + stored/400 }

// paged reports whether the indexes were opened paged (openPaged).
func (x *index) paged() bool { return x.dedup.Paged() }

// newIndex returns empty indexes with the pipeline's options.
func newIndex(opts Options) *index {
	return &index{dedup: dedup.New(opts.Dedup), cluster: cluster.New(opts.Cluster), follow: opts.Cluster.Follow}
}

// replayPage is how many journal entries are read, with their articles,
// at a time while catching up.
const replayPage = 256

// loadIndex opens the indexes paged when opts.Paged allows it and the
// stored pages are current, else reads the stored checkpoint and replays
// the journal after it.
func loadIndex(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	if opts.Paged {
		if x, err := openPaged(ctx, st, opts); x != nil || err != nil {
			return x, err
		}
	}
	cp, err := st.Checkpoint(ctx, true)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load indexes: %w", err)
	}
	x := newIndex(opts)
	x.epoch, x.lsn, x.saved, x.dirtyFrom = cp.Epoch, cp.LSN, cp.LSN, cp.LSN
	if len(cp.Dedup) > 0 && !x.follow {
		if err := x.dedup.UnmarshalBinary(cp.Dedup); err != nil {
			return nil, fmt.Errorf("pipeline: load dedup index (run storyline repair): %w", err)
		}
	}
	if len(cp.Cluster) > 0 {
		if err := x.cluster.UnmarshalBinary(cp.Cluster); err != nil {
			return nil, fmt.Errorf("pipeline: load cluster index (run storyline repair): %w", err)
		}
	}
	if opts.Notice != nil {
		if last, err := st.LastLSN(ctx); err == nil && last-x.lsn >= replayNotice {
			opts.Notice(fmt.Sprintf("replaying %d journal entries since the last checkpoint of the indexes (an interrupted run, or a store written by an older build)", last-x.lsn))
		}
	}
	if err := x.replay(ctx, st); err != nil {
		return nil, err
	}
	return x, nil
}

// openPaged opens the indexes paged over st when the stored pages reflect
// the whole journal of the current epoch; nil when they do not.
func openPaged(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	cp, err := st.Checkpoint(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load indexes: %w", err)
	}
	at, err := st.PagesAt(ctx)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load indexes: %w", err)
	}
	last, err := st.LastLSN(ctx)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load indexes: %w", err)
	}
	if at.Epoch != cp.Epoch || at.LSN != last {
		return nil, nil
	}
	if current, err := pagesCurrent(ctx, st); err != nil || !current {
		return nil, err // missing or of another layout: load whole, then rewrite
	}
	x := &index{epoch: cp.Epoch, lsn: last, saved: cp.LSN, dirtyFrom: last, src: st, ctx: ctx}
	read := func(kind string, nums []int64) (map[int64][]byte, error) { return x.src.Pages(x.ctx, kind, nums) }
	if x.dedup, err = dedup.OpenPaged(opts.Dedup, read); errors.Is(err, dedup.ErrLayout) {
		return nil, nil // written by another build: load whole, then rewrite
	} else if err != nil {
		return nil, fmt.Errorf("pipeline: open dedup pages (run storyline repair): %w", err)
	}
	if x.cluster, err = cluster.OpenPaged(opts.Cluster, read); errors.Is(err, cluster.ErrLayout) {
		return nil, nil // written by another build: load whole, then rewrite
	} else if err != nil {
		return nil, fmt.Errorf("pipeline: open cluster pages (run storyline repair): %w", err)
	}
	return x, nil
}

// pagesCurrent reports whether the stored pages are of this build's
// layout (their meta pages say so); pages of another are rewritten whole.
func pagesCurrent(ctx context.Context, tx storyline.Store) (bool, error) {
	for kind, ok := range map[string]func([]byte) bool{cluster.PageMeta: cluster.PagesCurrent, dedup.PageMeta: dedup.PagesCurrent} {
		got, err := tx.Pages(ctx, kind, []int64{0})
		if err != nil {
			return false, err
		}
		if !ok(got[0]) {
			return false, nil
		}
	}
	return true, nil
}

// flush writes the pages the indexes changed, in the transaction tx, as
// of position x.lsn, which must be the journal's last: all pages when the
// stored ones are of another epoch or older than what the indexes track.
func (x *index) flush(ctx context.Context, tx storyline.Store) error {
	at, err := tx.PagesAt(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: write index pages: %w", err)
	}
	all := at.Epoch != x.epoch || at.LSN < x.dirtyFrom
	if !all {
		current, err := pagesCurrent(ctx, tx)
		if err != nil {
			return fmt.Errorf("pipeline: write index pages: %w", err)
		}
		all = !current
	}
	if all {
		if x.paged() {
			return fmt.Errorf("pipeline: write index pages: the stored pages moved under a paged index")
		}
		x.dedup.MarkAllDirty()
		x.cluster.MarkAllDirty()
	}
	ps, err := x.cluster.AppendDirtyPages(x.dedup.AppendDirtyPages(nil))
	if err == nil {
		err = tx.PutPages(ctx, ps, storyline.PagesAt{Epoch: x.epoch, LSN: x.lsn}, all)
	}
	if err != nil {
		return fmt.Errorf("pipeline: write index pages: %w", err)
	}
	x.dirtyFrom = x.lsn
	return nil
}

// replayNotice is the journal tail from which opening tells the user it is
// replaying (about ten seconds of work on this project's 2-core machine).
const replayNotice = 10000

// catchUp brings the index up to the store's journal: it replays the
// entries after the last one applied, or, when a repair started a new
// epoch, returns the index loaded afresh.
func (x *index) catchUp(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	if x.paged() {
		return x.catchUpPaged(ctx, st, opts)
	}
	cp, err := st.Checkpoint(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("pipeline: read checkpoint: %w", err)
	}
	if cp.Epoch != x.epoch {
		return loadIndex(ctx, st, opts)
	}
	return x, x.replay(ctx, st)
}

// catchUpPaged keeps a paged index when nobody wrote since it did (it
// then reads in the transaction st) and opens it again when somebody did:
// when the journal moved on, or when the pages are no longer the ones it
// wrote (a repair starts a new epoch and rewrites them all without moving
// the journal's end).
func (x *index) catchUpPaged(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	last, err := st.LastLSN(ctx)
	if err != nil {
		return nil, fmt.Errorf("pipeline: read journal: %w", err)
	}
	at, err := st.PagesAt(ctx)
	if err != nil {
		return nil, fmt.Errorf("pipeline: read index pages: %w", err)
	}
	if last != x.lsn || at != (storyline.PagesAt{Epoch: x.epoch, LSN: x.lsn}) {
		return loadIndex(ctx, st, opts)
	}
	x.src, x.ctx = st, ctx
	return x, nil
}

// articlesByID reads the articles with the given ids. No ids read none
// (an empty filter would read every article: a page of the journal that
// holds only settlings did).
func articlesByID(ctx context.Context, st storyline.Store, ids []string) (map[string]*storyline.Article, error) {
	byID := make(map[string]*storyline.Article, len(ids))
	if len(ids) == 0 {
		return byID, nil
	}
	arts, err := st.Articles(ctx, storyline.ArticleFilter{IDs: ids})
	for _, a := range arts {
		byID[a.ID] = a
	}
	return byID, err
}

// replay applies the journal entries after x.lsn, a page at a time.
func (x *index) replay(ctx context.Context, st storyline.Store) error {
	for {
		entries, err := st.ReadLog(ctx, x.lsn, replayPage)
		if err != nil {
			return fmt.Errorf("pipeline: read journal: %w", err)
		}
		if len(entries) == 0 {
			return nil
		}
		var ids []string
		for _, e := range entries {
			if !e.Settle {
				ids = append(ids, e.Article)
			}
		}
		byID, err := articlesByID(ctx, st, ids)
		if err != nil {
			return fmt.Errorf("pipeline: read journal: %w", err)
		}
		for _, e := range entries {
			if err := x.apply(e, byID[e.Article]); err != nil {
				return err
			}
		}
	}
}

// apply replays one journal entry; a is the article of an add.
func (x *index) apply(e storyline.LogEntry, a *storyline.Article) error {
	switch {
	case e.Settle:
		if !x.cluster.ReplaySettle(e.Article, e.Story) {
			return fmt.Errorf("pipeline: journal entry %d: settling %s into %q does not apply (run storyline repair)", e.LSN, e.Article, e.Story)
		}
	case a == nil:
		return fmt.Errorf("pipeline: journal entry %d: article %s is not stored (run storyline repair)", e.LSN, e.Article)
	default:
		if !x.follow {
			x.dedup.Add(a)
		}
		if e.Story != "" { // "": placed by storyline brief, which does not cluster
			x.cluster.Replay(a, e.Story)
		}
	}
	x.lsn = e.LSN
	return nil
}

// Checkpoint spacing. A checkpoint is due once the journal has grown, since
// the last one, by a share of the articles indexed (and by at least
// Options.CheckpointMin entries): a quarter at the end of a run, so that
// loading replays at most that much; all of them inside a run, so that a
// long run's checkpoints double in spacing and cost about as much as one
// more at its end. With a quarter inside runs too, the checkpoints of a
// 100k-article run cost 25 s of its 188 s (163 s without any).
const (
	checkpointShare      = 4 // at the end of a run: n/4
	checkpointShareInRun = 1 // between the chunks of a run: n
)

// due reports whether the journal has grown enough since the last
// checkpoint for a new one: by the articles indexed divided by share, and
// by at least min entries.
func (x *index) due(min, share int) bool {
	return x.lsn-x.saved >= int64(max(min, x.dedup.Len()/share))
}

// snapshot encodes the index as a checkpoint at its journal position.
func (x *index) snapshot() (*storyline.Checkpoint, error) {
	db, err := x.dedup.MarshalBinary()
	if err != nil {
		return nil, err
	}
	cb, err := x.cluster.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &storyline.Checkpoint{Epoch: x.epoch, LSN: x.lsn, Dedup: db, Cluster: cb}, nil
}

// checkpoint stores a snapshot of the index at its journal position and,
// with pages set and when that position is the journal's last, its
// changed pages with it, so that the stored pages are not older than the
// checkpoint (a process loading it could not bring them up to date by
// writing what it tracks, and would write them all). Checkpoints inside a
// run leave the pages to the run's end: writing them there stalled the
// placing (0.7 s of a 10 s run of 10k articles); a run killed after one
// costs the next process a full write of the pages.
func (x *index) checkpoint(ctx context.Context, batch func(context.Context, func(storyline.Store) error) error, pages bool) error {
	cp, err := x.snapshot()
	if err != nil {
		return fmt.Errorf("pipeline: checkpoint: %w", err)
	}
	err = batch(ctx, func(tx storyline.Store) error {
		if _, err := tx.PutCheckpoint(ctx, cp); err != nil {
			return fmt.Errorf("pipeline: checkpoint: %w", err)
		}
		if last, err := tx.LastLSN(ctx); err != nil || last != x.lsn || !pages {
			return err
		}
		return x.flush(ctx, tx)
	})
	if err != nil {
		return err
	}
	x.saved = x.lsn
	return nil
}
