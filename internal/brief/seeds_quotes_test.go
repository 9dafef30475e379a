package brief

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/analyze"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// TestSeedsQuoteGroups cleans and analyses the seeds as the pipeline does
// (the cleaner finds each headline) and checks the quotes of the brief:
// one group per person (Lavrov, Putin, Stoltenberg, whatever the outlets'
// spellings) and no headline among the quotes.
func TestSeedsQuoteGroups(t *testing.T) {
	dir := sharedtest.Data(t, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Skipf("seeds not found in %s", dir)
	}
	sort.Strings(files)
	var arts []*storyline.Article
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := clean.Clean(storyline.RawArticle{ID: filepath.Base(f), Input: f, Format: storyline.FormatText, Text: string(raw), Lang: "en"}, clean.DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		a.Sentences, a.Tokens = text.Sentences(a.Text), text.Tokens(a.Text, "en")
		analyze.Analyze(a, analyze.DefaultOptions())
		arts = append(arts, a)
	}
	b := Build(arts, DefaultOptions())
	heads := map[string][]string{}
	for _, g := range b.Quotes {
		if g.Speaker != "" && !isDescription(g.Speaker) {
			k := text.Surname(g.Speaker)
			heads[k] = append(heads[k], g.Speaker)
		}
		for _, v := range g.Variants {
			for _, a := range arts {
				if a.ID == v.Article && a.Title != "" && strings.Contains(a.Title, v.Text) {
					t.Errorf("headline quoted: %q (%s)", v.Text, g.Speaker)
				}
			}
		}
	}
	for _, who := range []string{"lavrov", "putin", "stoltenberg"} {
		if len(heads[who]) != 1 {
			t.Errorf("%s heads %d quote groups %q, want 1", who, len(heads[who]), heads[who])
		}
	}
	for who, gs := range heads {
		if len(gs) > 1 {
			t.Errorf("%s heads %d quote groups: %q", who, len(gs), gs)
		}
	}
}
