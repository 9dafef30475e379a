package pipeline

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/sharedtest"
)

// TestDevSetTargets guards the B-cubed F1 that the clustering issue asks of
// `storyline run` on the shared development sets, each alone and the three
// mixed in one run: the real cleaner, analyzer, dedup and clusterer,
// settling included (briefs are left out: they move no article). Scored as
// eval/cluster_score.py scores: only gold articles count, and an article
// the cleaner rejects is a story of its own. The model was trained on these
// sets, so this is a regression guard on the in-sample figures (1.000,
// 0.886, 0.911 and 0.909 when written), not a measure of generalisation.
func TestDevSetTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline over the development sets twice")
	}
	shared := sharedtest.Dir(t)
	cases := []struct {
		name string
		sets []string
		min  float64
	}{
		{"basil-dev", []string{"basil-dev"}, 0.97},
		{"multinews-val", []string{"multinews-val"}, 0.88},
		{"ecbplus-dev", []string{"ecbplus-dev"}, 0.90},
		{"all three mixed", devset.Sets, 0.90},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gold := map[string]string{}
			var inputs []string
			for _, s := range c.sets {
				g, err := devset.LoadGold(shared, s)
				if err != nil {
					t.Fatal(err)
				}
				for id, story := range g {
					gold[id] = s + "/" + story
				}
				inputs = append(inputs, filepath.Join(shared, "data", "dev", s, "articles.jsonl"))
			}
			store := openStore(t, ":memory:")
			opts := DefaultOptions()
			opts.NoBriefs = true
			res := ingestAll(t, store, opts, inputs...)
			arts, err := store.Articles(ctx, storyline.ArticleFilter{})
			if err != nil {
				t.Fatal(err)
			}
			pred := map[string]string{}
			for _, a := range arts {
				if a.StoryID == "" {
					t.Fatalf("article %s has no story", a.ID)
				}
				pred[a.ID] = a.StoryID
			}
			sc := devset.BCubed(gold, pred)
			t.Logf("%s: %d articles, %d rejected; B-cubed P %.4f R %.4f F1 %.4f", c.name, len(arts), res.Rejected, sc.P, sc.R, sc.F1)
			if sc.F1 < c.min {
				t.Errorf("%s: B-cubed F1 %.4f under the target %.2f", c.name, sc.F1, c.min)
			}
		})
	}
}

// TestDevSetBriefSlips runs multinews-val with briefs and counts the slips
// an editor would strike: a story headline of four words or fewer that is
// a dateline ("PALM COAST, Fla."), navigation ("English >> World"), an
// address or a handle, or a time stamp ("2 years ago"); a summary
// sentence that is a subheading (a line of its own ending in "?") or a
// call to the reader. 22 short headlines, 7 of them such slips, and 2
// calls to the reader were counted before the fixes; none is left. (A
// question inside a paragraph may stay: leaving all questions out of
// summaries cost 0.09 ROUGE-1.)
func TestDevSetBriefSlips(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline over multinews-val with briefs")
	}
	input := filepath.Join(sharedtest.Dir(t), "data", "dev", "multinews-val", "articles.jsonl")
	store := openStore(t, ":memory:")
	res := ingestAll(t, store, DefaultOptions(), input)
	ctx := context.Background()
	dateline := regexp.MustCompile(`^[A-Z][A-Z .'-]+, [A-Z][a-z]{1,4}\.$`)
	timestamp := regexp.MustCompile(`(?i)^\d+ (minutes?|hours?|days?|weeks?|months?|years?) ago$`)
	reader := regexp.MustCompile(`(?i)confirm your signature|your continued support|sign up for|subscribe to`)
	slips := 0
	for _, id := range res.Stories {
		s, err := store.Story(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		h := s.Headline
		if len(strings.Fields(h)) <= 4 && (dateline.MatchString(h) || timestamp.MatchString(h) || strings.ContainsAny(h, "@»") || strings.Contains(h, ">>")) {
			t.Errorf("story %s: headline %q", id, h)
			slips++
		}
		if s.Brief == nil {
			continue
		}
		for _, x := range s.Brief.Summary {
			if reader.MatchString(x.Text) || ownLine(ctx, t, store, x) && strings.HasSuffix(x.Text, "?") && len(strings.Fields(x.Text)) <= 12 {
				t.Errorf("story %s: summary sentence %q", id, x.Text)
				slips++
			}
		}
	}
	t.Logf("%d stories, %d slips", len(res.Stories), slips)
}

// ownLine reports whether a summary sentence is a line of its own in the
// article it comes from (its first citation).
func ownLine(ctx context.Context, t *testing.T, store storyline.Store, x storyline.SummarySentence) bool {
	if len(x.Citations) == 0 {
		return false
	}
	c := x.Citations[0]
	a, err := store.Article(ctx, c.Article)
	if err != nil {
		t.Fatal(err)
	}
	return (c.Start == 0 || a.Text[c.Start-1] == '\n') && (c.End == len(a.Text) || a.Text[c.End] == '\n')
}
