package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// countingStore counts Stories calls, to see what the cache saves.
type countingStore struct {
	*memStore
	calls atomic.Int64
	delay time.Duration
}

func (c *countingStore) Stories(ctx context.Context, f storyline.StoryFilter) ([]*storyline.Story, int, error) {
	c.calls.Add(1)
	time.Sleep(c.delay)
	return c.memStore.Stories(ctx, f)
}

func TestCache(t *testing.T) {
	store := &countingStore{memStore: fixtureStore()}
	ing := &fakeIngester{}
	h := New(store, Options{CacheTTL: time.Hour, Token: testToken, Ingester: ing})
	s := h.(http.Handler)
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	first := get("/api/stories")
	second := get("/api/stories")
	if first.Code != 200 || second.Body.String() != first.Body.String() || store.calls.Load() != 1 {
		t.Fatalf("second read not cached: %d calls", store.calls.Load())
	}
	if second.Header().Get("Content-Type") == "" || second.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("cached answer lost headers: %v", second.Header())
	}
	get("/api/stories?limit=1")
	if store.calls.Load() != 2 {
		t.Errorf("distinct query served from cache")
	}
	// Errors are not cached.
	get("/api/stories/nope")
	store.memStore.PutStory(context.Background(), &storyline.Story{ID: "nope", Headline: "now here"})
	if w := get("/api/stories/nope"); w.Code != 200 {
		t.Errorf("404 was cached: %d", w.Code)
	}
	// A POST clears the cache.
	req := httptest.NewRequest("POST", "/api/articles", strings.NewReader(`{"text":"x"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("post: %d %s", w.Code, w.Body)
	}
	get("/api/stories")
	if store.calls.Load() != 3 {
		t.Errorf("POST did not clear the cache: %d calls", store.calls.Load())
	}
}

func TestCacheCoalescesAndExpires(t *testing.T) {
	store := &countingStore{memStore: fixtureStore(), delay: 50 * time.Millisecond}
	h := New(store, Options{CacheTTL: time.Hour})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if w.Code != 200 {
				t.Errorf("status %d", w.Code)
			}
		}()
	}
	wg.Wait()
	if n := store.calls.Load(); n != 1 {
		t.Errorf("8 concurrent misses made %d store reads, want 1", n)
	}

	c := newRespCache(time.Second, 2)
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	c.put("a", 0, &cached{at: now})
	if c.get("a") == nil {
		t.Fatal("fresh entry missing")
	}
	now = now.Add(time.Second)
	if c.get("a") != nil {
		t.Error("expired entry served")
	}
	c.put("b", 0, &cached{at: now})
	c.put("c", 0, &cached{at: now})
	c.put("d", 0, &cached{at: now})
	if len(c.entries) > 2 {
		t.Errorf("cache grew past its bound: %d", len(c.entries))
	}
	c.bytes = 10
	c.clear()
	c.put("big", 1, &cached{at: now, body: make([]byte, maxCachedBody+1)})
	if c.get("big") != nil {
		t.Error("oversized body kept")
	}
	c.put("f", 1, &cached{at: now, body: make([]byte, 6)})
	c.put("g", 1, &cached{at: now, body: make([]byte, 6)})
	if c.size > c.bytes || c.get("g") == nil {
		t.Errorf("byte bound: size %d, entries %d", c.size, len(c.entries))
	}
	c.put("e", 0, &cached{at: now}) // computed before a clear: dropped
	if c.get("e") != nil {
		t.Error("stale generation stored")
	}
}
