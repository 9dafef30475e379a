package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// BenchmarkReadJSONL reads the Multi-News dev set (690 articles, 2.8 MB of
// JSON Lines), as is and gzipped; MB/s counts the decompressed bytes.
func BenchmarkReadJSONL(b *testing.B) {
	p := sharedtest.Data(b, "dev", "multinews-val", "articles.jsonl")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Skip("no multinews-val")
	}
	gzipped := filepath.Join(b.TempDir(), "articles.jsonl.gz")
	if err := os.WriteFile(gzipped, gz(b, data), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{{"plain", p}, {"gzip", gzipped}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			n := 0
			for b.Loop() {
				err := Read(context.Background(), []string{bc.path}, nil, DefaultOptions(),
					func(storyline.RawArticle) error { n++; return nil }, func(storyline.InputError) {})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
