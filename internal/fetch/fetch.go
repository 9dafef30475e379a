// Package fetch is storyline's polite, guarded HTTP client for feeds and
// article pages. Polite, because the watcher polls other people's servers
// forever: one request at a time per host with a delay between them,
// conditional GETs, backing off on 429 and 503 as the server asks, honouring
// robots.txt and saying who it is. Guarded, because the URLs come from feeds
// that anyone can write: only http and https, bounded bodies (after
// decompression), bounded redirects, timeouts, and no connections to
// loopback, private or link-local addresses (checked on the resolved address
// of every connection, so DNS tricks and redirects do not get around it).
package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/storyline/storyline"
)

// Kind says what the caller expects a URL to hold; responses of another
// content type are rejected with the reason.
type Kind int

// Kinds of documents.
const (
	Page Kind = iota // an HTML page
	Feed             // an RSS, Atom or JSON feed
	Any              // anything (robots.txt)
)

func (k Kind) String() string {
	switch k {
	case Page:
		return "an HTML page"
	case Feed:
		return "a feed"
	}
	return "a document"
}

// DefaultUserAgent names storyline and where to read about it, so that site
// owners know who is polling them.
const DefaultUserAgent = "storyline/0.1 (+https://github.com/storyline/storyline)"

// Options tune the client. DefaultOptions gives values fit for polling real
// sites; tests shorten the delays.
type Options struct {
	UserAgent     string        // sent with every request
	Timeout       time.Duration // one attempt, headers and body (default 30s)
	DialTimeout   time.Duration // TCP connect (default 10s)
	HostDelay     time.Duration // pause between two requests to one host (default 1s)
	MaxBody       int64         // bytes after decompression (default 10 MiB)
	MaxRedirects  int           // redirects followed per request (default 5)
	MaxRetries    int           // retries after a 429 or 503 (default 3)
	RetryBase     time.Duration // first backoff when no Retry-After is given (default 2s)
	MaxRetryAfter time.Duration // longest wait honoured before failing instead (default 2m)
	MaxCrawlDelay time.Duration // cap on a robots.txt Crawl-delay (default 30s)
	Robots        bool          // honour robots.txt (default true)
	RobotsTTL     time.Duration // how long a robots.txt is kept (default 1h)
	// Allow lists the addresses, ports and ranges the guard lets through
	// although they are loopback, private or otherwise refused (the
	// --allow-host flag; see Allow). Empty by default.
	Allow []Allow
}

// DefaultOptions returns the options storyline watch uses.
func DefaultOptions() Options {
	return Options{
		UserAgent:     DefaultUserAgent,
		Timeout:       30 * time.Second,
		DialTimeout:   10 * time.Second,
		HostDelay:     time.Second,
		MaxBody:       10 << 20,
		MaxRedirects:  5,
		MaxRetries:    3,
		RetryBase:     2 * time.Second,
		MaxRetryAfter: 2 * time.Minute,
		MaxCrawlDelay: 30 * time.Second,
		Robots:        true,
		RobotsTTL:     time.Hour,
	}
}

// Validators are the conditional-GET headers of a previous response.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is a fetched document.
type Response struct {
	URL          string // final URL, after redirects
	Status       int
	NotModified  bool   // 304: the document did not change since the validators
	ContentType  string // the Content-Type header as sent
	Body         []byte // decompressed, at most MaxBody bytes
	ETag         string
	LastModified string
}

// Client fetches documents politely. It is safe for concurrent use; requests
// to one host wait for each other.
type Client struct {
	opts Options
	hc   *http.Client

	mu     sync.Mutex
	hosts  map[string]*host   // by scheme://host:port
	robots map[string]*robots // by scheme://host:port
}

// host serialises the requests to one host and keeps the time the next one
// may start.
type host struct {
	gate    chan struct{}
	next    time.Time
	delay   time.Duration // HostDelay, or the robots.txt Crawl-delay when longer
	blocked time.Time     // the host asked for a longer pause than MaxRetryAfter
	reason  string        // why it is blocked
}

// New returns a client.
func New(opts Options) *Client {
	def := DefaultOptions()
	if opts.UserAgent == "" {
		opts.UserAgent = def.UserAgent
	}
	if opts.Timeout <= 0 {
		opts.Timeout = def.Timeout
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = def.DialTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = def.MaxBody
	}
	if opts.MaxRedirects < 0 {
		opts.MaxRedirects = 0
	}
	if opts.RetryBase <= 0 {
		opts.RetryBase = def.RetryBase
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = def.MaxRetryAfter
	}
	if opts.MaxCrawlDelay <= 0 {
		opts.MaxCrawlDelay = def.MaxCrawlDelay
	}
	if opts.RobotsTTL <= 0 {
		opts.RobotsTTL = def.RobotsTTL
	}
	g := &guard{allow: opts.Allow}
	dialer := &net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would hide the real destination from the guard
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   opts.DialTimeout,
		ResponseHeaderTimeout: opts.Timeout,
	}
	return &Client{
		opts: opts,
		hc: &http.Client{Transport: tr,
			// Redirects are followed by Get itself, so that every hop goes
			// through the scheme check, robots.txt and the host's gate.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		hosts:  map[string]*host{},
		robots: map[string]*robots{},
	}
}

