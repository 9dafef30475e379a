package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/storyline/storyline"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageSet holds one parsed template per page, each the layout plus the page.
type pageSet struct {
	byName map[string]*template.Template
}

var pageNames = []string{"index", "story", "article", "search", "error"}

// loadPages parses the embedded templates. They are part of the binary, so a
// parse error is a programming error and panics at start-up (and in tests).
func loadPages() *pageSet {
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t := template.New("base.html").Funcs(funcs)
		t = template.Must(t.ParseFS(templateFS, "templates/base.html", "templates/"+name+".html"))
		ps.byName[name] = t
	}
	return ps
}

var funcs = template.FuncMap{
	"date":     fmtDate,
	"datetime": fmtDateTime,
	"span":     fmtSpan,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"cite":      citeHref,
	"article":   articleHref,
	"story":     storyHref,
	"css":       func() string { return "/static/style.css?v=" + staticVersion("style.css") },
	"figure":    fmtFigure,
	"join":      strings.Join,
	"firstcite": firstCite,
	"add":       func(a, b int) int { return a + b },
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// fmtSpan writes a story's time span compactly: "28 Jan 2022" when it fits
// in one day, "27–28 Jan 2022" or "30 Dec 2021 – 2 Jan 2022" otherwise.
func fmtSpan(first, last time.Time) string {
	switch {
	case first.IsZero() && last.IsZero():
		return "undated"
	case first.IsZero():
		return fmtDate(last)
	case last.IsZero():
		return fmtDate(first)
	}
	first, last = first.UTC(), last.UTC()
	switch {
	case first.Format("2006-01-02") == last.Format("2006-01-02"):
		return fmtDate(first)
	case first.Year() == last.Year() && first.Month() == last.Month():
		return fmt.Sprintf("%d–%s", first.Day(), fmtDate(last))
	case first.Year() == last.Year():
		return first.Format("2 Jan") + " – " + fmtDate(last)
	}
	return fmtDate(first) + " – " + fmtDate(last)
}

func fmtFigure(f storyline.Figure) string {
	if f.Text != "" {
		return f.Text
	}
	return strings.TrimSpace(strconv.FormatFloat(f.Value, 'f', -1, 64) + " " + f.Unit)
}

func articleHref(id string) string { return "/articles/" + url.PathEscape(id) }
func storyHref(id string) string   { return "/stories/" + url.PathEscape(id) }

// citeHref links to the cited bytes inside the article page, where they are
// highlighted and scrolled to.
func citeHref(c storyline.Citation) string {
	return articleHref(c.Article) + "?s=" + strconv.Itoa(c.Start) + "&e=" + strconv.Itoa(c.End) + "#cite"
}

func firstCite(cs []storyline.Citation) *storyline.Citation {
	if len(cs) == 0 {
		return nil
	}
	return &cs[0]
}

// layout is what the base template needs besides the page's own data.
type layout struct {
	Title string
	Query string
	Page  any
}

// bufPool keeps page buffers between requests: a story page is tens of
// kilobytes, and growing a fresh buffer for each was a visible cost.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuf is the largest buffer put back (an article page with a huge
// original input should not stay in memory).
const maxPooledBuf = 1 << 20

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, st int, name, title string, page any) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuf {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	q := ""
	if name == "search" || name == "index" {
		q = r.URL.Query().Get("q")
	}
	if err := s.pages.byName[name].ExecuteTemplate(buf, "base.html", layout{Title: title, Query: q, Page: page}); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(st)
	w.Write(buf.Bytes())
}

type errorPage struct {
	Status  int
	Message string
}

func (s *server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	_, st, msg := s.publicError(r, err)
	s.render(w, r, st, "error", http.StatusText(st), errorPage{Status: st, Message: msg})
}

// indexPage is the story list.
type indexPage struct {
	Stories  []storySummary
	Total    int
	Filter   storyline.StoryFilter
	Page     int
	PrevHref string
	NextHref string
}

