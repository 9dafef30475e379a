// Package storetest is the conformance suite of storyline.Store: every
// backend (internal/sqlite, internal/postgres) runs the same tests, so that
// the pipeline and the web server can rely on one behaviour.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// Run runs the whole suite. open must return a new, empty store for each
// call; the suite closes it.
func Run(t *testing.T, open func(t *testing.T) storyline.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s storyline.Store)
	}{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"PutArticleIdempotent", testPutArticleIdempotent},
		{"SeqOrder", testSeqOrder},
		{"ArticleFilters", testArticleFilters},
		{"HasArticles", testHasArticles},
		{"Assign", testAssign},
		{"NotFound", testNotFound},
		{"StoryRoundTrip", testStoryRoundTrip},
		{"PutStoryReplace", testPutStoryReplace},
		{"StoriesOrderPaging", testStoriesOrderPaging},
		{"StoriesFilters", testStoriesFilters},
		{"Search", testSearch},
		{"Lines", testLines},
		{"Journal", testJournal},
		{"Checkpoint", testCheckpoint},
		{"Dirty", testDirty},
		{"Pending", testPending},
		{"Pages", testPages},
		{"StreamPos", testStreamPos},
		{"Concurrent", testConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// Persistence checks that what a store holds survives Close and a new open.
// reopen must open the same underlying database every time (a file, a
// schema), empty on the first call.
func Persistence(t *testing.T, reopen func(t *testing.T) storyline.Store) {
	ctx := context.Background()
	s := reopen(t)
	a := fullArticle("p1")
	mustPut(t, s, a)
	mustPut(t, s, Sample(7, 4000))
	if err := s.Assign(ctx, "p1", "st1", ""); err != nil {
		t.Fatal(err)
	}
	st := &storyline.Story{ID: "st1", Headline: "Kept", Articles: []string{"p1"}, Sources: []string{a.Source},
		First: a.Published, Last: a.Published, Brief: fullBrief()}
	must(t, s.PutStory(ctx, st))
	must(t, s.AddLines(ctx, a.Source, "p1", []uint64{1, math.MaxUint64}))
	if _, err := s.PutCheckpoint(ctx, &storyline.Checkpoint{LSN: 1, Cluster: []byte("index")}); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())

	s = reopen(t)
	defer s.Close()
	got, err := s.Article(ctx, "p1")
	must(t, err)
	a.StoryID = "st1"
	checkArticle(t, got, a)
	gs, err := s.Story(ctx, "st1")
	must(t, err)
	checkStory(t, gs, st)
	hits, err := s.Search(ctx, "harbour", 10)
	must(t, err)
	if len(hits) != 1 || hits[0].Article != "p1" {
		t.Errorf("Search after reopen = %+v, want p1", hits)
	}
	counts, err := s.LineCounts(ctx, a.Source, []uint64{math.MaxUint64})
	must(t, err)
	if counts[math.MaxUint64] != 1 {
		t.Errorf("LineCounts after reopen = %v", counts)
	}
	cp, err := s.Checkpoint(ctx, true)
	must(t, err)
	if string(cp.Cluster) != "index" {
		t.Errorf("Checkpoint after reopen = %q", cp.Cluster)
	}
	// Seq keeps growing after a reopen.
	b := Sample(8, 1000)
	mustPut(t, s, b)
	if b.Seq != 3 {
		t.Errorf("Seq after reopen = %d, want 3", b.Seq)
	}
}

var t0 = time.Date(2024, 3, 1, 9, 30, 15, 123456789, time.UTC)

