package clean

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// BenchmarkClean cleans a realistic scraped article (seed 001: header,
// duplicated headline, caption, captcha footer).
func BenchmarkClean(b *testing.B) {
	raws := readInputs(b, sharedtest.Data(b, "seeds", "001_750f19587e149a29.txt"))
	benchClean(b, raws)
}

// BenchmarkCleanSeeds cleans the five seeds in turn.
func BenchmarkCleanSeeds(b *testing.B) {
	benchClean(b, readInputs(b, sharedtest.Data(b, "seeds")))
}

// BenchmarkCleanHTML cleans real pages of the extraction benchmark through
// go-readability.
func BenchmarkCleanHTML(b *testing.B) {
	pages, _ := filepath.Glob(sharedtest.Data(b, "dev", "aeb-dev", "html", "*.html.gz"))
	if len(pages) < 4 {
		b.Skip("no aeb-dev pages")
	}
	var raws []storyline.RawArticle
	for _, p := range pages[:4] {
		raws = append(raws, readInputs(b, p)...)
	}
	benchClean(b, raws)
}

// BenchmarkCleanDev cleans every article of the three clustering dev sets
// (about 1,600 scraped texts) once per iteration.
func BenchmarkCleanDev(b *testing.B) {
	var raws []storyline.RawArticle
	for _, set := range []string{"multinews-val", "ecbplus-dev", "basil-dev"} {
		f, err := os.Open(sharedtest.Data(b, "dev", set, "articles.jsonl"))
		if err != nil {
			b.Skip(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var a struct{ ID, Title, Text, Source, URL string }
			if json.Unmarshal(sc.Bytes(), &a) == nil {
				raws = append(raws, storyline.RawArticle{ID: a.ID, Input: set, Format: storyline.FormatText,
					Title: a.Title, Text: a.Text, Source: a.Source, URL: a.URL, Raw: []byte(sc.Text())})
			}
		}
		f.Close()
	}
	opts := DefaultOptions()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range raws {
			Clean(r, opts) // pure-junk articles are errors
		}
	}
	b.ReportMetric(float64(b.N*len(raws))/b.Elapsed().Seconds(), "articles/s")
}

func benchClean(b *testing.B, raws []storyline.RawArticle) {
	opts := DefaultOptions()
	var n int64
	for _, r := range raws {
		n += int64(len(r.Text) + len(r.HTML))
	}
	b.SetBytes(n / int64(len(raws)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Clean(raws[i%len(raws)], opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
