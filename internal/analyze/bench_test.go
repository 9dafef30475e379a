package analyze

import (
	"testing"

	"github.com/storyline/storyline"
)

// BenchmarkAnalyze analyses the longest seed article (VOA, ~5 KB), with
// sentences computed beforehand as the pipeline does.
func BenchmarkAnalyze(b *testing.B) {
	arts := seedArticles(b)
	src := arts[0]
	for _, a := range arts {
		if len(a.Text) > len(src.Text) {
			src = a
		}
	}
	Analyze(&storyline.Article{Text: "warm up the gazetteer"}, DefaultOptions())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		a := *src
		Analyze(&a, DefaultOptions())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