func (s *server) pageIndex(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := storyFilter(q)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page, err := intParam(q, "page", 1, 1, 1<<20)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f.Offset = (page-1)*f.Limit + f.Offset
	stories, total, err := s.listStories(r.Context(), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := indexPage{Total: total, Filter: f, Page: page}
	for _, st := range stories {
		p.Stories = append(p.Stories, summarize(st))
	}
	pageLink := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "source", "lang", "since", "until", "limit"} {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/?" + v.Encode()
	}
	if page > 1 {
		p.PrevHref = pageLink(page - 1)
	}
	if f.Offset+len(stories) < total {
		p.NextHref = pageLink(page + 1)
	}
	s.render(w, r, http.StatusOK, "index", "Stories", p)
}

// storyPage is everything the story template shows, resolved in Go so the
// template stays declarative.
//
// Long lists show their first items and fold the rest into a <details>
// element (the *More fields), which needs no script.
type storyPage struct {
	Story        *storyline.Story
	Brief        storyline.Brief
	Outlets      int
	Entities     []storyline.Entity
	EntitiesMore []storyline.Entity
	Articles     []articleItem
	Summary      []summaryItem
	Notes        []footnote
	Claims       []claimItem // corroborated by two or more outlets
	ClaimsMore   []claimItem
	Singles      []claimItem // single-source claims, set apart
	SinglesMore  []claimItem
	Quotes       []quoteItem // statements with variants from several articles
	QuotesMore   []quoteItem // statements found once
	Figures      []figureItem
	FiguresMore  []figureItem
	Timeline     []timelineItem
	TimelineMore []timelineItem
	Coverage     []coverageItem
	Related      []relatedItem

	// The lists above pre-rendered (fragments.go).
	SummaryHTML, NotesHTML, ArticlesHTML template.HTML
	ClaimsHTML, ClaimsMoreHTML           template.HTML
	SinglesHTML, SinglesMoreHTML         template.HTML
	QuotesHTML, QuotesMoreHTML           template.HTML
	FiguresHTML, FiguresMoreHTML         template.HTML
	TimelineHTML, TimelineMoreHTML       template.HTML
	EntitiesHTML, EntitiesMoreHTML       template.HTML
	CoverageHTML                         template.HTML
}

// How many items of each list show before the fold.
const (
	foldEntities = 14
	foldClaims   = 8
	foldSingles  = 5
	foldQuotes   = 8
	foldFigures  = 10
	foldTimeline = 10
	foldCoverage = 3
)

// fold splits a list at n: the items shown and the items folded away.
func fold[T any](s []T, n int) ([]T, []T) {
	if len(s) <= n {
		return s, nil
	}
	return s[:n], s[n:]
}

// relatedItem is a related story as the page links to it.
type relatedItem struct {
	Href, Headline, Reason string
	Score                  float64
}

type articleItem struct {
	ID, Title, Source, Lang string
	Published               time.Time
	DuplicateOf             string
	MachineTranslated       bool
}

type summaryItem struct {
	Text  string
	Marks []footnote
}

// footnote is one numbered citation marker and the article it points to.
type footnote struct {
	N      int
	Href   string
	Source string
	Title  string
	Quote  string // the cited bytes
}

type sourceLink struct {
	Source string
	Href   string
}

type claimItem struct {
	Text     string
	Sources  int
	Bar      []bool // one segment per outlet of the story, on when it carries the claim
	Links    []sourceLink
	Articles int
}

type quoteItem struct {
	Speaker  string
	Variants []variantItem
}

type variantItem struct {
	Source, Text, Cue, Href string
	Direct                  bool
}

type figureItem struct {
	Text         string
	Articles     int
	Disagreement bool
	Variants     []string
	Links        []sourceLink
}

type timelineItem struct {
	Date  string
	Text  string
	Links []sourceLink
}

type coverageItem struct {
	Source     string
	Articles   []articleItem
	Claims     []string
	ClaimsMore []string
}

