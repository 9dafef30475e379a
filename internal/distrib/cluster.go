package distrib

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

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
	q        *Queue
	st       storyline.Store
	p        *pipeline.Pipeline
	ahead    *pipeline.Ahead // places a batch while the one before commits
	buf      *reorder
	pos      int64   // the analyzed sequence applied (placed): a restart reads after the stored one
	rawDone  int64   // the raw sequence applied (the input order's)
	fly      landing // what the batch in flight stores and announces once it lands
	lastRead uint64  // the last analyzed sequence read
	checked  time.Time
	commits  int
	settled  bool // nothing placed since the last settling
}

// landing is what a batch in flight leaves once committed: the analyzed
// sequence stored with it (what a purge may drop) and the tag its
// announcement goes under.
type landing struct {
	pos int64
	tag string
}

// stallCheck is how often a clusterer whose reorder buffer waits for a
// raw sequence asks the raw queue whether that sequence will ever come.
const stallCheck = 250 * time.Millisecond

// RawPosName is the name under which the clusterer records the last raw
// sequence (the input order) it has applied.
func (q *Queue) RawPosName() string { return q.StreamPosName() + "/raw" }

// clusterActive applies the analyzed stream while ctx (the lease) holds.
func (q *Queue) clusterActive(ctx context.Context, st storyline.Store, open func(context.Context) (*pipeline.Pipeline, error)) error {
	p, err := open(ctx)
	if err != nil {
		return err
	}
	defer p.Close(context.WithoutCancel(ctx))
	c := &clusterer{q: q, st: st, p: p, ahead: p.Ahead()}
	defer c.ahead.Land() //nolint:errcheck // stepping down: what landed is stored, the rest redone
	if err := c.announceDirty(ctx); err != nil {
		return err
	}
	if c.pos, err = st.StreamPos(ctx, q.StreamPosName()); err != nil {
		return err
	}
	if c.rawDone, err = st.StreamPos(ctx, q.RawPosName()); err != nil {
		return err
	}
	c.buf, c.lastRead = newReorder(uint64(c.rawDone)+1), uint64(c.pos)
	q.log.Info("cluster: resuming", "after", c.pos, "raw", c.rawDone)
	cons, err := q.js.OrderedConsumer(ctx, q.analyzedStream(), jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:   uint64(c.pos + 1),
	})
	if err != nil {
		return fmt.Errorf("distrib: read %s: %w", q.analyzedStream(), err)
	}
	for ctx.Err() == nil {
		if err := c.step(ctx, cons); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// step reads one batch of the analyzed stream into the reorder buffer and
// commits what can be applied; with nothing read and nothing to apply, it
// settles when the queue is drained.
func (c *clusterer) step(ctx context.Context, cons jetstream.Consumer) error {
	msgs, err := c.q.fetch(cons, c.q.opts.ClusterBatch)
	if err != nil {
		return fmt.Errorf("distrib: read %s: %w", c.q.analyzedStream(), err)
	}
	if err := c.hold(msgs); err != nil {
		return err
	}
	if c.buf.stalled() && (len(msgs) == 0 || time.Since(c.checked) >= stallCheck) {
		c.unstall(ctx)
	}
	applied := false
	for {
		arts := c.buf.take(c.q.opts.ClusterBatch)
		if len(arts) == 0 {
			break
		}
		if err := c.apply(ctx, arts); err != nil {
			return err
		}
		applied = true
	}
	switch {
	case !applied && len(msgs) == 0:
		return c.idle(ctx)
	case !applied: // waiting for a raw sequence: let the batch in flight be announced
		return c.land(ctx)
	}
	return nil
}

// hold puts a batch of analyzed messages in the reorder buffer.
func (c *clusterer) hold(msgs []jetstream.Msg) error {
	for _, m := range msgs {
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("distrib: analyzed message: %w", err)
		}
		seq := meta.Sequence.Stream
		c.lastRead = seq
		rawSeq, _ := strconv.ParseUint(m.Headers().Get(rawSeqHeader), 10, 64)
		if m.Headers().Get(skipHeader) != "" {
			c.buf.add(rawSeq, seq, nil)
			continue
		}
		a, err := decodeAnalyzed(m.Data())
		if err != nil {
			c.q.log.Error("cluster: dropped", "seq", seq, "err", err)
			c.buf.add(rawSeq, seq, nil)
			continue
		}
		c.buf.add(rawSeq, seq, a)
	}
	return nil
}

