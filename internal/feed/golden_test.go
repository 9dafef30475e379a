package feed

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/feeds")

// TestGolden parses the feeds of testdata/feeds (written for these tests)
// and compares the result with the .golden.json beside each. Run with
// -update to rewrite them, then review the diff.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/feeds/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(data, "https://feeds.example/dir/"+filepath.Base(f))
			var got []byte
			if err != nil {
				got = []byte("error: " + err.Error() + "\n")
			} else {
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(p); err != nil {
					t.Fatal(err)
				}
				got = buf.Bytes()
			}
			golden := f + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, append(bytes.TrimSpace(got), '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
		})
	}
	if n == 0 {
		t.Fatal("no feeds in testdata/feeds")
	}
}

// BenchmarkParse measures feed parsing in entries/s.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/feeds/rss-cdata.xml")
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		p, err := Parse(data, "https://gazette.example/feed")
		if err != nil {
			b.Fatal(err)
		}
		n += len(p.Entries)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
}
