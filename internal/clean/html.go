package clean

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	dateparser "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"github.com/storyline/storyline"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// go-htmldate hands the date strings its own formats miss to go-dateparser,
// which go.mod replaces with a stand-in (compat/dateparser) that asks the
// cleaner's date parser.
func init() { dateparser.Register(parsePublished) }

// cleanHTML extracts the main text of a page with go-trafilatura and fills
// the metadata it finds (title, date with time, site name, URL). The text is
// taken from ContentNode block by block, so that paragraphs stay apart
// (ContentText runs them together), then the line classifier runs over it
// in light mode. go-trafilatura can panic on odd pages: a panic becomes an
// error for this article.
func cleanHTML(raw storyline.RawArticle, a *storyline.Article, opts Options) (m meta, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("html extraction failed: %v", r)
		}
	}()
	topts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		// DeferUrlExtractor: a date in the URL has no time of day;
		// look at the page's metadata first.
		HtmlDateOptions: &htmldate.Options{ExtractTime: true, UseOriginalDate: true, DeferUrlExtractor: true},
	}
	if a.URL != "" {
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
			topts.OriginalURL = u
		}
	}
	res, err := extract(raw.HTML, topts)
	if err != nil {
		return m, fmt.Errorf("no article text found in the page: %w", err)
	}
	var b strings.Builder
	blockText(&b, res.ContentNode)
	m = cleanText(b.String(), a.Title, opts, a.Source, true)
	if m.changed {
		m.text = settle(m.text, opts, a.Source, true)
	}
	md := res.Metadata
	m.title = oneLine(md.Title)
	if t := dropSectionAbove(m.text, m.title); t != m.text {
		m.text = t
	}
	if !md.Date.IsZero() {
		m.published = md.Date.UTC()
	}
	if a.URL == "" && md.URL != "" {
		a.URL = md.URL
	}
	if m.source == "" {
		m.source = hostOf(md.URL)
	}
	if m.source == "" {
		m.source = strings.TrimSpace(md.Sitename)
	}
	if m.source == "" {
		m.source = strings.TrimPrefix(strings.ToLower(md.Hostname), "www.")
	}
	if len(md.Language) == 2 {
		m.lang = strings.ToLower(md.Language)
	}
	return m, nil
}

// extract runs go-trafilatura. Its Extract re-detects the charset of every
// page with chardet, which costs about a seventh of the cleaning time, though
// ingest hands over UTF-8 already: valid UTF-8 is parsed as is (after the
// NFC normalisation Extract's parser would also do), anything else goes the
// slow way.
func extract(page string, topts trafilatura.Options) (*trafilatura.ExtractResult, error) {
	if !utf8.ValidString(page) {
		return trafilatura.Extract(strings.NewReader(page), topts)
	}
	if !norm.NFC.IsNormalString(page) {
		page = norm.NFC.String(page)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	return trafilatura.ExtractDocument(doc, topts)
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