// unstall passes over the raw sequences the buffer waits for in vain: those
// the raw queue has acknowledged without an analyzed message for them
// among all those published before the acknowledgement. The raw queue's
// acknowledgement floor is read first, then the analyzed stream's last
// sequence: an analyze worker acknowledges a raw message only after its
// result is on the analyzed stream.
func (c *clusterer) unstall(ctx context.Context) {
	c.checked = time.Now()
	floor, err := c.q.rawAckFloor(ctx)
	if err != nil {
		c.q.log.Warn("cluster: raw queue", "err", err)
		return
	}
	last, err := c.q.analyzedLast(ctx)
	if err != nil {
		c.q.log.Warn("cluster: analyzed stream", "err", err)
		return
	}
	if c.lastRead < last {
		return // not everything published before the floor is read yet
	}
	before := c.buf.next
	c.buf.passOver(floor)
	if c.buf.next != before {
		c.q.log.Info("cluster: raw sequences without a result passed over", "from", before, "to", c.buf.next-1)
	}
}

// apply places articles, in input order, and starts their commit with the
// positions reached, while the batch before lands (pipeline.Ahead); then
// it announces the stories that batch changed.
func (c *clusterer) apply(ctx context.Context, arts []*storyline.Article) error {
	pos := int64(c.buf.resumeAfter(c.lastRead))
	rawDone := int64(c.buf.next) - 1
	fromPos, fromRaw := c.pos, c.rawDone
	name, rawName := c.q.StreamPosName(), c.q.RawPosName()
	res, err := c.ahead.Commit(ctx, arts, func(tx storyline.Store, _ []*storyline.Article) error {
		stored, err := tx.StreamPos(ctx, name)
		if err != nil {
			return err
		}
		storedRaw, err := tx.StreamPos(ctx, rawName)
		if err != nil {
			return err
		}
		if stored != fromPos || storedRaw != fromRaw {
			return fmt.Errorf("%w (stored positions %d/%d, this clusterer's %d/%d)",
				errFenced, stored, storedRaw, fromPos, fromRaw)
		}
		if err := tx.SetStreamPos(ctx, rawName, rawDone); err != nil {
			return err
		}
		return tx.SetStreamPos(ctx, name, pos)
	})
	if err != nil {
		return err
	}
	landed := c.fly
	// The first article names the commit: it is stored once, by this
	// commit, which a clusterer redoing it announces under the same tag.
	c.pos, c.rawDone, c.settled, c.fly = pos, rawDone, false, landing{pos: pos, tag: arts[0].ID}
	return c.landed(ctx, res, landed)
}

// land waits for the batch in flight and announces what it changed.
func (c *clusterer) land(ctx context.Context) error {
	res, err := c.ahead.Land()
	if err != nil {
		return err
	}
	return c.landed(ctx, res, c.fly)
}

// landed announces the stories a landed batch changed (nothing when res
// is nil: no batch was in flight) and, every purgeEvery commits, purges
// the analyzed messages applied up to it.
func (c *clusterer) landed(ctx context.Context, res *pipeline.Result, l landing) error {
	if res == nil {
		return nil
	}
	c.commits++
	if c.commits%purgeEvery == 0 {
		c.purge(ctx, l.pos)
	}
	return c.q.announce(ctx, res.Changed, l.tag)
}

// idle settles the articles left alone once the queue is drained: no raw
// article waits or is being analysed, and the clusterer has applied the
// whole analyzed stream. That is the end of a batch, as the end of a run
// is for a single process.
func (c *clusterer) idle(ctx context.Context) error {
	if err := c.land(ctx); err != nil {
		return err
	}
	if c.settled {
		return nil
	}
	raw, err := c.q.rawBacklog(ctx)
	if err != nil || raw.Pending+raw.AckPending > 0 {
		return nil // not drained (or unknown): settle later
	}
	last, err := c.q.analyzedLast(ctx)
	if err != nil || last > c.lastRead || !c.buf.empty() {
		return nil
	}
	changed, err := c.p.SettlePending(ctx)
	if err != nil {
		return err
	}
	c.settled = true
	c.q.log.Info("cluster: settled", "at", c.pos, "stories", len(changed))
	return c.q.announce(ctx, changed, fmt.Sprintf("settle-%d-%d", c.rawDone, c.lastRead))
}

// purge removes the analyzed messages up to pos, a position stored:
// their effect is in the store.
func (c *clusterer) purge(ctx context.Context, pos int64) {
	s, err := c.q.js.Stream(ctx, c.q.analyzedStream())
	if err == nil {
		err = s.Purge(ctx, jetstream.WithPurgeSequence(uint64(pos+1)))
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
	return c.q.announce(ctx, slices.Sorted(maps.Keys(dirty)), "dirty")
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