// fullArticle sets every field of an Article, with an analysis of every kind.
func fullArticle(id string) *storyline.Article {
	text := "Ministers met in the harbour town of Pärnu on Friday. \"We agreed on 40 new ships,\" Ms Kask said. Café owners welcomed the $650 million plan."
	return &storyline.Article{
		ID:                id,
		Input:             "inputs/" + id + ".html",
		Format:            storyline.FormatHTML,
		Title:             "Harbour deal for " + id,
		Source:            "example.org",
		URL:               "https://example.org/" + id,
		Published:         t0.In(time.FixedZone("EET", 2*3600)),
		Lang:              "en",
		MachineTranslated: true,
		NewsID:            "news-" + id,
		Text:              text,
		Raw:               []byte("<html>\x00\xff raw bytes</html>"),
		Sentences:         []storyline.Span{{Start: 0, End: 53}, {Start: 54, End: 97}, {Start: 98, End: len(text)}},
		Tokens: []storyline.Token{
			{Span: storyline.Span{Start: 0, End: 9}, Norm: "ministers", Stem: "minist"},
			{Span: storyline.Span{Start: 10, End: 13}, Norm: "met", Stem: "met"},
			{Span: storyline.Span{Start: 37, End: 42}, Norm: "parnu", Stem: "parnu"},
			{Span: storyline.Span{Start: 98, End: 103}, Norm: "cafe", Stem: "caf"},
			{Span: storyline.Span{Start: 1 << 40, End: 0}, Norm: "", Stem: "odd-but-kept"},
		},
		Entities: []storyline.Mention{
			{Span: storyline.Span{Start: 37, End: 42}, Name: "Pärnu", Type: storyline.Place},
			{Span: storyline.Span{Start: 84, End: 88}, Name: "Kask", Type: storyline.Person},
		},
		Figures: []storyline.FigureMention{
			{Span: storyline.Span{Start: 69, End: 77}, Value: 40, Unit: "ships", Text: "40 new ships"},
			{Span: storyline.Span{Start: 122, End: 134}, Value: 6.5e8, Unit: "USD", Text: "$650 million"},
			{Value: math.Inf(-1)},
			{Value: 0.1 + 0.2, Unit: "%"},
		},
		Quotes: []storyline.QuoteMention{{Span: storyline.Span{Start: 56, End: 83}, Speaker: "Kask",
			SpeakerSpan: storyline.Span{Start: 84, End: 88}, Cue: "said", Direct: true}},
		Dates:       []storyline.DateMention{{Span: storyline.Span{Start: 46, End: 52}, Date: "2024-03-01"}},
		DuplicateOf: "",
		StoryID:     "",
	}
}

func fullBrief() *storyline.Brief {
	cit := []storyline.Citation{{Article: "p1", Start: 0, End: 53}}
	return &storyline.Brief{
		Summary:  []storyline.SummarySentence{{Text: "Ministers met.", Citations: cit}},
		Claims:   []storyline.Claim{{Text: "Ministers met.", Articles: []string{"p1"}, Sources: 1, SingleSource: true, Citations: cit}},
		Quotes:   []storyline.QuoteGroup{{Speaker: "Kask", Variants: []storyline.QuoteVariant{{Text: "We agreed", Article: "p1", Source: "example.org", Start: 56, End: 83, Cue: "said", Direct: true}}}},
		Entities: []storyline.Entity{{Name: "Kask", Type: storyline.Person, Articles: 1, Aliases: []string{"Ms Kask"}}},
		Figures: []storyline.Figure{{Text: "40 ships", Value: 40, Unit: "ships", Articles: []string{"p1"}, Disagreement: true,
			Variants: []storyline.Figure{{Text: "41 ships", Value: 41.5, Unit: "ships", Articles: []string{"p2"}}}, Citations: cit}},
		Timeline: []storyline.TimelineEvent{{Date: "2024-03-01", Text: "Ministers met.", Articles: []string{"p1"}, Citations: cit}},
		Coverage: []storyline.Coverage{{Source: "example.org", Articles: []string{"p1"}, Claims: []int{0}}},
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustPut(t *testing.T, s storyline.Store, a *storyline.Article) {
	t.Helper()
	created, err := s.PutArticle(context.Background(), a)
	if err != nil {
		t.Fatalf("PutArticle(%s): %v", a.ID, err)
	}
	if !created {
		t.Fatalf("PutArticle(%s): created = false for a new article", a.ID)
	}
}

// checkArticle compares every field; times by instant, not by location.
func checkArticle(t *testing.T, got, want *storyline.Article) {
	t.Helper()
	if !got.Published.Equal(want.Published) {
		t.Errorf("%s: Published = %v, want %v", want.ID, got.Published, want.Published)
	}
	g, w := *got, *want
	g.Published, w.Published = time.Time{}, time.Time{}
	if w.Seq == 0 {
		g.Seq = 0
	}
	if !reflect.DeepEqual(g, w) {
		gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
		for i := range gv.NumField() {
			if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
				t.Errorf("%s: %s = %#v\nwant %#v", want.ID, gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
			}
		}
	}
}

func checkStory(t *testing.T, got, want *storyline.Story) {
	t.Helper()
	if !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
		t.Errorf("%s: First, Last = %v, %v; want %v, %v", want.ID, got.First, got.Last, want.First, want.Last)
	}
	g, w := *got, *want
	g.First, g.Last, w.First, w.Last = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("story = %+v\nwant %+v", g, w)
		if !reflect.DeepEqual(g.Brief, w.Brief) {
			t.Errorf("brief = %#v\nwant %#v", g.Brief, w.Brief)
		}
	}
}

