package hostile

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var write = flag.String("write", "", "write the worst-case corpus (every shape at 1, 2, 4, 8 and 19 MB, a story, queries) to this folder")

// TestShapes: each shape gives the size asked for, the same text for the
// same seed, another for another seed, and a headline first.
func TestShapes(t *testing.T) {
	for _, s := range Shapes {
		a, b := s.Text(1, 50_000), s.Text(1, 50_000)
		if a != b {
			t.Errorf("%s: two texts for one seed", s.Name)
		}
		if len(a) < 50_000 || len(a) > 50_000+200 {
			t.Errorf("%s: %d bytes, want about 50000", s.Name, len(a))
		}
		if !strings.HasPrefix(a, headline) {
			t.Errorf("%s: no headline", s.Name)
		}
		if s.Name != "one-word" && s.Text(2, 50_000) == a {
			t.Errorf("%s: seeds 1 and 2 give the same text", s.Name)
		}
	}
	if n := strings.Count(Story(1, 7, 4000), "\n"); n != 7 {
		t.Errorf("story: %d lines, want 7", n)
	}
	if q := Query(1000, false); len(strings.Fields(q)) != 1000 || strings.Count(q, "said") != 1000 {
		t.Errorf("repeated query: %q…", q[:40])
	}
	if q := strings.Fields(Query(50, true)); len(q) != 50 || q[0] == q[1] {
		t.Errorf("distinct query: %q", q[:2])
	}
}

// TestWrite writes the corpus for measuring the real binary:
//
//	go test ./internal/hostile -run TestWrite -write /tmp/hostile
func TestWrite(t *testing.T) {
	if *write == "" {
		t.Skip("no -write folder given")
	}
	if err := os.MkdirAll(*write, 0o755); err != nil {
		t.Fatal(err)
	}
	put := func(name, text string) {
		if err := os.WriteFile(filepath.Join(*write, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range Shapes {
		for _, mb := range []int{1, 2, 4, 8, 19} {
			put(fmt.Sprintf("%s-%dMB.txt", s.Name, mb), s.Text(1, mb<<20))
		}
	}
	put("story-64x64KB.jsonl", Story(1, 64, 64<<10))
	put("query-1000-repeated.txt", Query(1000, false))
	put("query-1000-distinct.txt", Query(1000, true))
}
