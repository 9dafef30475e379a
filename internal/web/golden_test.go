package web

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden renders the fixture pages and API answers and compares them
// with testdata/*.golden, so that template changes are reviewed as diffs.
// Run `go test ./internal/web -run TestGolden -update` after an intended
// change.
func TestGolden(t *testing.T) {
	srv := newTestServer(t, fixtureStore(), Options{})
	tests := []struct{ name, path string }{
		{"index.html", "/"},
		{"story.html", "/stories/story-harbor"},
		{"article-cited.html", "/articles/harbor-1?s=0&e=77"},
		{"hostile-story.html", "/stories/story-hostile"},
		{"api-story.json", "/api/stories/story-harbor"},
		{"api-stories.json", "/api/stories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, srv, "GET", tt.path, "", "").body
			// The stylesheet URL carries a content hash: keep it out.
			got = []byte(strings.Replace(string(got), staticVersion("style.css"), "HASH", 1))
			p := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(p, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if string(got) != string(want) {
				g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				line := func(l []string) string {
					if i < len(l) {
						return l[i]
					}
					return "(end)"
				}
				t.Errorf("%s differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update and review the diff)",
					tt.path, p, i+1, line(g), line(w))
			}
		})
	}
}