func ids(as []*storyline.Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func storyIDs(ss []*storyline.Story) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func testArticleRoundTrip(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	empty := &storyline.Article{ID: "empty"}
	emptyLists := &storyline.Article{ID: "empty-lists", Raw: []byte{}, Sentences: []storyline.Span{},
		Tokens: []storyline.Token{}, Entities: []storyline.Mention{}, Figures: []storyline.FigureMention{},
		Quotes: []storyline.QuoteMention{}, Dates: []storyline.DateMention{}}
	assigned := fullArticle("assigned")
	assigned.StoryID, assigned.DuplicateOf = "story-x", "full"
	for _, a := range []*storyline.Article{fullArticle("full"), empty, emptyLists, Sample(1, 8000), assigned} {
		want := *a
		mustPut(t, s, a)
		if a.Seq <= 0 {
			t.Fatalf("%s: Seq = %d after PutArticle", a.ID, a.Seq)
		}
		want.Seq = a.Seq
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		checkArticle(t, got, &want)
		if !a.Published.IsZero() && got.Published.Location() != time.UTC {
			t.Errorf("%s: Published in %v, want UTC", a.ID, got.Published.Location())
		}
		for _, sp := range got.Sentences {
			if !sp.In(len(got.Text)) {
				t.Errorf("%s: sentence span %v out of text", a.ID, sp)
			}
		}
		list, err := s.Articles(ctx, storyline.ArticleFilter{IDs: []string{a.ID}})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("Articles(IDs: %s) = %d articles", a.ID, len(list))
		}
		checkArticle(t, list[0], &want)
	}
}

func testPutArticleIdempotent(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	a := fullArticle("a1")
	mustPut(t, s, a)
	mustPut(t, s, fullArticle("a2"))
	again := fullArticle("a1")
	again.Title, again.Text, again.Tokens = "Changed", "Changed text", nil
	created, err := s.PutArticle(ctx, again)
	must(t, err)
	if created {
		t.Errorf("second PutArticle(a1): created = true")
	}
	if again.Seq != a.Seq {
		t.Errorf("second PutArticle(a1): Seq = %d, want the stored %d", again.Seq, a.Seq)
	}
	got, err := s.Article(ctx, "a1")
	must(t, err)
	checkArticle(t, got, a)
	hits, err := s.Search(ctx, "changed", 10)
	must(t, err)
	if len(hits) != 0 {
		t.Errorf("ignored article text is searchable: %+v", hits)
	}
	n, err := s.SourceArticles(ctx, a.Source)
	must(t, err)
	if n != 2 {
		t.Errorf("SourceArticles = %d, want 2", n)
	}
}

func testSeqOrder(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	var want []string
	var last int64
	for i := range 12 {
		// Ids out of lexical order: Seq is arrival order, not id order.
		a := &storyline.Article{ID: fmt.Sprintf("z%02d", 40-3*i), Text: "text"}
		mustPut(t, s, a)
		if a.Seq <= last {
			t.Fatalf("Seq %d after %d", a.Seq, last)
		}
		if i == 0 && a.Seq != 1 {
			t.Errorf("first Seq = %d, want 1", a.Seq)
		}
		last = a.Seq
		want = append(want, a.ID)
	}
	all, err := s.Articles(ctx, storyline.ArticleFilter{})
	must(t, err)
	if got := ids(all); !slices.Equal(got, want) {
		t.Errorf("Articles() = %v, want %v", got, want)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq {
			t.Errorf("Seq not increasing: %d then %d", all[i-1].Seq, all[i].Seq)
		}
	}
}

