package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

func TestOutletLabel(t *testing.T) {
	tests := []struct {
		a    storyline.Article
		i    int
		want string
	}{
		{storyline.Article{Source: "BBC", URL: "https://www.bbc.co.uk/x"}, 0, "BBC"},
		{storyline.Article{URL: "https://www.bbc.co.uk/x"}, 0, "bbc.co.uk"},
		{storyline.Article{URL: "not a url"}, 2, "article 3"},
		{storyline.Article{}, 0, "article 1"},
	}
	for _, tt := range tests {
		if got := outletLabel(&tt.a, tt.i); got != tt.want {
			t.Errorf("outletLabel(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

func TestFmtSpan(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		first, last time.Time
		want        string
	}{
		{time.Time{}, time.Time{}, "undated"},
		{d("2022-01-28T08:00:00Z"), d("2022-01-28T20:00:00Z"), "28 Jan 2022"},
		{d("2022-01-27T08:00:00Z"), d("2022-01-28T20:00:00Z"), "27–28 Jan 2022"},
		{d("2022-01-30T08:00:00Z"), d("2022-02-02T20:00:00Z"), "30 Jan – 2 Feb 2022"},
		{d("2021-12-30T08:00:00Z"), d("2022-01-02T20:00:00Z"), "30 Dec 2021 – 2 Jan 2022"},
		{time.Time{}, d("2022-01-02T20:00:00Z"), "2 Jan 2022"},
	}
	for _, tt := range tests {
		if got := fmtSpan(tt.first, tt.last); got != tt.want {
			t.Errorf("fmtSpan(%v, %v) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}

// TestStoryPageFolds checks that long lists fold and that nothing is lost.
func TestStoryPageFolds(t *testing.T) {
	var arts []*storyline.Article
	b := &storyline.Brief{}
	for i := 0; i < 3; i++ {
		arts = append(arts, &storyline.Article{ID: fmt.Sprint("a", i), Text: "Some text."})
	}
	for i := 0; i < 30; i++ {
		c := []storyline.Citation{{Article: "a0", Start: 0, End: 4}}
		b.Claims = append(b.Claims, storyline.Claim{Text: fmt.Sprint("multi ", i), Sources: 2, Citations: c})
		b.Claims = append(b.Claims, storyline.Claim{Text: fmt.Sprint("single ", i), Sources: 1, SingleSource: true, Citations: c})
		b.Quotes = append(b.Quotes, storyline.QuoteGroup{Speaker: "S", Variants: []storyline.QuoteVariant{{Text: "q", Article: "a1"}}})
		b.Timeline = append(b.Timeline, storyline.TimelineEvent{Date: "2022", Text: "e", Articles: []string{"a2"}})
		b.Entities = append(b.Entities, storyline.Entity{Name: fmt.Sprint("E", i)})
	}
	b.Quotes[29].Variants = append(b.Quotes[29].Variants, storyline.QuoteVariant{Text: "q2", Article: "a2"})
	p := buildStoryPage(&storyline.Story{ID: "s", Brief: b}, arts)
	check := func(name string, shown, more, total, fold int) {
		t.Helper()
		if shown+more != total || shown > fold {
			t.Errorf("%s: %d shown + %d folded, want %d with at most %d shown", name, shown, more, total, fold)
		}
	}
	check("claims", len(p.Claims), len(p.ClaimsMore), 30, foldClaims)
	check("singles", len(p.Singles), len(p.SinglesMore), 30, foldSingles)
	check("quotes", len(p.Quotes), len(p.QuotesMore), 30, foldQuotes)
	check("timeline", len(p.Timeline), len(p.TimelineMore), 30, foldTimeline)
	check("entities", len(p.Entities), len(p.EntitiesMore), 30, foldEntities)
	if len(p.Quotes[0].Variants) != 2 {
		t.Errorf("the statement with variants does not come first")
	}
	if p.Outlets != 3 || p.Timeline[0].Links[0].Source != "article 3" {
		t.Errorf("outlets %d, link %+v", p.Outlets, p.Timeline[0].Links)
	}
}

func TestParagraphs(t *testing.T) {
	text := "Title line\n\nFirst para. Cited here.\nSecond para.\n"
	i := len("Title line\n\nFirst para. ")
	cited := storyline.Span{Start: i, End: i + len("Cited here.")}
	tests := []struct {
		name   string
		span   storyline.Span
		marked bool
		n      int
		fits   bool
	}{
		{"no mark", storyline.Span{}, false, 3, true},
		{"mark inside a line", cited, true, 3, true},
		{"mark across lines", storyline.Span{Start: i, End: len(text) - 3}, true, 0, false},
	}
	for _, tt := range tests {
		ps, ok := paragraphs(text, tt.span, tt.marked)
		if ok != tt.fits || len(ps) != tt.n {
			t.Errorf("%s: %d paragraphs, fits %v", tt.name, len(ps), ok)
		}
		for _, p := range ps {
			if p.HasMark && p.Mark != "Cited here." {
				t.Errorf("%s: mark %q", tt.name, p.Mark)
			}
		}
	}
}
