package pipeline

import (
	"cmp"
	"context"

	"github.com/storyline/storyline"
)

// Ahead commits batches of prepared articles as Commit does, in order,
// but places each batch while the one before it commits: the placing is
// the committer's own CPU, the commit mostly the store's, so a process
// that commits batch after batch (the distributed clusterer) does both at
// once, as a run's speculative chunks do (Options.Speculate). A batch is
// placed against the indexes as this process knows them, outside the
// write transaction, and its commit checks that the journal stands where
// the placing expected it: another writer in between makes the commit
// fail with a conflict, after which the indexes are dropped (loaded again
// by the next call) and the caller starts again from what is stored.
//
// The pipeline's other methods must not run while a batch is in flight:
// Land first.
type Ahead struct {
	p   *Pipeline
	fly *flight // the batch whose commit runs, nil when none
}

// flight is a batch being committed in the background.
type flight struct {
	pl   *plan
	rs   *runState
	done <-chan error
}

// Ahead returns a committer that overlaps placing and committing.
func (p *Pipeline) Ahead() *Ahead { return &Ahead{p: p} }

// Commit places arts and starts their commit (with inTx, as Commit runs
// it, last in the transaction) once the batch before has landed. It
// returns the result of that batch before (nil when there was none), or
// its error, or the error of placing arts; after an error nothing is in
// flight and the indexes are dropped.
func (a *Ahead) Commit(ctx context.Context, arts []*storyline.Article, inTx func(tx storyline.Store, added []*storyline.Article) error) (*Result, error) {
	p := a.p
	p.mu.Lock()
	defer p.mu.Unlock()
	var before *Result
	if a.fly == nil || p.idx == nil || p.idx.due(p.opts.CheckpointMin, checkpointShareInRun) {
		// A checkpoint holds committed state only, and loading the
		// indexes reads the journal: both wait for the batch in flight.
		var err error
		if before, err = a.land(); err != nil {
			return nil, err
		}
		if err := p.maybeCheckpoint(ctx, checkpointShareInRun); err != nil {
			return before, err
		}
		if err := p.catchUp(ctx, p.store); err != nil {
			return before, err
		}
	}
	seen := map[string]bool{} // the batch in flight: not stored yet
	if a.fly != nil {
		for _, d := range a.fly.pl.out {
			if d.id != "" {
				seen[d.id] = true
			}
		}
	}
	rs := newRunState()
	pl, err := p.place(ctx, p.store, seen, &stageChunk{items: commitItems(arts)})
	if err != nil {
		p.idx = nil
		_, lerr := a.land()
		return nil, cmp.Or(err, lerr)
	}
	if b, err := a.land(); err != nil {
		return nil, err
	} else if b != nil {
		before = b
	}
	a.launch(ctx, rs, pl, inTx)
	return before, nil
}

// Land waits for the batch in flight and returns its result (nil when
// none was in flight).
func (a *Ahead) Land() (*Result, error) {
	a.p.mu.Lock()
	defer a.p.mu.Unlock()
	return a.land()
}

func (a *Ahead) land() (*Result, error) {
	f := a.fly
	if f == nil {
		return nil, nil
	}
	a.fly = nil
	if err := <-f.done; err != nil {
		a.p.idx = nil // holds what was not committed
		return nil, err
	}
	return f.rs.result(), nil
}

// launch commits a placed batch in the background (commitBehind).
func (a *Ahead) launch(ctx context.Context, rs *runState, pl *plan, inTx func(tx storyline.Store, added []*storyline.Article) error) {
	a.fly = &flight{pl: pl, rs: rs, done: a.p.commitBehind(ctx, rs, pl, func(ctx context.Context, tx storyline.Store) error {
		return commitInTx(ctx, tx, pl.news, inTx)
	}, nil)}
}