func testArticleFilters(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	type spec struct {
		id, source, lang string
		pub              time.Time
	}
	specs := []spec{
		{"a", "bbc", "en", t0},
		{"b", "rbc", "ru", t0.Add(time.Hour)},
		{"c", "bbc", "en", t0.Add(2 * time.Hour)},
		{"d", "dw", "de", time.Time{}},
		{"e", "bbc", "de", t0.Add(3 * time.Hour)},
	}
	seqs := map[string]int64{}
	for _, sp := range specs {
		a := &storyline.Article{ID: sp.id, Source: sp.source, Lang: sp.lang, Published: sp.pub, Text: "x"}
		mustPut(t, s, a)
		seqs[sp.id] = a.Seq
	}
	must(t, s.Assign(ctx, "a", "s1", ""))
	must(t, s.Assign(ctx, "c", "s1", "a"))
	must(t, s.Assign(ctx, "b", "s2", ""))
	tests := []struct {
		name string
		f    storyline.ArticleFilter
		want []string
	}{
		{"all", storyline.ArticleFilter{}, []string{"a", "b", "c", "d", "e"}},
		{"ids", storyline.ArticleFilter{IDs: []string{"e", "a", "missing"}}, []string{"a", "e"}},
		{"story", storyline.ArticleFilter{Story: "s1"}, []string{"a", "c"}},
		{"no such story", storyline.ArticleFilter{Story: "s9"}, nil},
		{"source", storyline.ArticleFilter{Source: "bbc"}, []string{"a", "c", "e"}},
		{"lang", storyline.ArticleFilter{Lang: "de"}, []string{"d", "e"}},
		{"since", storyline.ArticleFilter{Since: t0.Add(time.Hour)}, []string{"b", "c", "e"}},
		{"until", storyline.ArticleFilter{Until: t0.Add(2 * time.Hour)}, []string{"a", "b"}},
		{"since until", storyline.ArticleFilter{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, []string{"b", "c"}},
		{"after", storyline.ArticleFilter{After: seqs["c"]}, []string{"d", "e"}},
		{"limit", storyline.ArticleFilter{Limit: 2}, []string{"a", "b"}},
		{"after limit", storyline.ArticleFilter{After: seqs["a"], Limit: 2}, []string{"b", "c"}},
		{"source lang", storyline.ArticleFilter{Source: "bbc", Lang: "en"}, []string{"a", "c"}},
		{"combined", storyline.ArticleFilter{IDs: []string{"a", "c", "e"}, Source: "bbc", Since: t0.Add(time.Minute), Limit: 1}, []string{"c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Articles(ctx, tt.f)
			must(t, err)
			if g := ids(got); !slices.Equal(g, tt.want) && !(len(g) == 0 && len(tt.want) == 0) {
				t.Errorf("Articles(%+v) = %v, want %v", tt.f, g, tt.want)
			}
		})
	}
}

func testHasArticles(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	mustPut(t, s, &storyline.Article{ID: "x"})
	mustPut(t, s, &storyline.Article{ID: "y"})
	got, err := s.HasArticles(ctx, []string{"x", "nope", "y", "x"})
	must(t, err)
	want := map[string]bool{"x": true, "y": true, "nope": false}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HasArticles = %v, want %v", got, want)
	}
	got, err = s.HasArticles(ctx, nil)
	must(t, err)
	if len(got) != 0 {
		t.Errorf("HasArticles(nil) = %v", got)
	}
}

func testAssign(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	mustPut(t, s, fullArticle("a"))
	mustPut(t, s, fullArticle("b"))
	must(t, s.Assign(ctx, "b", "s1", "a"))
	got, err := s.Article(ctx, "b")
	must(t, err)
	if got.StoryID != "s1" || got.DuplicateOf != "a" {
		t.Errorf("after Assign: story %q duplicate_of %q", got.StoryID, got.DuplicateOf)
	}
	// Re-assignment moves the article and clears the duplicate link.
	must(t, s.Assign(ctx, "b", "s2", ""))
	got, err = s.Article(ctx, "b")
	must(t, err)
	if got.StoryID != "s2" || got.DuplicateOf != "" {
		t.Errorf("after re-Assign: story %q duplicate_of %q", got.StoryID, got.DuplicateOf)
	}
	want := fullArticle("b")
	want.StoryID, want.Seq = "s2", got.Seq
	checkArticle(t, got, want) // nothing else changed
}

