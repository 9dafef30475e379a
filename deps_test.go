package storyline_test

import (
	"go/build"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// stageImports lists, for each package under internal/, the other internal
// packages it may import (STYLE.md: stage packages exchange root types and
// do not import each other; internal/text is the shared library). Only
// cmd/ and internal/pipeline wire stages together.
var stageImports = map[string][]string{
	"text":       {},
	"binenc":     {},
	"pages":      {"binenc"},
	"ingest":     {},
	"clean":      {"text"},
	"analyze":    {"text"},
	"dedup":      {"text", "binenc", "pages"},
	"cluster":    {"text", "binenc", "pages"},
	"brief":      {"text"},
	"sqlite":     {"text", "binenc", "storecodec", "ftsquery"},
	"postgres":   {"text", "storecodec", "ftsquery"},
	"ftsquery":   {"text"},
	"storecodec": {},
	"storetest":  {},
	"fetch":      {},
	"feed":       {"fetch"}, // the watcher drives the polite client
	"web":        {},
	"sharedtest": {},
	"hostile":    {}, // worst-case inputs for tests and benchmarks
	"pipeline":   {"ingest", "clean", "text", "analyze", "dedup", "cluster", "brief"},
	"distrib":    {"pipeline", "clean", "storecodec"}, // the pipeline's stages over NATS JetStream
}

const module = "github.com/storyline/storyline/"

func TestImportRules(t *testing.T) {
	dirs, err := filepath.Glob("internal/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			continue // not a Go package
		}
		allowed, ok := stageImports[name]
		if !ok {
			t.Errorf("internal/%s: no import rule; add it to stageImports", name)
			continue
		}
		var bad []string
		for _, imp := range pkg.Imports {
			if !strings.HasPrefix(imp, module+"internal/") {
				if strings.HasPrefix(imp, module+"cmd/") {
					bad = append(bad, imp)
				}
				continue
			}
			dep := strings.TrimPrefix(imp, module+"internal/")
			dep, _, _ = strings.Cut(dep, "/")
			if !contains(allowed, dep) {
				bad = append(bad, imp)
			}
		}
		sort.Strings(bad)
		if len(bad) > 0 {
			t.Errorf("internal/%s imports %v, which the layout forbids", name, bad)
		}
	}
	root, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range root.Imports {
		if strings.Contains(imp, ".") {
			t.Errorf("the root package imports %s: it must use the standard library only", imp)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
