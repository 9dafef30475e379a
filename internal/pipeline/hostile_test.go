package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/analyze"
	"github.com/storyline/storyline/internal/brief"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/hostile"
)

// prepareBrief cleans, analyses and briefs one text as a story of its own:
// the per-article work of a run.
func prepareBrief(text string) *storyline.Brief {
	a, err := clean.Clean(storyline.RawArticle{Input: "hostile.txt", Text: text}, clean.DefaultOptions())
	if err != nil {
		panic(err)
	}
	Analyze(a, analyze.DefaultOptions())
	return brief.Build([]*storyline.Article{a}, brief.DefaultOptions())
}

// TestHostileLinear: no text makes cleaning, analysis or the brief grow
// faster than its length (quotes in the same words, the same names and
// figures over and over, a text without a sentence end, one endless word).
func TestHostileLinear(t *testing.T) {
	for _, s := range hostile.Shapes {
		t.Run(s.Name, func(t *testing.T) {
			hostile.CheckLinear(t, s, func(text string) { prepareBrief(text) })
		})
	}
}

// TestHostileStory: a story of many long articles in the same words costs
// about the articles' total length, through a real run.
func TestHostileStory(t *testing.T) {
	dir := t.TempDir()
	run := func(text string) {
		path := filepath.Join(dir, "story.jsonl")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res := ingestAll(t, openStore(t, ":memory:"), DefaultOptions(), path)
		if res.New != strings.Count(text, "\n") {
			t.Fatalf("%d articles stored of %d", res.New, strings.Count(text, "\n"))
		}
	}
	hostile.CheckLinear(t, hostile.Shape{Name: "story", Text: func(seed uint64, n int) string {
		return hostile.Story(seed, max(1, n/(8<<10)), 8<<10)
	}}, run)
}

// BenchmarkHostile is the per-article work on 1 MB of each worst-case
// shape (bytes per second; compare with BenchmarkRun's real articles).
func BenchmarkHostile(b *testing.B) {
	for _, s := range hostile.Shapes {
		text := s.Text(1, 1<<20)
		b.Run(fmt.Sprintf("%s-1MB", s.Name), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				prepareBrief(text)
			}
		})
	}
}
