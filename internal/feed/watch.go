package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/fetch"
)

// FetchArticle fetches one HTML page as a raw article (`storyline ingest
// URL`, and the linked page of a feed entry). The page is decoded to UTF-8
// from its declared or sniffed charset; Raw keeps the bytes as served. The
// id is URLID(url), so fetching the same page twice stores it once.
func FetchArticle(ctx context.Context, c *fetch.Client, url string) (storyline.RawArticle, error) {
	resp, err := c.Get(ctx, url, fetch.Page, fetch.Validators{})
	if err != nil {
		return storyline.RawArticle{}, err
	}
	text, err := decode(resp.Body, resp.ContentType)
	if err != nil {
		return storyline.RawArticle{}, &storyline.Error{Code: storyline.EINVALID, Op: "fetch", Input: url,
			Msg: "undecodable page", Err: err}
	}
	return storyline.RawArticle{ID: URLID(url), Input: url, Format: storyline.FormatHTML, HTML: text,
		Source: Source(resp.URL), URL: resp.URL, Raw: resp.Body}, nil
}

// decode converts an HTML body to UTF-8 using the Content-Type, a BOM or
// the page's meta tag.
func decode(body []byte, contentType string) (string, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(r)
	return string(b), err
}

// feedUTF8 transcodes a feed whose charset is given only by the
// Content-Type header (an XML declaration with an encoding wins, as the
// parser reads it).
func feedUTF8(body []byte, contentType string) []byte {
	_, params, err := mime.ParseMediaType(contentType)
	cs := strings.ToLower(params["charset"])
	if err != nil || cs == "" || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" {
		return body
	}
	if head := body[:min(len(body), 256)]; bytes.Contains(head, []byte("encoding=")) {
		return body
	}
	r, err := charset.NewReaderLabel(cs, bytes.NewReader(body))
	if err != nil {
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return out
}

// IngestFunc stores raw articles through the whole pipeline (clean, analyse,
// dedup, cluster, briefs). ids lists the ids of the articles now stored
// (created or already there); errs the rejected inputs, by Input.
type IngestFunc func(ctx context.Context, raws []storyline.RawArticle) (ids []string, errs []storyline.InputError, err error)

