package web

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"time"

	"github.com/storyline/storyline"
)

// DefaultSearchBudget is the time a search may take, waiting for a slot
// included, before it answers 503: a search that scans most of the index
// must not hold a core for minutes while readers queue.
const DefaultSearchBudget = 2 * time.Second

// searchSlots bounds the searches that run at once to half the cores (at
// least one), so that story and article pages, which cost a few index
// look-ups each, always find a free core however many searches arrive.
func searchSlots() int { return max(1, runtime.NumCPU()/2) }

// search runs one full-text search within the budget and the slots.
func (s *server) search(r *http.Request, q string, limit int) ([]storyline.SearchHit, error) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.SearchBudget)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, s.searchTimeout(ctx, r)
	}
	hits, err := s.store.Search(ctx, q, limit)
	if err != nil && ctx.Err() != nil {
		return nil, s.searchTimeout(ctx, r)
	}
	return hits, err
}

// searchTimeout is the error of a search that ran out of its budget (or
// whose client went away).
func (s *server) searchTimeout(ctx context.Context, r *http.Request) error {
	if r.Context().Err() != nil {
		return r.Context().Err()
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return storyline.Errorf(eUnavailable, "the search took longer than %s; try fewer or rarer words", s.opts.SearchBudget)
	}
	return ctx.Err()
}
