package dedup

import (
	"fmt"
	"testing"
)

// benchBase is the number of articles in the index that BenchmarkAdd adds
// to and BenchmarkLoad loads: enough for the directories and chains to be
// of a real store's shape, small enough to build in seconds.
const benchBase = 20000

// BenchmarkAdd adds generated articles (fresh reports and copies) to an
// in-memory index that already holds benchBase of them.
func BenchmarkAdd(b *testing.B) {
	arts := articles(1, benchBase+2000, false)
	x := New(DefaultOptions())
	for _, a := range arts[:benchBase] {
		x.Add(a)
	}
	more := arts[benchBase:]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := *more[i%len(more)]
		a.ID = fmt.Sprint("n", i)
		x.Add(&a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkLoad restores an index of benchBase articles from its
// checkpoint form, which rebuilds the directories.
func BenchmarkLoad(b *testing.B) {
	x := New(DefaultOptions())
	for _, a := range articles(1, benchBase, false) {
		x.Add(a)
	}
	data, err := x.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		y := New(DefaultOptions())
		if err := y.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
}
