package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sqlite"
)

// events are five made-up news events; every article of the test feed
// tells one of them in its own order of sentences.
var events = [][]string{
	{"The Lakeford city council approved the Harbor Bridge project on Monday.",
		"Mayor Ellen Vance said the bridge would cost 40 million dollars.",
		"Construction of the Harbor Bridge is due to start in March.",
		"Opponents of the bridge said the council ignored the fishermen of Lakeford.",
		"The vote in the council was seven to two.",
		"Vance called the Harbor Bridge the largest project in the city's history."},
	{"Heavy snow closed the Brenner Pass to lorries on Tuesday.",
		"Austrian police said 300 trucks were stuck near Innsbruck.",
		"The Brenner motorway operator expects to reopen the pass on Thursday.",
		"Drivers waited for eleven hours in the snow near the Brenner Pass.",
		"Italian authorities opened shelters for the stranded drivers.",
		"Snowfall of up to 80 centimetres was measured at the pass."},
	{"The Northwind Orchestra named Keiko Tanabe as its new chief conductor.",
		"Tanabe will lead the Northwind Orchestra from the autumn season.",
		"The orchestra's board said Tanabe was chosen from 40 candidates.",
		"Keiko Tanabe previously conducted the Osaka Philharmonic for ten years.",
		"Tanabe said she wanted to bring more contemporary music to Northwind.",
		"The Northwind Orchestra was founded in 1921."},
	{"Zephyr Motors recalled 120,000 electric scooters over battery fires.",
		"The recall covers Zephyr models sold between 2023 and 2025.",
		"Regulators said 14 fires had been linked to the Zephyr batteries.",
		"Zephyr Motors will replace the batteries free of charge.",
		"Shares of Zephyr Motors fell 6% after the recall was announced.",
		"Owners were told to stop charging the scooters indoors."},
	{"Astronomers discovered a comet that will pass close to Earth in June.",
		"The comet, named C/2026 Hollis, was spotted by the Kestrel Observatory.",
		"The Hollis comet may be visible to the naked eye for two weeks.",
		"Kestrel Observatory astronomers said the comet poses no danger to Earth.",
		"The comet will come within 40 million kilometres of Earth.",
		"Amateur astronomers are planning viewing nights for comet Hollis."},
}

// articlePage is article i of the test feed as an HTML page.
func articlePage(i int) string {
	ev := events[i%len(events)]
	v := i / len(events)
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>%s</h1>",
		html.EscapeString(ev[v%len(ev)]), html.EscapeString(ev[v%len(ev)]))
	// Every paragraph differs from those of the other articles of the
	// site, or the cleaner would learn it as the site's boilerplate.
	for k := range 4 {
		fmt.Fprintf(&b, "<p>%s Desk %d filed part %d.</p>", html.EscapeString(ev[(v+k)%len(ev)]), i, k)
	}
	b.WriteString("</article><footer>Copyright</footer></body></html>")
	return b.String()
}

