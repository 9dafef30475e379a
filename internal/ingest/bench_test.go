package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
)

// sharedDir returns $STORYLINE_SHARED or ../shared beside the repository
// root; benchmarks that need it skip without it.
func sharedDir(b *testing.B) string {
	if d := os.Getenv("STORYLINE_SHARED"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(d), "shared")
		}
	}
	b.Skip("no shared data")
	return ""
}

// BenchmarkReadJSONL reads the Multi-News dev set (690 articles, JSON Lines).
func BenchmarkReadJSONL(b *testing.B) {
	p := filepath.Join(sharedDir(b), "data", "dev", "multinews-val", "articles.jsonl")
	if _, err := os.Stat(p); err != nil {
		b.Skip("no multinews-val")
	}
	n := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := Read(context.Background(), []string{p}, nil, DefaultOptions(),
			func(storyline.RawArticle) error { n++; return nil }, func(storyline.InputError) {})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}
