// Command loadgen measures storyline serve on loopback: it fills a store
// with synthetic articles and stories (or uses a running server), then sends
// a bounded number of GET requests per path from a few concurrent clients
// and reports requests/s and latency percentiles.
//
//	go run ./internal/tools/loadgen -articles 10000 -n 5000 -c 8
//	go run ./internal/tools/loadgen -real ../shared/data/seeds,../shared/data/dev/basil-dev -story-filter until=2024-01-01
//	go run ./internal/tools/loadgen -url http://127.0.0.1:8080 -paths /api/stories,/
//	go run ./internal/tools/loadgen -url http://127.0.0.1:8080 -token T -post new.jsonl -n 50 -c 1
//
// It only ever talks to loopback addresses.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/sqlite"
	"github.com/storyline/storyline/internal/web"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	target := fs.String("url", "", "base URL of a running server on loopback; empty: serve in-process")
	dbPath := fs.String("db", "", "store for the in-process server (default: a temporary file)")
	nArticles := fs.Int("articles", 10000, "synthetic articles to store first (in-process server, empty store)")
	paths := fs.String("paths", "/api/stories,/stories/{story}", "comma-separated paths; {story} rotates over stored stories")
	n := fs.Int("n", 5000, "requests per path")
	c := fs.Int("c", 8, "concurrent clients")
	limit := fs.Duration("timeout", 60*time.Second, "time limit per path")
	real := fs.String("real", "", "comma-separated inputs (files, dirs) to ingest through the real pipeline before the synthetic articles")
	storyFilter := fs.String("story-filter", "", "extra /api/stories query choosing the stories {story} rotates over, e.g. until=2024-01-01")
	cacheTTL := fs.Duration("cache", 0, "response cache TTL of the in-process server (0: off, storyline serve uses 1s)")
	post := fs.String("post", "", "JSON Lines file: POST its lines, one article per request, to the server of -url (needs -token) instead of the GETs")
	token := fs.String("token", "", "bearer token of the server, for -post")
	skip := fs.Int("skip", 0, "lines of the -post file to skip first (so that repeated runs post new articles)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (in-process server included) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	base := *target
	var stories []string
	if base == "" {
		path := *dbPath
		if path == "" {
			dir, err := os.MkdirTemp("", "loadgen")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			path = filepath.Join(dir, "load.db")
		}
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			return err
		}
		defer db.Close()
		start := time.Now()
		if *real != "" {
			p, err := pipeline.Open(ctx, db, pipeline.DefaultOptions())
			if err != nil {
				return err
			}
			res, err := p.Ingest(ctx, strings.Split(*real, ","), nil)
			if err != nil {
				return err
			}
			if err := p.Close(ctx); err != nil {
				return err
			}
			fmt.Fprintf(out, "ingested %d real articles (%d stories, %d rejected) in %v\n", res.New, len(res.Stories),
				res.Rejected, time.Since(start).Round(time.Millisecond))
			if len(res.Errors) > 0 {
				fmt.Fprintf(out, "first rejection: %s: %s\n", res.Errors[0].Input, res.Errors[0].Error)
			}
			start = time.Now()
		}
		if err := Seed(ctx, db, *nArticles); err != nil {
			return err
		}
		fmt.Fprintf(out, "seeded %d synthetic articles in %v\n", *nArticles, time.Since(start).Round(time.Millisecond))
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: web.New(db, web.Options{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), CacheTTL: *cacheTTL}),
			ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		base = "http://" + ln.Addr().String()
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); (ip == nil || !ip.IsLoopback()) && u.Hostname() != "localhost" {
		return fmt.Errorf("refusing %s: loopback only", base)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: *c * 2, MaxIdleConnsPerHost: *c * 2, IdleConnTimeout: 30 * time.Second}}
	if *post != "" {
		bodies, err := postBodies(*post, *skip, *n)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, Post(ctx, client, base, *token, bodies, *c, *limit))
		return nil
	}
	if strings.Contains(*paths, "{story}") {
		if stories, err = storyIDs(ctx, client, base, *storyFilter); err != nil {
			return err
		}
		if len(stories) == 0 {
			return errors.New("the server has no stories")
		}
	}
	for _, p := range strings.Split(*paths, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		r := Load(ctx, client, base, p, stories, *n, *c, *limit)
		fmt.Fprintln(out, r)
	}
	return nil
}

// storyIDs returns up to 100 story ids from the newest pages.
func storyIDs(ctx context.Context, client *http.Client, base, filter string) ([]string, error) {
	q := "/api/stories?limit=100"
	if filter != "" {
		q += "&" + filter
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", base+q, nil)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var list struct {
		Stories []struct {
			ID string `json:"id"`
		} `json:"stories"`
	}
	if err := jsonDecode(res.Body, &list); err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range list.Stories {
		ids = append(ids, s.ID)
	}
	return ids, nil
}

// Result is one path's measurement.
type Result struct {
	Path          string
	Requests      int
	Errors        int
	Elapsed       time.Duration
	P50, P99, Max time.Duration
	Bytes         int64
}

func (r Result) String() string {
	return fmt.Sprintf("%-22s %6d req in %6.2fs = %7.0f req/s  p50 %6.2fms  p99 %6.2fms  max %6.2fms  errors %d  avg %d B",
		r.Path, r.Requests, r.Elapsed.Seconds(), float64(r.Requests)/r.Elapsed.Seconds(),
		ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, r.Bytes/int64(max(r.Requests, 1)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Load sends n GET requests for path from c clients, stopping early at the
// time limit, and returns throughput and latency percentiles. Non-200
// answers count as errors.
func Load(ctx context.Context, client *http.Client, base, path string, stories []string, n, c int, limit time.Duration) Result {
	return send(ctx, client, path, func(ctx context.Context, i int) *http.Request {
		p := path
		if len(stories) > 0 {
			p = strings.ReplaceAll(p, "{story}", url.PathEscape(stories[i%len(stories)]))
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", base+p, nil)
		return req
	}, n, c, limit)
}

// Post sends each body as one POST /api/articles with the bearer token,
// from c clients: the latency of a write of one article (or of a few)
// through the whole pipeline of the server.
func Post(ctx context.Context, client *http.Client, base, token string, bodies [][]byte, c int, limit time.Duration) Result {
	return send(ctx, client, "POST /api/articles", func(ctx context.Context, i int) *http.Request {
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/articles", bytesReader(bodies[i]))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		return req
	}, len(bodies), c, limit)
}

// send makes n requests (mk(i) is the i-th) from c clients, stopping early
// at the time limit, and returns throughput and latency percentiles.
// Non-200 answers count as errors.
func send(ctx context.Context, client *http.Client, name string, mk func(ctx context.Context, i int) *http.Request, n, c int, limit time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var next, errs atomic.Int64
	var bytes atomic.Int64
	lat := make([][]time.Duration, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				res, err := client.Do(mk(ctx, int(i)))
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					continue
				}
				nb, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				bytes.Add(nb)
				if res.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	r := Result{Path: name, Elapsed: time.Since(start), Errors: int(errs.Load()), Bytes: bytes.Load()}
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r.Requests = len(all)
	if len(all) > 0 {
		r.P50 = all[len(all)/2]
		r.P99 = all[min(len(all)-1, len(all)*99/100)]
		r.Max = all[len(all)-1]
	}
	return r
}

var _ storyline.Store = (*sqlite.DB)(nil)

// postBodies reads up to n lines of a JSON Lines file after skipping the
// first skip.
func postBodies(path string, skip, n int) ([][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 || i < skip {
			continue
		}
		if len(out) == n {
			break
		}
		out = append(out, line)
	}
	return out, nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
