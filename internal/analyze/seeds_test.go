package analyze

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// seedArticles reads the seeds as articles published on 28 January 2022
// (their date), with the obvious junk lines dropped until internal/clean
// does it.
func seedArticles(t testing.TB) []*storyline.Article {
	dir := sharedtest.Data(t, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no seeds in %s", dir)
	}
	var out []*storyline.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, line := range strings.Split(string(b), "\n") {
			l := strings.TrimSpace(line)
			if strings.HasPrefix(l, "Security Key") || strings.HasPrefix(l, "Captcha") || strings.HasPrefix(l, "Page Generated") ||
				strings.HasPrefix(l, "News ID") || strings.HasPrefix(l, "ваш") {
				continue
			}
			keep = append(keep, line)
		}
		txt := strings.Join(keep, "\n")
		a := &storyline.Article{ID: filepath.Base(f), Text: txt, Lang: "en",
			Published: time.Date(2022, 1, 28, 12, 0, 0, 0, time.UTC)}
		a.Sentences = text.Sentences(txt)
		out = append(out, a)
	}
	return out
}

func TestSeeds(t *testing.T) {
	arts := seedArticles(t)
	troops100k, troops8500 := 0, 0
	lavrovQuote, friday := false, 0
	for _, a := range arts {
		Analyze(a, DefaultOptions())
		checkSpans(t, a)
		for _, f := range a.Figures {
			if f.Value == 100000 && f.Unit == "troops" {
				troops100k++
			}
			if f.Value == 8500 && f.Unit == "troops" {
				troops8500++
			}
		}
		for _, q := range a.Quotes {
			if q.Direct && (q.Speaker == "Sergei Lavrov" || q.Speaker == "Sergey Lavrov") && strings.Contains(a.Slice(q.Span), "war") {
				lavrovQuote = true
			}
		}
		for _, d := range a.Dates {
			if a.Slice(d.Span) == "Friday" {
				if d.Date != "2022-01-28" {
					t.Errorf("%s: Friday resolved to %s", a.ID, d.Date)
				}
				friday++
			}
		}
		if testing.Verbose() {
			logAnalysis(t, a)
		}
	}
	if troops100k < 3 {
		t.Errorf("100,000 troops in %d seeds, want >= 3", troops100k)
	}
	if troops8500 != 2 {
		t.Errorf("8,500 troops in %d seeds, want 2", troops8500)
	}
	if !lavrovQuote {
		t.Error("no direct quote of Lavrov about war")
	}
	if friday == 0 {
		t.Error("no Friday found")
	}
}

func logAnalysis(t *testing.T, a *storyline.Article) {
	t.Logf("=== %s", a.ID)
	for _, m := range a.Entities {
		t.Logf("  entity %-13s %-30q %q", m.Type, m.Name, a.Slice(m.Span))
	}
	for _, f := range a.Figures {
		t.Logf("  figure %v %q %q", f.Value, f.Unit, f.Text)
	}
	for _, d := range a.Dates {
		t.Logf("  date %s %q", d.Date, a.Slice(d.Span))
	}
	for _, q := range a.Quotes {
		t.Logf("  quote direct=%v speaker=%q (%q) cue=%q: %q", q.Direct, q.Speaker, a.Slice(q.SpeakerSpan), q.Cue, a.Slice(q.Span))
	}
}
