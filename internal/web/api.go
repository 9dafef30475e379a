package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline/storyline"
)

// storySummary is one story of GET /api/stories: enough to list it without
// loading its articles.
type storySummary struct {
	ID       string             `json:"id"`
	Headline string             `json:"headline"`
	Articles int                `json:"articles"`
	Sources  []string           `json:"sources"`
	Outlets  int                `json:"outlets"` // storyline.Story.Outlets
	First    *time.Time         `json:"first"`
	Last     *time.Time         `json:"last"`
	Updated  int64              `json:"updated"`
	Entities []storyline.Entity `json:"entities"`
	Span     string             `json:"-"` // the time span as the pages show it
}

type storyList struct {
	Stories []storySummary `json:"stories"`
	Total   int            `json:"total"`
	Offset  int            `json:"offset"`
	Limit   int            `json:"limit"`
}

// topEntities is how many entities a story summary lists.
const topEntities = 5

func summarize(st *storyline.Story) storySummary {
	v := storySummary{ID: st.ID, Headline: st.Headline, Articles: len(st.Articles),
		Sources: st.Sources, Outlets: st.Outlets(), Updated: st.Updated, Entities: []storyline.Entity{},
		Span: fmtSpan(st.First, st.Last)}
	if v.Sources == nil {
		v.Sources = []string{}
	}
	if !st.First.IsZero() {
		t := st.First.UTC()
		v.First = &t
	}
	if !st.Last.IsZero() {
		t := st.Last.UTC()
		v.Last = &t
	}
	if st.Brief != nil {
		e := st.Brief.Entities
		if len(e) > topEntities {
			e = e[:topEntities]
		}
		v.Entities = append(v.Entities, e...)
	}
	return v
}

// storyFilter reads the list parameters shared by the API and the pages:
// q, source, lang, since, until (RFC 3339 or YYYY-MM-DD) and limit.
func storyFilter(q url.Values) (storyline.StoryFilter, error) {
	f := storyline.StoryFilter{
		Q:      strings.TrimSpace(q.Get("q")),
		Source: strings.TrimSpace(q.Get("source")),
		Lang:   strings.TrimSpace(q.Get("lang")),
		Limit:  defaultLimit,
	}
	var err error
	if f.Since, err = parseTime("since", q.Get("since")); err != nil {
		return f, err
	}
	if f.Until, err = parseTime("until", q.Get("until")); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(q, "limit", defaultLimit, 1, maxLimit); err != nil {
		return f, err
	}
	if f.Offset, err = intParam(q, "offset", 0, 0, 1<<31-1); err != nil {
		return f, err
	}
	return f, nil
}

func parseTime(name, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, storyline.Errorf(storyline.EINVALID, "%s: want RFC 3339 or YYYY-MM-DD, got %q", name, s)
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, storyline.Errorf(storyline.EINVALID, "%s: want an integer from %d to %d, got %q", name, lo, hi, s)
	}
	return n, nil
}

