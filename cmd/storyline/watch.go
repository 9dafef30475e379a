package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/feed"
	"github.com/storyline/storyline/internal/fetch"
)

// fetchFlags are the flags of the commands that fetch URLs.
type fetchFlags struct {
	allowHosts   []string
	allowPrivate bool
	delay        time.Duration
	timeout      time.Duration
	robots       bool
}

func addFetchFlags(c *cobra.Command, f *fetchFlags) {
	def := fetch.DefaultOptions()
	c.Flags().StringSliceVar(&f.allowHosts, "allow-host", nil, "let fetches reach this loopback or private address, address:port or CIDR (repeatable; link-local only when named exactly)")
	c.Flags().BoolVar(&f.allowPrivate, "allow-private", false, "allow the loopback and private ranges")
	_ = c.Flags().MarkDeprecated("allow-private", "use --allow-host with the addresses or ranges to reach")
	c.Flags().DurationVar(&f.delay, "delay", def.HostDelay, "pause between two requests to the same host")
	c.Flags().DurationVar(&f.timeout, "timeout", def.Timeout, "time limit of one request")
	c.Flags().BoolVar(&f.robots, "robots", true, "honour robots.txt")
}

func (f fetchFlags) client() (*fetch.Client, error) {
	o := fetch.DefaultOptions()
	for _, h := range f.allowHosts {
		a, err := fetch.ParseAllow(h)
		if err != nil {
			return nil, usageError{err}
		}
		o.Allow = append(o.Allow, a...)
	}
	if f.allowPrivate {
		o.Allow = append(o.Allow, fetch.MustParseAllow(fetch.PrivateRanges...)...)
	}
	o.HostDelay = f.delay
	o.Timeout = f.timeout
	o.Robots = f.robots
	return fetch.New(o), nil
}

// newWatchCmd is `storyline watch`: poll feeds into the store, forever or
// once.
func newWatchCmd(a *app) *cobra.Command {
	var (
		feeds     []string
		feedsFile string
		interval  time.Duration
		once      bool
		db        string
		quiet     bool
		ff        fetchFlags
		nf        natsFlags
	)
	c := &cobra.Command{
		Use:   "watch [--feed URL]... [--feeds FILE] [flags]",
		Short: "Poll RSS, Atom and JSON feeds and ingest their new articles",
		Long: `Poll feeds and ingest their new entries: an entry's own body when it holds the
full article, else the page it links to. Feeds given once are remembered in the
store: a later 'storyline watch' without --feed polls them again, resuming where
an interrupted poll stopped. Prints one line per poll per feed and a summary.
SIGINT or SIGTERM finishes the articles in hand and exits cleanly.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if interval <= 0 {
				return usageError{errors.New("--interval must be positive")}
			}
			if feedsFile != "" {
				more, err := readFeedsFile(feedsFile)
				if err != nil {
					return usageError{err}
				}
				feeds = append(feeds, more...)
			}
			for i, u := range feeds {
				norm, err := checkFeedURL(u)
				if err != nil {
					return usageError{err}
				}
				feeds[i] = norm
			}
			client, err := ff.client()
			if err != nil {
				return err
			}
			// The command installs its own handler so that the process
			// always stops cleanly, whoever runs it.
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			a.longLived = true
			store, fs, err := a.openFeedStore(context.WithoutCancel(ctx), db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			for _, u := range feeds {
				if _, err := fs.AddFeed(ctx, u); err != nil {
					return err
				}
			}
			si := &streamIngester{store: store, opts: a.streamOptions()}
			defer si.close(context.WithoutCancel(ctx))
			ingestFn := func(ctx context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
				res, err := si.ingest(ctx, raws)
				if err != nil {
					return nil, nil, err
				}
				return res.Articles, res.Errors, nil
			}
			if nf.url != "" {
				q, err := nf.connect(ctx, nil)
				if err != nil {
					return err
				}
				defer q.Close()
				ingestFn = natsIngester{q}.publish
			}
			w := feed.NewWatcher(client, fs, ingestFn, feed.DefaultOptions())
			return a.watch(ctx, w, fs, interval, once, quiet)
		},
	}
	c.Flags().StringArrayVar(&feeds, "feed", nil, "feed URL to poll (repeatable)")
	c.Flags().StringVar(&feedsFile, "feeds", "", "file of feed URLs, one a line (# comments)")
	c.Flags().DurationVar(&interval, "interval", 5*time.Minute, "time between two polls of the feeds")
	c.Flags().BoolVar(&once, "once", false, "poll every feed once and exit")
	c.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only failures and the summary")
	addFetchFlags(c, &ff)
	a.addNatsFlags(c, &nf, "publish the feeds' new articles to the distributed pipeline's queue on this NATS server instead of processing them here")
	return c
}

// checkFeedURL accepts absolute http and https URLs.
func checkFeedURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("feed %q: not an http or https URL", s)
	}
	return u.String(), nil
}

// readFeedsFile reads feed URLs, one a line; blank lines and # comments are
// skipped.
func readFeedsFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i == 0 || i > 0 && line[i-1] == ' ' {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			urls = append(urls, line)
		}
	}
	return urls, sc.Err()
}

// watch polls every feed of the store, once or every interval, until ctx
// ends.
func (a *app) watch(ctx context.Context, w *feed.Watcher, fs storyline.FeedStore, interval time.Duration, once, quiet bool) error {
	var total struct{ polls, newArticles, failedFeeds, failedEntries int }
	start := time.Now()
	summary := func(why string) {
		fmt.Fprintf(a.stderr, "%s: %d polls, %d new articles, %d failed polls, %d failed entries in %s\n",
			why, total.polls, total.newArticles, total.failedFeeds, total.failedEntries, time.Since(start).Round(time.Second))
	}
	for round := 1; ; round++ {
		list, err := fs.Feeds(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return usageError{errors.New("no feeds: give --feed URL or --feeds FILE")}
		}
		roundNew := 0
		for _, f := range list {
			rep, err := w.Poll(ctx, f.URL)
			total.polls++
			total.newArticles += rep.New
			total.failedEntries += len(rep.Errors)
			roundNew += rep.New
			if rep.Status == feed.StatusFailed {
				total.failedFeeds++
			}
			if rep.Status != "" && (!quiet || rep.Status == feed.StatusFailed || len(rep.Errors) > 0) {
				fmt.Fprintln(a.stderr, rep)
				for _, e := range rep.Errors {
					fmt.Fprintf(a.stderr, "  %s: %s\n", e.Input, e.Error)
				}
			}
			if ctx.Err() != nil {
				summary("interrupted")
				return nil
			}
			if err != nil {
				return err
			}
		}
		if once {
			summary("done")
			return nil
		}
		next := time.Now().Add(interval)
		if !quiet {
			fmt.Fprintf(a.stderr, "poll %d: %d new articles; next poll at %s\n", round, roundNew, next.Format("15:04:05"))
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			summary("stopped")
			return nil
		case <-t.C:
		}
	}
}

// fetchArticles fetches pages for `storyline ingest URL...`: the pages that
// could be had, and one error per URL that could not.
func fetchArticles(ctx context.Context, c *fetch.Client, urls []string) ([]storyline.RawArticle, []storyline.InputError) {
	var raws []storyline.RawArticle
	var errs []storyline.InputError
	for _, u := range slices.Compact(slices.Clone(urls)) {
		raw, err := feed.FetchArticle(ctx, c, u)
		if err != nil {
			errs = append(errs, storyline.InputError{Input: u, Error: storyline.ErrorMessage(err)})
			continue
		}
		raws = append(raws, raw)
	}
	return raws, errs
}
