package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline"
)

// TestCount: the total is what Read emits, articles and bad inputs alike,
// or unknown when only decoding would tell.
func TestCount(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("in/a.txt", "Ferry\n\nThe ferry runs again.")
	write("in/b.jsonl", `{"text":"one"}`+"\n\n  \n"+`{"text":"two"}`+"\n"+`{"text":"three"}`)
	write("in/c.json", "\ufeff  {\"text\":\"one\"}")
	write("in/.hidden.txt", "not read")
	write("in/sub/e.html", "<p>page</p>")
	write("in/notes.csv", "skipped in a folder")
	arr := write("arr.json", `[{"text":"one"},{"text":"two"}]`)
	gz := write("d.jsonl.gz", "not really gzip")
	tests := []struct {
		inputs []string
		n      int
		ok     bool
	}{
		{[]string{filepath.Join(dir, "in")}, 6, true},
		{[]string{filepath.Join(dir, "in", "b.jsonl"), filepath.Join(dir, "missing.txt")}, 4, true},
		{[]string{filepath.Join(dir, "in", "notes.csv")}, 1, true}, // named: read as text
		{[]string{arr}, 1, false},
		{[]string{gz}, 0, false},
		{[]string{"-"}, 0, false},
	}
	for _, tt := range tests {
		n, ok := Count(context.Background(), tt.inputs)
		if (n != tt.n && tt.ok) || ok != tt.ok {
			t.Errorf("Count(%s) = %d %v, want %d %v", strings.Join(tt.inputs, " "), n, ok, tt.n, tt.ok)
		}
		if !tt.ok {
			continue
		}
		read := 0
		err := Read(context.Background(), tt.inputs, nil, DefaultOptions(), func(storyline.RawArticle) error { read++; return nil }, func(storyline.InputError) { read++ })
		if err != nil || read != n {
			t.Errorf("Read(%s) gave %d articles and errors, Count %d", strings.Join(tt.inputs, " "), read, n)
		}
	}
}
