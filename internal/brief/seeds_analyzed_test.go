package brief

import (
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/analyze"
	"github.com/storyline/storyline/internal/text"
)

// TestSeedsAnalyzed checks the acceptance points of the seeds that need the
// per-article analysis (quotes, figures, dates): internal/analyze runs here
// in the test only, as the pipeline would run it before the brief.
func TestSeedsAnalyzed(t *testing.T) {
	arts := seedArticles(t)
	for _, a := range arts {
		analyze.Analyze(a, analyze.DefaultOptions())
	}
	b := Build(arts, DefaultOptions())
	checkCitations(t, arts, b)

	// (a) Lavrov's direct quote: one group, >= 2 outlets' direct wordings,
	// speaker Sergei or Sergey Lavrov.
	ok := false
	for _, q := range b.Quotes {
		direct := map[string]bool{}
		war := false
		for _, v := range q.Variants {
			if v.Direct {
				direct[v.Article] = true
			}
			war = war || strings.Contains(text.Fold(v.Text), "war")
		}
		if war && len(direct) >= 2 && (q.Speaker == "Sergei Lavrov" || q.Speaker == "Sergey Lavrov") {
			ok = true
		}
	}
	if !ok {
		t.Error("(a) no Lavrov quote group with two outlets' direct wordings")
		for _, q := range b.Quotes {
			t.Logf("%q: %+v", q.Speaker, q.Variants)
		}
	}
	// (b) 100,000 troops in >= 3 articles, 8,500 troops in 2.
	want := map[float64]int{100000: 3, 8500: 2}
	for _, f := range b.Figures {
		if n, ok := want[f.Value]; ok && f.Unit == "troops" {
			if len(f.Articles) < n {
				t.Errorf("(b) %s in %v, want >= %d articles", f.Text, f.Articles, n)
			}
			delete(want, f.Value)
		}
		for _, c := range f.Citations {
			if a := arts[indexOf(arts, c.Article)]; !strings.Contains(a.Text[c.Start:c.End], f.Text[:1]) {
				t.Errorf("figure %q cites %q", f.Text, a.Text[c.Start:c.End])
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("(b) figures missing: %v", want)
	}
	// (d) "some 14,000 people have died" is a single-source claim of 002,
	// listed in 002's coverage: a toll only one outlet reports is among the
	// notable single-source claims (figureClaimBonus).
	ci := -1
	for i, c := range b.Claims {
		if strings.Contains(c.Text, "some 14,000 people have died") {
			ci = i
			if !c.SingleSource || c.Sources != 1 || len(c.Articles) != 1 || c.Articles[0] != "002" {
				t.Errorf("(d) claim %+v: want single-source of 002", c)
			}
		}
	}
	if ci < 0 {
		t.Error("(d) no claim with 'some 14,000 people have died'")
	}
	for _, cov := range b.Coverage {
		has := false
		for _, k := range cov.Claims {
			has = has || k == ci
			if !b.Claims[k].SingleSource {
				t.Errorf("coverage of %s lists claim %d which is not single-source", cov.Source, k)
			}
		}
		if has != slices.Contains(cov.Articles, "002") {
			t.Errorf("coverage of %q %v: has claim (d) = %v", cov.Source, cov.Articles, has)
		}
	}
	checkClaimBounds(t, b)
	// (e) "Friday" in dated articles resolves to 2022-01-28.
	fridays := 0
	for _, e := range b.Timeline {
		if strings.Contains(e.Text, "Friday") {
			if e.Date != "2022-01-28" {
				t.Errorf("(e) %q dated %s", e.Text, e.Date)
			}
			fridays++
		}
		for _, c := range e.Citations {
			a := arts[indexOf(arts, c.Article)]
			if c.Start > c.End || c.End > len(a.Text) {
				t.Errorf("timeline citation out of range: %+v", c)
			}
		}
	}
	if fridays == 0 {
		t.Error("(e) no timeline event on Friday")
	}
	// Entities: Lavrov is one entity whatever the spelling.
	lavrovs := 0
	for _, e := range b.Entities {
		if strings.Contains(e.Name, "Lavrov") {
			lavrovs++
		}
	}
	if lavrovs != 1 {
		t.Errorf("%d Lavrov entities, want 1", lavrovs)
	}
}

func indexOf(arts []*storyline.Article, id string) int {
	for i, a := range arts {
		if a.ID == id {
			return i
		}
	}
	return -1
}
