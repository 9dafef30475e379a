//go:build throughput

// The throughput test fetches and cleans the aeb-dev pages and reports pages
// per second, a measurement rather than a check, so it is built only with
// -tags throughput:
//
//	go test -tags throughput -run TestThroughput -v ./internal/feed
//	go test -tags throughput -run XXX -bench . ./internal/feed

package feed_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/feed"
	"github.com/storyline/storyline/internal/fetch"
	"github.com/storyline/storyline/internal/sharedtest"
)

// aebServer serves the aeb-dev pages gzip-compressed, as a news site would,
// at /<page id>.
func aebServer(tb testing.TB) (*httptest.Server, []string) {
	dir := sharedtest.Data(tb, "dev", "aeb-dev", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(files) == 0 {
		tb.Skipf("no aeb-dev pages in %s", dir)
	}
	pages := map[string][]byte{}
	var paths []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		p := "/" + strings.TrimSuffix(filepath.Base(f), ".html.gz")
		pages[p] = b
		paths = append(paths, p)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b)
	}))
	tb.Cleanup(s.Close)
	return s, paths
}

// fetchExtract fetches every page from one host (one request at a time, as
// the polite client does) while GOMAXPROCS workers extract them.
func fetchExtract(tb testing.TB, base string, paths []string) (ok int) {
	o := fetch.DefaultOptions()
	o.HostDelay = 0
	o.Allow = fetch.MustParseAllow("127.0.0.0/8")
	c := fetch.New(o)
	raws := make(chan storyline.RawArticle, 8)
	go func() {
		defer close(raws)
		for _, p := range paths {
			raw, err := feed.FetchArticle(context.Background(), c, base+p)
			if err != nil {
				tb.Error(err)
				continue
			}
			raws <- raw
		}
	}()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for raw := range raws {
				a, err := clean.Clean(raw, clean.DefaultOptions())
				if err == nil && a.Text != "" {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return ok
}

// TestThroughput measures pages/s fetched and extracted from a local
// server (target: 50 pages/s on 2 cores).
func TestThroughput(t *testing.T) {
	s, paths := aebServer(t)
	cpu0 := cpuTime()
	start := time.Now()
	ok := fetchExtract(t, s.URL, paths)
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	// The machine is shared: CPU time says what 2 free cores would do.
	t.Logf("%d pages fetched and extracted (%d with text) in %s: %.1f pages/s on %d cores; %.0f ms CPU per page (client and server): %.1f pages/s on %d free cores",
		len(paths), ok, el.Round(time.Millisecond), float64(len(paths))/el.Seconds(), runtime.GOMAXPROCS(0),
		cpu.Seconds()*1000/float64(len(paths)), float64(len(paths)*runtime.GOMAXPROCS(0))/cpu.Seconds(), runtime.GOMAXPROCS(0))
}

// cpuTime is the user and system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkFetchExtract(b *testing.B) {
	s, paths := aebServer(b)
	start := time.Now()
	n := 0
	for b.Loop() {
		fetchExtract(b, s.URL, paths)
		n += len(paths)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "pages/s")
}

func BenchmarkFetch(b *testing.B) {
	s, paths := aebServer(b)
	o := fetch.DefaultOptions()
	o.HostDelay = 0
	o.Allow = fetch.MustParseAllow("127.0.0.0/8")
	c := fetch.New(o)
	start := time.Now()
	n := 0
	for b.Loop() {
		for _, p := range paths {
			if _, err := feed.FetchArticle(context.Background(), c, s.URL+p); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "pages/s")
}