// newsHosts starts three local news sites holding n articles between them,
// the first also serving the feed of all of them, and returns the feed URL
// and the page hit counter.
func newsHosts(t *testing.T, n int, onHit func(int32)) (string, *atomic.Int32) {
	var hits atomic.Int32
	var urls [3]string
	// The feed is written once the servers' addresses are known; the race
	// detector does not see the network as synchronisation, so it is
	// published through an atomic.
	var feedItems atomic.Pointer[string]
	for h := range 3 {
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", http.NotFound)
		mux.HandleFunc("/a/{n}", func(w http.ResponseWriter, r *http.Request) {
			i, err := strconv.Atoi(r.PathValue("n"))
			if err != nil || i%3 != h {
				http.NotFound(w, r)
				return
			}
			k := hits.Add(1)
			if onHit != nil {
				onHit(k)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articlePage(i))
		})
		if h == 0 {
			mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-None-Match") == `"v1"` {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", `"v1"`)
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><language>en</language>%s</channel></rss>`, *feedItems.Load())
			})
		}
		s := httptest.NewServer(mux)
		t.Cleanup(s.Close)
		urls[h] = s.URL
	}
	var items strings.Builder
	for i := range n {
		fmt.Fprintf(&items, "<item><title>%s</title><link>%s/a/%d</link><description>Teaser %d.</description></item>",
			html.EscapeString(events[i%len(events)][0]), urls[i%3], i, i)
	}
	s := items.String()
	feedItems.Store(&s)
	return urls[0] + "/feed.xml", &hits
}

func storedArticles(t *testing.T, path string) []*storyline.Article {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	arts, err := db.Articles(context.Background(), storyline.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

// runCmd runs a command line in-process like run does, adding the watch
// and feeds commands when main.go does not register them (yet).
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	root := a.rootCmd()
	for _, c := range []*cobra.Command{newWatchCmd(a), newFeedsCmd(a)} {
		if sub, _, err := root.Find([]string{c.Name()}); err != nil || sub == root {
			root.AddCommand(c)
		}
	}
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	_, err := root.ExecuteContextC(context.Background())
	return out.String(), errOut.String(), err
}

// TestWatch ingests a feed of 50 entries across three hosts, clusters them,
// and polls again without fetching any page.
func TestWatch(t *testing.T) {
	feedURL, hits := newsHosts(t, 50, nil)
	db := filepath.Join(t.TempDir(), "watch.db")
	args := []string{"watch", "--once", "--allow-host", "127.0.0.1", "--delay", "0", "--db", db, "--feed", feedURL}
	_, stderr, err := runCmd(t, args...)
	t.Log(stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, feedURL+": new: 50 new, 0 seen, 0 failed of 50 entries, 50 pages fetched") ||
		!strings.Contains(stderr, "done: 1 polls, 50 new articles") || hits.Load() != 50 {
		t.Fatalf("first poll: %d pages\n%s", hits.Load(), stderr)
	}
	arts := storedArticles(t, db)
	stories := map[string]int{}
	for _, a := range arts {
		if a.StoryID == "" || !strings.Contains(a.URL, "/a/") || a.Title == "" {
			t.Errorf("article %s: story %q url %q title %q", a.ID, a.StoryID, a.URL, a.Title)
		}
		stories[a.StoryID]++
	}
	t.Logf("%d articles in %d stories: %v", len(arts), len(stories), stories)
	if len(arts) != 50 || len(stories) >= 50 || len(stories) < 5 {
		t.Errorf("%d articles in %d stories", len(arts), len(stories))
	}

	// Without --feed: the feeds of the store; 304, no page fetched.
	_, stderr, err = runCmd(t, "watch", "--once", "--allow-host", "127.0.0.1", "--delay", "0", "--db", db)
	if err != nil || !strings.Contains(stderr, feedURL+": unchanged (not modified)") || hits.Load() != 50 {
		t.Fatalf("second poll: %v, %d pages\n%s", err, hits.Load(), stderr)
	}
	if n := len(storedArticles(t, db)); n != 50 {
		t.Errorf("%d articles after the second poll", n)
	}

	out, _, err := runCmd(t, "feeds", "--db", db)
	if err != nil || !strings.Contains(out, "ok ") || !strings.Contains(out, feedURL) || !strings.Contains(out, "Test wire") {
		t.Errorf("feeds: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "feeds", "--db", db, "--json")
	if err != nil || !strings.Contains(out, `"articles": 50`) || !strings.Contains(out, `"status": "ok"`) {
		t.Errorf("feeds --json: %v\n%s", err, out)
	}
}

// TestWatchSIGTERM stops a watch process with SIGTERM in the middle of a
// poll and starts it again: nothing is lost and nothing is stored or
// fetched twice.
func TestWatchSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	bin, err := exec.LookPath("storyline") // installed by testscript.Main
	if err != nil {
		t.Skip("no storyline binary on PATH")
	}
	var proc atomic.Pointer[exec.Cmd]
	var signalled atomic.Bool
	const entries = 24 // fewer than TestWatch: the subprocess runs under -race too
	feedURL, hits := newsHosts(t, entries, func(n int32) {
		if n == 8 && signalled.CompareAndSwap(false, true) {
			if c := proc.Load(); c != nil {
				c.Process.Signal(syscall.SIGTERM)
			}
		}
	})
	db := filepath.Join(t.TempDir(), "watch.db")
	cmd := exec.Command(bin, "watch", "--allow-host", "127.0.0.1", "--delay", "20ms", "--db", db, "--feed", feedURL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	proc.Store(cmd)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("watch did not stop after SIGTERM\n%s", stderr.String())
	}
	t.Log(stderr.String())
	if strings.Contains(stderr.String(), `unknown command "watch"`) {
		t.Skip("storyline watch is not wired in main.go yet")
	}
	if err != nil || !signalled.Load() || !strings.Contains(stderr.String(), "interrupted: 1 polls") {
		t.Fatalf("exit %v, signalled %v\n%s", err, signalled.Load(), stderr.String())
	}
	first := len(storedArticles(t, db))
	if first < 8 || first >= entries || int(hits.Load()) != first {
		t.Fatalf("after SIGTERM: %d articles stored, %d pages fetched", first, hits.Load())
	}

	_, errOut, err := runCmd(t, "watch", "--once", "--allow-host", "127.0.0.1", "--delay", "0", "--db", db)
	t.Log(errOut)
	if err != nil {
		t.Fatal(err)
	}
	arts := storedArticles(t, db)
	urls := map[string]bool{}
	for _, a := range arts {
		urls[a.URL] = true
	}
	if len(arts) != entries || len(urls) != entries || hits.Load() != entries {
		t.Errorf("after restart: %d articles, %d distinct URLs, %d pages fetched", len(arts), len(urls), hits.Load())
	}
}

func TestWatchUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	var u usageError
	if _, _, err := runCmd(t, "watch", "--once", "--db", db); !errors.As(err, &u) {
		t.Errorf("no feeds: %v", err)
	}
	if _, _, err := runCmd(t, "watch", "--once", "--db", db, "--feed", "file:///etc/passwd"); !errors.As(err, &u) {
		t.Errorf("file URL: %v", err)
	}
	if _, _, err := runCmd(t, "watch", "--once", "--db", db, "--feeds", filepath.Join(dir, "missing.txt")); !errors.As(err, &u) {
		t.Errorf("missing feeds file: %v", err)
	}

	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/down.xml":
			http.Error(w, "down", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF")
		}
	}))
	defer s.Close()
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte("# my feeds\n"+s.URL+"/down.xml\n\n"+s.URL+"/doc.pdf # not a feed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCmd(t, "watch", "--once", "--allow-host", "127.0.0.1", "--delay", "0", "--db", db, "--feeds", list)
	if err != nil || !strings.Contains(stderr, s.URL+"/down.xml: failed: HTTP 500") ||
		!strings.Contains(stderr, s.URL+"/doc.pdf: failed: content type application/pdf is not a feed") ||
		!strings.Contains(stderr, "done: 2 polls, 0 new articles, 2 failed polls") {
		t.Errorf("%v\n%s", err, stderr)
	}
	// Without --allow-host the guard refuses the local server.
	_, stderr, err = runCmd(t, "watch", "--once", "--db", db)
	if err != nil || !strings.Contains(stderr, "refused to connect to 127.0.0.1") {
		t.Errorf("guard: %v\n%s", err, stderr)
	}
	if _, _, err := runCmd(t, "feeds", "add", "--db", db, "https://news.example/rss"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "feeds", "--db", db)
	if err != nil || strings.Count(out, "failed ") != 2 || !strings.Contains(out, "new     never") ||
		!strings.Contains(out, s.URL+"/down.xml: refused to connect") {
		t.Errorf("feeds: %v\n%s", err, out)
	}
}
