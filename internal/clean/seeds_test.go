package clean

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/zeebo/xxh3"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// readInputs reads seed text files and gzipped HTML pages. It does not use
// internal/ingest: stage packages do not import each other, not even in
// tests.
func readInputs(t testing.TB, path string) []storyline.RawArticle {
	files := []string{path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*"))
		sort.Strings(files)
	}
	var out []storyline.RawArticle
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		r := storyline.RawArticle{Input: f, Format: storyline.FormatText, Text: string(b), Raw: b}
		if strings.Contains(f, ".htm") {
			r.Format, r.Text, r.HTML = storyline.FormatHTML, "", string(b)
		}
		out = append(out, r)
	}
	return out
}

// TestSeeds checks the acceptance of the foundation issue on the five
// seeds, and compares a small summary of our output (metadata, a hash of
// the text, which lines were dropped and why) to golden files; the article
// text itself stays out of the repository.
func TestSeeds(t *testing.T) {
	dir := sharedtest.Data(t, "seeds")
	raws := readInputs(t, dir)
	if len(raws) != 5 {
		t.Fatalf("%d seeds", len(raws))
	}
	want := map[string]struct {
		title, published, source string
		mt                       bool
	}{
		"000": {"Putin tells Macron the West has not addressed Russia's security concerns", "2022-01-28T18:24:00Z", "", true},
		"001": {"Putin says West ignoring Russia's security concerns", "2022-01-28T03:34:00Z", "", false},
		"002": {"Ukraine crisis: US ignored Russia's security concerns, Putin says", "2022-01-28T00:00:00Z", "", false},
		"003": {"Putin called Macron topics that the West ignored", "", "rbc.ru", true},
		"004": {"", "", "", false},
	}
	// Junk of every kind the seeds hold: none may survive.
	junk := []string{"News ID", "Published:", "Updated:", "date 2022", "Security Key", "Captcha", "Page Generated",
		"Subscribe", "Get news faster", "src=", "alt=", "/>", "Источник", "(on ekane)", "ваш відгук",
		"Powered by automated translation", "Some information for this report", "Golovenki training ground"}
	var golden bytes.Buffer
	for _, raw := range raws {
		key := filepath.Base(raw.Input)[:3]
		a, err := Clean(raw, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		w := want[key]
		if w.title != "" && a.Title != w.title {
			t.Errorf("%s: title %q, want %q", key, a.Title, w.title)
		}
		pub := ""
		if !a.Published.IsZero() {
			pub = a.Published.Format(time.RFC3339)
		}
		if pub != w.published {
			t.Errorf("%s: published %q, want %q", key, pub, w.published)
		}
		if a.Source != w.source {
			t.Errorf("%s: source %q, want %q", key, a.Source, w.source)
		}
		if a.MachineTranslated != w.mt {
			t.Errorf("%s: machine translated %v", key, a.MachineTranslated)
		}
		if a.Lang != "en" {
			t.Errorf("%s: lang %q", key, a.Lang)
		}
		for _, j := range junk {
			if strings.Contains(a.Text, j) {
				t.Errorf("%s: junk %q survived", key, j)
			}
		}
		if strings.Count(a.Text, a.Title) > 1 {
			t.Errorf("%s: headline twice", key)
		}
		for _, p := range strings.Split(a.Text, "\n") {
			if p != strings.TrimSpace(p) {
				t.Errorf("%s: untrimmed line %q", key, p)
			}
		}
		checkIdempotent(t, a)

		fmt.Fprintf(&golden, "%s title=%q published=%s source=%q lang=%s mt=%v news_id=%q paragraphs=%d bytes=%d text_xxh3=%016x\n",
			key, a.Title, pub, a.Source, a.Lang, a.MachineTranslated, a.NewsID,
			len(strings.Split(a.Text, "\n\n")), len(a.Text), xxh3.HashString(a.Text))
		for _, l := range traceLines(raw.Text, false) {
			if l.junk {
				fmt.Fprintf(&golden, "  dropped %-18s %s\n", l.why, firstWords(l.s, 4))
			}
		}
	}
	path := filepath.Join("testdata", "seeds.golden")
	if *update {
		if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(old, golden.Bytes()) {
		t.Errorf("seeds differ from %s (run with -update and review the diff):\n%s", path, golden.String())
	}
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}

// TestAEBSample cleans a few pages of the extraction benchmark: text found,
// paragraphs apart, metadata present. The full score is measured with
// ../shared/eval/aeb_score.py (see TestDump).
func TestAEBSample(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(sharedtest.Data(t, "dev", "aeb-dev", "html"), "*.html.gz"))
	if len(pages) == 0 {
		t.Skip("no aeb-dev pages")
	}
	// The smallest pages: extraction takes seconds on a big page
	// under -race on a busy 2-core machine.
	sort.Slice(pages, func(i, j int) bool { return fileSize(pages[i]) < fileSize(pages[j]) })
	n := 3
	if testing.Short() {
		n = 1
	}
	for _, p := range pages[:n] {
		for _, raw := range readInputs(t, p) {
			a, err := Clean(raw, DefaultOptions())
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if len(a.Text) < 500 || !strings.Contains(a.Text, "\n\n") || a.Title == "" || a.Published.IsZero() {
				t.Errorf("%s: title %q source %q published %v text %d bytes", p, a.Title, a.Source, a.Published, len(a.Text))
			}
		}
	}
}
