package analyze

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// devArticles reads up to n articles of a shared dev set.
func devArticles(t testing.TB, set string, n int) []*storyline.Article {
	path := sharedtest.Data(t, "dev", set, "articles.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no dev set: %v", err)
	}
	defer f.Close()
	var out []*storyline.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(out) < n {
		var r struct {
			ID, Title, Text string
			Published       *string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		a := &storyline.Article{ID: r.ID, Title: r.Title, Text: r.Text, Lang: "en"}
		if r.Published != nil {
			a.Published, _ = time.Parse("2006-01-02", *r.Published)
		}
		a.Sentences = text.Sentences(a.Text)
		out = append(out, a)
	}
	return out
}

// TestDevSets runs the analysis over real articles of the dev sets: spans
// must stay in bounds and every kind of finding must turn up.
func TestDevSets(t *testing.T) {
	n := 100
	if testing.Short() {
		n = 40
	}
	for _, set := range []string{"basil-dev", "multinews-val", "ecbplus-dev"} {
		var ents, figs, quotes, dates int
		for _, a := range devArticles(t, set, n) {
			Analyze(a, DefaultOptions())
			checkSpans(t, a)
			ents += len(a.Entities)
			figs += len(a.Figures)
			quotes += len(a.Quotes)
			dates += len(a.Dates)
			if os.Getenv("ANALYZE_DUMP") == set {
				logAnalysis(t, a)
			}
		}
		t.Logf("%s: %d entities, %d figures, %d quotes, %d dates", set, ents, figs, quotes, dates)
		if ents == 0 || figs == 0 || quotes == 0 {
			t.Errorf("%s: a kind of finding is missing", set)
		}
	}
}
