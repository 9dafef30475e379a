package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// slip is one row of testdata/slips.json: a slip an editor found in the
// output on the shared data or the examples, and the check that it is
// gone. Kinds:
//   - headline: no story headline starts with Text;
//   - summary, claim: no summary sentence (claim) contains Text;
//   - citation: no summary citation's span contains Text;
//   - figure: no figure's text contains Text;
//   - disagreement: no figure flagged as disagreeing holds all Values;
//   - single-source-per-outlet: no outlet lists more than Max claims only
//     it carries;
//   - repeat: no summary opens with its story's headline.
type slip struct {
	Issue  int       `json:"issue"`
	Set    string    `json:"set"`
	Kind   string    `json:"kind"`
	Text   string    `json:"text"`
	Values []float64 `json:"values"`
	Max    int       `json:"max"`
	Slip   string    `json:"slip"`
}

// TestSlipRegressions runs each set of the regression table once, with
// briefs, and checks that none of its slips is back.
func TestSlipRegressions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline over the seeds, the examples and multinews-val")
	}
	b, err := os.ReadFile(filepath.Join("testdata", "slips.json"))
	if err != nil {
		t.Fatal(err)
	}
	var slips []slip
	if err := json.Unmarshal(b, &slips); err != nil {
		t.Fatal(err)
	}
	bySet := map[string][]slip{}
	var sets []string
	for _, s := range slips {
		if bySet[s.Set] == nil {
			sets = append(sets, s.Set)
		}
		bySet[s.Set] = append(bySet[s.Set], s)
	}
	for _, set := range sets {
		t.Run(set, func(t *testing.T) {
			stories := briefedStories(t, slipInput(t, set))
			for _, s := range bySet[set] {
				if what := s.find(stories); what != "" {
					t.Errorf("slip back (issue %d, %s): %s: %s", s.Issue, s.Kind, s.Slip, what)
				}
			}
		})
	}
}

// slipInput is the input path of a set of the regression table.
func slipInput(t *testing.T, set string) string {
	switch set {
	case "seeds":
		return sharedtest.Data(t, "seeds")
	case "examples":
		return filepath.Join("..", "..", "examples")
	default:
		return filepath.Join(sharedtest.Data(t, "dev", set), "articles.jsonl")
	}
}

// briefedStories runs the pipeline over one input and returns its
// stories, briefed, with the articles they cite.
func briefedStories(t *testing.T, input string) []briefed {
	store := openStore(t, ":memory:")
	res := ingestAll(t, store, DefaultOptions(), input)
	ctx := context.Background()
	var out []briefed
	for _, id := range res.Stories {
		s, err := store.Story(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		arts, err := store.Articles(ctx, storyline.ArticleFilter{IDs: s.Articles})
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{}
		for _, a := range arts {
			texts[a.ID] = a.Text
		}
		out = append(out, briefed{s, texts})
	}
	return out
}

type briefed struct {
	story *storyline.Story
	texts map[string]string // article id -> text
}

// find returns what shows the slip in the stories, or "".
func (s slip) find(stories []briefed) string {
	for _, b := range stories {
		if what := s.findIn(b); what != "" {
			return b.story.ID + ": " + what
		}
	}
	return ""
}

func (s slip) findIn(b briefed) string {
	st := b.story
	if s.Kind == "headline" {
		if strings.HasPrefix(st.Headline, s.Text) {
			return "headline " + st.Headline
		}
		return ""
	}
	br := st.Brief
	if br == nil {
		return ""
	}
	switch s.Kind {
	case "summary", "repeat", "citation":
		for i, x := range br.Summary {
			switch {
			case s.Kind == "summary" && strings.Contains(x.Text, s.Text):
				return "summary sentence " + x.Text
			case s.Kind == "repeat" && i == 0 && x.Text == st.Headline:
				return "first summary sentence " + x.Text
			case s.Kind == "citation":
				for _, c := range x.Citations {
					if txt := b.texts[c.Article]; c.End <= len(txt) && strings.Contains(txt[c.Start:c.End], s.Text) {
						return "citation of " + x.Text
					}
				}
			}
		}
	case "claim":
		for _, c := range br.Claims {
			if strings.Contains(c.Text, s.Text) {
				return "claim " + c.Text
			}
		}
	case "figure":
		for _, f := range br.Figures {
			if strings.Contains(f.Text, s.Text) {
				return "figure " + f.Text
			}
		}
	case "disagreement":
		for _, f := range br.Figures {
			if f.Disagreement && holdsAll(f, s.Values) {
				return "disagreement on " + f.Text
			}
		}
	case "single-source-per-outlet":
		for _, c := range br.Coverage {
			if len(c.Claims) > s.Max {
				return "outlet " + c.Source + " lists " + strings.Repeat("*", len(c.Claims))
			}
		}
	}
	return ""
}

// holdsAll reports whether a figure or its variants have every value.
func holdsAll(f storyline.Figure, values []float64) bool {
	have := []float64{f.Value}
	for _, v := range f.Variants {
		have = append(have, v.Value)
	}
	for _, v := range values {
		if !slices.Contains(have, v) {
			return false
		}
	}
	return true
}
