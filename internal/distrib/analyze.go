package distrib

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"sync"
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

// analyzeLoops is how many batches an analyze worker has in hand at once:
// while one batch waits on the network (its fetch, the store's look-ups,
// the publish acknowledgements) or on its slowest article, another keeps
// the cores busy. The clusterer restores the input order, so the order in
// which batches finish does not matter.
const analyzeLoops = 2

// Analyze runs an analyze worker until ctx is done: it takes raw articles
// from the raw queue, cleans and analyses them with p (pipeline.Prepare,
// which skips the articles already stored), publishes each result to the
// analyzed stream with the article id as message id, and acknowledges the
// raw messages once the server has acknowledged every result. A rejected
// input is logged and acknowledged. It works on analyzeLoops batches at
// once.
func (q *Queue) Analyze(ctx context.Context, p *pipeline.Pipeline) error {
	c, err := q.workQueue(ctx, q.rawStream(), analyzeConsumer)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for range analyzeLoops {
		wg.Go(func() { q.analyzeLoop(ctx, c, p) })
	}
	wg.Wait()
	return nil
}

// analyzeLoop fetches and analyses batches until ctx is done.
func (q *Queue) analyzeLoop(ctx context.Context, c jetstream.Consumer, p *pipeline.Pipeline) {
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
				return // unacknowledged: delivered again to another worker
			}
			q.log.Warn("analyze: batch given back", "messages", len(msgs), "err", err)
			nakAll(msgs, retryDelay)
		}
	}
}

// skipHeader marks an analyzed message that carries no article: its raw
// message yields none (rejected, already stored, or a copy of an article
// published for another raw message). The clusterer passes its raw
// sequence.
const skipHeader = "Storyline-Skip"

// analyzeBatch prepares and publishes one batch, then acknowledges it.
func (q *Queue) analyzeBatch(ctx context.Context, p *pipeline.Pipeline, msgs []jetstream.Msg) error {
	defer q.keepAlive(msgs)()
	raws := make([]storyline.RawArticle, 0, len(msgs))
	var good []jetstream.Msg
	var seqs []uint64
	var futs []jetstream.PubAckFuture
	for _, m := range msgs {
		r, err := decodeRaw(m.Data())
		meta, merr := m.Metadata()
		if err = cmp.Or(err, merr); err != nil {
			q.log.Error("analyze: dropped", "err", err)
			if merr == nil {
				f, err := q.publishSkip(meta.Sequence.Stream)
				if err != nil {
					return err
				}
				futs = append(futs, f)
			}
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
	for i, pr := range prepared {
		f, err := q.publishPrepared(raws[i], pr, seqs[i])
		if err != nil {
			return err
		}
		futs = append(futs, f)
	}
	if err := q.waitResults(ctx, futs); err != nil {
		return err
	}
	return q.ackAll(good)
}

// publishPrepared publishes the result of one raw message: its analysed
// article, or a marker when it yields none.
func (q *Queue) publishPrepared(r storyline.RawArticle, pr pipeline.Prepared, seq uint64) (jetstream.PubAckFuture, error) {
	if pr.Err != nil {
		q.log.Info("analyze: rejected", "input", pr.Err.Input, "err", pr.Err.Error)
	}
	if pr.Article == nil {
		return q.publishSkip(seq)
	}
	b, err := encodeAnalyzed(pr.Article)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > q.nc.MaxPayload() {
		q.log.Error("analyze: dropped: analysed article larger than the server's message limit",
			"input", r.Input, "bytes", len(b), "limit", q.nc.MaxPayload())
		return q.publishSkip(seq)
	}
	m := nats.NewMsg(q.analyzedSubject())
	m.Data = b
	m.Header.Set(rawSeqHeader, strconv.FormatUint(seq, 10))
	f, err := q.js.PublishMsgAsync(m, jetstream.WithMsgID(pr.Article.ID))
	if err != nil {
		return nil, fmt.Errorf("distrib: publish %s: %w", r.Input, err)
	}
	return f, nil
}

// publishSkip publishes the marker of a raw message that yields no
// article.
func (q *Queue) publishSkip(seq uint64) (jetstream.PubAckFuture, error) {
	m := nats.NewMsg(q.analyzedSubject())
	s := strconv.FormatUint(seq, 10)
	m.Header.Set(rawSeqHeader, s)
	m.Header.Set(skipHeader, "1")
	f, err := q.js.PublishMsgAsync(m, jetstream.WithMsgID("skip-"+s))
	if err != nil {
		return nil, fmt.Errorf("distrib: publish the marker of raw message %s: %w", s, err)
	}
	return f, nil
}

// waitResults waits for the server to acknowledge the results published.
// An article the stream dropped as a copy of one published before (under
// the same id, for another raw message or for this one delivered again) is
// replaced by a marker, so that the clusterer does not wait for it.
func (q *Queue) waitResults(ctx context.Context, futs []jetstream.PubAckFuture) error {
	dups, err := waitAcks(ctx, futs)
	if err != nil {
		return err
	}
	var markers []jetstream.PubAckFuture
	for _, f := range dups {
		if f.Msg().Header.Get(skipHeader) != "" {
			continue
		}
		seq, _ := strconv.ParseUint(f.Msg().Header.Get(rawSeqHeader), 10, 64)
		m, err := q.publishSkip(seq)
		if err != nil {
			return err
		}
		markers = append(markers, m)
	}
	_, err = waitAcks(ctx, markers)
	return err
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