func testNotFound(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	mustPut(t, s, &storyline.Article{ID: "a"})
	_, errA := s.Article(ctx, "missing")
	_, errS := s.Story(ctx, "missing")
	errAssign := s.Assign(ctx, "missing", "s1", "")
	for name, err := range map[string]error{"Article": errA, "Story": errS, "Assign": errAssign} {
		if code := storyline.ErrorCode(err); code != storyline.ENOTFOUND {
			t.Errorf("%s(missing): code %q (%v), want %q", name, code, err, storyline.ENOTFOUND)
		}
		var se *storyline.Error
		if errors.As(err, &se) && (se.Op != name || se.Input != "missing") {
			t.Errorf("%s(missing): Op %q, Input %q; want the method name and the id", name, se.Op, se.Input)
		}
	}
}

func testStoryRoundTrip(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	full := &storyline.Story{ID: "s1", Headline: "Harbour deal", Articles: []string{"b", "a", "c"},
		First: t0, Last: t0.Add(48 * time.Hour), Sources: []string{"x.org", "y.org"}, Brief: fullBrief()}
	bare := &storyline.Story{ID: "s2"}
	emptyBrief := &storyline.Story{ID: "s3", Articles: []string{"a"}, Brief: &storyline.Brief{}}
	for _, st := range []*storyline.Story{full, bare, emptyBrief} {
		want := *st
		must(t, s.PutStory(ctx, st))
		if st.Updated <= 0 {
			t.Errorf("%s: Updated = %d after PutStory", st.ID, st.Updated)
		}
		want.Updated = st.Updated
		got, err := s.Story(ctx, st.ID)
		must(t, err)
		checkStory(t, got, &want)
	}
	if !(full.Updated < bare.Updated && bare.Updated < emptyBrief.Updated) {
		t.Errorf("Updated not increasing: %d, %d, %d", full.Updated, bare.Updated, emptyBrief.Updated)
	}
}

func testPutStoryReplace(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	for _, a := range []*storyline.Article{fullArticle("a"), fullArticle("b")} {
		a.Source = "src-" + a.ID
		mustPut(t, s, a)
	}
	first := &storyline.Story{ID: "s1", Headline: "Old", Articles: []string{"a"}, Sources: []string{"src-a"}, Brief: fullBrief(), First: t0, Last: t0}
	must(t, s.PutStory(ctx, first))
	second := &storyline.Story{ID: "s1", Headline: "New", Articles: []string{"b", "a"}, Sources: []string{"src-b", "src-a"}, First: t0, Last: t0.Add(time.Hour)}
	must(t, s.PutStory(ctx, second))
	if second.Updated <= first.Updated {
		t.Errorf("Updated %d after replacing %d", second.Updated, first.Updated)
	}
	got, err := s.Story(ctx, "s1")
	must(t, err)
	checkStory(t, got, second)
	list, total, err := s.Stories(ctx, storyline.StoryFilter{})
	must(t, err)
	if total != 1 || len(list) != 1 {
		t.Errorf("Stories after replace: %d stories, total %d; want 1", len(list), total)
	}
	// Membership follows the replacement: b now belongs to s1.
	list, _, err = s.Stories(ctx, storyline.StoryFilter{Source: "src-b"})
	must(t, err)
	if g := storyIDs(list); !slices.Equal(g, []string{"s1"}) {
		t.Errorf("Stories(Source: src-b) = %v, want [s1]", g)
	}
	third := &storyline.Story{ID: "s1", Headline: "Shrunk", Articles: []string{"a"}, Sources: []string{"src-a"}}
	must(t, s.PutStory(ctx, third))
	list, _, err = s.Stories(ctx, storyline.StoryFilter{Source: "src-b"})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("Stories(Source: src-b) after removing b = %v", storyIDs(list))
	}
}