func (s *server) apiStories(w http.ResponseWriter, r *http.Request) {
	f, err := storyFilter(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	stories, total, err := s.listStories(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := storyList{Stories: make([]storySummary, 0, len(stories)), Total: total, Offset: f.Offset, Limit: f.Limit}
	for _, st := range stories {
		out.Stories = append(out.Stories, summarize(st))
	}
	writeJSON(w, http.StatusOK, out)
}

// storyLister is implemented by stores that list stories without decoding
// their whole briefs (*sqlite.DB, *postgres.DB): StoryList is Stories with each Brief
// reduced to its first n Entities.
type storyLister interface {
	StoryList(ctx context.Context, f storyline.StoryFilter, n int) ([]*storyline.Story, int, error)
}

// listStories lists stories for the story list, which shows only the
// first topEntities entities of each brief: through storyLister when the
// store has it, else through Stories.
func (s *server) listStories(ctx context.Context, f storyline.StoryFilter) ([]*storyline.Story, int, error) {
	if l, ok := s.store.(storyLister); ok {
		return l.StoryList(ctx, f, topEntities)
	}
	return s.store.Stories(ctx, f)
}

// loadStory returns a story and its articles in the story's order
// (storyline.LoadStory).
func (s *server) loadStory(r *http.Request, id string) (*storyline.Story, []*storyline.Article, error) {
	return storyline.LoadStory(r.Context(), s.store, id)
}

// apiStory returns the contract's story object; ?text=1 adds the cleaned
// texts, as --with-text does.
func (s *server) apiStory(w http.ResponseWriter, r *http.Request) {
	st, arts, err := s.loadStory(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	withText, _ := strconv.ParseBool(r.URL.Query().Get("text"))
	writeJSON(w, http.StatusOK, st.View(arts, withText))
}

// articleOut is GET /api/articles/{id}: metadata, the cleaned text, the
// analysis spans and the original input as a string.
type articleOut struct {
	storyline.ArticleRef
	Input     string                    `json:"input"`
	Format    storyline.Format          `json:"format"`
	NewsID    string                    `json:"news_id,omitempty"`
	Story     string                    `json:"story"`
	Seq       int64                     `json:"seq"`
	Text      string                    `json:"text"`
	Raw       string                    `json:"raw"`
	Sentences []storyline.Span          `json:"sentences"`
	Entities  []storyline.Mention       `json:"entities"`
	Figures   []storyline.FigureMention `json:"figures"`
	Quotes    []storyline.QuoteMention  `json:"quotes"`
	Dates     []storyline.DateMention   `json:"dates"`
}

func (s *server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := articleOut{ArticleRef: a.Ref(false), Input: a.Input, Format: a.Format, NewsID: a.NewsID,
		Story: a.StoryID, Seq: a.Seq, Text: a.Text, Raw: strings.ToValidUTF8(string(a.Raw), "\uFFFD"),
		Sentences: nonNil(a.Sentences), Entities: nonNil(a.Entities), Figures: nonNil(a.Figures),
		Quotes: nonNil(a.Quotes), Dates: nonNil(a.Dates)}
	writeJSON(w, http.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.apiError(w, r, storyline.Errorf(storyline.EINVALID, "q: a search query is required"))
		return
	}
	limit, err := intParam(r.URL.Query(), "limit", defaultLimit, 1, maxLimit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	hits, err := s.search(r, q, limit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "hits": nonNil(hits)})
}

// authorize checks the bearer token. Both sides are hashed first so that the
// constant-time comparison does not leak the token's length either.
func (s *server) authorize(r *http.Request) error {
	if s.opts.Token == "" {
		return storyline.Errorf(eForbidden, "writes are disabled: the server has no token (--token or STORYLINE_TOKEN)")
	}
	h := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return storyline.Errorf(storyline.EUNAUTH, "a bearer token is required")
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(h[len(prefix):])))
	want := sha256.Sum256([]byte(s.opts.Token))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return storyline.Errorf(storyline.EUNAUTH, "wrong token")
	}
	return nil
}

// ingestResult is the answer to POST /api/articles.
type ingestResult struct {
	Accepted int                    `json:"accepted"`
	Stories  []string               `json:"stories"`
	Errors   []storyline.InputError `json:"errors"`
}

func (s *server) apiPostArticles(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	if s.opts.Ingester == nil {
		s.apiError(w, r, storyline.Errorf(eUnavailable, "this server does not ingest articles"))
		return
	}
	if r.ContentLength > s.opts.MaxBody {
		s.apiError(w, r, storyline.Errorf(storyline.ETOOLARGE, "request body too large (limit %d bytes)", s.opts.MaxBody))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	if err != nil {
		var mb *http.MaxBytesError
		if !errors.As(err, &mb) {
			err = &storyline.Error{Code: storyline.EINVALID, Msg: "reading the body", Err: err}
		}
		s.apiError(w, r, err)
		return
	}
	raws, errs, err := parseArticles(body)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := ingestResult{Accepted: len(raws), Stories: []string{}, Errors: nonNil(errs)}
	if len(raws) > 0 {
		stored, ierrs, err := s.opts.Ingester.Ingest(r.Context(), raws)
		if s.cache != nil {
			s.cache.clear() // even after a failure: part of the batch may be stored
		}
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		out.Stories = append(out.Stories, stored...)
		out.Errors = append(out.Errors, ierrs...)
		out.Accepted -= len(ierrs)
	}
	writeJSON(w, http.StatusOK, out)
}
