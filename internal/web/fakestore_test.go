package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/storyline/storyline"
)

// memStore is a small in-memory storyline.Store for the handler tests. Only
// what the web package reads is implemented with care.
type memStore struct {
	mu       sync.RWMutex
	articles map[string]*storyline.Article
	stories  map[string]*storyline.Story
	seq      int64
	order    []*storyline.Story // sorted newest first, rebuilt on PutStory
	failWith error              // when set, every read fails with it
	// Journal is left nil: the handlers never write through a pipeline
	// on this store (calling it panics).
	storyline.Journal
}

func newMemStore() *memStore {
	return &memStore{articles: map[string]*storyline.Article{}, stories: map[string]*storyline.Story{}}
}

func notFound(op, id string) error {
	return &storyline.Error{Code: storyline.ENOTFOUND, Op: op, Input: id, Msg: "not found"}
}

func (m *memStore) PutArticle(_ context.Context, a *storyline.Article) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.articles[a.ID]; ok {
		return false, nil
	}
	m.seq++
	a.Seq = m.seq
	m.articles[a.ID] = a
	return true, nil
}

func (m *memStore) Article(_ context.Context, id string) (*storyline.Article, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.failWith != nil {
		return nil, m.failWith
	}
	a, ok := m.articles[id]
	if !ok {
		return nil, notFound("Article", id)
	}
	return a, nil
}

