package web

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// respCache keeps whole GET responses for a short time (micro-caching).
// Reading a story list costs a query and the decoding of every listed
// story's brief; under load many readers ask for the same few pages, so
// answering them from memory for a second turns N identical store reads
// into one. Concurrent misses for one URL are coalesced (singleflight).
// Staleness is bounded by the TTL: other processes (storyline watch,
// ingest) may write to the same store, so the cache cannot be invalidated
// by writes alone; this server's own POSTs clear it at once.
type respCache struct {
	ttl   time.Duration
	max   int // entries
	bytes int // total body bytes kept
	size  int // current total, under mu
	now   func() time.Time
	group singleflight.Group

	mu      sync.Mutex
	gen     uint64 // bumped by clear; responses computed before are not kept
	entries map[string]*cached
}

type cached struct {
	at     time.Time
	header http.Header
	body   []byte
}

// Size bounds of the cache: a body larger than maxCachedBody is never kept
// (an article page shows the whole original input, which may be megabytes).
const (
	maxCachedBody  = 1 << 20
	maxCachedBytes = 64 << 20
)

func newRespCache(ttl time.Duration, max int) *respCache {
	return &respCache{ttl: ttl, max: max, bytes: maxCachedBytes, now: time.Now, entries: map[string]*cached{}}
}

func (c *respCache) get(key string) *cached {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil || c.now().Sub(e.at) >= c.ttl {
		return nil
	}
	return e
}

func (c *respCache) put(key string, gen uint64, e *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || len(e.body) > maxCachedBody {
		return
	}
	if old := c.entries[key]; old != nil {
		c.size -= len(old.body)
		delete(c.entries, key)
	}
	if len(c.entries) >= c.max || c.size+len(e.body) > c.bytes {
		now := c.now()
		for k, old := range c.entries {
			if now.Sub(old.at) >= c.ttl {
				c.size -= len(old.body)
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= c.max || c.size+len(e.body) > c.bytes {
			clear(c.entries)
			c.size = 0
		}
	}
	c.entries[key] = e
	c.size += len(e.body)
}

func (c *respCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.size = 0
}

// bufferWriter records a response in memory.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

type flight struct {
	status int
	header http.Header
	body   []byte
}

// wrap serves GET and HEAD requests through the cache. Only 200 answers are
// kept; errors are computed afresh every time.
func (c *respCache) wrap(next http.HandlerFunc) http.HandlerFunc {
	if c == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.RequestURI()
		if e := c.get(key); e != nil {
			writeCached(w, r, http.StatusOK, e.header, e.body)
			return
		}
		c.mu.Lock()
		gen := c.gen
		c.mu.Unlock()
		v, _, _ := c.group.Do(key, func() (any, error) {
			// The first caller's cancellation must not fail the others.
			rr := r.Clone(context.WithoutCancel(r.Context()))
			rr.Method = http.MethodGet
			bw := &bufferWriter{header: http.Header{}}
			next(bw, rr)
			f := &flight{status: bw.status, header: bw.header, body: bw.body.Bytes()}
			if f.status == http.StatusOK {
				c.put(key, gen, &cached{at: c.now(), header: f.header, body: f.body})
			}
			return f, nil
		})
		f := v.(*flight)
		writeCached(w, r, f.status, f.header, f.body)
	}
}

func writeCached(w http.ResponseWriter, r *http.Request, status int, h http.Header, body []byte) {
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