// Options returns the client's options after defaults were applied.
func (c *Client) Options() Options { return c.opts }

// Get fetches a URL, following redirects, and checks that the response is
// what kind asks for. With validators, an unchanged document comes back as
// NotModified with no body. Errors are *storyline.Error with the URL as
// Input; Temporary tells whether trying again later may succeed.
func (c *Client) Get(ctx context.Context, rawURL string, kind Kind, v Validators) (*Response, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return nil, fail(rawURL, storyline.EINVALID, false, err.Error(), nil)
	}
	for hop := 0; ; hop++ {
		if c.opts.Robots && kind != Any {
			if err := c.allowed(ctx, u); err != nil {
				return nil, err
			}
		}
		resp, loc, err := c.attempt(ctx, u, kind, v)
		if err != nil {
			return nil, err
		}
		if loc == nil {
			return resp, nil
		}
		if hop >= c.opts.MaxRedirects {
			return nil, fail(rawURL, storyline.EINVALID, false,
				fmt.Sprintf("more than %d redirects (last to %s)", c.opts.MaxRedirects, loc), nil)
		}
		if u, err = checkURL(loc.String()); err != nil {
			return nil, fail(rawURL, storyline.EINVALID, false, "redirect: "+err.Error(), nil)
		}
	}
}

// checkURL accepts absolute http and https URLs only.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme %q refused: only http and https", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("URL has no host")
	}
	if u.User != nil {
		return nil, errors.New("URL with credentials refused")
	}
	// A numeric host in any notation ("127.1", "2130706433", "0x7f.1")
	// is the address it stands for, never a name to look up: written out,
	// it goes to the guard as that address.
	if a, ok := parseIP(u.Hostname()); ok {
		h := a.String()
		if a.Is6() {
			h = "[" + h + "]"
		}
		if p := u.Port(); p != "" {
			h += ":" + p
		}
		u.Host = h
	}
	u.Fragment = ""
	return u, nil
}

// attempt does one hop, retrying it on 429 and 503. It returns either a
// response or the location of a redirect.
func (c *Client) attempt(ctx context.Context, u *url.URL, kind Kind, v Validators) (*Response, *url.URL, error) {
	for try := 0; ; try++ {
		resp, loc, retry, err := c.once(ctx, u, kind, v, try)
		if err == nil || !retry || try >= c.opts.MaxRetries {
			return resp, loc, err
		}
	}
}

func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

func (c *Client) host(u *url.URL) *host {
	k := hostKey(u)
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[k]
	if h == nil {
		h = &host{gate: make(chan struct{}, 1), delay: c.opts.HostDelay}
		c.hosts[k] = h
	}
	return h
}

// acquire waits for the host's turn; release must follow.
func (c *Client) acquire(ctx context.Context, h *host) error {
	select {
	case h.gate <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if d := time.Until(h.next); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-h.gate
			return ctx.Err()
		}
	}
	return nil
}

func (c *Client) release(h *host) {
	if t := time.Now().Add(h.delay); t.After(h.next) {
		h.next = t
	}
	<-h.gate
}