// buildStoryPage resolves citations to outlets and numbers the summary's
// citation markers in reading order.
func buildStoryPage(st *storyline.Story, arts []*storyline.Article) *storyPage {
	p := &storyPage{Story: st}
	if st.Brief != nil {
		p.Brief = *st.Brief
	}
	byID := make(map[string]*storyline.Article, len(arts))
	label := make(map[string]string, len(arts))
	outlets := map[string]bool{}
	for i, a := range arts {
		byID[a.ID] = a
		label[a.ID] = outletLabel(a, i)
		outlets[storyline.CountKey(a.Source, a.URL, a.ID)] = true // one outlet under two names counts once
		p.Articles = append(p.Articles, articleItem{ID: a.ID, Title: titleOf(a), Source: label[a.ID], Lang: a.Lang,
			Published: a.Published, DuplicateOf: a.DuplicateOf, MachineTranslated: a.MachineTranslated})
	}
	p.Outlets = len(p.Brief.Coverage) // storyline.Story.Outlets
	if p.Outlets == 0 {               // not briefed: its articles' outlets
		p.Outlets = max(len(outlets), len(st.Sources))
	}
	p.Entities, p.EntitiesMore = fold(p.Brief.Entities, foldEntities)
	src := func(id string) string {
		if l, ok := label[id]; ok {
			return l
		}
		return id
	}
	links := func(cs []storyline.Citation) []sourceLink {
		var out []sourceLink
		for _, c := range cs {
			out = append(out, sourceLink{Source: src(c.Article), Href: citeHref(c)})
		}
		return out
	}

	for _, ss := range p.Brief.Summary {
		item := summaryItem{Text: ss.Text}
		for _, c := range ss.Citations {
			fn := footnote{N: len(p.Notes) + 1, Href: citeHref(c), Source: src(c.Article)}
			if a := byID[c.Article]; a != nil {
				fn.Title = titleOf(a)
				if (storyline.Span{Start: c.Start, End: c.End}).In(len(a.Text)) {
					fn.Quote = a.Text[c.Start:c.End]
				}
			}
			p.Notes = append(p.Notes, fn)
			item.Marks = append(item.Marks, fn)
		}
		p.Summary = append(p.Summary, item)
	}

	for _, c := range p.Brief.Claims {
		item := claimItem{Text: c.Text, Sources: c.Sources, Links: links(c.Citations), Articles: len(c.Articles)}
		for i := 0; i < p.Outlets; i++ {
			item.Bar = append(item.Bar, i < c.Sources)
		}
		if c.SingleSource || c.Sources <= 1 {
			p.Singles = append(p.Singles, item)
		} else {
			p.Claims = append(p.Claims, item)
		}
	}

	for _, g := range p.Brief.Quotes {
		q := quoteItem{Speaker: g.Speaker}
		if q.Speaker == "" {
			q.Speaker = "Unattributed"
		}
		for _, v := range g.Variants {
			s := v.Source
			if s == "" {
				s = src(v.Article)
			}
			q.Variants = append(q.Variants, variantItem{Source: s, Text: v.Quoted(), Cue: v.Cue, Direct: v.Direct,
				Href: citeHref(storyline.Citation{Article: v.Article, Start: v.Start, End: v.End})})
		}
		if len(q.Variants) > 1 {
			p.Quotes = append(p.Quotes, q)
		} else {
			p.QuotesMore = append(p.QuotesMore, q)
		}
	}
	// Statements with variants come first; single ones fill up to the fold.
	if len(p.Quotes) > foldQuotes {
		p.QuotesMore = append(slices.Clone(p.Quotes[foldQuotes:]), p.QuotesMore...)
		p.Quotes = p.Quotes[:foldQuotes]
	}
	if n := foldQuotes - len(p.Quotes); n > 0 {
		var shown []quoteItem
		shown, p.QuotesMore = fold(p.QuotesMore, n)
		p.Quotes = append(p.Quotes, shown...)
	}

	for _, f := range p.Brief.Figures {
		item := figureItem{Text: fmtFigure(f), Articles: len(f.Articles), Disagreement: f.Disagreement, Links: links(f.Citations)}
		for _, v := range f.Variants {
			item.Variants = append(item.Variants, fmtFigure(v))
		}
		p.Figures = append(p.Figures, item)
	}

	for _, e := range p.Brief.Timeline {
		item := timelineItem{Date: e.Date, Text: e.Text, Links: links(e.Citations)}
		if len(item.Links) == 0 {
			for _, id := range e.Articles {
				item.Links = append(item.Links, sourceLink{Source: src(id), Href: articleHref(id)})
			}
		}
		p.Timeline = append(p.Timeline, item)
	}

	for _, c := range p.Brief.Coverage {
		item := coverageItem{Source: c.Source}
		if item.Source == "" { // no outlet named: "unknown outlet" and the title, never an id
			item.Source = "unknown outlet"
			if len(c.Articles) > 0 && byID[c.Articles[0]] != nil {
				item.Source += ": " + clipTitle(titleOf(byID[c.Articles[0]]))
			}
		}
		for _, id := range c.Articles {
			if a := byID[id]; a != nil {
				item.Articles = append(item.Articles, articleItem{ID: a.ID, Title: titleOf(a), Source: label[id]})
			}
		}
		for _, i := range c.Claims {
			if i >= 0 && i < len(p.Brief.Claims) {
				item.Claims = append(item.Claims, p.Brief.Claims[i].Text)
			}
		}
		item.Claims, item.ClaimsMore = fold(item.Claims, foldCoverage)
		p.Coverage = append(p.Coverage, item)
	}
	p.Claims, p.ClaimsMore = fold(p.Claims, foldClaims)
	p.Singles, p.SinglesMore = fold(p.Singles, foldSingles)
	p.Figures, p.FiguresMore = fold(p.Figures, foldFigures)
	p.Timeline, p.TimelineMore = fold(p.Timeline, foldTimeline)

	p.SummaryHTML, p.NotesHTML, p.ArticlesHTML = renderSummary(p.Summary), renderNotes(p.Notes), renderArticles(p.Articles)
	p.ClaimsHTML, p.ClaimsMoreHTML = renderClaims(p.Claims), renderClaims(p.ClaimsMore)
	p.SinglesHTML, p.SinglesMoreHTML = renderSingles(p.Singles), renderSingles(p.SinglesMore)
	p.QuotesHTML, p.QuotesMoreHTML = renderQuotes(p.Quotes), renderQuotes(p.QuotesMore)
	p.FiguresHTML, p.FiguresMoreHTML = renderFigures(p.Figures), renderFigures(p.FiguresMore)
	p.TimelineHTML, p.TimelineMoreHTML = renderTimeline(p.Timeline), renderTimeline(p.TimelineMore)
	p.EntitiesHTML, p.EntitiesMoreHTML = renderEntities(p.Entities), renderEntities(p.EntitiesMore)
	p.CoverageHTML = renderCoverage(p.Coverage)
	return p
}

