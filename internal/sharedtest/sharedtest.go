// Package sharedtest finds the shared development data (../shared beside
// the repository, or $STORYLINE_SHARED) for tests that use real articles.
package sharedtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// RepoRoot returns the repository root: the nearest folder above the
// working directory that holds go.mod.
func RepoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// Path returns the absolute path of the shared folder: $STORYLINE_SHARED
// (relative paths are taken from the repository root, as CI sets
// STORYLINE_SHARED=../shared), else ../shared beside the repository.
func Path() string {
	d := os.Getenv("STORYLINE_SHARED")
	if d == "" {
		d = filepath.Join("..", "shared")
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(RepoRoot(), d)
	}
	return filepath.Clean(d)
}

// Dir returns the shared folder for a test. When the data is missing the
// test is skipped, unless STORYLINE_SHARED is set: then the data must be
// there and the test fails.
func Dir(t testing.TB) string {
	t.Helper()
	d := Path()
	if _, err := os.Stat(filepath.Join(d, "data", "seeds")); err != nil {
		if os.Getenv("STORYLINE_SHARED") != "" {
			t.Fatalf("STORYLINE_SHARED is set but %s has no data/seeds: %v", d, err)
		}
		t.Skipf("shared data not found at %s", d)
	}
	return d
}

// Data returns a path under the shared data folder (data/...).
func Data(t testing.TB, elem ...string) string {
	return filepath.Join(append([]string{Dir(t), "data"}, elem...)...)
}

// DevHead writes the first n articles of a development set's
// articles.jsonl to a file in the test's temporary folder and returns its
// path: a smaller corpus of the same kind.
func DevHead(t testing.TB, set string, n int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Data(t, "dev", set), "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	path := filepath.Join(t.TempDir(), set+"-head.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:min(n, len(lines))], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// EachLine calls fn with every non-empty line of a file (JSON Lines),
// trimmed, in order, and stops at the first error, which it returns with
// the path and line number. The line is only valid during the call.
func EachLine(path string, fn func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