func (m *memStore) Articles(_ context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*storyline.Article
	if len(f.IDs) > 0 {
		for _, id := range f.IDs {
			if a, ok := m.articles[id]; ok {
				out = append(out, a)
			}
		}
	} else {
		for _, a := range m.articles {
			if f.Story != "" && a.StoryID != f.Story {
				continue
			}
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *storyline.Article) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

func (m *memStore) HasArticles(_ context.Context, ids []string) (map[string]bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := map[string]bool{}
	for _, id := range ids {
		_, out[id] = m.articles[id]
	}
	return out, nil
}

func (m *memStore) Assign(_ context.Context, articleID, storyID, duplicateOf string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.articles[articleID]
	if !ok {
		return notFound("Assign", articleID)
	}
	a.StoryID, a.DuplicateOf = storyID, duplicateOf
	return nil
}

func (m *memStore) PutStory(_ context.Context, s *storyline.Story) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	s.Updated = m.seq
	m.stories[s.ID] = s
	m.resort()
	return nil
}

// resort rebuilds the newest-first order; callers hold the write lock.
func (m *memStore) resort() {
	m.order = m.order[:0]
	for _, st := range m.stories {
		m.order = append(m.order, st)
	}
	slices.SortFunc(m.order, func(a, b *storyline.Story) int {
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Updated, a.Updated); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func (m *memStore) Story(_ context.Context, id string) (*storyline.Story, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.failWith != nil {
		return nil, m.failWith
	}
	s, ok := m.stories[id]
	if !ok {
		return nil, notFound("Story", id)
	}
	return s, nil
}

func (m *memStore) Stories(_ context.Context, f storyline.StoryFilter) ([]*storyline.Story, int, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.failWith != nil {
		return nil, 0, m.failWith
	}
	match := m.order
	if f.IDPrefix != "" || f.Q != "" || f.Source != "" || f.Lang != "" || !f.Since.IsZero() || !f.Until.IsZero() {
		match = m.filter(f)
	}
	total := len(match)
	if f.Offset >= len(match) {
		return nil, total, nil
	}
	match = match[f.Offset:]
	if f.Limit > 0 && len(match) > f.Limit {
		match = match[:f.Limit]
	}
	return slices.Clone(match), total, nil
}

func (m *memStore) filter(f storyline.StoryFilter) []*storyline.Story {
	var match []*storyline.Story
	for _, s := range m.order {
		if !strings.HasPrefix(s.ID, f.IDPrefix) {
			continue
		}
		if f.Source != "" && !slices.Contains(s.Sources, f.Source) {
			continue
		}
		if !f.Since.IsZero() && s.Last.Before(f.Since) {
			continue
		}
		if !f.Until.IsZero() && !s.First.Before(f.Until) {
			continue
		}
		if f.Q != "" && !strings.Contains(strings.ToLower(s.Headline), strings.ToLower(f.Q)) {
			continue
		}
		if f.Lang != "" {
			ok := false
			for _, id := range s.Articles {
				if a := m.articles[id]; a != nil && a.Lang == f.Lang {
					ok = true
					break
				}
			}
			if !ok {
				continue
			}
		}
		match = append(match, s)
	}
	return match
}

func (m *memStore) Search(_ context.Context, q string, limit int) ([]storyline.SearchHit, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var hits []storyline.SearchHit
	q = strings.ToLower(q)
	for _, a := range m.articles {
		i := strings.Index(strings.ToLower(a.Text), q)
		if i < 0 {
			continue
		}
		lo, hi := max(0, i-40), min(len(a.Text), i+len(q)+40)
		hits = append(hits, storyline.SearchHit{Article: a.ID, Story: a.StoryID, Title: a.Title,
			Snippet: strings.ToValidUTF8(a.Text[lo:hi], ""), Score: 1})
	}
	slices.SortFunc(hits, func(a, b storyline.SearchHit) int { return cmp.Compare(a.Article, b.Article) })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

func (m *memStore) LineCounts(context.Context, string, []uint64) (map[uint64]int, error) {
	return map[uint64]int{}, nil
}
func (m *memStore) AddLines(context.Context, string, string, []uint64) error { return nil }
func (m *memStore) SourceArticles(context.Context, string) (int, error)      { return 0, nil }
func (m *memStore) Close() error                                             { return nil }

var _ storyline.Store = (*memStore)(nil)

// Fixture texts, written for these tests.
const (
	textHarbor = "Port Alder reopened its harbour on Tuesday after a three-day storm closed it.\n\n" +
		"The harbour master, Ines Varga, said 120 fishing boats had waited offshore. " +
		"\"We are open again and nobody was hurt,\" Varga said.\n\n" +
		"Repairs to the north pier will cost €2 million, the council said."
	textCoast = "Fishing boats returned to Port Alder on Tuesday as the harbour reopened.\n\n" +
		"About 150 boats had sheltered at sea during the storm, according to the coast guard. " +
		"\"Nobody was hurt and we are open again,\" harbour master Ines Varga said.\n\n" +
		"A café owner on the quay said business had been slow all week."
	textHostile = "Readers sent us this: <script>alert(1)</script> and also <img src=x onerror=alert(1)> " +
		"and a link <a href=\"javascript:alert(1)\">click</a>.\n\nThe end of the hostile article."
)

// fixtureStore holds one two-outlet story with a full brief, and one story
// whose article, title, outlet and headline are hostile markup.
func fixtureStore() *memStore {
	ctx := context.Background()
	m := newMemStore()
	day := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	mk := func(id, title, source, text string, at time.Time) *storyline.Article {
		a := &storyline.Article{ID: id, Input: id + ".txt", Format: storyline.FormatText, Title: title, Source: source,
			URL: "https://example.org/" + id, Published: at, Lang: "en", Text: text,
			Raw: []byte(title + "\n" + text + "\nSubscribe to our newsletter!")}
		// Sentences: split on ". " / newlines, good enough for fixtures.
		start := 0
		for i := 0; i < len(text); i++ {
			if text[i] == '\n' || (text[i] == '.' && (i+1 == len(text) || text[i+1] == ' ')) {
				if s := strings.TrimSpace(text[start : i+1]); s != "" {
					off := start + strings.Index(text[start:i+1], s)
					a.Sentences = append(a.Sentences, storyline.Span{Start: off, End: off + len(s)})
				}
				start = i + 1
			}
		}
		m.PutArticle(ctx, a)
		return a
	}
	a1 := mk("harbor-1", "Port Alder harbour reopens after storm", "Alder Gazette", textHarbor, day)
	a2 := mk("coast-2", "Boats return as Port Alder harbour reopens", "Coast Radio", textCoast, day.Add(3*time.Hour))
	cite := func(a *storyline.Article, s string) storyline.Citation {
		i := strings.Index(a.Text, s)
		if i < 0 {
			panic("fixture: " + s)
		}
		return storyline.Citation{Article: a.ID, Start: i, End: i + len(s)}
	}
	s1 := "Port Alder reopened its harbour on Tuesday after a three-day storm closed it."
	s2 := "Repairs to the north pier will cost €2 million, the council said."
	q1 := "We are open again and nobody was hurt,"
	q2 := "Nobody was hurt and we are open again,"
	st := &storyline.Story{ID: "story-harbor", Headline: a1.Title, Articles: []string{a1.ID, a2.ID},
		First: a1.Published, Last: a2.Published, Sources: []string{"Alder Gazette", "Coast Radio"},
		Brief: &storyline.Brief{
			Summary: []storyline.SummarySentence{
				{Text: s1, Citations: []storyline.Citation{cite(a1, s1), cite(a2, "Fishing boats returned to Port Alder on Tuesday as the harbour reopened.")}},
				{Text: s2, Citations: []storyline.Citation{cite(a1, s2)}},
			},
			Claims: []storyline.Claim{
				{Text: s1, Articles: []string{a1.ID, a2.ID}, Sources: 2, Citations: []storyline.Citation{cite(a1, s1), cite(a2, "Fishing boats returned to Port Alder on Tuesday as the harbour reopened.")}},
				{Text: s2, Articles: []string{a1.ID}, Sources: 1, SingleSource: true, Citations: []storyline.Citation{cite(a1, s2)}},
				{Text: "A café owner on the quay said business had been slow all week.", Articles: []string{a2.ID}, Sources: 1, SingleSource: true,
					Citations: []storyline.Citation{cite(a2, "A café owner on the quay said business had been slow all week.")}},
			},
			Quotes: []storyline.QuoteGroup{{Speaker: "Ines Varga", Variants: []storyline.QuoteVariant{
				{Text: q1, Article: a1.ID, Source: "Alder Gazette", Start: cite(a1, q1).Start, End: cite(a1, q1).End, Cue: "said", Direct: true},
				{Text: q2, Article: a2.ID, Source: "Coast Radio", Start: cite(a2, q2).Start, End: cite(a2, q2).End, Cue: "said", Direct: true},
			}}},
			Entities: []storyline.Entity{{Name: "Port Alder", Type: storyline.Place, Articles: 2},
				{Name: "Ines Varga", Type: storyline.Person, Articles: 2}},
			Figures: []storyline.Figure{
				{Text: "120 fishing boats", Value: 120, Unit: "boats", Articles: []string{a1.ID}, Disagreement: true,
					Variants:  []storyline.Figure{{Text: "150 boats", Value: 150, Unit: "boats", Articles: []string{a2.ID}}},
					Citations: []storyline.Citation{cite(a1, "120 fishing boats"), cite(a2, "150 boats")}},
				{Text: "€2 million", Value: 2e6, Unit: "EUR", Articles: []string{a1.ID}, Citations: []storyline.Citation{cite(a1, "€2 million")}},
			},
			Timeline: []storyline.TimelineEvent{{Date: "2026-03-03", Text: s1, Articles: []string{a1.ID}, Citations: []storyline.Citation{cite(a1, s1)}}},
			Coverage: []storyline.Coverage{{Source: "Alder Gazette", Articles: []string{a1.ID}, Claims: []int{1}},
				{Source: "Coast Radio", Articles: []string{a2.ID}, Claims: []int{2}}},
			Related: []storyline.Related{{Story: "story-hostile", Score: 0.25, Reason: "in common: Port Alder; 1 day apart"},
				{Story: "story-gone", Score: 0.125, Reason: "words in common"}}, // no longer stored: not shown
		}}
	m.PutStory(ctx, st)
	m.Assign(ctx, a1.ID, st.ID, "")
	m.Assign(ctx, a2.ID, st.ID, "")

	h := mk("hostile-3", `<script>alert("title")</script>Hostile`, `<img src=x onerror=alert(2)>`, textHostile, day.Add(-24*time.Hour))
	h.Raw = []byte("<html><body><script>alert(3)</script>" + textHostile + "</body></html>")
	hs := "Readers sent us this: <script>alert(1)</script> and also <img src=x onerror=alert(1)> and a link <a href=\"javascript:alert(1)\">click</a>."
	hst := &storyline.Story{ID: "story-hostile", Headline: `<b onmouseover=alert(4)>Hostile</b>`, Articles: []string{h.ID},
		First: h.Published, Last: h.Published, Sources: []string{h.Source},
		Brief: &storyline.Brief{
			Summary:  []storyline.SummarySentence{{Text: hs, Citations: []storyline.Citation{cite(h, hs)}}},
			Claims:   []storyline.Claim{{Text: hs, Articles: []string{h.ID}, Sources: 1, SingleSource: true, Citations: []storyline.Citation{cite(h, hs)}}},
			Entities: []storyline.Entity{{Name: "<svg onload=alert(5)>", Type: storyline.OtherEntity, Articles: 1}},
			Related:  []storyline.Related{{Story: "story-harbor", Score: 0.25, Reason: "in common: <svg onload=alert(6)>"}},
		}}
	m.PutStory(ctx, hst)
	m.Assign(ctx, h.ID, hst.ID, "")
	return m
}

// bulkStore adds n synthetic single-article stories, for paging and load.
func bulkStore(n int) *memStore {
	ctx := context.Background()
	m := newMemStore()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("bulk-%05d", i)
		text := fmt.Sprintf("Story number %d happened in town %d. Officials counted %d visitors.", i, i%97, i*3)
		a := &storyline.Article{ID: id, Title: fmt.Sprintf("Bulk story %d", i), Source: fmt.Sprintf("Outlet %d", i%7),
			Published: base.Add(time.Duration(i) * time.Minute), Lang: "en", Text: text, Raw: []byte(text),
			Sentences: []storyline.Span{{Start: 0, End: strings.Index(text, ".") + 1}}}
		m.PutArticle(ctx, a)
		st := &storyline.Story{ID: "s-" + id, Headline: a.Title, Articles: []string{id}, First: a.Published,
			Last: a.Published, Sources: []string{a.Source}, Brief: &storyline.Brief{
				Summary: []storyline.SummarySentence{{Text: a.Text[:a.Sentences[0].End],
					Citations: []storyline.Citation{{Article: id, Start: 0, End: a.Sentences[0].End}}}},
				Entities: []storyline.Entity{{Name: fmt.Sprintf("Town %d", i%97), Type: storyline.Place, Articles: 1}}}}
		m.seq++
		st.Updated = m.seq
		m.stories[st.ID] = st
		a.StoryID = st.ID
	}
	m.resort()
	return m
}