func testStoriesOrderPaging(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	put := func(id string, last time.Time) {
		t.Helper()
		must(t, s.PutStory(ctx, &storyline.Story{ID: id, Headline: id, First: last.Add(-time.Hour), Last: last}))
	}
	// Put in an order that differs from the expected listing.
	put("s-undated", time.Time{})
	put("s-old", t0)
	put("s-b", t0.Add(2*time.Hour)) // same Last as s-a and s-c, changed earlier
	put("s-new", t0.Add(5*time.Hour))
	put("s-c", t0.Add(2*time.Hour))
	put("s-a", t0.Add(2*time.Hour))
	put("s-undated2", time.Time{})
	// Equal Last: the later change first. Undated stories last.
	want := []string{"s-new", "s-a", "s-c", "s-b", "s-old", "s-undated2", "s-undated"}
	list, total, err := s.Stories(ctx, storyline.StoryFilter{})
	must(t, err)
	if g := storyIDs(list); !slices.Equal(g, want) || total != len(want) {
		t.Errorf("Stories() = %v (total %d), want %v (total %d)", g, total, want, len(want))
	}
	var paged []string
	for off := 0; off < len(want)+2; off += 3 {
		page, total, err := s.Stories(ctx, storyline.StoryFilter{Offset: off, Limit: 3})
		must(t, err)
		if total != len(want) {
			t.Errorf("page at %d: total %d, want %d", off, total, len(want))
		}
		if len(page) > 3 {
			t.Errorf("page at %d has %d stories", off, len(page))
		}
		paged = append(paged, storyIDs(page)...)
	}
	if !slices.Equal(paged, want) {
		t.Errorf("pages = %v, want %v", paged, want)
	}
	page, total, err := s.Stories(ctx, storyline.StoryFilter{Offset: 100, Limit: 3})
	must(t, err)
	if len(page) != 0 || total != len(want) {
		t.Errorf("page past the end: %v, total %d", storyIDs(page), total)
	}
	// Re-putting an older story moves it before its equals.
	put("s-b", t0.Add(2*time.Hour))
	list, _, err = s.Stories(ctx, storyline.StoryFilter{Limit: 2})
	must(t, err)
	if g := storyIDs(list); !slices.Equal(g, []string{"s-new", "s-b"}) {
		t.Errorf("after re-putting s-b: %v", g)
	}
}

func testStoriesFilters(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	arts := []*storyline.Article{
		{ID: "a1", Source: "bbc", Lang: "en", Title: "Election results", Text: "Voters elected a new parliament.", Published: t0},
		{ID: "a2", Source: "rbc", Lang: "ru", Title: "Выборы", Text: "Избиратели выбрали новый парламент.", Published: t0.Add(time.Hour)},
		{ID: "a3", Source: "dw", Lang: "de", Title: "Hochwasser", Text: "Die Flut erreichte Köln.", Published: t0.Add(72 * time.Hour)},
		{ID: "a4", Source: "bbc", Lang: "en", Title: "Flood", Text: "Floods reached Cologne.", Published: t0.Add(73 * time.Hour)},
	}
	for _, a := range arts {
		mustPut(t, s, a)
	}
	must(t, s.PutStory(ctx, &storyline.Story{ID: "vote", Articles: []string{"a1", "a2"}, Sources: []string{"bbc", "rbc"}, First: t0, Last: t0.Add(time.Hour)}))
	must(t, s.PutStory(ctx, &storyline.Story{ID: "flood", Articles: []string{"a3", "a4"}, Sources: []string{"dw", "bbc"}, First: t0.Add(72 * time.Hour), Last: t0.Add(73 * time.Hour)}))
	must(t, s.PutStory(ctx, &storyline.Story{ID: "empty"}))
	tests := []struct {
		name string
		f    storyline.StoryFilter
		want []string
	}{
		{"all", storyline.StoryFilter{}, []string{"flood", "vote", "empty"}},
		{"q", storyline.StoryFilter{Q: "parliament"}, []string{"vote"}},
		{"q stemmed", storyline.StoryFilter{Q: "flooding"}, []string{"flood"}},
		{"q folded", storyline.StoryFilter{Q: "KOLN"}, []string{"flood"}},
		{"q cyrillic", storyline.StoryFilter{Q: "парламент"}, []string{"vote"}},
		{"q none", storyline.StoryFilter{Q: "volcano"}, nil},
		{"q punctuation only", storyline.StoryFilter{Q: "\"(*"}, nil},
		{"source", storyline.StoryFilter{Source: "bbc"}, []string{"flood", "vote"}},
		{"source one", storyline.StoryFilter{Source: "rbc"}, []string{"vote"}},
		{"lang", storyline.StoryFilter{Lang: "de"}, []string{"flood"}},
		{"since", storyline.StoryFilter{Since: t0.Add(2 * time.Hour)}, []string{"flood"}},
		{"until", storyline.StoryFilter{Until: t0.Add(2 * time.Hour)}, []string{"vote"}},
		{"since until overlap", storyline.StoryFilter{Since: t0.Add(30 * time.Minute), Until: t0.Add(72*time.Hour + time.Minute)}, []string{"flood", "vote"}},
		{"source lang", storyline.StoryFilter{Source: "bbc", Lang: "ru"}, []string{"vote"}},
		{"q source", storyline.StoryFilter{Q: "parliament", Source: "dw"}, nil},
		{"id prefix", storyline.StoryFilter{IDPrefix: "fl"}, []string{"flood"}},
		{"id prefix whole", storyline.StoryFilter{IDPrefix: "vote"}, []string{"vote"}},
		{"id prefix e", storyline.StoryFilter{IDPrefix: "e"}, []string{"empty"}},
		{"id prefix none", storyline.StoryFilter{IDPrefix: "x"}, nil},
		{"id prefix longer", storyline.StoryFilter{IDPrefix: "votes"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.Stories(ctx, tt.f)
			must(t, err)
			if g := storyIDs(got); !slices.Equal(g, tt.want) && !(len(g) == 0 && len(tt.want) == 0) {
				t.Errorf("Stories(%+v) = %v, want %v", tt.f, g, tt.want)
			}
			if total != len(tt.want) {
				t.Errorf("Stories(%+v): total %d, want %d", tt.f, total, len(tt.want))
			}
		})
	}
}

