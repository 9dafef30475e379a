package brief

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// trimLines is the light cleaning of the tests: lines trimmed, blank ones
// dropped. Junk lines stay, as they may after the real cleaner.
func trimLines(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// seedArticles reads the five seed articles (ids 000…004, one outlet each)
// segmented with internal/text; articles that carry a date line get the
// publication date 2022-01-28.
func seedArticles(t testing.TB) []*storyline.Article {
	dir := sharedtest.Data(t, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Skipf("seeds not found in %s", dir)
	}
	sort.Strings(files)
	var out []*storyline.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		txt := trimLines(string(b))
		a := &storyline.Article{ID: filepath.Base(f)[:3], Lang: "en", Text: txt,
			Sentences: text.Sentences(txt), Tokens: text.Tokens(txt, "en")}
		if strings.Contains(txt, "2022-01-28") || strings.Contains(txt, "January 28, 2022") {
			a.Published = time.Date(2022, 1, 28, 12, 0, 0, 0, time.UTC)
		}
		out = append(out, a)
	}
	return out
}

// TestSeedsBrief checks the acceptance points of the seeds that do not
// need the analysis (claims, summary, coverage).
func TestSeedsBrief(t *testing.T) {
	arts := seedArticles(t)
	opts := DefaultOptions()
	b := Build(arts, opts)
	checkCitations(t, arts, b)

	// No subheading ("Why the fixation on Nato?") in the summary or the
	// claims.
	for _, s := range b.Summary {
		if strings.HasSuffix(s.Text, "?") {
			t.Errorf("subheading in the summary: %q", s.Text)
		}
	}
	for _, c := range b.Claims {
		if strings.HasSuffix(c.Text, "?") {
			t.Errorf("subheading as a claim: %q", c.Text)
		}
	}

	// (a) Lavrov: Russia does not want war, carried by >= 4 outlets.
	found := false
	for _, c := range b.Claims {
		f := text.Fold(c.Text)
		if strings.Contains(f, "lavrov") && strings.Contains(f, "want") && strings.Contains(f, "war") && c.Sources >= 4 {
			found = true
		}
	}
	if !found {
		for _, c := range b.Claims {
			if strings.Contains(c.Text, "Lavrov") {
				t.Logf("claim %d sources: %q %v", c.Sources, c.Text, c.Articles)
			}
		}
		t.Error("(a) no Lavrov 'does not want war' claim with >= 4 outlets")
	}
	// (c) the first summary sentence is supported by >= 4 outlets.
	if len(b.Summary) == 0 {
		t.Fatal("empty summary")
	}
	if outs := citedArticles(b.Summary[0].Citations); outs < 4 {
		t.Errorf("(c) first summary sentence %q supported by %d outlets, want >= 4", b.Summary[0].Text, outs)
	}
	// Claims: every corroborated one, and at most maxSingleSourceClaims
	// single-source ones per outlet (the seeds have 66 single-source
	// sentences), each in its outlet's coverage only.
	checkClaimBounds(t, b)
	// Within budget.
	n := 0
	for _, s := range b.Summary {
		n += len(strings.Fields(s.Text))
	}
	if n > opts.Words || n < opts.Words/2 {
		t.Errorf("summary of %d words for a budget of %d", n, opts.Words)
	}
}

func citedArticles(cs []storyline.Citation) int {
	seen := map[string]bool{}
	for _, c := range cs {
		seen[c.Article] = true
	}
	return len(seen)
}

// checkCitations verifies what check-citations.py does: every summary
// sentence is verbatim at its first citation, and every citation is inside
// its article.
func checkCitations(t *testing.T, arts []*storyline.Article, b *storyline.Brief) {
	t.Helper()
	byID := map[string]*storyline.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	check := func(what string, cs []storyline.Citation) {
		for _, c := range cs {
			a := byID[c.Article]
			if a == nil || !(storyline.Span{Start: c.Start, End: c.End}).In(len(a.Text)) {
				t.Errorf("%s: bad citation %+v", what, c)
			}
		}
	}
	for _, s := range b.Summary {
		if len(s.Citations) == 0 {
			t.Errorf("summary sentence without citation: %q", s.Text)
			continue
		}
		check("summary", s.Citations)
		c := s.Citations[0]
		if a := byID[c.Article]; a != nil && c.End <= len(a.Text) && a.Text[c.Start:c.End] != s.Text {
			t.Errorf("summary sentence %q is not its origin %q", s.Text, a.Text[c.Start:c.End])
		}
	}
	for _, c := range b.Claims {
		check("claim", c.Citations)
	}
	for _, e := range b.Timeline {
		check("timeline", e.Citations)
	}
}

// checkClaimBounds checks that a brief lists at most maxSingleSourceClaims
// single-source claims per outlet, after every corroborated one, and that
// each is in the coverage of exactly the outlet that carries it.
func checkClaimBounds(t *testing.T, b *storyline.Brief) {
	t.Helper()
	seenSingle := false
	for i, c := range b.Claims {
		if c.SingleSource {
			seenSingle = true
		} else if seenSingle {
			t.Errorf("corroborated claim %d %q after a single-source one", i, c.Text)
		}
	}
	for _, cov := range b.Coverage {
		if len(cov.Claims) > maxSingleSourceClaims {
			t.Errorf("coverage of %q lists %d single-source claims, want <= %d", cov.Source, len(cov.Claims), maxSingleSourceClaims)
		}
		for _, k := range cov.Claims {
			c := b.Claims[k]
			if !c.SingleSource || !slices.Contains(cov.Articles, c.Articles[0]) {
				t.Errorf("coverage of %q %v lists claim %d %+v", cov.Source, cov.Articles, k, c)
			}
		}
	}
}
