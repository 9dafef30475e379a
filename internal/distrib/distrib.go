// Package distrib runs storyline's pipeline over several processes and
// machines: NATS JetStream carries the work, PostgreSQL holds the state
// (internal/postgres), and each stage is the code a single-process run
// uses (internal/pipeline's Prepare, Commit, SettlePending and Refresh).
//
//	ingest / watch / POST ──▶ PREFIX_raw ──▶ analyze workers (any number,
//	  (msg id: article id       (work queue,    one durable pull consumer)
//	   or content hash)          durable "analyze")       │ publish, msg id = article id
//	                                                      ▼
//	                     PREFIX_analyzed (limits; ordered, read by the one clusterer)
//	                                                      │
//	          clusterer (one active, holding a lease; standbys wait for it)
//	          commits each batch and the stream sequence it reached in one
//	          Postgres transaction, marks the stories dirty
//	                                                      │ msg id = story@sequence
//	                                                      ▼
//	                     PREFIX_brief (work queue, durable "brief") ──▶ brief workers
//
// Analyze workers (Queue.Analyze) fetch raw articles from one durable pull
// consumer, clean and analyse them (skipping those already stored) and
// publish each result to the analyzed stream; they acknowledge a raw
// message only after the server has acknowledged its result, so a worker
// killed mid-batch loses nothing: its messages are delivered again after
// the consumer's ack wait, analysed again, and the duplicate result is
// dropped by the stream's message-id deduplication (or, past its window,
// by the clusterer, which never stores an id twice).
//
// The clusterer (Queue.Cluster) is ordered: clustering is incremental and
// depends on arrival order, so one process at a time applies the analyzed
// stream, in the input's order (the raw stream's), which it restores from
// the workers' finishing order with a reorder buffer (reorder.go). It
// holds a lease (a Postgres session advisory lock on a connection of its
// own: it ends when the process or its connection dies), and a standby
// polls for it every LeasePoll. Each batch is committed through the
// pipeline's commit path, placed while the batch before commits
// (pipeline.Ahead: placing is the clusterer's CPU, committing mostly the
// server's), and the positions reached (the last raw sequence applied,
// and the analyzed sequence a successor reads after) are written in the
// same transaction (StreamPos), after checking that the stored ones are
// where the batch before left them (a clusterer that lost its lease
// without noticing cannot commit over its successor). A batch's
// announcement and the purge of what it applied follow its landing. A
// clusterer starting or taking over resumes there; it first announces
// every story still marked dirty, since its predecessor may have died
// between a commit and its announcement. When the queue is drained (no
// raw article waiting or in flight, nothing left on the analyzed stream)
// it settles the articles left alone, as a run does at its end.
//
// Brief workers (Queue.Brief) take story ids from a work queue, several at
// a time, and rebuild the briefs of those still dirty from the store as
// it stands, BriefDelay after their announcement (a story extended by many
// commits in a row is briefed once). While the pipeline works through a
// burst (a backlog over BriefBusy) they hold their announcements until it
// is drained or BriefMaxWait has passed, then brief each story once, as
// a run briefs at its end (they follow the journal once the analysis is
// over, while the clusterer catches up); a brief records the journal position
// it was built at and clears the story's dirty mark only up to it, so
// briefing twice, or two workers briefing one story, is harmless. After a
// while idle they also brief the dirty stories left over.
//
// Exactly-once effect: every write is keyed by article id (a stored id is
// never stored again, never joins a second story) and the clusterer's
// position commits with its writes, so redelivered or republished
// messages change nothing.
//
// Learned boilerplate: the cleaner reads, per outlet, how many stored
// articles contain each line (Store.LineCounts). Analyze workers read the
// counts from the shared store as it stands when they clean, and the
// clusterer records the lines of the articles it stores in the same
// transaction as the articles (pipeline.Commit). A worker therefore learns
// from every article committed before it cleans, which depends on timing:
// unlike a single-process run, the distributed pipeline's cleaned texts,
// and so its stories, are not bit-for-bit reproducible, but they agree
// with a single run's (the end-to-end test's B-cubed F1 against one).
package distrib

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Options configure a Queue. Zero values take the defaults of
// DefaultOptions.
type Options struct {
	// Prefix names the streams (PREFIX_raw, PREFIX_analyzed, PREFIX_brief)
	// and their subjects (PREFIX.raw, …), so that several deployments or
	// tests share one NATS server without meeting.
	Prefix string
	// AckWait is how long a worker may hold a message before the server
	// delivers it to another one. Workers signal progress on long batches,
	// so it bounds the delay after a worker dies, not a batch's length.
	AckWait time.Duration
	// AnalyzeBatch is how many raw articles an analyze worker takes at
	// once (it holds analyzeLoops batches): enough to keep its cores busy,
	// few enough that a killed worker leaves little to redo and that the
	// clusterer's reorder buffer, which waits for the oldest batch in
	// flight, stays small.
	AnalyzeBatch int
	// ClusterBatch is the most analyzed articles the clusterer commits in
	// one transaction (a run's chunk).
	ClusterBatch int
	// BriefBatch is how many story ids a brief worker takes at once; it
	// briefs them in parallel.
	BriefBatch int
	// BriefDelay is how long a brief worker lets an announcement wait
	// before briefing its story, so that a story that several commits in a
	// row change is briefed once, not once per commit: a brief reads the
	// whole story, and a story of n articles briefed after each of them
	// costs n² article reads. Briefs lag the stories by about this much.
	// A negative value briefs at once.
	BriefDelay time.Duration
	// BriefBusy is the backlog (raw articles not yet analysed plus
	// analysed ones the clusterer has not applied) above which the
	// pipeline is working through a burst: a bulk import, or a catch-up
	// after downtime. Brief workers then hold their announcements until
	// the burst is drained, or BriefMaxWait, instead of briefing stories
	// the next commits change again: on one machine those briefs take the
	// cores the burst needs, and a brief lagging a burst is stale anyway.
	// The default is one clusterer batch: a steady stream stays below it.
	BriefBusy int
	// BriefMaxWait bounds how long a brief worker holds an announcement
	// during a burst, so that briefs lag by at most about this much even
	// on a pipeline that never catches up. A negative value never holds.
	BriefMaxWait time.Duration
	// Idle is how long a fetch waits for messages before a worker looks at
	// other work (the clusterer settles, brief workers brief leftovers).
	Idle time.Duration
	// LeasePoll is how often a standby clusterer tries to take the lease,
	// and how often the active one checks that it still holds it.
	LeasePoll time.Duration
	// Dedup is the window in which the streams drop a message whose id
	// they have seen (republished input, a result published twice).
	Dedup time.Duration
	// Logger receives what the workers do; nil logs nothing.
	Logger *slog.Logger
}

