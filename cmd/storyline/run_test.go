package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// runJSON runs a storyline command in-process and decodes its JSON output.
func runJSON(t *testing.T, out any, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("storyline %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("storyline %s: output is not JSON: %v", strings.Join(args, " "), err)
	}
	return stdout.Bytes()
}

// checkContract asserts the rules of CONTRACT.md on a run/brief output:
// every citation is a byte range of its article's text whose bytes, for the
// first one, equal the sentence; sources count outlets.
func checkContract(t *testing.T, out storyline.RunOutput) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range out.Stories {
		texts := map[string]string{}
		for _, a := range s.Articles {
			if seen[a.ID] {
				t.Errorf("article %s in two stories", a.ID)
			}
			seen[a.ID] = true
			texts[a.ID] = a.Text
		}
		for _, sum := range s.Summary {
			if len(sum.Citations) == 0 {
				t.Errorf("story %s: summary sentence without citation: %q", s.ID, sum.Text)
				continue
			}
			for i, c := range sum.Citations {
				text, ok := texts[c.Article]
				if !ok || c.Start < 0 || c.End > len(text) || c.Start >= c.End {
					t.Errorf("story %s: bad citation %+v", s.ID, c)
					continue
				}
				if i == 0 && strings.Join(strings.Fields(text[c.Start:c.End]), " ") != strings.Join(strings.Fields(sum.Text), " ") {
					t.Errorf("story %s: origin %q != sentence %q", s.ID, text[c.Start:c.End], sum.Text)
				}
			}
		}
		for _, c := range s.Claims {
			if c.Sources < 1 || c.Sources > len(c.Articles) {
				t.Errorf("story %s: claim with %d sources over %d articles", s.ID, c.Sources, len(c.Articles))
			}
		}
	}
}

func TestRunSeeds(t *testing.T) {
	seeds := sharedtest.Data(t, "seeds")
	var out storyline.RunOutput
	first := runJSON(t, &out, "run", "--json", "--with-text", "--db", ":memory:", seeds)
	if len(out.Stories) != 1 || len(out.Stories[0].Articles) != 5 {
		t.Fatalf("seeds: %d stories, want one of 5 articles", len(out.Stories))
	}
	if len(out.Errors) != 0 {
		t.Errorf("errors: %+v", out.Errors)
	}
	checkContract(t, out)
	if len(out.Stories[0].Summary) == 0 {
		t.Error("no summary")
	}
	var again storyline.RunOutput
	if second := runJSON(t, &again, "run", "--json", "--with-text", "--db", ":memory:", seeds); !bytes.Equal(first, second) {
		t.Error("run is not deterministic")
	}
	// The scorer's own citation check, when Python is here.
	if py, err := exec.LookPath("python3"); err == nil {
		f := filepath.Join(t.TempDir(), "out.json")
		os.WriteFile(f, first, 0o644)
		cmd := exec.Command(py, filepath.Join(sharedtest.Dir(t), "eval", "check-citations.py"), f)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("check-citations: %v\n%s", err, b)
		}
	}
}

func TestBriefExamples(t *testing.T) {
	dir := filepath.Join(sharedtest.RepoRoot(), "examples", "bridge")
	var out storyline.RunOutput
	runJSON(t, &out, "brief", "--json", "--with-text", "--words", "80", dir)
	if len(out.Stories) != 1 || len(out.Stories[0].Articles) != 4 {
		t.Fatalf("brief: %d stories, want one of 4 articles", len(out.Stories))
	}
	checkContract(t, out)
	words := 0
	for _, s := range out.Stories[0].Summary {
		words += len(strings.Fields(s.Text))
	}
	if words == 0 || words > 80 {
		t.Errorf("summary has %d words, want 1..80", words)
	}
}

func TestRunExamplesThreeStories(t *testing.T) {
	var out storyline.RunOutput
	runJSON(t, &out, "run", "--json", "--db", ":memory:", filepath.Join(sharedtest.RepoRoot(), "examples"))
	if len(out.Stories) != 3 {
		var heads []string
		for _, s := range out.Stories {
			heads = append(heads, s.Headline)
		}
		t.Errorf("examples: %d stories, want 3: %q", len(out.Stories), heads)
	}
}

// TestRunNoSettle runs part of a development set with and without
// --no-settle: without the second look at the run's lone articles there
// are more stories, and both outputs keep the contract.
func TestRunNoSettle(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	part := sharedtest.DevHead(t, "multinews-val", 200)
	var settled, placed storyline.RunOutput
	runJSON(t, &settled, "run", "--json", "--with-text", "--db", ":memory:", part)
	runJSON(t, &placed, "run", "--json", "--with-text", "--db", ":memory:", "--no-settle", part)
	checkContract(t, settled)
	checkContract(t, placed)
	t.Logf("%d stories, %d with --no-settle", len(settled.Stories), len(placed.Stories))
	if len(placed.Stories) <= len(settled.Stories) {
		t.Errorf("--no-settle: %d stories, settled %d", len(placed.Stories), len(settled.Stories))
	}
}

// TestShowPrefix: show takes a unique prefix of a story id, with or
// without its "st-", as git takes a commit's.
func TestShowPrefix(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, _, err := runCmd(t, "run", "--quiet", "--db", db, "../../examples"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "stories", "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Stories []struct {
			ID       string `json:"id"`
			Headline string `json:"headline"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Stories) < 2 {
		t.Fatalf("stories: %v\n%s", err, out)
	}
	s := list.Stories[0]
	for _, id := range []string{s.ID, s.ID[:8], strings.TrimPrefix(s.ID, "st-")[:5]} {
		got, stderr, err := runCmd(t, "show", "--db", db, id)
		if err != nil || !strings.HasPrefix(got, s.Headline+"\n") {
			t.Errorf("show %s: %v %s\n%.80s", id, err, stderr, got)
		}
	}
}

// TestShowRelated: stories --json lists each story's related stories, and
// show prints them with their headlines, as show --json gives them.
func TestShowRelated(t *testing.T) {
	if testing.Short() {
		t.Skip("dev corpus")
	}
	part := sharedtest.DevHead(t, "ecbplus-dev", 150)
	db := filepath.Join(t.TempDir(), "s.db")
	if _, _, err := runCmd(t, "run", "--quiet", "--db", db, part); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Stories []struct {
			ID       string              `json:"id"`
			Headline string              `json:"headline"`
			Related  []storyline.Related `json:"related"`
		} `json:"stories"`
	}
	runJSON(t, &list, "stories", "--json", "--limit", "1000", "--db", db)
	heads := map[string]string{}
	for _, s := range list.Stories {
		heads[s.ID] = s.Headline
	}
	shown := 0
	for _, s := range list.Stories {
		if len(s.Related) == 0 || shown == 3 {
			continue
		}
		shown++
		var v storyline.StoryView
		runJSON(t, &v, "show", "--json", "--db", db, s.ID)
		if !reflect.DeepEqual(v.Related, s.Related) {
			t.Errorf("%s: show --json related %+v, stories --json %+v", s.ID, v.Related, s.Related)
		}
		out, _, err := runCmd(t, "show", "--db", db, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := s.Related[0]
		if !strings.Contains(out, "\nRelated stories\n  "+r.Story+"  ") || !strings.Contains(out, r.Reason) {
			t.Errorf("show %s does not list %s (%s):\n%s", s.ID, r.Story, heads[r.Story], out)
		}
	}
	if shown == 0 {
		t.Error("no story has related stories")
	}
}
