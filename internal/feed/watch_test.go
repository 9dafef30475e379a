package feed

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/fetch"
)

// site is a local news site: article pages under /a/N, a robots.txt, and
// (for the first site) the feed. Every page request is counted.
type site struct {
	srv   *httptest.Server
	hits  atomic.Int32
	onHit func(n int32) // called with the running count of page hits
	mu    sync.Mutex
	// status answers a page path with an error status when set.
	status map[string]int
}

func (s *site) setStatus(path string, st int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[path] = st
}

func newSite(t *testing.T, name string, feed http.HandlerFunc) *site {
	s := &site{status: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		n := s.hits.Add(1)
		s.mu.Lock()
		onHit := s.onHit
		s.mu.Unlock()
		if onHit != nil {
			onHit(n)
		}
		s.mu.Lock()
		st := s.status[r.URL.Path]
		s.mu.Unlock()
		if st != 0 {
			http.Error(w, "no", st)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><title>%s %s</title></head><body><article><p>%s reports on %s. The mayor said the work would take two years.</p></article></body></html>",
			name, r.URL.Path, name, r.URL.Path)
	})
	if feed != nil {
		mux.HandleFunc("/feed.xml", feed)
	}
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// feedServer serves an RSS feed of the given items with an ETag that
// changes with them, answering 304 to a matching If-None-Match.
type feedServer struct {
	mu    sync.Mutex
	items []string // links
	body  map[string]string
	polls int
	full  int
}

