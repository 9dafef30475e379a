package distrib

import (
	"context"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
)

// Brief runs a brief worker until ctx is done: it takes story ids from
// the brief queue, BriefBatch at a time, and rebuilds with p the briefs
// of those still dirty BriefDelay after their announcement
// (pipeline.Refresh, which briefs them in parallel, stores each as of
// the journal position it read, and clears the dirty mark up to it),
// then acknowledges them. When it has been idle a while it briefs the
// stories still marked dirty, so that none is left behind.
func (q *Queue) Brief(ctx context.Context, st storyline.Store, p *pipeline.Pipeline) error {
	c, err := q.workQueue(ctx, q.briefStream(), briefConsumer)
	if err != nil {
		return err
	}
	busy := time.Now() // when the worker last had work
	for ctx.Err() == nil {
		msgs, err := q.fetch(c, q.opts.BriefBatch)
		if err != nil {
			q.log.Warn("brief: fetch", "err", err)
			sleep(ctx, retryDelay)
		}
		if len(msgs) == 0 {
			if time.Since(busy) < leftoverIdle*q.opts.BriefDelay {
				continue
			}
			busy = time.Now()
			if err := q.briefLeftovers(ctx, st, p); err != nil && ctx.Err() == nil {
				q.log.Warn("brief: leftovers", "err", err)
				sleep(ctx, retryDelay)
			}
			continue
		}
		busy = time.Now()
		if err := q.briefBatch(ctx, st, p, msgs); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			q.log.Warn("brief: batch given back", "stories", len(msgs), "err", err)
			nakAll(msgs, retryDelay)
		}
	}
	return nil
}

// briefBatch briefs the stories of a batch that are still dirty (each
// once) and acknowledges the batch. It first waits until the youngest
// announcement is BriefDelay old, so that a story changed by several
// commits in a row is briefed once for all of them: the announcements of
// the later commits find it briefed (no longer dirty) and are dropped.
func (q *Queue) briefBatch(ctx context.Context, st storyline.Store, p *pipeline.Pipeline, msgs []jetstream.Msg) error {
	defer q.keepAlive(msgs)()
	ids := make([]string, 0, len(msgs))
	var oldest, newest time.Time
	for _, m := range msgs {
		ids = append(ids, string(m.Data()))
		if meta, err := m.Metadata(); err == nil {
			if oldest.IsZero() || meta.Timestamp.Before(oldest) {
				oldest = meta.Timestamp
			}
			if meta.Timestamp.After(newest) {
				newest = meta.Timestamp
			}
		}
	}
	q.holdWhileBusy(ctx, st, p, oldest)
	sleep(ctx, q.opts.BriefDelay-time.Since(newest))
	slices.Sort(ids)
	dirty, err := st.Dirty(ctx, slices.Compact(ids), 0)
	if err != nil {
		return err
	}
	ids = ids[:0]
	for id := range dirty {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if err := p.Refresh(ctx, ids); err != nil {
		return err
	}
	return q.ackAll(msgs)
}

// holdWhileBusy waits while the pipeline works through a burst (Busy),
// until it is drained or the oldest announcement in hand is BriefMaxWait
// old, and meanwhile keeps p's indexes up with the journal, which the
// briefs' related stories need. A backlog it cannot read counts as
// drained: briefs go on.
func (q *Queue) holdWhileBusy(ctx context.Context, st storyline.Store, p *pipeline.Pipeline, oldest time.Time) {
	for ctx.Err() == nil {
		left := q.opts.BriefMaxWait - time.Since(oldest)
		if q.opts.BriefMaxWait < 0 || left <= 0 {
			return
		}
		if busy, err := q.Busy(ctx, st); err != nil || !busy {
			return
		}
		if err := p.CatchUp(ctx); err != nil && ctx.Err() == nil {
			q.log.Warn("brief: follow the journal", "err", err)
		}
		sleep(ctx, min(left, q.opts.LeasePoll))
	}
}

// Busy reports whether the pipeline is working through a burst: more than
// BriefBusy raw articles waiting or being analysed plus analysed ones the
// clusterer has not applied (the analyzed stream past the stored
// position).
func (q *Queue) Busy(ctx context.Context, st storyline.Store) (bool, error) {
	raw, err := q.backlog(ctx, q.rawStream(), analyzeConsumer)
	if err != nil {
		return false, err
	}
	last, err := q.analyzedLast(ctx)
	if err != nil {
		return false, err
	}
	pos, err := st.StreamPos(ctx, q.StreamPosName())
	if err != nil {
		return false, err
	}
	behind := raw.Pending + raw.AckPending + max(0, int(int64(last)-pos))
	return behind > q.opts.BriefBusy, nil
}

// leftoverIdle is how many BriefDelays a brief worker must have been idle
// before it looks for stories left dirty (the announcements of a clusterer
// that died before announcing its last commit; its successor announces
// them too): looking sooner would brief, at once, stories whose
// announcement is being held back on purpose.
const leftoverIdle = 5

// briefLeftovers briefs up to BriefBatch stories still marked dirty.
func (q *Queue) briefLeftovers(ctx context.Context, st storyline.Store, p *pipeline.Pipeline) error {
	dirty, err := st.Dirty(ctx, nil, q.opts.BriefBatch)
	if err != nil || len(dirty) == 0 {
		return err
	}
	ids := make([]string, 0, len(dirty))
	for id := range dirty {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return p.Refresh(ctx, ids)
}
