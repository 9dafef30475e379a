package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline/storyline/internal/brief"
)

// TestTrainSmoke fits the weights on a tiny set of our own (three stories
// of two articles, with reference summaries) and checks that the
// predictions and the fitted weights are written.
func TestTrainSmoke(t *testing.T) {
	dir := t.TempDir()
	events := []struct{ place, what string }{
		{"Port Aldery", "the harbour bridge closed after inspectors found cracks in two girders"},
		{"Estrevia", "the central bank raised its main rate to 4.25 percent to slow inflation"},
		{"Brightwick", "the delivery robot maker recalled 12,000 machines after battery fires"},
	}
	var arts, gold, refs strings.Builder
	for i, e := range events {
		for j := 0; j < 2; j++ {
			text := fmt.Sprintf("In %s, %s. Officials said on Monday that %s. The decision surprised many residents. Further updates are expected later this week.",
				e.place, e.what, e.what)
			a, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("a%d%d", i, j), "title": e.place + " news", "text": text, "source": fmt.Sprintf("outlet%d", j)})
			arts.Write(append(a, '\n'))
			fmt.Fprintf(&gold, `{"id": "a%d%d", "story": "s%d"}`+"\n", i, j, i)
		}
		r, _ := json.Marshal(map[string]string{"story": fmt.Sprintf("s%d", i), "summary": fmt.Sprintf("In %s, %s.", e.place, e.what)})
		refs.Write(append(r, '\n'))
	}
	for name, data := range map[string]string{"articles.jsonl": arts.String(), "gold.jsonl": gold.String(), "references.jsonl": refs.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pred, out := filepath.Join(dir, "pred.jsonl"), filepath.Join(dir, "weights.json")
	if err := run(dir, 30, pred, true, out, 1, true); err != nil {
		t.Fatal(err)
	}
	p, err := os.ReadFile(pred)
	if err != nil || strings.Count(string(p), "\n") != len(events) {
		t.Errorf("predictions: %v\n%s", err, p)
	}
	w, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got brief.Weights
	if err := json.Unmarshal(w, &got); err != nil || got == (brief.Weights{}) {
		t.Errorf("weights file: %v\n%s", err, w)
	}
}
