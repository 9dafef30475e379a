package distrib

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
)

// Lease is the right to be the one active clusterer. Acquire waits until
// the caller holds it (or ctx is done) and returns a context that is
// cancelled when the lease is lost, and the function that gives it up.
// internal/postgres implements it with a session advisory lock.
type Lease interface {
	Acquire(ctx context.Context) (held context.Context, release func(), err error)
}

// purgeEvery is how many commits the clusterer makes between two purges
// of the analyzed messages it has applied.
const purgeEvery = 16

// errFenced is a commit finding the stored stream position moved: another
// clusterer committed since this one read it (this one lost its lease).
var errFenced = errors.New("distrib: another clusterer applied the analyzed stream meanwhile")

// Cluster runs a clusterer until ctx is done: it waits for the lease
// (standing by while another process holds it), then applies the
// analyzed stream in order, committing each batch with open's pipeline
// (pipeline.Commit) together with the stream sequence it reached. When it
// loses the lease or a commit fails, it gives the lease up and waits for
// it again, resuming from the stored position.
func (q *Queue) Cluster(ctx context.Context, st storyline.Store, lease Lease, open func(context.Context) (*pipeline.Pipeline, error)) error {
	for ctx.Err() == nil {
		held, release, err := lease.Acquire(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			q.log.Warn("cluster: lease", "err", err)
			sleep(ctx, retryDelay)
			continue
		}
		q.log.Info("cluster: active")
		err = q.clusterActive(held, st, open)
		release()
		if ctx.Err() != nil {
			return nil
		}
		q.log.Warn("cluster: stepped down", "err", err)
		sleep(ctx, retryDelay)
	}
	return nil
}

// clusterer is the state of an active clusterer.
type clusterer struct {
	q       *Queue
	st      storyline.Store
	p       *pipeline.Pipeline
	pos     int64 // the last analyzed sequence applied
	commits int
	settled bool // nothing placed since the last settling
}

// clusterActive applies the analyzed stream while ctx (the lease) holds.
func (q *Queue) clusterActive(ctx context.Context, st storyline.Store, open func(context.Context) (*pipeline.Pipeline, error)) error {
	p, err := open(ctx)
	if err != nil {
		return err
	}
	defer p.Close(context.WithoutCancel(ctx))
	c := &clusterer{q: q, st: st, p: p}
	if err := c.announceDirty(ctx); err != nil {
		return err
	}
	if c.pos, err = st.StreamPos(ctx, q.StreamPosName()); err != nil {
		return err
	}
	q.log.Info("cluster: resuming", "after", c.pos)
	cons, err := q.js.OrderedConsumer(ctx, q.analyzedStream(), jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:   uint64(c.pos + 1),
	})
	if err != nil {
		return fmt.Errorf("distrib: read %s: %w", q.analyzedStream(), err)
	}
	for ctx.Err() == nil {
		msgs, err := q.fetch(cons, q.opts.ClusterBatch)
		if err != nil {
			return fmt.Errorf("distrib: read %s: %w", q.analyzedStream(), err)
		}
		if len(msgs) == 0 {
			err = c.idle(ctx)
		} else {
			err = c.apply(ctx, msgs)
		}
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// apply commits one batch of analyzed messages, in stream order, with the
// sequence of the last one, then announces the stories it changed.
func (c *clusterer) apply(ctx context.Context, msgs []jetstream.Msg) error {
	type inOrder struct {
		a      *storyline.Article
		rawSeq uint64
	}
	batch := make([]inOrder, 0, len(msgs))
	last := c.pos
	for _, m := range msgs {
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("distrib: analyzed message: %w", err)
		}
		last = int64(meta.Sequence.Stream)
		a, err := decodeAnalyzed(m.Data())
		if err != nil {
			c.q.log.Error("cluster: dropped", "seq", last, "err", err)
			continue
		}
		rawSeq, _ := strconv.ParseUint(m.Headers().Get(rawSeqHeader), 10, 64)
		batch = append(batch, inOrder{a, rawSeq})
	}
	// The input order, as far as this batch holds it: the analyze workers
	// published in the order they finished.
	slices.SortStableFunc(batch, func(x, y inOrder) int { return cmp.Compare(x.rawSeq, y.rawSeq) })
	arts := make([]*storyline.Article, len(batch))
	for i, b := range batch {
		arts[i] = b.a
	}
	name := c.q.StreamPosName()
	res, err := c.p.Commit(ctx, arts, func(tx storyline.Store, _ []*storyline.Article) error {
		stored, err := tx.StreamPos(ctx, name)
		if err != nil {
			return err
		}
		if stored != c.pos {
			return fmt.Errorf("%w (stored position %d, this clusterer's %d)", errFenced, stored, c.pos)
		}
		return tx.SetStreamPos(ctx, name, last)
	})
	if err != nil {
		return err
	}
	c.pos, c.settled = last, false
	c.commits++
	if c.commits%purgeEvery == 0 {
		c.purge(ctx)
	}
	return c.q.announce(ctx, res.Changed, fmt.Sprint(last))
}

// idle settles the articles left alone once the queue is drained: no raw
// article waits or is being analysed, and the clusterer has applied the
// whole analyzed stream. That is the end of a batch, as the end of a run
// is for a single process.
func (c *clusterer) idle(ctx context.Context) error {
	if c.settled {
		return nil
	}
	raw, _, err := c.q.Backlogs(ctx)
	if err != nil || raw.Pending+raw.AckPending > 0 {
		return nil // not drained (or unknown): settle later
	}
	s, err := c.q.js.Stream(ctx, c.q.analyzedStream())
	if err != nil {
		return nil
	}
	info, err := s.Info(ctx)
	if err != nil || int64(info.State.LastSeq) > c.pos {
		return nil
	}
	changed, err := c.p.SettlePending(ctx)
	if err != nil {
		return err
	}
	c.settled = true
	c.q.log.Info("cluster: settled", "at", c.pos, "stories", len(changed))
	return c.q.announce(ctx, changed, fmt.Sprintf("settle-%d", c.pos))
}

// purge removes the analyzed messages applied so far: their effect is in
// the store.
func (c *clusterer) purge(ctx context.Context) {
	s, err := c.q.js.Stream(ctx, c.q.analyzedStream())
	if err == nil {
		err = s.Purge(ctx, jetstream.WithPurgeSequence(uint64(c.pos+1)))
	}
	if err != nil {
		c.q.log.Warn("cluster: purge", "err", err)
	}
}

// announceDirty announces every story marked dirty: a clusterer that died
// between a commit and its announcement left them unannounced.
func (c *clusterer) announceDirty(ctx context.Context) error {
	dirty, err := c.st.Dirty(ctx, nil, 0)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(dirty))
	for id := range dirty {
		ids = append(ids, id)
	}
	return c.q.announce(ctx, ids, "dirty")
}

// announce puts story ids on the brief queue. The message id is the
// story and the commit (tag), so that a clusterer announcing one commit
// twice adds nothing.
func (q *Queue) announce(ctx context.Context, stories []string, tag string) error {
	futs := make([]jetstream.PubAckFuture, 0, len(stories))
	for _, id := range stories {
		f, err := q.js.PublishAsync(q.briefSubject(), []byte(id), jetstream.WithMsgID(id+"@"+tag))
		if err != nil {
			return fmt.Errorf("distrib: announce %s: %w", id, err)
		}
		futs = append(futs, f)
	}
	_, err := waitAcks(ctx, futs)
	return err
}
