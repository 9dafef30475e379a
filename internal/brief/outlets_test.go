package brief

import (
	"testing"

	"github.com/storyline/storyline"
)

// TestOutletsOneName checks that an outlet named by its title in one
// article and only by its URL's domain in another is one outlet, and that
// an article that names none is an unnamed outlet of its own, never
// shown by its id.
func TestOutletsOneName(t *testing.T) {
	text := "The harbour council voted on Tuesday to repair the old pier. The work will cost 2 million pounds."
	arts := []*storyline.Article{
		{ID: "a1", Source: "Northgate Tribune", Text: text, Lang: "en"},
		{ID: "a2", URL: "https://www.northgatetribune.example/pier", Text: text + " Repairs start in May.", Lang: "en"},
		{ID: "a3", Text: text + " The pier opened in 1890.", Lang: "en"},
	}
	b := Build(arts, DefaultOptions())
	if len(b.Coverage) != 2 {
		t.Fatalf("coverage of %d outlets, want 2: %+v", len(b.Coverage), b.Coverage)
	}
	byArt := map[string]storyline.Coverage{}
	for _, c := range b.Coverage {
		for _, id := range c.Articles {
			byArt[id] = c
		}
	}
	if c := byArt["a1"]; c.Source != "Northgate Tribune" || len(c.Articles) != 2 {
		t.Errorf("a1's outlet %+v, want Northgate Tribune with a1 and a2", c)
	}
	if c := byArt["a3"]; c.Source != "" || len(c.Articles) != 1 {
		t.Errorf("a3's outlet %+v, want an unnamed outlet of its own", c)
	}
}
