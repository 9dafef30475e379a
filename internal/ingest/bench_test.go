package ingest

import (
	"context"
	"os"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// BenchmarkReadJSONL reads the Multi-News dev set (690 articles, JSON Lines).
func BenchmarkReadJSONL(b *testing.B) {
	p := sharedtest.Data(b, "dev", "multinews-val", "articles.jsonl")
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
