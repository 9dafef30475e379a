package distrib

import "github.com/storyline/storyline"

// The analyze workers finish in any order, but clustering depends on the
// input's: the clusterer restores it. Every raw message yields one message
// on the analyzed stream that names its raw sequence (rawSeqHeader): the
// analysed article, or a marker (skipHeader) when it yields none (rejected,
// already stored, a copy the stream dropped). The clusterer holds what it
// reads in a reorder buffer and commits only the run of raw sequences that
// follows the last one it applied, so that it stores the articles in the
// order they were published, whichever worker finished first. A raw
// sequence that yields nothing at all (a message the server gave up on, or
// one too large to publish) is passed over once the raw queue's consumer
// has acknowledged it and the clusterer has read every analyzed message
// published before that (reorder.passOver).

// reorder is the clusterer's reorder buffer.
type reorder struct {
	next     uint64            // the next raw sequence to apply
	held     map[uint64]heldAt // read, not yet applied, by raw sequence
	unranked []heldAt          // messages without a raw sequence, in stream order
}

// heldAt is one analyzed message held: its article (nil for a marker) and
// its sequence on the analyzed stream.
type heldAt struct {
	a   *storyline.Article
	seq uint64
}

func newReorder(next uint64) *reorder {
	return &reorder{next: max(next, 1), held: map[uint64]heldAt{}}
}

// add holds one analyzed message. A raw sequence already applied is
// dropped (a redelivery), and so is a second message for a raw sequence
// held (the first one read is kept, unless it is a marker and this one an
// article). A message without a raw sequence (rawSeq 0: published by
// something other than an analyze worker) keeps its place in the stream.
func (r *reorder) add(rawSeq, seq uint64, a *storyline.Article) {
	switch {
	case rawSeq == 0:
		r.unranked = append(r.unranked, heldAt{a, seq})
	case rawSeq < r.next:
	default:
		if h, ok := r.held[rawSeq]; !ok || (h.a == nil && a != nil) {
			r.held[rawSeq] = heldAt{a, seq}
		}
	}
}

// take removes and returns, in input order, up to n articles that can be
// applied now: the unranked ones, then the held run of raw sequences
// from next on (markers in it are passed).
func (r *reorder) take(n int) []*storyline.Article {
	var arts []*storyline.Article
	for len(arts) < n && len(r.unranked) > 0 {
		if h := r.unranked[0]; h.a != nil {
			arts = append(arts, h.a)
		}
		r.unranked = r.unranked[1:]
	}
	for len(arts) < n {
		h, ok := r.held[r.next]
		if !ok {
			break
		}
		delete(r.held, r.next)
		r.next++
		if h.a != nil {
			arts = append(arts, h.a)
		}
	}
	return arts
}

// stalled reports whether messages are held behind a raw sequence not
// read yet.
func (r *reorder) stalled() bool {
	if len(r.held) == 0 {
		return false
	}
	_, ok := r.held[r.next]
	return !ok
}

// passOver moves next past the raw sequences up to floor that are not
// held: the caller knows that every raw message up to floor was
// acknowledged and that every analyzed message published for them has been
// read, so a raw sequence missing by then yields nothing.
func (r *reorder) passOver(floor uint64) {
	for r.next <= floor {
		if _, ok := r.held[r.next]; ok {
			return
		}
		r.next++
	}
}

// resumeAfter is the analyzed sequence a clusterer restarting now would
// read after: just before the first message still held, or lastRead when
// none is.
func (r *reorder) resumeAfter(lastRead uint64) uint64 {
	first := lastRead + 1
	for _, h := range r.unranked {
		first = min(first, h.seq)
	}
	for _, h := range r.held {
		first = min(first, h.seq)
	}
	return first - 1
}

// empty reports whether nothing is held.
func (r *reorder) empty() bool { return len(r.held) == 0 && len(r.unranked) == 0 }
