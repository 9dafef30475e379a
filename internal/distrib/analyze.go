package distrib

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
)

// rawSeqHeader carries, on an analyzed message, the sequence of its raw
// message: the input order, which the clusterer restores within each
// batch it commits (analyze workers finish in any order).
const rawSeqHeader = "Storyline-Raw-Seq"

// retryDelay is how long a batch that failed (the store or the server
// unreachable) waits before it is delivered again, and how long a worker
// pauses after a failed fetch.
const retryDelay = 2 * time.Second

// Analyze runs an analyze worker until ctx is done: it takes raw articles
// from the raw queue, cleans and analyses them with p (pipeline.Prepare,
// which skips the articles already stored), publishes each result to the
// analyzed stream with the article id as message id, and acknowledges the
// raw messages once the server has acknowledged every result. A rejected
// input is logged and acknowledged.
func (q *Queue) Analyze(ctx context.Context, p *pipeline.Pipeline) error {
	c, err := q.workQueue(ctx, q.rawStream(), analyzeConsumer)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		msgs, err := q.fetch(c, q.opts.AnalyzeBatch)
		if err != nil {
			q.log.Warn("analyze: fetch", "err", err)
			sleep(ctx, retryDelay)
		}
		if len(msgs) == 0 {
			continue
		}
		if err := q.analyzeBatch(ctx, p, msgs); err != nil {
			if ctx.Err() != nil {
				return nil // unacknowledged: delivered again to another worker
			}
			q.log.Warn("analyze: batch given back", "messages", len(msgs), "err", err)
			nakAll(msgs, retryDelay)
		}
	}
	return nil
}

// analyzeBatch prepares and publishes one batch, then acknowledges it.
func (q *Queue) analyzeBatch(ctx context.Context, p *pipeline.Pipeline, msgs []jetstream.Msg) error {
	defer q.keepAlive(msgs)()
	raws := make([]storyline.RawArticle, 0, len(msgs))
	var good []jetstream.Msg
	var seqs []uint64
	for _, m := range msgs {
		r, err := decodeRaw(m.Data())
		meta, merr := m.Metadata()
		if err = cmp.Or(err, merr); err != nil {
			q.log.Error("analyze: dropped", "err", err)
			_ = m.Term()
			continue
		}
		raws = append(raws, r)
		good = append(good, m)
		seqs = append(seqs, meta.Sequence.Stream)
	}
	prepared, err := p.Prepare(ctx, raws)
	if err != nil {
		return err
	}
	var futs []jetstream.PubAckFuture
	for i, pr := range prepared {
		switch {
		case pr.Err != nil:
			q.log.Info("analyze: rejected", "input", pr.Err.Input, "err", pr.Err.Error)
		case pr.Article != nil:
			b, err := encodeAnalyzed(pr.Article)
			if err != nil {
				return err
			}
			if int64(len(b)) > q.nc.MaxPayload() {
				q.log.Error("analyze: dropped: analysed article larger than the server's message limit",
					"input", raws[i].Input, "bytes", len(b), "limit", q.nc.MaxPayload())
				continue
			}
			m := nats.NewMsg(q.analyzedSubject())
			m.Data = b
			m.Header.Set(rawSeqHeader, strconv.FormatUint(seqs[i], 10))
			f, err := q.js.PublishMsgAsync(m, jetstream.WithMsgID(pr.Article.ID))
			if err != nil {
				return fmt.Errorf("distrib: publish %s: %w", raws[i].Input, err)
			}
			futs = append(futs, f)
		}
	}
	if _, err := waitAcks(ctx, futs); err != nil {
		return err
	}
	return q.ackAll(good)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
