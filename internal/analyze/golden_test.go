package analyze

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden analyses a short article written for this test (no
// third-party text) and compares every finding, with its text, to
// testdata/*.golden.json. Run `go test -update` and review the diff after
// an intended change.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a := &storyline.Article{Text: string(src), Lang: "en", Published: time.Date(2024, 11, 21, 9, 0, 0, 0, time.UTC)} // a Thursday
		Analyze(a, DefaultOptions())
		checkSpans(t, a)
		type finding struct {
			Kind    string
			Text    string
			Name    string  `json:",omitempty"`
			Type    string  `json:",omitempty"`
			Value   float64 `json:",omitempty"`
			Unit    string  `json:",omitempty"`
			Speaker string  `json:",omitempty"`
			Cue     string  `json:",omitempty"`
			Direct  bool    `json:",omitempty"`
			Date    string  `json:",omitempty"`
		}
		var got []finding
		for _, m := range a.Entities {
			got = append(got, finding{Kind: "entity", Text: a.Slice(m.Span), Name: m.Name, Type: string(m.Type)})
		}
		for _, x := range a.Figures {
			got = append(got, finding{Kind: "figure", Text: x.Text, Value: x.Value, Unit: x.Unit})
		}
		for _, q := range a.Quotes {
			got = append(got, finding{Kind: "quote", Text: a.Slice(q.Span), Speaker: q.Speaker, Cue: q.Cue, Direct: q.Direct})
		}
		for _, d := range a.Dates {
			got = append(got, finding{Kind: "date", Text: a.Slice(d.Span), Date: d.Date})
		}
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, '\n')
		golden := f[:len(f)-len(".txt")] + ".golden.json"
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s: analysis differs from %s; run go test -update and review the diff\n%s", f, golden, b)
		}
	}
}