// outletLabel names an article's outlet: its source, else its URL's host,
// else its place in the story ("article 2"), so that unnamed outlets stay
// distinct.
func outletLabel(a *storyline.Article, i int) string {
	if name, _ := storyline.Outlet(a); name != "" {
		return name
	}
	return fmt.Sprintf("article %d", i+1)
}

func sourceName(a *storyline.Article) string {
	if name, _ := storyline.Outlet(a); name != "" {
		return name
	}
	return "unknown outlet"
}

// maxCardTitle is the most runes of an article's title that name an
// unknown outlet's card.
const maxCardTitle = 60

// clipTitle cuts a title to maxCardTitle runes, at a space where it can.
func clipTitle(t string) string {
	r := []rune(t)
	if len(r) <= maxCardTitle {
		return t
	}
	cut := string(r[:maxCardTitle])
	if k := strings.LastIndex(cut, " "); k > maxCardTitle/2 {
		cut = cut[:k]
	}
	return cut + "…"
}

func titleOf(a *storyline.Article) string {
	if a.Title != "" {
		return a.Title
	}
	return "(untitled " + a.ID + ")"
}

func (s *server) pageStory(w http.ResponseWriter, r *http.Request) {
	st, arts, err := s.loadStory(r, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := buildStoryPage(st, arts)
	if p.Related, err = s.relatedItems(r.Context(), p.Brief.Related); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "story", st.Headline, p)
}

