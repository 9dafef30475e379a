package clean

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// pageInfo is what a page says of itself in its head: the headline, the
// canonical URL and the publication time.
type pageInfo struct {
	title, url string
	published  time.Time
}

// Meta names and properties that carry a publication time, in order of
// trust: the article's own field before generic dates.
var publishedMeta = []string{"article:published_time", "article:published", "og:published_time", "datepublished", "pubdate",
	"publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"}

// pageMeta reads the page's own metadata: og:title, the canonical or
// og:url, and the publication time from meta tags, JSON-LD
// (datePublished) or the first <time datetime> of the page.
func pageMeta(doc *html.Node) pageInfo {
	var info pageInfo
	metas := map[string]string{}
	var order []string // meta keys in page order
	var ld []string
	var timeAttr string
	var lines []string // the short texts among the page's first maxDateTexts
	texts := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				v := strings.TrimSpace(attr(n, "content"))
				if v == "" {
					break
				}
				keys := append([]string{attr(n, "property"), attr(n, "name")}, strings.Fields(attr(n, "itemprop"))...)
				for _, key := range keys {
					if key = strings.ToLower(key); key == "" {
						continue
					}
					if _, seen := metas[key]; !seen {
						metas[key] = v
						order = append(order, key)
					}
				}
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && info.url == "" {
					info.url = strings.TrimSpace(attr(n, "href"))
				}
			case "script":
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					ld = append(ld, n.FirstChild.Data)
				}
				return // no text of a page
			case "time":
				if timeAttr == "" {
					timeAttr = strings.TrimSpace(attr(n, "datetime"))
				}
			case "style", "noscript":
				return
			}
		}
		if t := strings.TrimSpace(n.Data); n.Type == html.TextNode && texts < maxDateTexts && t != "" {
			texts++
			if len(t) <= maxDateLine {
				lines = append(lines, t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	info.title = metas["og:title"]
	if info.url == "" {
		info.url = metas["og:url"]
	}
	for _, k := range publishedMeta {
		if t := pageDate(metas[k]); !t.IsZero() {
			info.published = t
			return info
		}
	}
	// Site-specific names ("sn-post-date", "article.published").
	for _, k := range order {
		if publishedKey.MatchString(k) && !modifiedKey.MatchString(k) {
			if t := pageDate(metas[k]); !t.IsZero() {
				info.published = t
				return info
			}
		}
	}
	for _, s := range ld {
		if t := pageDate(ldDate(s)); !t.IsZero() {
			info.published = t
			return info
		}
	}
	if info.published = pageDate(timeAttr); !info.published.IsZero() {
		return info
	}
	if info.published = urlDate(info.url); !info.published.IsZero() {
		return info
	}
	// Read only when no metadata gave the date.
	for _, l := range lines {
		if info.published = dateLine(l); !info.published.IsZero() {
			break
		}
	}
	return info
}

// A page that gives its date in no metadata shows it as a line of its own
// near the top ("October 12, 2017", "publiziert am 25. September 2018"):
// the first of the first maxDateTexts texts that holds a date and
// little else (at most maxDateLine bytes, the date a third of them).
const (
	maxDateTexts = 600
	maxDateLine  = 80
)

// dateLine is the date a short text node is about, or zero.
func dateLine(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateLine {
		return time.Time{}
	}
	t, start, end := findDate(s)
	if t.Year() < minPublishedYear || 3*(end-start) < len(s) {
		return time.Time{}
	}
	return t
}

var (
	publishedKey = regexp.MustCompile(`publish|pubdate|post.?date|date.?created|created|issued`)
	modifiedKey  = regexp.MustCompile(`modif|updat|expir|revis`)
	// urlDateRe: a date in a URL path, /2019/11/19/ or /2019-11-19/.
	urlDateRe = regexp.MustCompile(`/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)`)
)

// urlDate is the day a URL's path names (midnight UTC), or zero.
func urlDate(u string) time.Time {
	m := urlDateRe.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
	if err != nil {
		return time.Time{}
	}
	return t
}

// ldDate finds the first datePublished in a JSON-LD block (an object, an
// array of them, or a @graph).
func ldDate(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return ""
	}
	var find func(v any) string
	find = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok {
				return d
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if d := find(x[k]); d != "" {
					return d
				}
			}
		case []any:
			for _, e := range x {
				if d := find(e); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return find(v)
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			return a.Val
		}
	}
	return ""
}

// pageDate reads a date a page gives, zero when it is none or before
// minPublishedYear (a "0000-01-01" placeholder).
func pageDate(s string) time.Time {
	t := parsePublished(s)
	if t.Year() < minPublishedYear {
		return time.Time{}
	}
	return t
}
