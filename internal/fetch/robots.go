package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline/storyline"
)

// robots is the part of a host's robots.txt that applies to storyline.
type robots struct {
	ready   chan struct{} // closed once loaded
	expires time.Time
	rules   []rule
	denyAll string // reason when the whole host is off limits
	err     error  // the host cannot be reached at all (refused by the guard)
}

type rule struct {
	allow   bool
	pattern string
}

// agentToken is the product token matched against User-agent lines.
const agentToken = "storyline"

// allowed checks robots.txt for u, fetching it once per host per RobotsTTL.
// RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one
// (5xx, network error) disallows everything for a while.
func (c *Client) allowed(ctx context.Context, u *url.URL) error {
	k := hostKey(u)
	c.mu.Lock()
	r := c.robots[k]
	if r != nil {
		select {
		case <-r.ready:
			if time.Now().After(r.expires) {
				r = nil
			}
		default:
		}
	}
	owner := r == nil
	if owner {
		r = &robots{ready: make(chan struct{})}
		c.robots[k] = r
	}
	c.mu.Unlock()
	if owner {
		c.loadRobots(ctx, u, r)
		if r.err != nil && ctx.Err() != nil {
			// Cancelled: do not remember anything.
			c.mu.Lock()
			delete(c.robots, k)
			c.mu.Unlock()
		}
		close(r.ready)
	} else {
		select {
		case <-r.ready:
		case <-ctx.Done():
			return fail(u.String(), storyline.EINTERNAL, true, "cancelled", ctx.Err())
		}
	}
	if r.err != nil {
		return r.err
	}
	if r.denyAll != "" {
		return fail(u.String(), storyline.EINVALID, true, r.denyAll, nil)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !allowPath(r.rules, path) {
		return fail(u.String(), storyline.EINVALID, false, "disallowed by robots.txt", nil)
	}
	return nil
}

func (c *Client) loadRobots(ctx context.Context, u *url.URL, r *robots) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := c.Get(ctx, ru.String(), Any, Validators{})
	r.expires = time.Now().Add(c.opts.RobotsTTL)
	switch st := Status(err); {
	case err == nil:
		var delay time.Duration
		r.rules, delay = parseRobots(resp.Body, agentToken)
		if delay > 0 {
			delay = min(delay, c.opts.MaxCrawlDelay)
			h := c.host(u)
			h.gate <- struct{}{}
			h.delay = max(c.opts.HostDelay, delay)
			<-h.gate
		}
	case st >= 400 && st < 500 && st != 429:
		// No robots.txt: everything is allowed.
	case ctx.Err() != nil:
		r.err = err
	case Temporary(err):
		r.denyAll = "robots.txt unreachable (" + storyline.ErrorMessage(err) + "); host skipped for now"
		r.expires = time.Now().Add(min(c.opts.RobotsTTL, time.Minute))
	default:
		var b *BlockedError
		if errors.As(err, &b) {
			r.err = fail(u.String(), storyline.EINVALID, false, "", b)
			return
		}
		// Too large, bad redirect...: treat as no usable robots.txt.
	}
}

// parseRobots returns the rules of the groups for agent (or of the "*"
// groups when none names it) and their Crawl-delay.
func parseRobots(data []byte, agent string) ([]rule, time.Duration) {
	type group struct {
		agents []string
		rules  []rule
		delay  time.Duration
	}
	var groups []*group
	var g *group
	inAgents := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || g == nil {
				g = &group{}
				groups = append(groups, g)
			}
			g.agents = append(g.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if g == nil || val == "" {
				continue
			}
			g.rules = append(g.rules, rule{allow: key == "allow", pattern: val})
		case "crawl-delay":
			inAgents = false
			if g == nil {
				continue
			}
			if f, err := strconv.ParseFloat(val, 64); err == nil && f > 0 && f < 86400 {
				g.delay = time.Duration(f * float64(time.Second))
			}
		default:
			// Sitemap and unknown lines neither start nor end a group.
		}
	}
	pick := func(match func(string) bool) ([]rule, time.Duration, bool) {
		var rules []rule
		var delay time.Duration
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					found = true
					rules = append(rules, g.rules...)
					delay = max(delay, g.delay)
					break
				}
			}
		}
		return rules, delay, found
	}
	agent = strings.ToLower(agent)
	if rules, delay, ok := pick(func(a string) bool { return a != "*" && a != "" && strings.Contains(agent, a) }); ok {
		return rules, delay
	}
	rules, delay, _ := pick(func(a string) bool { return a == "*" })
	return rules, delay
}

// allowPath applies the longest matching rule; Allow wins a tie; no match
// allows.
func allowPath(rules []rule, path string) bool {
	best, allow := -1, true
	for _, r := range rules {
		if n := len(r.pattern); n >= best && matchPattern(r.pattern, path) {
			if n > best || r.allow {
				allow = r.allow
			}
			best = n
		}
	}
	return allow
}

// matchPattern matches a robots.txt path pattern: a prefix, with '*' for any
// run of characters and a final '$' anchoring the end.
func matchPattern(pat, path string) bool {
	anchored := strings.HasSuffix(pat, "$")
	if anchored {
		pat = pat[:len(pat)-1]
	}
	parts := strings.Split(pat, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i := 1; i < len(parts); i++ {
		p := parts[i]
		if i == len(parts)-1 && anchored {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == ""
}
