package clean

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"
)

var dump = flag.String("dump", "", "clean the inputs named by -dump-in and write `storyline extract --json` lines to this file (for the scorers)")
var dumpIn = flag.String("dump-in", "", "input file or folder for -dump")

// TestDump is a helper, not a test: with -dump it cleans the -dump-in
// inputs (a file or a folder of .txt and .html[.gz] files) and writes
// extract records, so that ../shared/eval/aeb_score.py can
// score the cleaner before `storyline extract` exists.
func TestDump(t *testing.T) {
	if *dump == "" {
		t.Skip("helper: run with -dump OUT -dump-in INPUT")
	}
	f, err := os.Create(*dump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	opts := DefaultOptions()
	for _, r := range readInputs(t, *dumpIn) {
		a, err := Clean(r, opts)
		if err != nil {
			t.Logf("%s: %v", r.Input, err)
			continue
		}
		var pub *time.Time
		if !a.Published.IsZero() {
			pub = &a.Published
		}
		if err := enc.Encode(map[string]any{"id": a.ID, "input": a.Input, "title": a.Title, "source": a.Source,
			"url": a.URL, "published": pub, "lang": a.Lang, "machine_translated": a.MachineTranslated,
			"news_id": a.NewsID, "text": a.Text}); err != nil {
			t.Fatal(err)
		}
	}
}
