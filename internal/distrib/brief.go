package distrib

import (
	"context"
	"maps"
	"math/rand/v2"
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
// During a burst it holds the batch until the burst is over, then briefs
// every dirty story.
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
	if q.holdWhileBusy(ctx, st, p, oldest) {
		if err := q.briefAllDirty(ctx, st, p); err != nil {
			return err
		}
		return q.ackAll(msgs)
	}
	sleep(ctx, q.opts.BriefDelay-time.Since(newest))
	slices.Sort(ids)
	if err := briefDirty(ctx, st, p, slices.Compact(ids)); err != nil {
		return err
	}
	return q.ackAll(msgs)
}

// briefDirty briefs those of the stories that are dirty, in id order.
func briefDirty(ctx context.Context, st storyline.Store, p *pipeline.Pipeline, ids []string) error {
	dirty, err := st.Dirty(ctx, ids, 0)
	if err != nil {
		return err
	}
	return p.Refresh(ctx, slices.Sorted(maps.Keys(dirty)))
}

// briefAllDirty briefs, after a burst, up to briefAfterBurst stories
// marked dirty, as a run briefs at its end: most stories are, and the
// queue holds an announcement for each, which then finds it briefed. It
// goes through them in passes of briefPass, each checking again which are
// still dirty, from a random place in their order, so that brief workers
// ending one burst together brief different stories.
func (q *Queue) briefAllDirty(ctx context.Context, st storyline.Store, p *pipeline.Pipeline) error {
	dirty, err := st.Dirty(ctx, nil, briefAfterBurst)
	if err != nil {
		return err
	}
	ids := slices.Sorted(maps.Keys(dirty))
	if len(ids) > 0 {
		k := rand.IntN(len(ids))
		ids = append(ids[k:], ids[:k]...)
	}
	for len(ids) > 0 && ctx.Err() == nil {
		n := min(len(ids), briefPass)
		if err := briefDirty(ctx, st, p, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return ctx.Err()
}

// briefPass is how many stories briefAllDirty briefs at once: enough to
// keep every core busy without the pauses between small batches.
const briefPass = 256

// briefAfterBurst is the most stories a brief worker briefs in one pass
// when a burst is over (the rest in the usual batches): enough for the
// stories a burst of tens of thousands of articles touches, few enough
// that one pass's links and briefs in hand stay within tens of MB.
const briefAfterBurst = 4096

// holdWhileBusy waits while the pipeline works through a burst (burst),
// until it is drained or the oldest announcement in hand is BriefMaxWait
// old. Once the raw articles are all analysed and the clusterer is still
// applying them, it keeps p's indexes up with the journal, which the
// briefs' related stories need: while analysis goes on it needs every
// core, and the one clusterer's catching up at the end leaves one free.
// It reports whether it waited. A backlog it cannot read counts as
// drained: briefs go on.
func (q *Queue) holdWhileBusy(ctx context.Context, st storyline.Store, p *pipeline.Pipeline, oldest time.Time) (held bool) {
	for ; ctx.Err() == nil; held = true {
		left := q.opts.BriefMaxWait - time.Since(oldest)
		if q.opts.BriefMaxWait < 0 || left <= 0 {
			return held
		}
		busy, analysing, err := q.burst(ctx, st)
		if err != nil || !busy {
			return held
		}
		if !analysing {
			if err := p.CatchUp(ctx); err != nil && ctx.Err() == nil {
				q.log.Warn("brief: follow the journal", "err", err)
			}
		}
		sleep(ctx, min(left, q.opts.LeasePoll))
	}
	return held
}

// burst reports whether the pipeline is working through a burst (busy:
// more than BriefBusy raw articles waiting or being analysed plus analysed
// ones the clusterer has not applied, the analyzed stream past the stored
// position) and whether raw articles are waiting or being analysed.
func (q *Queue) burst(ctx context.Context, st storyline.Store) (busy, analysing bool, err error) {
	raw, err := q.rawBacklog(ctx)
	if err != nil {
		return false, false, err
	}
	last, err := q.analyzedLast(ctx)
	if err != nil {
		return false, false, err
	}
	pos, err := st.StreamPos(ctx, q.StreamPosName())
	if err != nil {
		return false, false, err
	}
	queued := raw.Pending + raw.AckPending
	behind := queued + max(0, int(int64(last)-pos))
	return behind > q.opts.BriefBusy, queued > 0, nil
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
	return p.Refresh(ctx, slices.Sorted(maps.Keys(dirty)))
}
