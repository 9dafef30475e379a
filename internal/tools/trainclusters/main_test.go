package main

import (
	"testing"

	"github.com/storyline/storyline/internal/sharedtest"
)

// TestEvalSmoke scores the shipped model on the development sets with the
// minimal analysis, as `trainclusters -eval -simple` does.
func TestEvalSmoke(t *testing.T) {
	shared := sharedtest.Dir(t)
	if err := run([]string{"-eval", "-simple", "-shared", shared}); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-drop", "no-such-feature"}); err == nil {
		t.Error("an unknown feature to drop was accepted")
	}
}
