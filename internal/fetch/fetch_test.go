package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// testOptions are fast options for local servers: no delay, short timeouts,
// the loopback range allowed (the servers listen on 127.0.0.1).
func testOptions() Options {
	o := DefaultOptions()
	o.HostDelay = 0
	o.Timeout = 2 * time.Second
	o.RetryBase = 10 * time.Millisecond
	o.MaxRetryAfter = 3 * time.Second
	o.Allow = MustParseAllow("127.0.0.0/8")
	return o
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/", h)
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

const page = "<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"

func html(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, page)
}

func TestGetPage(t *testing.T) {
	var ua atomic.Value
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		html(w, r)
	})
	resp, err := New(testOptions()).Get(context.Background(), s.URL+"/a#frag", Page, Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != page || resp.URL != s.URL+"/a" || resp.Status != 200 {
		t.Errorf("got %+v", resp)
	}
	if ua.Load() != DefaultUserAgent {
		t.Errorf("User-Agent %q", ua.Load())
	}
}

func TestConditionalGet(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss></rss>")
	})
	c := New(testOptions())
	r1, err := c.Get(context.Background(), s.URL+"/feed", Feed, Validators{})
	if err != nil || r1.NotModified || r1.ETag != `"v1"` || r1.LastModified == "" {
		t.Fatalf("first: %+v %v", r1, err)
	}
	r2, err := c.Get(context.Background(), s.URL+"/feed", Feed, Validators{ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil || !r2.NotModified || r2.Body != nil || r2.ETag != `"v1"` {
		t.Fatalf("second: %+v %v", r2, err)
	}
}

func TestRetryAfter(t *testing.T) {
	var n atomic.Int32
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		html(w, r)
	})
	start := time.Now()
	if _, err := New(testOptions()).Get(context.Background(), s.URL+"/", Page, Validators{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("retried after %s, want >= 1s (Retry-After)", d)
	}
	if n.Load() != 2 {
		t.Errorf("%d requests, want 2", n.Load())
	}
}

func TestErrors(t *testing.T) {
	slowDone := make(chan struct{})
	t.Cleanup(func() { close(slowDone) })
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("<p>aaaaaaaa</p>"), 1<<17)) // 2 MiB of HTML in a few KB
	zw.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	mux.HandleFunc("/404", http.NotFound)
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/always429", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		case <-slowDone:
		}
		html(w, r)
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 100 && r.Context().Err() == nil; i++ {
			w.Write([]byte("<p>"))
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>more</p>"), 1000)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusFound)
	})
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	mux.HandleFunc("/png", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no header: sniffed
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("/", html)
	s := httptest.NewServer(mux)
	defer s.Close()

	opts := testOptions()
	opts.Timeout = 300 * time.Millisecond
	opts.MaxBody = 1 << 20
	opts.MaxRetries = 2
	c := New(opts)
	// The size limit must trip before any timeout: on a loaded machine
	// under -race, 1 MB took more than 300 ms to arrive.
	opts.Timeout = 20 * time.Second
	cLarge := New(opts)
	tests := []struct {
		path string
		kind Kind
		want string // in the message
		code string
		temp bool
	}{
		{"/500", Page, "HTTP 500", storyline.EINVALID, true},
		{"/404", Page, "HTTP 404", storyline.EINVALID, false},
		{"/always429", Page, "HTTP 429", storyline.EINVALID, true},
		{"/slow", Page, "timed out", storyline.EINVALID, true},
		{"/trickle", Page, "timed out", storyline.EINVALID, true},
		{"/endless", Page, "body larger than", storyline.ETOOLARGE, false},
		{"/bomb", Page, "body larger than", storyline.ETOOLARGE, false},
		{"/loop", Page, "more than 5 redirects", storyline.EINVALID, false},
		{"/ftp", Page, `scheme "ftp" refused`, storyline.EINVALID, false},
		{"/pdf", Page, "content type application/pdf is not an HTML page", storyline.EINVALID, false},
		{"/pdf", Feed, "content type application/pdf is not a feed", storyline.EINVALID, false},
		{"/png", Page, "content type image/png is not an HTML page", storyline.EINVALID, false},
		{"/private/x", Page, "disallowed by robots.txt", storyline.EINVALID, false},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			start := time.Now()
			cl := c
			if tt.code == storyline.ETOOLARGE {
				cl = cLarge
			}
			_, err := cl.Get(context.Background(), s.URL+tt.path, tt.kind, Validators{})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), s.URL) {
				t.Errorf("error %q, want %q and the URL", err, tt.want)
			}
			if storyline.ErrorCode(err) != tt.code || Temporary(err) != tt.temp {
				t.Errorf("code %s temporary %v, want %s %v", storyline.ErrorCode(err), Temporary(err), tt.code, tt.temp)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
	for _, u := range []string{"file:///etc/passwd", "gopher://x/", "http://", "http://user:pw@example.org/", "::"} {
		if _, err := c.Get(context.Background(), u, Page, Validators{}); err == nil {
			t.Errorf("%s: no error", u)
		}
	}
}