// once does one request; try counts the retries before it. retry reports
// a 429 or 503 after which the host's next request was put off as the
// server asked (Retry-After) or by exponential backoff. A host that asks for
// a longer pause than MaxRetryAfter is not waited for: its requests fail at
// once until the pause is over, so that one host cannot stall a watcher.
func (c *Client) once(ctx context.Context, u *url.URL, kind Kind, v Validators, try int) (_ *Response, loc *url.URL, retry bool, _ error) {
	in := u.String()
	h := c.host(u)
	if err := c.acquire(ctx, h); err != nil {
		return nil, nil, false, fail(in, storyline.EINTERNAL, true, "cancelled", err)
	}
	defer c.release(h)
	if time.Now().Before(h.blocked) {
		return nil, nil, false, fail(in, storyline.EINVALID, true,
			fmt.Sprintf("%s; host paused until %s", h.reason, h.blocked.UTC().Format(time.RFC3339)), nil)
	}

	actx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, in, nil)
	if err != nil {
		return nil, nil, false, fail(in, storyline.EINVALID, false, "bad request", err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", accept(kind))
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, false, c.netError(ctx, in, err)
	}
	defer resp.Body.Close()

	switch st := resp.StatusCode; {
	case st == http.StatusNotModified:
		return &Response{URL: in, Status: st, NotModified: true, ContentType: resp.Header.Get("Content-Type"),
			ETag: or(resp.Header.Get("ETag"), v.ETag), LastModified: or(resp.Header.Get("Last-Modified"), v.LastModified)}, nil, false, nil
	case st >= 300 && st < 400 && resp.Header.Get("Location") != "":
		l, err := u.Parse(resp.Header.Get("Location"))
		if err != nil {
			return nil, nil, false, fail(in, storyline.EINVALID, false, "bad redirect location", err)
		}
		return nil, l, false, nil
	case st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable:
		now := time.Now()
		wait := retryAfter(resp.Header.Get("Retry-After"), now)
		if wait == 0 {
			wait = c.opts.RetryBase << min(try, 16)
		}
		err := statusFail(in, resp)
		if wait > c.opts.MaxRetryAfter {
			h.blocked, h.reason = now.Add(wait), "HTTP "+resp.Status
			return nil, nil, false, fail(in, storyline.EINVALID, true,
				fmt.Sprintf("%s; server asks to wait %s", storyline.ErrorMessage(err), wait.Round(time.Second)), nil)
		}
		if t := now.Add(wait); t.After(h.next) {
			h.next = t
		}
		return nil, nil, true, err
	case st < 200 || st > 299:
		return nil, nil, false, statusFail(in, resp)
	}

	ct := resp.Header.Get("Content-Type")
	if why := rejectType(kind, ct); why != "" {
		return nil, nil, false, fail(in, storyline.EINVALID, false, why, nil)
	}
	var body io.Reader = resp.Body
	if !resp.Uncompressed && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		// Sent compressed although the transport did not ask: decompress
		// here, still bounded below.
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, nil, false, fail(in, storyline.EINVALID, false, "bad gzip body", err)
		}
		body = zr
	}
	data, err := io.ReadAll(io.LimitReader(body, c.opts.MaxBody+1))
	if err != nil {
		return nil, nil, false, c.netError(ctx, in, err)
	}
	if int64(len(data)) > c.opts.MaxBody {
		return nil, nil, false, fail(in, storyline.ETOOLARGE, false, fmt.Sprintf("body larger than %d bytes", c.opts.MaxBody), nil)
	}
	if ct == "" && kind != Any {
		// No declared type: judge by the bytes.
		if why := rejectType(kind, http.DetectContentType(data)); why != "" && kind == Page {
			return nil, nil, false, fail(in, storyline.EINVALID, false, why, nil)
		}
	}
	return &Response{URL: in, Status: resp.StatusCode, ContentType: ct, Body: data,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, nil, false, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// netError turns a transport error into a storyline error with a reason a
// person understands.
func (c *Client) netError(ctx context.Context, in string, err error) error {
	var b *BlockedError
	switch {
	case errors.As(err, &b):
		return fail(in, storyline.EINVALID, false, "", b)
	case ctx.Err() != nil:
		return fail(in, storyline.EINTERNAL, true, "cancelled", ctx.Err())
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fail(in, storyline.EINVALID, true, fmt.Sprintf("timed out after %s", c.opts.Timeout), nil)
	}
	return fail(in, storyline.EINVALID, true, "", err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. 0 means
// absent or unreadable (use the backoff).
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 1<<30)) * time.Second // capped: no overflow
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return time.Millisecond
	}
	return 0
}

func accept(k Kind) string {
	switch k {
	case Page:
		return "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
	case Feed:
		return "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.1"
	}
	return "*/*"
}

// rejectType returns why a content type does not fit kind, "" when it does
// or when none was declared.
func rejectType(k Kind, ct string) string {
	if k == Any || strings.TrimSpace(ct) == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	ok := false
	switch k {
	case Page:
		ok = mt == "text/html" || mt == "application/xhtml+xml"
	case Feed:
		ok = mt == "text/xml" || mt == "application/xml" || mt == "application/json" || mt == "text/plain" ||
			strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "+json") ||
			mt == "application/octet-stream" // some servers send feeds untyped
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("content type %s is not %s", mt, k)
}

// fetchError carries, around the *storyline.Error, whether the failure may go
// away when tried again later.
type fetchError struct {
	temporary bool
	status    int // HTTP status when the server answered with an error
	err       *storyline.Error
}

func (e *fetchError) Error() string { return e.err.Error() }
func (e *fetchError) Unwrap() error { return e.err }

func fail(in, code string, temporary bool, msg string, err error) error {
	return &fetchError{temporary: temporary,
		err: &storyline.Error{Code: code, Op: "fetch", Input: in, Msg: msg, Err: err}}
}

func statusFail(in string, resp *http.Response) error {
	st := resp.StatusCode
	temp := st >= 500 || st == http.StatusTooManyRequests || st == http.StatusRequestTimeout
	return &fetchError{temporary: temp, status: st,
		err: &storyline.Error{Code: storyline.EINVALID, Op: "fetch", Input: in, Msg: "HTTP " + resp.Status}}
}

// Status returns the HTTP status of a Get error when the server answered
// with one (404, 500, ...), else 0.
func Status(err error) int {
	var fe *fetchError
	if errors.As(err, &fe) {
		return fe.status
	}
	return 0
}

// Temporary reports whether a Get error may go away when tried again later
// (timeouts, 5xx, 429, network errors, cancellation) rather than being a
// property of the document (404, wrong content type, too large, refused).
func Temporary(err error) bool {
	var fe *fetchError
	return errors.As(err, &fe) && fe.temporary
}
