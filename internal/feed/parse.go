// Package feed reads RSS 2.0, Atom and JSON feeds (gofeed) into storyline's
// raw articles and runs the polls of `storyline watch`: conditional GET of
// the feed, entries already seen skipped, the linked page fetched when an
// entry carries no full body, ingestion, and the state kept in a
// storyline.FeedStore so that an interrupted poll resumes without losing or
// duplicating anything.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/zeebo/xxh3"
	xhtml "golang.org/x/net/html"

	"github.com/storyline/storyline"
)

// Parsed is a feed document reduced to what storyline uses.
type Parsed struct {
	Title   string
	Link    string // the site, absolute
	Lang    string // ISO 639-1 from the feed's language, "" when none
	Type    string // "rss", "atom" or "json"
	Entries []Entry
}

// Entry is one item of a feed.
type Entry struct {
	GUID      string // the entry's id; its URL, or a hash of its content, when it has none
	URL       string // the article page, absolute; "" when none
	Title     string // plain text
	Body      string // HTML: the full content when given, else the summary
	Words     int    // words in Body's text: tells a full article from a teaser
	Published string // RFC 3339 when the feed's date parsed, else as written, "" when none
	Author    string
}

// Parse reads a feed document. base is the URL it was fetched from: relative
// links are resolved against it (after the feed's own xml:base, which gofeed
// applies). Parse recovers from panics of the parser and, for XML that does
// not parse, retries once after repairing the usual breakage (bare '&',
// HTML entities, control characters).
func Parse(data []byte, base string) (p *Parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	baseURL, _ := url.Parse(base)
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil && !errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		fixed := repairXML(data)
		if f2, err2 := gofeed.NewParser().Parse(bytes.NewReader(fixed)); err2 == nil {
			f, err = f2, nil
		} else if cut := truncated(fixed); cut != nil {
			if f2, err2 := gofeed.NewParser().Parse(bytes.NewReader(cut)); err2 == nil {
				f, err = f2, nil
			}
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, errors.New("not an RSS, Atom or JSON feed")
		}
		return nil, fmt.Errorf("broken feed: %w", err)
	}
	p = &Parsed{Title: plain(f.Title), Lang: langCode(f.Language), Type: f.FeedType}
	if f.Link != "" {
		p.Link = resolve(baseURL, f.Link)
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		e := Entry{Title: plain(it.Title)}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link != "" {
			e.URL = resolve(baseURL, link)
		}
		e.Body = strings.TrimSpace(it.Content)
		if e.Body == "" {
			e.Body = strings.TrimSpace(it.Description)
		}
		e.Words = words(e.Body)
		switch {
		case it.PublishedParsed != nil:
			e.Published = it.PublishedParsed.UTC().Format(time.RFC3339)
		case it.Published != "":
			e.Published = strings.TrimSpace(it.Published)
		case it.UpdatedParsed != nil:
			e.Published = it.UpdatedParsed.UTC().Format(time.RFC3339)
		default:
			e.Published = strings.TrimSpace(it.Updated)
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			e.Author = plain(it.Authors[0].Name)
		}
		e.GUID = strings.TrimSpace(it.GUID)
		if e.GUID == "" {
			e.GUID = e.URL
		}
		if e.GUID == "" {
			e.GUID = fmt.Sprintf("hash:%016x", xxh3.HashString(e.Title+"\x00"+e.Body))
		}
		if e.URL == "" && e.Body == "" && e.Title == "" {
			continue
		}
		if seen[e.GUID] {
			continue // a feed listing an entry twice
		}
		seen[e.GUID] = true
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}

// resolve makes a link absolute against the feed's URL; links that are not
// http(s) after resolution are dropped.
func resolve(base *url.URL, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// langCode turns "en-US" or "pt_BR" into "en", "pt".
func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' {
		return ""
	}
	return s
}

// plain turns a feed's title (which may hold escaped markup or entities
// escaped twice) into plain text.
func plain(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = html.UnescapeString(textOf(s))
	}
	return strings.Join(strings.Fields(s), " ")
}

// textOf returns the text of an HTML fragment without its tags, scripts and
// styles.
func textOf(h string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(h))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
			b.WriteByte(' ')
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case xhtml.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