// TestPaused: a host asking for a pause longer than MaxRetryAfter is not
// waited for; its next requests fail at once until the pause is over.
func TestPaused(t *testing.T) {
	var n atomic.Int32
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := New(testOptions())
	start := time.Now()
	_, err := c.Get(context.Background(), s.URL+"/a", Page, Validators{})
	if err == nil || !strings.Contains(err.Error(), "HTTP 503 Service Unavailable; server asks to wait 1h0m0s") || !Temporary(err) {
		t.Fatalf("first: %v", err)
	}
	_, err = c.Get(context.Background(), s.URL+"/b", Page, Validators{})
	if err == nil || !strings.Contains(err.Error(), "host paused until") || n.Load() != 1 {
		t.Fatalf("second: %v, %d requests", err, n.Load())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestPrivateRefused checks the SSRF guard: a URL on 127.0.0.1 is refused
// unless allowed, and so is a redirect from an allowed server to another
// loopback address.
func TestPrivateRefused(t *testing.T) {
	target := serve(t, html)
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/secret", http.StatusFound)
	})
	opts := testOptions()
	opts.Allow = nil
	c := New(opts)
	_, err := c.Get(context.Background(), target.URL+"/", Page, Validators{})
	var b *BlockedError
	if !errors.As(err, &b) || b.Why != "loopback" || !strings.Contains(err.Error(), "refused to connect to 127.0.0.1") {
		t.Fatalf("direct: %v", err)
	}

	opts.Allow = MustParseAllow(strings.TrimPrefix(s.URL, "http://"))
	c = New(opts)
	_, err = c.Get(context.Background(), s.URL+"/go", Page, Validators{})
	if !errors.As(err, &b) || Temporary(err) {
		t.Fatalf("redirect: %v", err)
	}
	// Through a name that resolves to loopback, too.
	_, err = c.Get(context.Background(), strings.Replace(target.URL, "127.0.0.1", "localhost", 1), Page, Validators{})
	if !errors.As(err, &b) {
		t.Fatalf("localhost: %v", err)
	}
	// The allowed address itself works.
	opts.Allow = append(opts.Allow, MustParseAllow(strings.TrimPrefix(target.URL, "http://"))...)
	if _, err := New(opts).Get(context.Background(), s.URL+"/go", Page, Validators{}); err != nil {
		t.Fatal(err)
	}
}

