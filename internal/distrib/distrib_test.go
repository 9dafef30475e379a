package distrib

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/distrib/natstest"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/postgres"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/sharedtest"
)

// waitFor is how long a test waits for the workers to reach a state.
const waitFor = 30 * time.Second

// testOptions make the workers quick to notice idleness and leases.
func testOptions(prefix string) Options {
	o := DefaultOptions()
	o.Prefix, o.Idle, o.LeasePoll, o.AckWait = prefix, 100*time.Millisecond, 200*time.Millisecond, 5*time.Second
	o.BriefDelay = 100 * time.Millisecond
	return o
}

// setup gives a test a Postgres store and a queue of its own.
func setup(t *testing.T) (*Queue, *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	url := natstest.Server(t)
	db, err := postgres.Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := Connect(ctx, url, testOptions(natstest.Prefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q, db
}

// exampleRaws reads the repository's example articles.
func exampleRaws(t *testing.T) []storyline.RawArticle {
	t.Helper()
	var raws []storyline.RawArticle
	err := ingest.Read(context.Background(), []string{filepath.Join(sharedtest.RepoRoot(), "examples")}, nil,
		ingest.DefaultOptions(), func(r storyline.RawArticle) error {
			raws = append(raws, r)
			return nil
		}, func(e storyline.InputError) { t.Errorf("example %s: %s", e.Input, e.Error) })
	if err != nil || len(raws) < 6 {
		t.Fatalf("examples: %d articles, %v", len(raws), err)
	}
	return raws
}

// analyzed cleans and analyses the examples as an analyze worker does.
func analyzed(t *testing.T, st storyline.Store) []*storyline.Article {
	t.Helper()
	prepared, err := pipeline.OpenEmpty(st, pipeline.DefaultOptions()).Prepare(context.Background(), exampleRaws(t))
	if err != nil {
		t.Fatal(err)
	}
	var arts []*storyline.Article
	for _, p := range prepared {
		if p.Article == nil {
			t.Fatalf("an example was not prepared: %+v", p)
		}
		arts = append(arts, p.Article)
	}
	return arts
}

// publishAnalyzed puts articles on the analyzed stream as analyze workers
// do, but without message ids: the stream keeps every copy, as it does for
// a result published again after its deduplication window.
func publishAnalyzed(t *testing.T, q *Queue, arts ...*storyline.Article) {
	t.Helper()
	for _, a := range arts {
		b, err := encodeAnalyzed(a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := q.js.Publish(context.Background(), q.analyzedSubject(), b); err != nil {
			t.Fatal(err)
		}
	}
}

// runWorker runs a worker in the background until the test ends.
func runWorker(t *testing.T, fn func(ctx context.Context) error) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := fn(ctx); err != nil {
			t.Errorf("worker: %v", err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

// runClusterer runs a clusterer with its lease on db.
func runClusterer(t *testing.T, q *Queue, db *postgres.DB) (stop func()) {
	opts := pipeline.DefaultOptions()
	lease := db.Lease("cluster "+q.StreamPosName(), q.opts.LeasePoll)
	return runWorker(t, func(ctx context.Context) error {
		return q.Cluster(ctx, db, lease, func(ctx context.Context) (*pipeline.Pipeline, error) {
			return pipeline.Open(ctx, db, opts)
		})
	})
}

// eventually waits until cond holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: not %s", waitFor, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// posIs reports whether the clusterer's stored position is pos.
func posIs(t *testing.T, q *Queue, db storyline.Store, pos int64) func() bool {
	return func() bool {
		got, err := db.StreamPos(context.Background(), q.StreamPosName())
		if err != nil {
			t.Fatal(err)
		}
		return got == pos
	}
}

// checkStoredOnce checks that exactly the given articles are stored, each
// listed by one story once, with one journal entry each.
func checkStoredOnce(t *testing.T, db storyline.Store, want []*storyline.Article) {
	t.Helper()
	ctx := context.Background()
	arts, err := db.Articles(ctx, storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != len(want) {
		t.Errorf("%d articles stored, want %d", len(arts), len(want))
	}
	listed := map[string]int{}
	stories := map[string]bool{}
	for _, a := range arts {
		stories[a.StoryID] = true
	}
	for id := range stories {
		members, err := db.Articles(ctx, storyline.ArticleFilter{Story: id})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			listed[m.ID]++
		}
	}
	for _, a := range want {
		if listed[a.ID] != 1 {
			t.Errorf("article %s is a member %d times, want once", a.ID, listed[a.ID])
		}
	}
	log, err := db.ReadLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	placed := 0
	for _, e := range log {
		if !e.Settle {
			placed++
		}
	}
	if placed != len(want) {
		t.Errorf("%d articles placed in the journal, want %d", placed, len(want))
	}
}

// TestClusterRedelivered gives the clusterer every article twice (the
// second time after the others, as a redelivery past the deduplication
// window arrives): each is stored once, in one story, and the stored
// position is the stream's last sequence.
func TestClusterRedelivered(t *testing.T) {
	q, db := setup(t)
	arts := analyzed(t, db)[:4]
	publishAnalyzed(t, q, arts...)
	publishAnalyzed(t, q, arts[1], arts[0], arts[1])
	runClusterer(t, q, db)
	eventually(t, "at position 7", posIs(t, q, db, 7))
	checkStoredOnce(t, db, arts)
}

// TestClusterResumes stores a position before the clusterer starts: it
// applies only what comes after it. Then a standby takes over from a
// clusterer that stopped, at the position it left.
func TestClusterResumes(t *testing.T) {
	q, db := setup(t)
	ctx := context.Background()
	arts := analyzed(t, db)
	if err := db.SetStreamPos(ctx, q.StreamPosName(), 2); err != nil {
		t.Fatal(err)
	}
	publishAnalyzed(t, q, arts[:5]...)
	stop := runClusterer(t, q, db)
	eventually(t, "at position 5", posIs(t, q, db, 5))
	checkStoredOnce(t, db, arts[2:5])

	runClusterer(t, q, db) // a standby: waits for the lease
	time.Sleep(3 * q.opts.LeasePoll)
	stop()
	publishAnalyzed(t, q, arts[5:]...)
	end := int64(5 + len(arts[5:]))
	eventually(t, fmt.Sprintf("at position %d after the takeover", end), posIs(t, q, db, end))
	checkStoredOnce(t, db, arts[2:])
}

// TestAnalyzeRedelivered publishes every raw article twice under two
// message ids (as a republish past the deduplication window does), and
// once more through a Publisher, which the stream drops: the analyze
// worker leaves one analyzed article per article, a marker for each raw
// message that yields a copy, and no raw message unacknowledged.
func TestAnalyzeRedelivered(t *testing.T) {
	q, db := setup(t)
	ctx := context.Background()
	raws := exampleRaws(t)
	for round := range 2 {
		for i, r := range raws {
			b, err := encodeRaw(r)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := q.js.Publish(ctx, q.rawSubject(), b, jetstream.WithMsgID(fmt.Sprint(round, "-", i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	pub := q.Publisher()
	for _, r := range raws[:3] {
		if err := pub.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := pub.Wait(ctx); err != nil || res.New != 3 || res.Duplicate != 0 {
		t.Fatalf("first publish: %+v, %v", res, err)
	}
	pub = q.Publisher()
	for _, r := range raws[:3] {
		if err := pub.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := pub.Wait(ctx); err != nil || res.New != 0 || res.Duplicate != 3 {
		t.Errorf("publishing again: %+v, %v; want 3 duplicates", res, err)
	}

	runWorker(t, func(ctx context.Context) error {
		return q.Analyze(ctx, pipeline.OpenEmpty(db, pipeline.DefaultOptions()))
	})
	eventually(t, "the raw queue drained", func() bool {
		raw, _, err := q.Backlogs(ctx)
		return err == nil && raw == Backlog{}
	})
	s, err := q.js.Stream(ctx, q.analyzedStream())
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One analyzed message per raw message (2 rounds and 3 more): an
	// article the first time, a marker for each copy.
	if want := 2*len(raws) + 3; int(info.State.Msgs) != want {
		t.Errorf("%d analyzed messages for %d raw messages", info.State.Msgs, want)
	}
	articles, rawSeqs := 0, map[string]bool{}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		rawSeqs[m.Header.Get(rawSeqHeader)] = true
		if m.Header.Get(skipHeader) == "" {
			articles++
		}
	}
	if articles != len(raws) || len(rawSeqs) != 2*len(raws)+3 {
		t.Errorf("%d articles for %d distinct, %d raw sequences named", articles, len(raws), len(rawSeqs))
	}
}

// TestPipelineOverQueue runs the three roles together: every article is
// stored once, every story gets its brief, and no message is left.
func TestPipelineOverQueue(t *testing.T) {
	q, db := setup(t)
	ctx := context.Background()
	raws := exampleRaws(t)
	pub := q.Publisher()
	for _, r := range raws {
		if err := pub.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pub.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	runWorker(t, func(ctx context.Context) error {
		return q.Analyze(ctx, pipeline.OpenEmpty(db, pipeline.DefaultOptions()))
	})
	runClusterer(t, q, db)
	runWorker(t, func(ctx context.Context) error {
		return q.Brief(ctx, db, pipeline.OpenEmpty(db, pipeline.DefaultOptions()))
	})
	eventually(t, "every article stored, settled and briefed", func() bool {
		arts, err := db.Articles(ctx, storyline.ArticleFilter{})
		if err != nil || len(arts) != len(raws) {
			return false
		}
		pending, perr := db.Pending(ctx) // settled
		dirty, err := db.Dirty(ctx, nil, 0)
		raw, brief, berr := q.Backlogs(ctx)
		return err == nil && perr == nil && berr == nil && len(pending) == 0 && len(dirty) == 0 &&
			raw == Backlog{} && brief == Backlog{}
	})
	stories, _, err := db.Stories(ctx, storyline.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	members := 0
	for _, s := range stories {
		members += len(s.Articles)
		if s.Brief == nil || s.Headline == "" {
			t.Errorf("story %s has no brief", s.ID)
		}
	}
	if members != len(raws) {
		t.Errorf("stories list %d members for %d articles", members, len(raws))
	}
}

// TestBriefLeftovers commits articles without announcing their stories (a
// clusterer that died between its commit and its announcement): an idle
// brief worker briefs the stories left dirty.
func TestBriefLeftovers(t *testing.T) {
	q, db := setup(t)
	ctx := context.Background()
	changed := commitExamples(t, db)
	runWorker(t, func(ctx context.Context) error {
		return q.Brief(ctx, db, pipeline.OpenEmpty(db, pipeline.DefaultOptions()))
	})
	eventually(t, "no story left dirty", noneDirty(db))
	for _, id := range changed {
		s, err := db.Story(ctx, id)
		if err != nil || s.Brief == nil {
			t.Errorf("story %s: %v, not briefed", id, err)
		}
	}
}

// TestBriefHoldsDuringBurst: while more raw articles wait than BriefBusy,
// a brief worker holds its announcements (the stories stay dirty) and
// briefs the stories once the burst is drained.
func TestBriefHoldsDuringBurst(t *testing.T) {
	q, db, changed := burst(t, time.Minute)
	time.Sleep(10 * q.opts.BriefDelay) // an unheld brief takes one BriefDelay
	if dirty, err := db.Dirty(context.Background(), nil, 0); err != nil || len(dirty) != len(changed) {
		t.Fatalf("during the burst %d of %d stories still dirty (%v): want none briefed", len(dirty), len(changed), err)
	}
	ackPendingRaw(t, q, burstRaw)
	if busy, _, err := q.burst(context.Background(), db); err != nil || busy {
		t.Fatalf("drained: busy %v, %v", busy, err)
	}
	eventually(t, "no story left dirty after the burst", noneDirty(db))
}

// TestBriefMaxWait: a burst that never drains holds announcements for at
// most BriefMaxWait.
func TestBriefMaxWait(t *testing.T) {
	_, db, _ := burst(t, 300*time.Millisecond)
	eventually(t, "no story left dirty after BriefMaxWait", noneDirty(db))
}

// burstRaw is how many raw messages burst leaves waiting.
const burstRaw = 3

// burst commits the examples and announces their stories while burstRaw
// raw articles wait (over BriefBusy, with no analyze worker), then starts
// a brief worker holding announcements for at most maxWait.
func burst(t *testing.T, maxWait time.Duration) (*Queue, *postgres.DB, []string) {
	t.Helper()
	q, db := setup(t)
	q.opts.BriefBusy, q.opts.BriefMaxWait = burstRaw-1, maxWait
	ctx := context.Background()
	changed := commitExamples(t, db)
	publishRaw(t, q, burstRaw)
	if busy, analysing, err := q.burst(ctx, db); err != nil || !busy || !analysing {
		t.Fatalf("%d raw articles waiting: busy %v, analysing %v, %v", burstRaw, busy, analysing, err)
	}
	if err := q.announce(ctx, changed, "burst"); err != nil {
		t.Fatal(err)
	}
	runWorker(t, func(ctx context.Context) error {
		return q.Brief(ctx, db, pipeline.OpenEmpty(db, pipeline.DefaultOptions()))
	})
	return q, db, changed
}

// commitExamples commits the examples to db as a clusterer does and
// returns the stories they changed.
func commitExamples(t *testing.T, db storyline.Store) []string {
	t.Helper()
	ctx := context.Background()
	p, err := pipeline.Open(ctx, db, pipeline.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Commit(ctx, analyzed(t, db), nil)
	if err != nil || len(res.Changed) == 0 {
		t.Fatalf("commit: %+v, %v", res, err)
	}
	return res.Changed
}

// noneDirty reports whether no story is marked dirty.
func noneDirty(db storyline.Store) func() bool {
	return func() bool {
		dirty, err := db.Dirty(context.Background(), nil, 0)
		return err == nil && len(dirty) == 0
	}
}

// publishRanked puts articles on the analyzed stream as analyze workers
// do, each with the raw sequence it came from (a nil article is a marker).
func publishRanked(t *testing.T, q *Queue, rawSeqs []uint64, arts []*storyline.Article) {
	t.Helper()
	for i, a := range arts {
		m := nats.NewMsg(q.analyzedSubject())
		m.Header.Set(rawSeqHeader, fmt.Sprint(rawSeqs[i]))
		if a == nil {
			m.Header.Set(skipHeader, "1")
		} else {
			b, err := encodeAnalyzed(a)
			if err != nil {
				t.Fatal(err)
			}
			m.Data = b
		}
		if _, err := q.js.PublishMsg(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
}

// ackRaw publishes n raw messages and acknowledges them as analyze
// workers do, so that the raw queue's acknowledgement floor is n.
func ackRaw(t *testing.T, q *Queue, n int) {
	t.Helper()
	publishRaw(t, q, n)
	ackPendingRaw(t, q, n)
}

// publishRaw publishes n raw messages.
func publishRaw(t *testing.T, q *Queue, n int) {
	t.Helper()
	for i := range n {
		if _, err := q.js.Publish(context.Background(), q.rawSubject(), []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
}

// ackPendingRaw takes n raw messages and acknowledges them as analyze
// workers do.
func ackPendingRaw(t *testing.T, q *Queue, n int) {
	t.Helper()
	ctx := context.Background()
	c, err := q.workQueue(ctx, q.rawStream(), analyzeConsumer)
	if err != nil {
		t.Fatal(err)
	}
	for got := 0; got < n; {
		msgs, err := q.fetch(c, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.ackAll(msgs); err != nil {
			t.Fatal(err)
		}
		got += len(msgs)
	}
}

// TestClusterRestoresInputOrder publishes analyzed articles in another
// order than their raw messages', with a marker and a raw message that
// yields nothing at all: the clusterer stores them in the raw order, and
// passes over the missing one once the raw queue has acknowledged it.
func TestClusterRestoresInputOrder(t *testing.T) {
	q, db := setup(t)
	ctx := context.Background()
	arts := analyzed(t, db)[:5]
	ackRaw(t, q, 7)
	// Raw 1-7: 4 is a marker, 6 yields nothing; the workers finish 3, 2,
	// 5, 4, 1, 7.
	publishRanked(t, q, []uint64{3, 2, 5, 4, 1, 7},
		[]*storyline.Article{arts[2], arts[1], arts[3], nil, arts[0], arts[4]})
	runClusterer(t, q, db)
	eventually(t, "every raw sequence applied", func() bool {
		got, err := db.StreamPos(ctx, q.RawPosName())
		return err == nil && got == 7
	})
	checkStoredOnce(t, db, arts)
	log, err := db.ReadLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range log {
		if !e.Settle {
			order = append(order, e.Article)
		}
	}
	for i, a := range arts {
		if i >= len(order) || order[i] != a.ID {
			t.Fatalf("stored in the order %v, want the raw order of %v", order, ids(arts))
		}
	}
	if pos, err := db.StreamPos(ctx, q.StreamPosName()); err != nil || pos != 6 {
		t.Errorf("analyzed position %d (%v), want 6", pos, err)
	}
}

func ids(arts []*storyline.Article) []string {
	var s []string
	for _, a := range arts {
		s = append(s, a.ID)
	}
	return s
}
