package cluster

import (
	"fmt"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// TestReleaseKeepsCompared: a story keeps the vectors of the members an
// article is compared to (the first and the Reps-1 latest) and of no other.
func TestReleaseKeepsCompared(t *testing.T) {
	opts := DefaultOptions()
	c := New(opts)
	story := ""
	const n = 20
	for i := range n {
		s := fmt.Sprintf("Harbour pilots in Eastbridge went on strike for the %d time over night shifts and pay, the union said.", i+1)
		a := &storyline.Article{ID: fmt.Sprint("a", i), Lang: "en", Text: s, Sentences: text.Sentences(s), Tokens: text.Tokens(s, "en")}
		story = c.Assign(a, story)
	}
	st := c.stories.at(c.storyByID[story])
	if len(st.members) != n {
		t.Fatalf("story has %d members, want %d", len(st.members), n)
	}
	compared := map[int32]bool{}
	for _, m := range reps(st.members, opts.Reps) {
		compared[m] = true
	}
	for _, m := range st.members {
		if kept := c.profiles.at(m).terms != nil; kept != compared[m] {
			t.Errorf("member %d: vectors kept %v, compared %v", m, kept, compared[m])
		}
	}
}
