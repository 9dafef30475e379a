package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline/internal/sharedtest"
)

// TestCorpusSmoke: the corpus has the articles asked for, with their gold,
// and the same flags give the same bytes.
func TestCorpusSmoke(t *testing.T) {
	shared := sharedtest.Dir(t)
	dir := t.TempDir()
	write := func(name string) ([]byte, []byte) {
		out, gold := filepath.Join(dir, name+".jsonl"), filepath.Join(dir, name+"-gold.jsonl")
		if err := run(shared, 2500, out, 0, gold); err != nil {
			t.Fatal(err)
		}
		a, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(gold)
		if err != nil {
			t.Fatal(err)
		}
		return a, g
	}
	a, g := write("one")
	if n := bytes.Count(a, []byte("\n")); n != 2500 {
		t.Errorf("%d articles, want 2500", n)
	}
	if n := bytes.Count(g, []byte("\n")); n != 2500 {
		t.Errorf("%d gold lines, want 2500", n)
	}
	if b, _ := write("two"); !bytes.Equal(a, b) {
		t.Error("two runs with the same flags differ")
	}
}
