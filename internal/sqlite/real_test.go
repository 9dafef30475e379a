package sqlite

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/hostile"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// devArticles reads up to max articles of the shared development sets
// (all of them when max <= 0) with the analysis this package stores:
// sentences and tokens from internal/text.
func devArticles(tb testing.TB, max int) []*storyline.Article {
	dir := sharedtest.Dir(tb)
	sets := []string{"multinews-val", "ecbplus-dev", "basil-dev"}
	if _, err := os.Stat(filepath.Join(dir, "data", "dev", sets[0], "articles.jsonl")); err != nil {
		tb.Skipf("no dev sets at %s", dir)
	}
	var out []*storyline.Article
	for _, set := range sets {
		f, err := os.Open(filepath.Join(dir, "data", "dev", set, "articles.jsonl"))
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() && (max <= 0 || len(out) < max) {
			var in struct {
				ID, Title, Text, Source, URL string
				Published                    *string
			}
			if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
				tb.Fatal(err)
			}
			a := &storyline.Article{ID: in.ID, Input: set, Format: storyline.FormatText, Title: in.Title,
				Text: in.Text, Source: in.Source, URL: in.URL, Lang: "en", Raw: append([]byte(nil), sc.Bytes()...)}
			if in.Published != nil {
				a.Published, _ = time.Parse("2006-01-02", *in.Published)
			}
			a.Sentences = text.Sentences(a.Text)
			a.Tokens = text.Tokens(a.Text, a.Lang)
			out = append(out, a)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// TestRealArticles stores real articles and checks that each comes back
// whole and can be found by a rare word of its own.
func TestRealArticles(t *testing.T) {
	n := 25
	if testing.Short() {
		n = 10
	}
	articles := devArticles(t, n)
	ctx := context.Background()
	db := openFile(t)
	for _, a := range articles {
		if _, err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range articles {
		got, err := db.Article(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != want.Text || len(got.Tokens) != len(want.Tokens) || len(got.Sentences) != len(want.Sentences) ||
			string(got.Raw) != string(want.Raw) || !got.Published.Equal(want.Published) {
			t.Errorf("%s does not round-trip", want.ID)
		}
		// The longest token of the article, as a query, finds it.
		var word string
		for _, tok := range want.Tokens {
			if w := want.Slice(tok.Span); len(w) > len(word) && !strings.ContainsAny(w, "0123456789") {
				word = w
			}
		}
		if word == "" {
			continue
		}
		hits, err := db.Search(ctx, word, 100)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hits {
			found = found || h.Article == want.ID
		}
		if !found {
			t.Errorf("Search(%q) does not find %s", word, want.ID)
		}
	}
}

// BenchmarkIngestDev stores every article of the shared development sets
// (about 1,600, analysed with internal/text beforehand) into a new file
// store, one PutArticle call each as the pipeline makes them, then runs one
// search (which indexes the remaining articles).
func BenchmarkIngestDev(b *testing.B) {
	articles := devArticles(b, 0)
	ctx := context.Background()
	var total int
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "dev.db")
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		c := cpuTime()
		b.StartTimer()
		for _, a := range articles {
			a := *a
			if _, err := db.PutArticle(ctx, &a); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := db.Search(ctx, "president", 10); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - c
		total += len(articles)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	reportRate(b, total, cpu)
}

// BenchmarkSearch runs full-text queries, with snippets, over the stored
// development sets (about 1,600 articles).
func BenchmarkSearch(b *testing.B) {
	articles := devArticles(b, 0)
	ctx := context.Background()
	db := openFile(b)
	err := db.Batch(ctx, func(tx storyline.Store) error {
		for _, a := range articles {
			if _, err := tx.PutArticle(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// The worst cases: a word 200 times (searched once), and the most
	// distinct words a query may have, common ones.
	common := strings.Fields("the said and to of in a for on that is was with by he it at from as his " +
		"have be are has but not they who an were will their had been")
	for _, q := range []string{"president", "earthquake killed", `"prime minister"`, "electi*", "police shooting suspect",
		hostile.Query(200, false), strings.Join(common[:storyline.MaxQueryTerms], " ")} {
		b.Run(fmt.Sprintf("%.30s", q), func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Search(ctx, q, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