// DefaultOptions returns the options storyline uses.
func DefaultOptions() Options {
	return Options{
		Prefix:       "storyline",
		AckWait:      30 * time.Second,
		AnalyzeBatch: 16,
		ClusterBatch: 256,
		BriefBatch:   256,
		BriefDelay:   2 * time.Second,
		BriefMaxWait: 30 * time.Second,
		Idle:         500 * time.Millisecond,
		LeasePoll:    time.Second,
		Dedup:        time.Hour,
	}
}

// maxDeliver bounds the deliveries of one message: an input that kills
// every worker that takes it (past the recovered panics) is given up
// after this many tries instead of blocking the queue.
const maxDeliver = 20

// The durable consumers of the work queues.
const (
	analyzeConsumer = "analyze"
	briefConsumer   = "brief"
)

// Queue is a connection to the streams of one deployment.
type Queue struct {
	nc   *nats.Conn
	js   jetstream.JetStream
	opts Options
	log  *slog.Logger
}

// Connect connects to the NATS server at url and creates the deployment's
// streams when they are not there yet.
func Connect(ctx context.Context, url string, opts Options) (*Queue, error) {
	opts = withDefaults(opts)
	nc, err := nats.Connect(url, nats.Name("storyline"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("distrib: connect to %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("distrib: %w", err)
	}
	q := &Queue{nc: nc, js: js, opts: opts, log: opts.Logger}
	if q.log == nil {
		q.log = slog.New(slog.DiscardHandler)
	}
	if err := q.createStreams(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func withDefaults(o Options) Options {
	d := DefaultOptions()
	if o.Prefix == "" {
		o.Prefix = d.Prefix
	}
	if o.AckWait <= 0 {
		o.AckWait = d.AckWait
	}
	if o.AnalyzeBatch <= 0 {
		o.AnalyzeBatch = d.AnalyzeBatch
	}
	if o.ClusterBatch <= 0 {
		o.ClusterBatch = d.ClusterBatch
	}
	if o.BriefBatch <= 0 {
		o.BriefBatch = d.BriefBatch
	}
	if o.BriefDelay == 0 {
		o.BriefDelay = d.BriefDelay
	}
	if o.BriefBusy <= 0 {
		o.BriefBusy = o.ClusterBatch
	}
	if o.BriefMaxWait == 0 {
		o.BriefMaxWait = d.BriefMaxWait
	}
	if o.Idle <= 0 {
		o.Idle = d.Idle
	}
	if o.LeasePoll <= 0 {
		o.LeasePoll = d.LeasePoll
	}
	if o.Dedup <= 0 {
		o.Dedup = d.Dedup
	}
	return o
}

// Close closes the connection, after the messages sent are flushed.
func (q *Queue) Close() { q.nc.Close() }

// The streams of a deployment and their subjects.
func (q *Queue) rawStream() string      { return q.opts.Prefix + "_raw" }
func (q *Queue) analyzedStream() string { return q.opts.Prefix + "_analyzed" }
func (q *Queue) briefStream() string    { return q.opts.Prefix + "_brief" }
func (q *Queue) rawSubject() string     { return q.opts.Prefix + ".raw" }
func (q *Queue) analyzedSubject() string {
	return q.opts.Prefix + ".analyzed"
}
func (q *Queue) briefSubject() string { return q.opts.Prefix + ".brief" }

// StreamPosName is the name under which the clusterer records, in the
// store, the analyzed stream's sequence it has applied.
func (q *Queue) StreamPosName() string { return "nats:" + q.analyzedStream() }

// createStreams creates or updates the three streams: the raw and brief
// work queues (a message leaves when acknowledged) and the analyzed
// stream, which keeps messages until the clusterer has applied them
// (it purges them then).
func (q *Queue) createStreams(ctx context.Context) error {
	for _, cfg := range []jetstream.StreamConfig{
		{Name: q.rawStream(), Subjects: []string{q.rawSubject()}, Retention: jetstream.WorkQueuePolicy},
		{Name: q.analyzedStream(), Subjects: []string{q.analyzedSubject()}, Retention: jetstream.LimitsPolicy},
		{Name: q.briefStream(), Subjects: []string{q.briefSubject()}, Retention: jetstream.WorkQueuePolicy},
	} {
		cfg.Storage = jetstream.FileStorage
		cfg.Duplicates = q.opts.Dedup
		if _, err := q.js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("distrib: create stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}

// DeleteStreams removes the deployment's streams and everything in them
// (tests clean up with it).
func (q *Queue) DeleteStreams(ctx context.Context) error {
	var errs []error
	for _, name := range []string{q.rawStream(), q.analyzedStream(), q.briefStream()} {
		if err := q.js.DeleteStream(ctx, name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, fmt.Errorf("distrib: delete stream %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// Backlog is what is left to do on a work queue: messages not yet
// delivered and messages delivered but not acknowledged.
type Backlog struct {
	Pending, AckPending int
}

// Backlogs reports the backlog of the raw queue (analyze workers) and of
// the brief queue (brief workers); a queue whose consumer does not exist
// yet counts its stream's messages as pending.
func (q *Queue) Backlogs(ctx context.Context) (raw, brief Backlog, err error) {
	if raw, err = q.rawBacklog(ctx); err != nil {
		return
	}
	brief, err = q.backlog(ctx, q.briefStream(), briefConsumer)
	return
}

// rawBacklog is the raw queue's backlog: articles waiting for an analyze
// worker or being analysed.
func (q *Queue) rawBacklog(ctx context.Context) (Backlog, error) {
	return q.backlog(ctx, q.rawStream(), analyzeConsumer)
}

func (q *Queue) backlog(ctx context.Context, stream, consumer string) (Backlog, error) {
	info, err := q.consumerInfo(ctx, stream, consumer)
	if err != nil {
		return Backlog{}, err
	}
	if info == nil {
		state, err := q.streamState(ctx, stream)
		return Backlog{Pending: int(state.Msgs)}, err
	}
	return Backlog{Pending: int(info.NumPending), AckPending: info.NumAckPending}, nil
}

// rawAckFloor is the raw queue's acknowledgement floor: every raw
// sequence up to it has been acknowledged (0 while its consumer does not
// exist).
func (q *Queue) rawAckFloor(ctx context.Context) (uint64, error) {
	info, err := q.consumerInfo(ctx, q.rawStream(), analyzeConsumer)
	if err != nil || info == nil {
		return 0, err
	}
	return info.AckFloor.Stream, nil
}

// analyzedLast is the analyzed stream's last sequence.
func (q *Queue) analyzedLast(ctx context.Context) (uint64, error) {
	state, err := q.streamState(ctx, q.analyzedStream())
	return state.LastSeq, err
}

// consumerInfo is what the server says of a durable consumer of a stream;
// nil, and no error, while the consumer does not exist.
func (q *Queue) consumerInfo(ctx context.Context, stream, consumer string) (*jetstream.ConsumerInfo, error) {
	c, err := q.js.Consumer(ctx, stream, consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, nil
	}
	if err == nil {
		var info *jetstream.ConsumerInfo
		if info, err = c.Info(ctx); err == nil {
			return info, nil
		}
	}
	return nil, fmt.Errorf("distrib: consumer %s of %s: %w", consumer, stream, err)
}

// streamState is the state of a stream (its messages and sequences).
func (q *Queue) streamState(ctx context.Context, stream string) (jetstream.StreamState, error) {
	s, err := q.js.Stream(ctx, stream)
	if err == nil {
		var info *jetstream.StreamInfo
		if info, err = s.Info(ctx); err == nil {
			return info.State, nil
		}
	}
	return jetstream.StreamState{}, fmt.Errorf("distrib: stream %s: %w", stream, err)
}

// workQueue creates or updates the durable pull consumer of a work queue.
func (q *Queue) workQueue(ctx context.Context, stream, name string) (jetstream.Consumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{
		Durable:    name,
		AckPolicy:  jetstream.AckExplicitPolicy,
		AckWait:    q.opts.AckWait,
		MaxDeliver: maxDeliver,
	})
	if err != nil {
		return nil, fmt.Errorf("distrib: consumer %s of %s: %w", name, stream, err)
	}
	return c, nil
}

// fetch takes up to n messages from a consumer, waiting at most Idle for
// the first ones; a fetch that times out returns none and no error.
func (q *Queue) fetch(c jetstream.Consumer, n int) ([]jetstream.Msg, error) {
	b, err := c.Fetch(n, jetstream.FetchMaxWait(q.opts.Idle))
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range b.Messages() {
		msgs = append(msgs, m)
	}
	if err := b.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		return msgs, err
	}
	return msgs, nil
}

// keepAlive tells the server, every third of AckWait until stop is
// called, that the messages are still being worked on, so that a long
// batch on a busy machine is not delivered to a second worker.
func (q *Queue) keepAlive(msgs []jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(q.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				for _, m := range msgs {
					_ = m.InProgress()
				}
			}
		}
	}()
	return func() { close(done) }
}

// ackAll acknowledges messages and waits until the server has read the
// acknowledgements (a flush), so that a worker stopping right after
// leaves nothing pending.
func (q *Queue) ackAll(msgs []jetstream.Msg) error {
	for _, m := range msgs {
		if err := m.Ack(); err != nil {
			return fmt.Errorf("distrib: ack: %w", err)
		}
	}
	return q.nc.Flush()
}

// nakAll gives messages back for another delivery after delay.
func nakAll(msgs []jetstream.Msg, delay time.Duration) {
	for _, m := range msgs {
		_ = m.NakWithDelay(delay)
	}
}

// waitAcks waits for the server's acknowledgement of published messages
// and returns those the stream dropped as duplicates (an id it had seen).
func waitAcks(ctx context.Context, futs []jetstream.PubAckFuture) (dups []jetstream.PubAckFuture, err error) {
	for _, f := range futs {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				dups = append(dups, f)
			}
		case err := <-f.Err():
			return dups, fmt.Errorf("distrib: publish: %w", err)
		case <-ctx.Done():
			return dups, ctx.Err()
		}
	}
	return dups, nil
}
