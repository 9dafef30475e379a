package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/storyline/storyline/internal/sharedtest"
)

// TestSmoke scores the pairs over the first articles of the set, and
// cross-validates two values, without checking figures.
func TestSmoke(t *testing.T) {
	shared := sharedtest.Dir(t)
	var out bytes.Buffer
	if err := run([]string{"-shared", shared, "-n", "150", "-cv", "lift=0,0.1"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2-fold cross-validated") {
		t.Errorf("no cross-validated figure in:\n%s", out.String())
	}
}
