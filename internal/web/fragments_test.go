package web

import (
	"context"
	"html/template"
	"strings"
	"testing"

	"github.com/storyline/storyline"
)

// TestEscMatchesTemplate checks that esc escapes as html/template does in
// text and in quoted attribute values.
func TestEscMatchesTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	for _, s := range []string{"", "plain", `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`,
		`a "b" 'c' & d + e`, "nul\x00byte", "bad \xff utf-8 é", "&amp; already"} {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		esc(&got, s)
		got.WriteString(`">`)
		esc(&got, s)
		got.WriteString(`</p>`)
		if got.String() != want.String() {
			t.Errorf("esc(%q):\n got %s\nwant %s", s, got.String(), want.String())
		}
	}
}

// liteStore offers the optional light reads of *sqlite.DB (StoryList,
// ArticlesLite) over the fake store.
type liteStore struct{ storyline.Store }

func (l liteStore) StoryList(ctx context.Context, f storyline.StoryFilter, n int) ([]*storyline.Story, int, error) {
	list, total, err := l.Stories(ctx, f)
	out := make([]*storyline.Story, 0, len(list))
	for _, st := range list {
		c := *st
		if c.Brief != nil {
			c.Brief = &storyline.Brief{Entities: c.Brief.Entities[:min(n, len(c.Brief.Entities))]}
		}
		out = append(out, &c)
	}
	return out, total, err
}

func (l liteStore) ArticlesLite(ctx context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	arts, err := l.Articles(ctx, f)
	out := make([]*storyline.Article, 0, len(arts))
	for _, a := range arts {
		out = append(out, &storyline.Article{ID: a.ID, Input: a.Input, Format: a.Format, Title: a.Title,
			Source: a.Source, URL: a.URL, Published: a.Published, Lang: a.Lang, MachineTranslated: a.MachineTranslated,
			NewsID: a.NewsID, Text: a.Text, StoryID: a.StoryID, DuplicateOf: a.DuplicateOf, Seq: a.Seq})
	}
	return out, err
}

// TestLightReadsSameOutput checks that serving through the light reads
// gives the same pages and API answers as the full ones.
func TestLightReadsSameOutput(t *testing.T) {
	full := newTestServer(t, fixtureStore(), Options{})
	lite := newTestServer(t, liteStore{fixtureStore()}, Options{})
	for _, path := range []string{"/", "/api/stories", "/stories/story-harbor", "/stories/story-hostile",
		"/api/stories/story-harbor", "/api/stories/story-harbor?text=1"} {
		a, b := do(t, full, "GET", path, "", ""), do(t, lite, "GET", path, "", "")
		if a.status != 200 || string(a.body) != string(b.body) {
			t.Errorf("%s: status %d; light reads give a different answer", path, a.status)
		}
	}
}
