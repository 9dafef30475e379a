package pipeline

import (
	"context"
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

// index is a process's in-memory copy of the derived indexes.
type index struct {
	dedup   *dedup.Index
	cluster *cluster.Clusterer
	epoch   int64 // journal epoch of the checkpoint it started from
	lsn     int64 // last journal position applied
	saved   int64 // position of the last checkpoint this process knows of
}

// newIndex returns empty indexes with the pipeline's options.
func newIndex(opts Options) *index {
	return &index{dedup: dedup.New(opts.Dedup), cluster: cluster.New(opts.Cluster)}
}

// replayPage is how many journal entries are read, with their articles,
// at a time while catching up.
const replayPage = 256

// loadIndex reads the stored checkpoint and replays the journal after it.
func loadIndex(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	cp, err := st.Checkpoint(ctx, true)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load indexes: %w", err)
	}
	x := newIndex(opts)
	x.epoch, x.lsn, x.saved = cp.Epoch, cp.LSN, cp.LSN
	if len(cp.Dedup) > 0 {
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

// replayNotice is the journal tail from which opening tells the user it is
// replaying (about ten seconds of work on this project's 2-core machine).
const replayNotice = 10000

// catchUp brings the index up to the store's journal: it replays the
// entries after the last one applied, or, when a repair started a new
// epoch, returns the index loaded afresh.
func (x *index) catchUp(ctx context.Context, st storyline.Store, opts Options) (*index, error) {
	cp, err := st.Checkpoint(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("pipeline: read checkpoint: %w", err)
	}
	if cp.Epoch != x.epoch {
		return loadIndex(ctx, st, opts)
	}
	return x, x.replay(ctx, st)
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
		arts, err := st.Articles(ctx, storyline.ArticleFilter{IDs: ids})
		if err != nil {
			return fmt.Errorf("pipeline: read journal: %w", err)
		}
		byID := make(map[string]*storyline.Article, len(arts))
		for _, a := range arts {
			byID[a.ID] = a
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
		x.dedup.Add(a)
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

// checkpoint stores a snapshot of the index at its journal position.
func (x *index) checkpoint(ctx context.Context, st storyline.Store) error {
	cp, err := x.snapshot()
	if err == nil {
		_, err = st.PutCheckpoint(ctx, cp)
	}
	if err != nil {
		return fmt.Errorf("pipeline: checkpoint: %w", err)
	}
	x.saved = x.lsn
	return nil
}