func (f *feedServer) handle(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.polls++
	etag := fmt.Sprintf(`"%d"`, len(f.items))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.full++
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><language>en</language>`)
	for i, l := range f.items {
		fmt.Fprintf(w, "<item><title>Item %d</title><link>%s</link><guid>g%d</guid><description>%s</description></item>",
			i, html.EscapeString(l), i, html.EscapeString(f.body[l]))
	}
	fmt.Fprint(w, `</channel></rss>`)
}

// sink is a fake pipeline: it stores raw articles by id and counts how
// often each was handed over.
type sink struct {
	mu    sync.Mutex
	count map[string]int
	raws  map[string]storyline.RawArticle
}

func newSink() *sink { return &sink{count: map[string]int{}, raws: map[string]storyline.RawArticle{}} }

func (s *sink) ingest(_ context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	var errs []storyline.InputError
	for _, r := range raws {
		if strings.Contains(r.HTML, "REJECT") {
			errs = append(errs, storyline.InputError{Input: r.Input, Error: "no text"})
			continue
		}
		s.count[r.ID]++
		s.raws[r.ID] = r
		ids = append(ids, r.ID)
	}
	return ids, errs, nil
}

func testClient() *fetch.Client {
	o := fetch.DefaultOptions()
	o.HostDelay = 0
	o.Allow = fetch.MustParseAllow("127.0.0.0/8")
	o.Timeout = 2 * time.Second
	o.RetryBase = 10 * time.Millisecond
	return fetch.New(o)
}

// threeSites returns a feed of n entries spread over three hosts.
func threeSites(t *testing.T, n int) (*feedServer, []*site, string) {
	fs := &feedServer{body: map[string]string{}}
	a := newSite(t, "Alpha", fs.handle)
	b := newSite(t, "Beta", nil)
	c := newSite(t, "Gamma", nil)
	sites := []*site{a, b, c}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i := range n {
		s := sites[i%3]
		link := fmt.Sprintf("%s/a/%d", s.srv.URL, i)
		fs.items = append(fs.items, link)
		fs.body[link] = "A short teaser."
	}
	return fs, sites, a.srv.URL + "/feed.xml"
}

func hits(sites []*site) int {
	n := 0
	for _, s := range sites {
		n += int(s.hits.Load())
	}
	return n
}

func TestPollFiftyEntries(t *testing.T) {
	fs, sites, feedURL := threeSites(t, 50)
	store, out := newMemStore(), newSink()
	w := NewWatcher(testClient(), store, out.ingest, DefaultOptions())
	rep, err := w.Poll(context.Background(), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	if rep.Status != StatusNew || rep.New != 50 || rep.Fetched != 50 || rep.Entries != 50 || rep.Failed != 0 || rep.Title != "Test wire" {
		t.Fatalf("first poll: %+v", rep)
	}
	for _, s := range sites {
		if s.hits.Load() < 16 {
			t.Errorf("%s: %d pages", s.srv.URL, s.hits.Load())
		}
	}
	r := out.raws[URLID(fs.items[7])]
	if r.Format != storyline.FormatHTML || !strings.Contains(r.HTML, "Beta reports on /a/7") || r.Title != "Item 7" ||
		r.URL != fs.items[7] || r.Lang != "en" || r.Source != strings.TrimPrefix(sites[1].srv.URL, "http://") || r.Input != fs.items[7] {
		t.Errorf("raw article %+v", r)
	}

	// Second poll: 304, no page fetched.
	rep, err = w.Poll(context.Background(), feedURL)
	if err != nil || rep.Status != StatusUnchanged || rep.Reason != "not modified" || hits(sites) != 50 {
		t.Fatalf("second poll: %+v %v, %d pages", rep, err, hits(sites))
	}
	// The feed grows by one: only that page is fetched.
	fs.mu.Lock()
	link := sites[1].srv.URL + "/a/new"
	fs.items = append(fs.items, link)
	fs.mu.Unlock()
	rep, err = w.Poll(context.Background(), feedURL)
	if err != nil || rep.New != 1 || rep.Seen != 50 || rep.Fetched != 1 || hits(sites) != 51 {
		t.Fatalf("third poll: %+v %v, %d pages", rep, err, hits(sites))
	}
	for id, n := range out.count {
		if n != 1 {
			t.Errorf("%s ingested %d times", id, n)
		}
	}
	f, _ := store.Feed(context.Background(), feedURL)
	if f.Polls != 3 || f.ETag != `"51"` || f.LastError != "" || f.Articles != 51 || f.LastOK.IsZero() {
		t.Errorf("feed state %+v", f)
	}
}

// TestPollInterrupted stops a poll in the middle of its page fetches and
// polls again: every entry is ingested exactly once and no page is fetched
// twice.
func TestPollInterrupted(t *testing.T) {
	_, sites, feedURL := threeSites(t, 50)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var total atomic.Int32
	for _, s := range sites {
		s.mu.Lock()
		s.onHit = func(int32) {
			if total.Add(1) == 10 {
				cancel()
			}
		}
		s.mu.Unlock()
	}
	store, out := newMemStore(), newSink()
	opts := DefaultOptions()
	opts.Batch = 8
	w := NewWatcher(testClient(), store, out.ingest, opts)
	rep, err := w.Poll(ctx, feedURL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted poll: %v", err)
	}
	t.Log(rep)
	if rep.New < 10 || rep.New >= 50 || rep.Pending != 50-rep.New || len(out.count) != rep.New {
		t.Fatalf("interrupted poll: %+v, %d stored", rep, len(out.count))
	}
	f, _ := store.Feed(context.Background(), feedURL)
	if f.ETag != "" {
		t.Errorf("validators saved by an interrupted poll: %+v", f)
	}
	rep2, err := w.Poll(context.Background(), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep2)
	if rep2.New != 50-rep.New || rep2.Seen != rep.New || len(out.count) != 50 || hits(sites) != 50 {
		t.Fatalf("resumed poll: %+v, %d stored, %d pages", rep2, len(out.count), hits(sites))
	}
	for id, n := range out.count {
		if n != 1 {
			t.Errorf("%s ingested %d times", id, n)
		}
	}
}

func TestPollFailures(t *testing.T) {
	fs := &feedServer{body: map[string]string{}}
	a := newSite(t, "Alpha", fs.handle)
	long := strings.Repeat("Full text of the entry, long enough to stand alone. ", 40)
	fallback := strings.Repeat("A longer summary that can stand in for the page. ", 6)
	add := func(path, body string) string {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		l := a.srv.URL + path
		fs.items = append(fs.items, l)
		fs.body[l] = body
		return l
	}
	ok := add("/a/ok", "teaser")
	full := add("/a/full", "<p>"+long+"</p>")
	gone := add("/a/gone", "teaser")
	fb := add("/a/fallback", fallback)
	flaky := add("/a/flaky", "teaser")
	robots := add("/private/x", "teaser")
	rejected := add("/a/reject", "<p>REJECT "+long+"</p>")
	a.setStatus("/a/gone", 404)
	a.setStatus("/a/fallback", 410)
	a.setStatus("/a/flaky", 500)

	store, out := newMemStore(), newSink()
	opts := DefaultOptions()
	opts.MaxAttempts = 2
	w := NewWatcher(testClient(), store, out.ingest, opts)
	rep, err := w.Poll(context.Background(), a.srv.URL+"/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	for _, e := range rep.Errors {
		t.Log(e)
	}
	// ok, full (no fetch), fallback (410 → summary) stored; gone, robots,
	// rejected done with an error; flaky pending.
	if rep.New != 3 || rep.Failed != 4 || rep.Pending != 1 || rep.Fetched != 5 {
		t.Fatalf("report %+v", rep)
	}
	for _, l := range []string{ok, full, fb} {
		if out.count[URLID(l)] != 1 {
			t.Errorf("%s not stored", l)
		}
	}
	if r := out.raws[URLID(full)]; !strings.Contains(r.HTML, "Full text of the entry") || r.Title != "Item 1" {
		t.Errorf("full entry: %+v", r)
	}
	errs := map[string]string{}
	for _, e := range rep.Errors {
		errs[e.Input] = e.Error
	}
	for l, want := range map[string]string{gone: "HTTP 404", flaky: "HTTP 500", robots: "robots.txt", rejected: "no text"} {
		if !strings.Contains(errs[l], want) {
			t.Errorf("%s: error %q, want %q", l, errs[l], want)
		}
	}
	before := a.hits.Load()
	// Next poll: only the flaky page is tried again (the feed is read in
	// full because an entry is pending); then it is given up.
	rep, err = w.Poll(context.Background(), a.srv.URL+"/feed.xml")
	if err != nil || rep.Fetched != 1 || rep.Failed != 1 || rep.Pending != 0 || a.hits.Load() != before+1 {
		t.Fatalf("second poll %+v %v", rep, err)
	}
	rep, err = w.Poll(context.Background(), a.srv.URL+"/feed.xml")
	if err != nil || rep.Status != StatusUnchanged || rep.Reason != "not modified" {
		t.Fatalf("third poll %+v %v", rep, err)
	}
}

func TestPollFeedErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "x", 500) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html></html>")
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, "<rss><channel><item><title>x</ti")
	})
	mux.HandleFunc("/notfeed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "hello")
	})
	s := httptest.NewServer(mux)
	defer s.Close()
	store := newMemStore()
	w := NewWatcher(testClient(), store, newSink().ingest, DefaultOptions())
	for path, want := range map[string]string{
		"/500": "HTTP 500", "/html": "content type text/html is not a feed", "/broken": "broken feed",
		"/notfeed": "not an RSS, Atom or JSON feed",
	} {
		rep, err := w.Poll(context.Background(), s.URL+path)
		if err != nil || rep.Status != StatusFailed || !strings.Contains(rep.Reason, want) {
			t.Errorf("%s: %+v %v, want %q", path, rep, err, want)
		}
		if f, _ := store.Feed(context.Background(), s.URL+path); !strings.Contains(f.LastError, want) || f.Polls != 1 {
			t.Errorf("%s: feed %+v", path, f)
		}
		if !strings.Contains(rep.String(), "failed: ") {
			t.Errorf("line %q", rep.String())
		}
	}
}

func TestFetchArticleCharset(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write([]byte("<html><body><p>\xcf\xf3\xf2\xe8\xed</p></body></html>")) // "Путин"
	}))
	defer s.Close()
	raw, err := FetchArticle(context.Background(), testClient(), s.URL+"/x")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw.HTML, "Путин") || raw.ID != URLID(s.URL+"/x") || len(raw.Raw) != 38 {
		t.Errorf("%+v", raw)
	}
}