// Options tune the watcher.
type Options struct {
	// MinBodyWords is the length from which an entry's own body counts as
	// the full article; shorter bodies are teasers, and the linked page is
	// fetched instead (default 150).
	MinBodyWords int
	// FallbackWords: when the linked page cannot be had for good (404,
	// robots.txt, not HTML), an entry body of at least this many words is
	// ingested instead (default 40).
	FallbackWords int
	// Batch is the number of entries fetched, then ingested and recorded
	// together (default 16). An interruption loses at most the fetches of
	// one batch, which the next poll does again.
	Batch int
	// Hosts is the number of hosts whose pages are fetched at the same
	// time (default 4); the client keeps one request at a time per host.
	Hosts int
	// MaxAttempts is how many polls try an entry whose page keeps failing
	// with a temporary error (5xx, timeout) before giving up (default 3).
	MaxAttempts int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// DefaultOptions returns the options storyline watch uses.
func DefaultOptions() Options {
	return Options{MinBodyWords: 150, FallbackWords: 40, Batch: 16, Hosts: 4, MaxAttempts: 3, Now: time.Now}
}

// Watcher polls feeds into a store.
type Watcher struct {
	client *fetch.Client
	store  storyline.FeedStore
	ingest IngestFunc
	opts   Options
}

// NewWatcher returns a watcher. Zero options take their defaults.
func NewWatcher(c *fetch.Client, store storyline.FeedStore, ingest IngestFunc, opts Options) *Watcher {
	def := DefaultOptions()
	if opts.MinBodyWords <= 0 {
		opts.MinBodyWords = def.MinBodyWords
	}
	if opts.FallbackWords <= 0 {
		opts.FallbackWords = def.FallbackWords
	}
	if opts.Batch <= 0 {
		opts.Batch = def.Batch
	}
	if opts.Hosts <= 0 {
		opts.Hosts = def.Hosts
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = def.MaxAttempts
	}
	if opts.Now == nil {
		opts.Now = def.Now
	}
	return &Watcher{client: c, store: store, ingest: ingest, opts: opts}
}

// Poll statuses.
const (
	StatusNew       = "new"       // the poll stored new articles
	StatusUnchanged = "unchanged" // 304, or no entry not seen before
	StatusFailed    = "failed"    // the feed itself could not be fetched or parsed
)

// Report is the outcome of one poll of one feed.
type Report struct {
	Feed     string
	Title    string
	Status   string
	Reason   string // why the poll failed, or "not modified"
	Entries  int    // entries in the feed document
	Seen     int    // entries already done before this poll
	Fetched  int    // pages fetched
	New      int    // articles stored by this poll
	Failed   int    // entries that failed (Errors says why)
	Pending  int    // entries left for the next poll (interrupted, or failing temporarily)
	Errors   []storyline.InputError
	Articles []string // ids of the articles this poll stored, in feed order
	Elapsed  time.Duration
}

// String is the one line a person reads per poll.
func (r Report) String() string {
	switch r.Status {
	case StatusFailed:
		return fmt.Sprintf("%s: failed: %s (%s)", r.Feed, r.Reason, r.Elapsed.Round(time.Millisecond))
	case StatusUnchanged:
		if r.Reason != "" {
			return fmt.Sprintf("%s: unchanged (%s)", r.Feed, r.Reason)
		}
	}
	s := fmt.Sprintf("%s: %s: %d new, %d seen, %d failed of %d entries, %d pages fetched", r.Feed, r.Status,
		r.New, r.Seen, r.Failed, r.Entries, r.Fetched)
	if r.Pending > 0 {
		s += fmt.Sprintf(", %d pending", r.Pending)
	}
	return s + fmt.Sprintf(" (%s)", r.Elapsed.Round(time.Millisecond))
}

// Poll polls one feed: fetches it (conditionally), parses it, fetches the
// pages of the entries not seen before, ingests them and records the
// outcome. When ctx is cancelled, Poll stops starting fetches, ingests and
// records the articles already in hand, and returns ctx's error with the
// report. The feed's validators are saved only once every entry is done, so
// that a poll cut short is repeated in full (entries done are skipped).
func (w *Watcher) Poll(ctx context.Context, feedURL string) (rep Report, err error) {
	start := w.opts.Now()
	rep = Report{Feed: feedURL}
	defer func() { rep.Elapsed = w.opts.Now().Sub(start) }()
	// Bookkeeping must survive the cancellation it reports.
	bg := context.WithoutCancel(ctx)

	if _, err := w.store.AddFeed(bg, feedURL); err != nil {
		return rep, err
	}
	f, err := w.store.Feed(bg, feedURL)
	if err != nil {
		return rep, err
	}
	rep.Title = f.Title
	failFeed := func(reason string) (Report, error) {
		rep.Status, rep.Reason = StatusFailed, reason
		f.LastPoll, f.LastError = start, reason
		f.Polls++
		return rep, w.store.UpdateFeed(bg, f)
	}

	resp, err := w.client.Get(ctx, feedURL, fetch.Feed, fetch.Validators{ETag: f.ETag, LastModified: f.LastModified})
	if err != nil {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		return failFeed(storyline.ErrorMessage(err))
	}
	if resp.NotModified {
		rep.Status, rep.Reason = StatusUnchanged, "not modified"
		f.LastPoll, f.LastOK, f.LastError = start, start, ""
		f.Polls++
		return rep, w.store.UpdateFeed(bg, f)
	}
	p, err := Parse(feedUTF8(resp.Body, resp.ContentType), resp.URL)
	if err != nil {
		return failFeed(err.Error())
	}
	if p.Title != "" {
		f.Title, rep.Title = p.Title, p.Title
	}
	rep.Entries = len(p.Entries)

	todo, attempts, err := w.pending(bg, feedURL, p.Entries)
	if err != nil {
		return rep, err
	}
	rep.Seen = len(p.Entries) - len(todo)

	done := 0
	for done < len(todo) && ctx.Err() == nil {
		batch := todo[done:min(done+w.opts.Batch, len(todo))]
		n, err := w.batch(ctx, bg, feedURL, p, batch, attempts, &rep)
		done += n
		if err != nil {
			return rep, err
		}
		if n < len(batch) {
			break // interrupted
		}
	}
	rep.Pending += len(todo) - done
	f.LastPoll, f.LastOK, f.LastError = start, start, ""
	f.Polls++
	if rep.Pending == 0 {
		f.ETag, f.LastModified = resp.ETag, resp.LastModified
	} else {
		// Entries are left: the next poll must read the feed again, not get
		// a 304.
		f.ETag, f.LastModified = "", ""
	}
	rep.Status = StatusUnchanged
	if rep.New > 0 {
		rep.Status = StatusNew
	}
	if err := w.store.UpdateFeed(bg, f); err != nil {
		return rep, err
	}
	return rep, ctx.Err()
}

// pending returns the entries of the feed not done yet, in feed order, and
// the attempts already made on them.
func (w *Watcher) pending(ctx context.Context, feedURL string, entries []Entry) ([]Entry, map[string]int, error) {
	guids := make([]string, 0, len(entries))
	urls := make([]string, 0, len(entries))
	for _, e := range entries {
		guids = append(guids, e.GUID)
		if e.URL != "" {
			urls = append(urls, e.URL)
		}
	}
	recs, err := w.store.Entries(ctx, feedURL, guids, urls)
	if err != nil {
		return nil, nil, err
	}
	doneGUID := map[string]bool{}
	doneURL := map[string]bool{}
	attempts := map[string]int{}
	for _, r := range recs {
		if r.Feed == feedURL {
			attempts[r.GUID] = r.Attempts
			if r.Done {
				doneGUID[r.GUID] = true
			}
		}
		if r.Done && r.URL != "" {
			doneURL[r.URL] = true
		}
	}
	var todo []Entry
	seenURL := map[string]bool{}
	for _, e := range entries {
		if doneGUID[e.GUID] || e.URL != "" && (doneURL[e.URL] || seenURL[e.URL]) {
			continue
		}
		if e.URL != "" {
			seenURL[e.URL] = true
		}
		todo = append(todo, e)
	}
	return todo, attempts, nil
}

// job is one entry of a batch on its way.
type job struct {
	e       Entry
	raw     storyline.RawArticle
	ok      bool   // raw is set
	started bool   // not skipped because of cancellation
	err     error  // the page fetch failed
	note    string // why the feed's body was used instead of the page
}

// batch fetches the pages of a batch of entries, host by host in parallel,
// ingests what it got and records every entry handled. It returns how many
// entries it handled: fewer than len(batch) when ctx was cancelled.
func (w *Watcher) batch(ctx, bg context.Context, feedURL string, p *Parsed, batch []Entry, attempts map[string]int, rep *Report) (int, error) {
	jobs := make([]job, len(batch))
	byHost := map[string][]int{}
	var hosts []string
	for i, e := range batch {
		jobs[i].e = e
		switch {
		case e.Words >= w.opts.MinBodyWords || e.URL == "" && e.Words > 0:
			jobs[i].raw, jobs[i].ok, jobs[i].started = EntryArticle(p, feedURL, e), true, true
		case e.URL == "":
			jobs[i].started = true
			jobs[i].err = &storyline.Error{Code: storyline.EINVALID, Op: "feed", Input: feedURL + "#" + e.GUID,
				Msg: "entry has neither a body nor a link"}
		default:
			h := Source(e.URL)
			if byHost[h] == nil {
				hosts = append(hosts, h)
			}
			byHost[h] = append(byHost[h], i)
		}
	}

	// Fetches run on a context that survives the interruption for a grace
	// period, so that the page in hand is finished rather than lost.
	fctx, cancel := context.WithCancel(bg)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(fetchGrace, cancel) })
	defer stop()
	sem := make(chan struct{}, w.opts.Hosts)
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, i := range byHost[h] {
				if ctx.Err() != nil {
					return
				}
				j := &jobs[i]
				j.started = true
				raw, err := FetchArticle(fctx, w.client, j.e.URL)
				if err == nil {
					raw.Title, raw.Published, raw.Lang = j.e.Title, j.e.Published, p.Lang
					j.raw, j.ok = raw, true
					continue
				}
				if !fetch.Temporary(err) && j.e.Words >= w.opts.FallbackWords {
					j.raw, j.ok = EntryArticle(p, feedURL, j.e), true
					j.note = storyline.ErrorMessage(err)
					continue
				}
				j.err = err
			}
		})
	}
	wg.Wait()

	var raws []storyline.RawArticle
	for i := range jobs {
		if jobs[i].ok {
			raws = append(raws, jobs[i].raw)
		}
		if jobs[i].started && jobs[i].e.URL != "" && jobs[i].e.Words < w.opts.MinBodyWords {
			rep.Fetched++
		}
	}
	stored := map[string]bool{}
	rejected := map[string]string{}
	if len(raws) > 0 {
		ids, errs, err := w.ingest(bg, raws)
		if err != nil {
			return 0, fmt.Errorf("ingest %s: %w", feedURL, err)
		}
		for _, id := range ids {
			stored[id] = true
		}
		for _, e := range errs {
			rejected[e.Input] = e.Error
		}
	}

	handled := 0
	now := w.opts.Now()
	for i := range jobs {
		j := &jobs[i]
		if !j.started {
			continue
		}
		handled++
		rec := &storyline.FeedEntry{Feed: feedURL, GUID: j.e.GUID, URL: j.e.URL, Seen: now,
			Attempts: attempts[j.e.GUID] + 1, Error: j.note}
		switch {
		case j.ok && stored[j.raw.ID]:
			rec.ArticleID, rec.Done = j.raw.ID, true
			rep.New++
			rep.Articles = append(rep.Articles, j.raw.ID)
		case j.ok:
			rec.Done = true
			rec.Error = rejected[j.raw.Input]
			if rec.Error == "" {
				rec.Error = "not stored"
			}
		default:
			rec.Error = storyline.ErrorMessage(j.err)
			rec.Done = !fetch.Temporary(j.err) || rec.Attempts >= w.opts.MaxAttempts
			if errors.Is(j.err, context.Canceled) && ctx.Err() != nil {
				// Cut by the interruption itself: not an attempt.
				rec.Attempts--
				rec.Done = false
			}
		}
		if rec.ArticleID == "" {
			in := j.e.URL
			if in == "" {
				in = feedURL + "#" + j.e.GUID
			}
			rep.Failed++
			rep.Errors = append(rep.Errors, storyline.InputError{Input: in, Error: rec.Error})
			if !rec.Done {
				rep.Pending++
			}
		}
		if err := w.store.PutEntry(bg, rec); err != nil {
			return handled, err
		}
	}
	return handled, nil
}

// fetchGrace is how long the page in hand may still take after an
// interruption.
const fetchGrace = 10 * time.Second
