// Package web serves storyline's JSON API and its server-rendered pages.
//
// Every piece of article text is hostile input: pages are rendered with
// html/template only (contextual escaping everywhere, article HTML is never
// rendered as HTML), responses carry a Content-Security-Policy that allows no
// inline script at all, request bodies are size-limited and the write token
// is compared in constant time. The handlers hold no mutable state of their
// own; everything lives in the storyline.Store they are given.
package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/storyline/storyline"
)

// Ingester runs articles received by POST /api/articles through the whole
// pipeline (clean, analyze, dedup, cluster, brief, store). It is an interface
// so that this package does not import the stage packages; cmd/storyline
// wires the real one.
type Ingester interface {
	// Ingest adds articles (as parsed from a POST body) through the full
	// pipeline and returns per-input errors and the ids of the stories that
	// changed.
	Ingest(ctx context.Context, raws []storyline.RawArticle) (stored []string, errs []storyline.InputError, err error)
}

// Options configure the handler.
type Options struct {
	// Token is the bearer token that POST /api/articles requires. Empty
	// means writes are refused: a server must never accept anonymous writes
	// by accident.
	Token string
	// MaxBody is the largest request body accepted, in bytes (default 10 MB).
	MaxBody int64
	// Ingester handles POST /api/articles; nil refuses writes with 503.
	Ingester Ingester
	// Logger receives one line per request and every internal error; nil
	// discards them.
	Logger *slog.Logger
	// CacheTTL keeps whole successful GET responses (lists, stories,
	// articles, search) for this long; 0 disables the cache. Writes through
	// this server clear it; writes by other processes show within the TTL.
	CacheTTL time.Duration
	// SearchBudget is the time a search may take, waiting for a free
	// slot included, before it answers 503 (default DefaultSearchBudget).
	SearchBudget time.Duration
}

// DefaultMaxBody is the default request body limit.
const DefaultMaxBody = 10 << 20

// DefaultOptions returns the defaults: no token (read-only), 10 MB bodies,
// responses cached for one second.
func DefaultOptions() Options { return Options{MaxBody: DefaultMaxBody, CacheTTL: time.Second} }

// cacheEntries bounds the response cache (distinct URLs kept at once).
const cacheEntries = 4096

// Page sizes for lists.
const (
	defaultLimit = 20
	maxLimit     = 100
)

type server struct {
	store storyline.Store
	opts  Options
	log   *slog.Logger
	pages *pageSet
	cache *respCache    // nil when disabled
	slots chan struct{} // searches running (see searchSlots)
}

// New returns the handler serving the API, the pages and the static assets.
func New(store storyline.Store, opts Options) http.Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.SearchBudget <= 0 {
		opts.SearchBudget = DefaultSearchBudget
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &server{store: store, opts: opts, log: log, pages: loadPages(), slots: make(chan struct{}, searchSlots())}
	if opts.CacheTTL > 0 {
		s.cache = newRespCache(opts.CacheTTL, cacheEntries)
	}
	c := s.cache.wrap
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/stories", c(s.apiStories))
	mux.HandleFunc("GET /api/stories/{id}", c(s.apiStory))
	mux.HandleFunc("GET /api/articles/{id}", c(s.apiArticle))
	mux.HandleFunc("GET /api/search", c(s.apiSearch))
	mux.HandleFunc("POST /api/articles", s.apiPostArticles)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.apiError(w, r, storyline.Errorf(storyline.ENOTFOUND, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})

	mux.HandleFunc("GET /{$}", c(s.pageIndex))
	mux.HandleFunc("GET /stories/{id}", c(s.pageStory))
	mux.HandleFunc("GET /articles/{id}", c(s.pageArticle))
	mux.HandleFunc("GET /search", c(s.pageSearch))
	mux.HandleFunc("GET /static/{name}", serveStatic)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, storyline.Errorf(storyline.ENOTFOUND, "no such page"))
	})
	return s.middleware(mux)
}

// csp allows stylesheets and images from this origin and nothing else: no
// script of any kind, no plugins, no framing, forms only to this origin.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// middleware sets the security headers on every response, turns panics into
// 500s and logs each request.
func (s *server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.apiError(sw, r, storyline.Errorf(storyline.EINTERNAL, "internal error"))
				}
			}
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
