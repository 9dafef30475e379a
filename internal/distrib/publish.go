package distrib

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
)

// publishWindow is how many raw articles a Publisher has in flight before
// it waits for the server's acknowledgements: enough to hide the round
// trip, bounded so that a large input does not sit in memory.
const publishWindow = 256

// Published is what publishing raw articles did.
type Published struct {
	New       int                    // accepted by the raw stream
	Duplicate int                    // dropped by the stream as already published (same id)
	Errors    []storyline.InputError // one per article that could not be published
}

// Publisher publishes raw articles to the raw stream, each with its
// article id (the input's id, else the hash of its content:
// clean.ContentID) as the message id, so that the stream drops an input
// published twice within its deduplication window; past it, analyze
// workers find the article stored and skip it. Not safe for concurrent
// use.
type Publisher struct {
	q      *Queue
	futs   []jetstream.PubAckFuture
	inputs []string
	res    Published
}

// Publisher returns a publisher of raw articles.
func (q *Queue) Publisher() *Publisher { return &Publisher{q: q} }

// Add publishes one raw article; the server's acknowledgement is awaited
// by a later Add or by Wait.
func (p *Publisher) Add(ctx context.Context, r storyline.RawArticle) error {
	b, err := encodeRaw(r)
	if err == nil {
		var f jetstream.PubAckFuture
		f, err = p.q.js.PublishAsync(p.q.rawSubject(), b, jetstream.WithMsgID(clean.ContentID(r)))
		if err == nil {
			p.futs = append(p.futs, f)
			p.inputs = append(p.inputs, r.Input)
		}
	}
	if err != nil {
		p.res.Errors = append(p.res.Errors, storyline.InputError{Input: r.Input, Error: fmt.Sprintf("publish: %v", err)})
	}
	if len(p.futs) >= publishWindow {
		return p.drain(ctx)
	}
	return nil
}

// Wait waits for every article published and reports what happened.
func (p *Publisher) Wait(ctx context.Context) (Published, error) {
	err := p.drain(ctx)
	return p.res, err
}

// drain waits for the acknowledgements of the articles in flight.
func (p *Publisher) drain(ctx context.Context) error {
	for i, f := range p.futs {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				p.res.Duplicate++
			} else {
				p.res.New++
			}
		case err := <-f.Err():
			p.res.Errors = append(p.res.Errors, storyline.InputError{Input: p.inputs[i], Error: fmt.Sprintf("publish: %v", err)})
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.futs, p.inputs = p.futs[:0], p.inputs[:0]
	return nil
}
