package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// slowSearch is a store whose searches run until their context ends, as
// a search over most of a large index would.
type slowSearch struct {
	*memStore
	mu      sync.Mutex
	running int
	most    int
}

func (s *slowSearch) Search(ctx context.Context, _ string, _ int) ([]storyline.SearchHit, error) {
	s.mu.Lock()
	s.running++
	s.most = max(s.most, s.running)
	s.mu.Unlock()
	<-ctx.Done()
	s.mu.Lock()
	s.running--
	s.mu.Unlock()
	return nil, ctx.Err()
}

// TestSearchBudget: a search that runs out of its budget answers 503 with
// a message, the page as well as the API; searches beyond the slots wait
// for one instead of running side by side; and story lists are served
// meanwhile.
func TestSearchBudget(t *testing.T) {
	store := &slowSearch{memStore: newMemStore()}
	srv := newTestServer(t, store, Options{SearchBudget: 50 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/api/search?q=ferry"
			if i%2 == 1 {
				path = "/search?q=ferry"
			}
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	if r := do(t, srv, "GET", "/api/stories", "", ""); r.status != http.StatusOK {
		t.Errorf("stories during searches: status %d", r.status)
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusServiceUnavailable {
			t.Errorf("search %d: status %d, want 503", i, c)
		}
	}
	if store.most > searchSlots() {
		t.Errorf("%d searches ran at once, want at most %d", store.most, searchSlots())
	}
	r := do(t, srv, "GET", "/api/search?q=ferry", "", "")
	var body errorBody
	if err := json.Unmarshal(r.body, &body); err != nil || !strings.Contains(body.Error.Message, "took longer than") {
		t.Errorf("503 body %s (%v), want a message on the budget", r.body, err)
	}
}