func words(h string) int {
	if h == "" {
		return 0
	}
	return len(strings.Fields(textOf(h)))
}

var (
	xmlEntity  = map[string]bool{"amp": true, "lt": true, "gt": true, "quot": true, "apos": true}
	ctlChars   = regexp.MustCompile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
	cdataBlock = regexp.MustCompile(`(?s)<!\[CDATA\[.*?\]\]>`)
	entityRef  = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{0,31});`)
)

// repairXML fixes what breaks most hand-made feeds: '&' not starting an
// entity, HTML entities XML does not know (&nbsp;), and control characters.
// CDATA sections are left as they are.
func repairXML(data []byte) []byte {
	fix := func(b []byte) []byte {
		b = ctlChars.ReplaceAll(b, nil)
		out := make([]byte, 0, len(b)+64)
		for i := 0; i < len(b); i++ {
			if b[i] != '&' {
				out = append(out, b[i])
				continue
			}
			m := entityRef.Find(b[i:])
			switch {
			case m == nil:
				out = append(out, "&amp;"...)
				continue
			case m[1] == '#' || xmlEntity[string(m[1:len(m)-1])]:
				out = append(out, m...)
			default:
				if r := html.UnescapeString(string(m)); r != string(m) {
					out = fmt.Appendf(out, "&#%d;", []rune(r)[0])
				} else {
					out = append(out, "&amp;"...)
					out = append(out, m[1:]...)
				}
			}
			i += len(m) - 1
		}
		return out
	}
	var out []byte
	last := 0
	for _, loc := range cdataBlock.FindAllIndex(data, -1) {
		out = append(out, fix(data[last:loc[0]])...)
		out = append(out, data[loc[0]:loc[1]]...)
		last = loc[1]
	}
	return append(out, fix(data[last:])...)
}

// truncated salvages a feed cut short (an interrupted download, a
// generator that died): everything up to the last complete item or entry,
// closed. nil when there is no complete entry.
func truncated(data []byte) []byte {
	for _, c := range []struct{ end, close string }{
		{"</item>", "</channel></rss>"}, {"</entry>", "</feed>"},
	} {
		if i := bytes.LastIndex(data, []byte(c.end)); i >= 0 {
			out := append([]byte{}, data[:i+len(c.end)]...)
			if bytes.Contains(data[:i], []byte("<rdf:RDF")) {
				return append(out, "</rdf:RDF>"...)
			}
			return append(out, c.close...)
		}
	}
	return nil
}

// URLID is the article id storyline gives a page fetched from a URL: a hash
// of the URL without its fragment and tracking parameters, so that fetching
// the page again (after an interrupted poll, or a second feed linking it)
// stores nothing new even when the page's bytes changed meanwhile.
func URLID(rawURL string) string {
	return fmt.Sprintf("u%015x", xxh3.HashString(CanonicalURL(rawURL))>>4)
}

// CanonicalURL lower-cases scheme and host and drops the fragment and utm_*
// tracking parameters.
func CanonicalURL(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return strings.TrimSpace(rawURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	u.RawFragment = ""
	if u.RawQuery != "" {
		q := u.Query()
		drop := false
		for k := range q {
			if strings.HasPrefix(strings.ToLower(k), "utm_") {
				q.Del(k)
				drop = true
			}
		}
		if drop {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

// Source names the outlet of a URL by its host, without "www." (with the
// port when there is one: two servers on one address are two outlets).
func Source(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
}

// EntryArticle is the raw article of an entry whose body is used as is.
func EntryArticle(p *Parsed, feedURL string, e Entry) storyline.RawArticle {
	in := e.URL
	if in == "" {
		in = feedURL + "#" + e.GUID
	}
	src := Source(e.URL)
	if src == "" {
		src = Source(feedURL)
	}
	body := "<html><head><title>" + html.EscapeString(e.Title) + "</title></head><body><article>" +
		e.Body + "</article></body></html>"
	return storyline.RawArticle{ID: URLID(in), Input: in, Format: storyline.FormatHTML, Title: e.Title,
		HTML: body, Source: src, URL: e.URL, Published: e.Published, Lang: p.Lang, Raw: []byte(e.Body)}
}
