package pipeline

import (
	"context"
	"fmt"
	"sort"

	"github.com/storyline/storyline"
)

// repairPage is how many stored articles Repair reads at a time.
const repairPage = 512

// RepairResult reports what Repair did.
type RepairResult struct {
	Articles int // articles placed again
	Stories  int // stories after the repair
	Moved    int // articles whose story or copy link changed
}

// Repair derives everything derived again from the stored articles: the
// copy links and stories of every article (placed in arrival order with
// the current model and settled as one run), the dedup and cluster
// indexes (a checkpoint of a new journal epoch, so that other processes
// reload instead of replaying), and the brief of every story. It is the
// way to re-cluster a store after the model changed, and to mend a store
// whatever happened to its derived state. The placing is one write
// transaction (other writers wait for it); the briefs are written after,
// and an interrupted repair leaves their stories dirty for the next run.
// progress, when set, is called with the articles placed so far.
func (p *Pipeline) Repair(ctx context.Context, progress func(placed int)) (*RepairResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	res := &RepairResult{}
	var x *index
	err := p.batch(ctx, func(tx storyline.Store) error {
		var err error
		x, err = p.replace(ctx, tx, res, progress)
		return err
	})
	if err != nil {
		p.idx = nil
		return nil, err
	}
	p.idx = x
	if err := p.refreshDirty(ctx, nil, 0); err != nil {
		return nil, err
	}
	res.Stories = x.cluster.Stories()
	return res, nil
}

// replace is the body of Repair's transaction: it places every stored
// article again, stores what changed, marks the old and new stories
// dirty and starts a new journal epoch from the new indexes.
func (p *Pipeline) replace(ctx context.Context, tx storyline.Store, res *RepairResult, progress func(int)) (*index, error) {
	x := newIndex(p.opts)
	touched := map[string]bool{}
	var alone []string
	for after := int64(0); ; {
		arts, err := tx.Articles(ctx, storyline.ArticleFilter{After: after, Limit: repairPage})
		if err != nil {
			return nil, fmt.Errorf("pipeline: repair: %w", err)
		}
		if len(arts) == 0 {
			break
		}
		for _, a := range arts {
			after = a.Seq
			oldStory, oldDup := a.StoryID, a.DuplicateOf
			a.DuplicateOf = x.dedup.Add(a)
			a.StoryID = x.cluster.Add(a)
			if a.DuplicateOf == "" {
				alone = append(alone, a.ID)
			}
			touched[oldStory], touched[a.StoryID] = true, true
			if a.StoryID != oldStory || a.DuplicateOf != oldDup {
				res.Moved++
				if err := tx.Assign(ctx, a.ID, a.StoryID, a.DuplicateOf); err != nil {
					return nil, fmt.Errorf("pipeline: repair: %w", err)
				}
			}
			res.Articles++
		}
		if progress != nil {
			progress(res.Articles)
		}
	}
	if err := p.settleAll(ctx, tx, x, alone, touched, res); err != nil {
		return nil, err
	}
	return x, p.resetJournal(ctx, tx, x, touched)
}

// settleAll settles the repaired store as one run and stores the moves.
func (p *Pipeline) settleAll(ctx context.Context, tx storyline.Store, x *index, alone []string, touched map[string]bool, res *RepairResult) error {
	if !p.opts.Settle {
		return nil
	}
	for _, m := range x.cluster.Settle(alone) {
		touched[m.To] = true
		if err := tx.Assign(ctx, m.Article, m.To, ""); err != nil {
			return fmt.Errorf("pipeline: repair: %w", err)
		}
		res.Moved++
	}
	return nil
}

// resetJournal drops the pending articles, starts a new journal epoch
// with a checkpoint of x and marks the touched stories dirty.
func (p *Pipeline) resetJournal(ctx context.Context, tx storyline.Store, x *index, touched map[string]bool) error {
	pending, err := tx.Pending(ctx)
	if err == nil {
		err = tx.DropPending(ctx, pending)
	}
	if err != nil {
		return fmt.Errorf("pipeline: repair: %w", err)
	}
	cp, err := x.snapshot()
	if err == nil {
		err = tx.ResetLog(ctx, cp) // sets the new epoch and position
	}
	if err != nil {
		return fmt.Errorf("pipeline: repair: %w", err)
	}
	x.epoch, x.lsn, x.saved = cp.Epoch, cp.LSN, cp.LSN
	if !ephemeral(p.store) {
		if err := x.flush(ctx, tx); err != nil { // all pages: a new epoch
			return err
		}
	}
	ids := make([]string, 0, len(touched))
	for id := range touched {
		if id != "" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if err := tx.MarkDirty(ctx, ids, cp.LSN); err != nil {
		return fmt.Errorf("pipeline: repair: %w", err)
	}
	return nil
}
