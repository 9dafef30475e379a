package cluster

import "testing"

// TestLeadsMeet: two lone short articles pair up only when each holds a
// name of the other's lead, unless one names no one in its lead.
func TestLeadsMeet(t *testing.T) {
	for _, c := range []struct {
		name                string
		leadIn, storyLeadIn float64
		noLead              float64
		want                bool
	}{
		{"each names the other's protagonist", 0.5, 0.25, 0, true},
		{"the story holds none of the article's lead names", 0, 0.5, 0, false},
		{"the article holds none of the story's lead names", 0.5, 0, 0, false},
		{"neither names the other's", 0, 0, 0, false},
		{"one side names no one in its lead", 0, 0, 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var f [NumFeatures]float64
			f[FLeadIn], f[FStoryLeadIn], f[FNoLead] = c.leadIn, c.storyLeadIn, c.noLead
			if got := leadsMeet(&f); got != c.want {
				t.Errorf("leadsMeet = %v, want %v", got, c.want)
			}
		})
	}
}
