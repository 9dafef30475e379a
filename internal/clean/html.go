package clean

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"github.com/storyline/storyline"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// cleanHTML extracts the main text of a page with go-readability and fills
// the metadata the page gives (see pageMeta) or readability finds. The
// text is taken from the content node block by block, so that paragraphs
// stay apart, then the line classifier runs over it in light mode. A
// panic in the extractor becomes an error for this article.
//
// go-trafilatura did this before, one point of extraction F1 better on
// aeb-dev (0.967 against 0.962), but it links go-htmldate and so
// go-dateparser, whose language tables cost every command 0.3 s and
// 55 MB at start-up; keeping them out took a replace directive, which
// made `go install …@version` impossible.
func cleanHTML(raw storyline.RawArticle, a *storyline.Article, opts Options) (m meta, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("html extraction failed: %v", r)
		}
	}()
	page := raw.HTML
	if !utf8.ValidString(page) {
		page = strings.ToValidUTF8(page, "\uFFFD")
	}
	if !norm.NFC.IsNormalString(page) {
		page = norm.NFC.String(page)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return m, fmt.Errorf("no article text found in the page: %w", err)
	}
	pm := pageMeta(doc)
	var pageURL *url.URL
	if a.URL != "" {
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
			pageURL = u
		}
	}
	if pageURL == nil && pm.url != "" {
		pageURL, _ = url.Parse(pm.url)
	}
	res, err := readability.FromDocument(doc, pageURL)
	if err != nil || res.Node == nil {
		return m, fmt.Errorf("no article text found in the page: %v", err)
	}
	var b strings.Builder
	blockText(&b, res.Node)
	m = cleanText(b.String(), a.Title, opts, a.Source, true)
	if m.changed {
		m.text = settle(m.text, opts, a.Source, true)
	}
	m.title = oneLine(res.Title)
	if pm.title != "" {
		m.title = oneLine(pm.title)
	}
	if t := dropSectionAbove(m.text, m.title); t != m.text {
		m.text = t
	}
	switch {
	case !pm.published.IsZero():
		m.published = pm.published
	case res.PublishedTime != nil:
		m.published = res.PublishedTime.UTC()
	}
	if a.URL == "" && pm.url != "" {
		a.URL = pm.url
	}
	if m.source == "" { // the page's own name for its outlet (og:site_name, publisher)
		m.source = strings.TrimSpace(res.SiteName)
	}
	if m.source == "" {
		m.source = hostOf(pm.url)
	}
	if l := strings.ToLower(res.Language); len(l) >= 2 && (len(l) == 2 || l[2] == '-' || l[2] == '_') {
		m.lang = l[:2]
	}
	return m, nil
}

// blockTags separate paragraphs.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "dl": true, "dt": true, "dd": true,
	"figure": true, "figcaption": true, "hr": true, "main": true, "aside": true, "details": true,
	"summary": true, "address": true, "center": true, "code": false,
}

// blockText writes the text of a content tree, one block per paragraph
// separated by blank lines, line breaks kept as single newlines.
func blockText(b *strings.Builder, n *html.Node) {
	if n == nil {
		return
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "br":
				b.WriteString("\n")
				return
			case "td", "th":
				b.WriteString(" ")
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			b.WriteString("\n\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n\n")
		}
	}
	walk(n)
}
