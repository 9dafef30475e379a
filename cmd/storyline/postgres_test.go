package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/sharedtest"
)

// TestRunPostgres runs the same commands over a Postgres store (a schema
// of its own on the test server) and over a SQLite file: the examples,
// then the seeds added to the same store. Both stores must give the same
// stories, byte for byte in JSON, and list them alike; STORYLINE_DB
// names the Postgres store as --db does.
func TestRunPostgres(t *testing.T) {
	pg := pgtest.Schema(t)
	lite := filepath.Join(t.TempDir(), "s.db")
	inputs := []string{filepath.Join(sharedtest.RepoRoot(), "examples"), sharedtest.Data(t, "seeds")}
	for _, in := range inputs {
		var fromPG, fromLite storyline.RunOutput
		a := runJSON(t, &fromPG, "run", "--json", "--with-text", "--db", pg, in)
		b := runJSON(t, &fromLite, "run", "--json", "--with-text", "--db", lite, in)
		if len(fromPG.Stories) == 0 {
			t.Errorf("run %s on Postgres: no stories", in)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("run %s: Postgres and SQLite outputs differ:\n%s", in, diffStories(fromPG, fromLite))
		}
	}
	var listPG, listLite any
	a := runJSON(t, &listPG, "stories", "--json", "--db", pg)
	b := runJSON(t, &listLite, "stories", "--json", "--db", lite)
	if !bytes.Equal(a, b) {
		t.Errorf("stories: Postgres and SQLite lists differ:\n%s\n%s", a, b)
	}
	t.Setenv("STORYLINE_DB", pg)
	var fromEnv any
	if c := runJSON(t, &fromEnv, "stories", "--json"); !bytes.Equal(c, a) {
		t.Errorf("stories with STORYLINE_DB=%s differ from --db", pg)
	}
}

// diffStories says which stories of two runs differ, by id and members.
func diffStories(a, b storyline.RunOutput) string {
	var buf bytes.Buffer
	members := func(o storyline.RunOutput) map[string][]string {
		m := map[string][]string{}
		for _, s := range o.Stories {
			for _, art := range s.Articles {
				m[s.ID] = append(m[s.ID], art.ID)
			}
		}
		return m
	}
	ma, mb := members(a), members(b)
	for id, as := range ma {
		buf.WriteString(id)
		buf.WriteString(": ")
		for _, x := range as {
			buf.WriteString(x + " ")
		}
		buf.WriteString(" | ")
		for _, x := range mb[id] {
			buf.WriteString(x + " ")
		}
		buf.WriteString("\n")
	}
	return buf.String()
}