// relatedItems looks up the headlines of a story's related stories; one
// no longer stored (settling emptied it since) is left out.
func (s *server) relatedItems(ctx context.Context, rel []storyline.Related) ([]relatedItem, error) {
	var out []relatedItem
	for _, r := range rel {
		st, err := s.store.Story(ctx, r.Story)
		if storyline.ErrorCode(err) == storyline.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, relatedItem{Href: storyHref(r.Story), Headline: st.Headline, Reason: r.Reason, Score: r.Score})
	}
	return out, nil
}

// articlePage shows the cleaned text, split around the highlighted citation.
//
// The text shows as paragraphs (one per line of the cleaned text) when the
// cited span lies inside one line, which is the usual case for a sentence;
// otherwise as one pre-wrapped block, so that a single <mark> always holds
// exactly the cited bytes.
type articlePage struct {
	A       *storyline.Article
	Item    articleItem
	Paras   []para // paragraph mode; nil in block mode
	Before  string // block mode
	Mark    string
	After   string
	HasMark bool
	BadMark bool
	Raw     string
}

// para is one line of the cleaned text, split around the mark when it holds
// it.
type para struct {
	Before, Mark, After string
	HasMark             bool
}

// paragraphs splits text into its non-empty lines and puts the span's mark
// into the line that holds it; ok is false when the span crosses a line
// break.
func paragraphs(text string, span storyline.Span, marked bool) (ps []para, ok bool) {
	if marked && strings.Contains(text[span.Start:span.End], "\n") {
		return nil, false
	}
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		start, end := off, off+len(strings.TrimSuffix(line, "\n"))
		off += len(line)
		holds := marked && span.Start >= start && span.End <= end
		if strings.TrimSpace(text[start:end]) == "" && !holds {
			continue
		}
		p := para{Before: text[start:end]}
		if holds {
			p = para{Before: text[start:span.Start], Mark: text[span.Start:span.End], After: text[span.End:end], HasMark: true}
		}
		ps = append(ps, p)
	}
	return ps, true
}

// citedSpan reads ?s=&e= and checks that the span lies in the text on rune
// boundaries; anything else is ignored (and reported on the page).
func citedSpan(q url.Values, text string) (span storyline.Span, ok, bad bool) {
	if q.Get("s") == "" && q.Get("e") == "" {
		return span, false, false
	}
	s, err1 := strconv.Atoi(q.Get("s"))
	e, err2 := strconv.Atoi(q.Get("e"))
	span = storyline.Span{Start: s, End: e}
	if err1 != nil || err2 != nil || !span.In(len(text)) || span.Len() == 0 ||
		!utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
		return span, false, true
	}
	return span, true, false
}

func (s *server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := articlePage{A: a, Raw: strings.ToValidUTF8(string(a.Raw), "\uFFFD"),
		Item: articleItem{ID: a.ID, Title: titleOf(a), Source: sourceName(a), Lang: a.Lang, Published: a.Published,
			DuplicateOf: a.DuplicateOf, MachineTranslated: a.MachineTranslated}}
	span, ok, bad := citedSpan(r.URL.Query(), a.Text)
	p.BadMark, p.HasMark = bad, ok
	if paras, fits := paragraphs(a.Text, span, ok); fits {
		p.Paras = paras
	} else {
		p.Before, p.Mark, p.After = a.Text[:span.Start], a.Text[span.Start:span.End], a.Text[span.End:]
	}
	s.render(w, r, http.StatusOK, "article", titleOf(a), p)
}

type searchPage struct {
	Query string
	Hits  []storyline.SearchHit
}

func (s *server) pageSearch(w http.ResponseWriter, r *http.Request) {
	p := searchPage{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if p.Query != "" {
		hits, err := s.search(r, p.Query, maxLimit)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		p.Hits = hits
	}
	s.render(w, r, http.StatusOK, "search", "Search", p)
}