func TestBlocked(t *testing.T) {
	for _, tt := range []struct{ addr, want string }{
		{"127.0.0.1", "loopback"}, {"127.9.9.9", "loopback"}, {"::1", "loopback"},
		{"10.1.2.3", "private"}, {"172.16.0.1", "private"}, {"192.168.1.1", "private"}, {"fd00::1", "private"},
		{"169.254.169.254", "link-local"}, {"fe80::1", "link-local"}, {"0.0.0.0", "unspecified"},
		{"::", "unspecified"}, {"::ffff:127.0.0.1", "loopback"}, {"64:ff9b::a00:1", "private"},
		{"100.64.0.1", "shared (CGNAT)"}, {"224.0.0.1", "link-local"}, {"239.1.1.1", "multicast"},
		{"93.184.216.34", ""}, {"2606:2800:220:1::", ""}, {"8.8.8.8", ""},
	} {
		if got := blocked(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// TestPolite checks one request at a time per host with the delay between
// them, while two hosts are fetched in parallel.
func TestPolite(t *testing.T) {
	type stats struct {
		mu        sync.Mutex
		inflight  int
		max       int
		last      time.Time
		minGap    time.Duration
		requested int
	}
	var both, maxBoth atomic.Int32 // requests in flight on both hosts
	mk := func(st *stats) *httptest.Server {
		return serve(t, func(w http.ResponseWriter, r *http.Request) {
			n := both.Add(1)
			defer both.Add(-1)
			for m := maxBoth.Load(); n > m && !maxBoth.CompareAndSwap(m, n); m = maxBoth.Load() {
			}
			st.mu.Lock()
			st.inflight++
			st.max = max(st.max, st.inflight)
			if !st.last.IsZero() {
				if g := time.Since(st.last); st.minGap == 0 || g < st.minGap {
					st.minGap = g
				}
			}
			st.requested++
			st.mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			html(w, r)
			st.mu.Lock()
			st.inflight--
			st.last = time.Now()
			st.mu.Unlock()
		})
	}
	var a, b stats
	sa, sb := mk(&a), mk(&b)
	opts := testOptions()
	opts.HostDelay = 50 * time.Millisecond
	c := New(opts)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 8 {
		wg.Go(func() {
			u := sa.URL
			if i%2 == 1 {
				u = sb.URL
			}
			if _, err := c.Get(context.Background(), fmt.Sprintf("%s/%d", u, i), Page, Validators{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	el := time.Since(start)
	for _, st := range []*stats{&a, &b} {
		st.mu.Lock()
		defer st.mu.Unlock()
		if st.max != 1 || st.requested != 4 {
			t.Errorf("max in flight %d, requests %d", st.max, st.requested)
		}
		if st.minGap < 45*time.Millisecond {
			t.Errorf("gap %s between requests, want >= 50ms", st.minGap)
		}
	}
	if maxBoth.Load() != 2 {
		t.Errorf("at most %d requests in flight: hosts not fetched in parallel (took %s)", maxBoth.Load(), el)
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	var robotsStatus atomic.Int32
	robotsStatus.Store(200)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits.Add(1)
		if st := int(robotsStatus.Load()); st != 200 {
			w.WriteHeader(st)
			return
		}
		fmt.Fprint(w, "# test\nUser-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: storyline\nDisallow: /news/private\nAllow: /news/private/open\nDisallow: /*.pdf$\nCrawl-delay: 0.1\n")
	})
	mux.HandleFunc("/", html)
	s := httptest.NewServer(mux)
	defer s.Close()
	c := New(testOptions())
	for _, tt := range []struct {
		path string
		ok   bool
	}{
		{"/news/1", true}, {"/news/private/2", false}, {"/news/private/open/3", true},
		{"/doc.pdf", false}, {"/doc.pdf?x=1", true}, {"/", true},
	} {
		_, err := c.Get(context.Background(), s.URL+tt.path, Page, Validators{})
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want ok=%v", tt.path, err, tt.ok)
		}
	}
	if robotsHits.Load() != 1 {
		t.Errorf("robots.txt fetched %d times", robotsHits.Load())
	}
	if d := c.host(mustParse(s.URL)).delay; d != 100*time.Millisecond {
		t.Errorf("crawl delay %s", d)
	}

	robotsStatus.Store(500)
	_, err := New(testOptions()).Get(context.Background(), s.URL+"/news/1", Page, Validators{})
	if err == nil || !strings.Contains(err.Error(), "robots.txt unreachable (HTTP 500") {
		t.Errorf("robots 500: %v", err)
	}
	o := testOptions()
	o.Robots = false
	if _, err := New(o).Get(context.Background(), s.URL+"/news/1", Page, Validators{}); err != nil {
		t.Errorf("robots off: %v", err)
	}
}

func TestMatchPattern(t *testing.T) {
	for _, tt := range []struct {
		pat, path string
		want      bool
	}{
		{"/", "/a", true}, {"/a", "/ab", true}, {"/a$", "/ab", false}, {"/a$", "/a", true},
		{"/*.pdf$", "/x/y.pdf", true}, {"/*.pdf$", "/x/y.pdf?q", false}, {"/a*b*c", "/a-b-c-d", true},
		{"/a*b*c", "/a-c-b", false}, {"*", "/x", true}, {"/b", "/a", false},
	} {
		if got := matchPattern(tt.pat, tt.path); got != tt.want {
			t.Errorf("match(%q, %q) = %v", tt.pat, tt.path, got)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		h    string
		want time.Duration
	}{
		{"", 0}, {"5", 5 * time.Second}, {"-1", 0}, {"soon", 0}, {"99999999999", (1 << 30) * time.Second},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), time.Millisecond},
	} {
		if got := retryAfter(tt.h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.h, got, tt.want)
		}
	}
}

func TestCancel(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := New(testOptions()).Get(ctx, s.URL+"/", Page, Validators{})
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v", err)
	}
}

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// FuzzParseRobots checks that any robots.txt parses without panic and that
// matching terminates.
func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\nCrawl-delay: 2\n"), "/ab")
	f.Add([]byte("user-agent:storyline\n#x\ndisallow:/\nsitemap: x\n"), "/")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		rules, delay := parseRobots(data, agentToken)
		if delay < 0 {
			t.Fatal("negative delay")
		}
		allowPath(rules, path)
	})
}

// FuzzHeaders feeds arbitrary Retry-After and Content-Type values to their
// readers: no panic, no negative wait.
func FuzzHeaders(f *testing.F) {
	f.Add("120", "text/html; charset=utf-8")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT", "application/rss+xml")
	f.Add("-5", ";;;=")
	f.Fuzz(func(t *testing.T, ra, ct string) {
		if d := retryAfter(ra, time.Now()); d < 0 {
			t.Fatalf("retryAfter(%q) = %s", ra, d)
		}
		for _, k := range []Kind{Page, Feed, Any} {
			rejectType(k, ct)
		}
	})
}

// BenchmarkGet fetches a 60 KB page from a local server, one request at a
// time to the host as the client allows.
func BenchmarkGet(b *testing.B) {
	body := "<!doctype html><html><body>" + strings.Repeat("<p>Some paragraph of a news article.</p>", 1500) + "</body></html>"
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	})
	s := httptest.NewServer(mux)
	defer s.Close()
	c := New(testOptions())
	n := 0
	for b.Loop() {
		if _, err := c.Get(context.Background(), s.URL+"/page", Page, Validators{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
