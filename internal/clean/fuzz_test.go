package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/hostile"
)

// FuzzClean checks the cleaner on arbitrary text: no panic, valid UTF-8
// out, every line trimmed, and cleaning the cleaned text changes nothing.
func FuzzClean(f *testing.F) {
	f.Add(storm)
	f.Add("News ID: 1\nPublished: 0334 GMT January 28, 2022\n\nTitle here\n\nTitle here\n\nBody text that is long enough to be a lead sentence of a news article here.")
	f.Add(" date 2022-01-28 Head\nLine one. Subscribe to X Get news faster\nИсточник a.ru Text. Img ” src=”x.jpg” alt=”y” />\nваш відгук:")
	f.Add("A (b) and C\n\nD e f.\n\n\xff\xfe bad bytes\r\n\u00a0\u200b")
	if seeds, _ := filepath.Glob("../../../shared/data/seeds/*.txt"); len(seeds) > 0 {
		for _, p := range seeds {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
	// Language detection is internal/text's (and loads models); a fixed
	// answer keeps the fuzzer on the cleaner.
	opts := DefaultOptions()
	opts.DetectLanguage = func(string) string { return "en" }
	f.Fuzz(func(t *testing.T, s string) {
		defer hostile.Within(t, len(s))()
		a, err := Clean(storyline.RawArticle{Input: "fuzz", Format: storyline.FormatText, Text: s}, opts)
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("invalid UTF-8 out")
		}
		b, err := Clean(storyline.RawArticle{Input: "fuzz", Format: storyline.FormatText, Text: a.Text}, opts)
		if err != nil {
			t.Fatalf("cleaned text rejected: %v\n%q", err, a.Text)
		}
		if b.Text != a.Text {
			t.Fatalf("not idempotent:\nin:    %q\nonce:  %q\ntwice: %q", s, a.Text, b.Text)
		}
		// With a title given (JSON input), then cleaned again without.
		title, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
		a, err = Clean(storyline.RawArticle{Input: "fuzz", Format: storyline.FormatText, Text: s, Title: title}, opts)
		if err != nil {
			return
		}
		b, err = Clean(storyline.RawArticle{Input: "fuzz", Format: storyline.FormatText, Text: a.Text}, opts)
		if err != nil || b.Text != a.Text {
			t.Fatalf("not idempotent with title %q:\nin:    %q\nonce:  %q\ntwice: %q (%v)", title, s, a.Text, b.Text, err)
		}
	})
}