func testSearch(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	arts := []*storyline.Article{
		{ID: "a1", Title: "Ferry sinks near harbour", Text: "A ferry sank near the harbour of Tallinn. Rescuers pulled 40 people from the water."},
		{ID: "a2", Title: "Harbour strike", Text: "Dock workers went on strike at the harbour on Monday."},
		{ID: "a3", Title: "Crème brûlée festival", Text: "The café served crème brûlée to a thousand guests."},
		{ID: "a4", Title: "Новости", Text: "Паром затонул у гавани Таллина."},
		{ID: "a5", Title: "港口大桥关闭", Text: "东桥市议会决定关闭港口大桥进行维修。", Lang: "zh"},
	}
	for _, a := range arts {
		mustPut(t, s, a)
	}
	must(t, s.Assign(ctx, "a1", "ferry", ""))
	tests := []struct {
		q    string
		want []string // sorted ids of the hits
	}{
		{"harbour", []string{"a1", "a2"}},
		{"Harbour ferry", []string{"a1"}},
		{"ferries", []string{"a1"}},      // stemmed
		{"creme brulee", []string{"a3"}}, // folded
		{"CAFÉ", []string{"a3"}},
		{"паром", []string{"a4"}},
		{`"dock workers"`, []string{"a2"}},
		{`"workers dock"`, nil},
		{"harb*", []string{"a1", "a2"}},
		{"submarine", nil},
		{"", nil},
		{`AND OR NOT ( ) " ^ : -`, nil},
		{`(harbour)^`, []string{"a1", "a2"}},
		// Chinese: runs of characters match as pairs of characters.
		{"大桥", []string{"a5"}},
		{"港口大桥", []string{"a5"}},
		{"议会 维修", []string{"a5"}},
		{"大桥港口", nil},
		{"桥", []string{"a5"}},
		{"暴风雪", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.q, 10)
			must(t, err)
			var got []string
			for _, h := range hits {
				got = append(got, h.Article)
				if h.Snippet == "" || h.Title == "" {
					t.Errorf("hit %+v: empty snippet or title", h)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
	hits, err := s.Search(ctx, "ferry", 10)
	must(t, err)
	if len(hits) != 1 || hits[0].Story != "ferry" || hits[0].Title != arts[0].Title {
		t.Errorf("Search(ferry) = %+v, want a1 in story ferry", hits)
	}
	hits, err = s.Search(ctx, "harbour", 1)
	must(t, err)
	if len(hits) != 1 {
		t.Errorf("Search(harbour, limit 1) = %d hits", len(hits))
	}
	hits, err = s.Search(ctx, "harbour", 10)
	must(t, err)
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hits not best first: %+v", hits)
		}
	}
}

func testLines(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	const big = uint64(1) << 63 // beyond int64
	for _, a := range []*storyline.Article{
		{ID: "a", Source: "bbc"}, {ID: "b", Source: "bbc"}, {ID: "c", Source: "bbc"}, {ID: "d", Source: "rbc"},
	} {
		mustPut(t, s, a)
	}
	must(t, s.AddLines(ctx, "bbc", "a", []uint64{1, 2, big, math.MaxUint64}))
	must(t, s.AddLines(ctx, "bbc", "b", []uint64{1, 2, 2, big}))
	must(t, s.AddLines(ctx, "bbc", "c", []uint64{1}))
	must(t, s.AddLines(ctx, "bbc", "c", []uint64{1})) // again: counts once
	must(t, s.AddLines(ctx, "rbc", "d", []uint64{1, 2, 3}))
	must(t, s.AddLines(ctx, "rbc", "d", nil))
	got, err := s.LineCounts(ctx, "bbc", []uint64{1, 2, 3, big, math.MaxUint64, 0})
	must(t, err)
	want := map[uint64]int{1: 3, 2: 2, big: 2, math.MaxUint64: 1}
	for h, n := range want {
		if got[h] != n {
			t.Errorf("LineCounts(bbc)[%d] = %d, want %d", h, got[h], n)
		}
	}
	for h, n := range got {
		if n != want[h] {
			t.Errorf("LineCounts(bbc)[%d] = %d, want %d", h, n, want[h])
		}
	}
	got, err = s.LineCounts(ctx, "rbc", []uint64{1, 3, big})
	must(t, err)
	if got[1] != 1 || got[3] != 1 || got[big] != 0 {
		t.Errorf("LineCounts(rbc) = %v", got)
	}
	got, err = s.LineCounts(ctx, "nobody", []uint64{1})
	must(t, err)
	if got[1] != 0 {
		t.Errorf("LineCounts(nobody) = %v", got)
	}
	for src, n := range map[string]int{"bbc": 3, "rbc": 1, "nobody": 0} {
		got, err := s.SourceArticles(ctx, src)
		must(t, err)
		if got != n {
			t.Errorf("SourceArticles(%s) = %d, want %d", src, got, n)
		}
	}
}

// testConcurrent runs readers of every kind while one goroutine writes.
func testConcurrent(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	const n = 30
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range n {
			a := Sample(uint64(i), 600)
			if _, err := s.PutArticle(ctx, a); err != nil {
				errs <- err
				return
			}
			if i%5 == 0 {
				st := &storyline.Story{ID: fmt.Sprintf("s%d", i/5), Articles: []string{a.ID}, Last: a.Published}
				if err := s.PutStory(ctx, st); err != nil {
					errs <- err
					return
				}
			}
			if err := s.AddLines(ctx, a.Source, a.ID, []uint64{uint64(i), 7}); err != nil {
				errs <- err
				return
			}
		}
	}()
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				case <-time.After(time.Millisecond): // leave the writer room on small machines
				}
				var err error
				switch r {
				case 0:
					var as []*storyline.Article
					as, err = s.Articles(ctx, storyline.ArticleFilter{Limit: 5})
					if err == nil && len(as) > 0 {
						_, err = s.Article(ctx, as[len(as)-1].ID)
					}
				case 1:
					_, _, err = s.Stories(ctx, storyline.StoryFilter{Limit: 3})
				case 2:
					_, err = s.Search(ctx, "sample", 5)
					if err == nil {
						_, err = s.LineCounts(ctx, "source1.example", []uint64{7})
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := s.Articles(ctx, storyline.ArticleFilter{})
	must(t, err)
	if len(all) != n {
		t.Errorf("%d articles after concurrent writes, want %d", len(all), n)
	}
}
