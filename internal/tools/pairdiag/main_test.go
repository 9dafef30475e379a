package main

import (
	"bytes"
	"io"
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

// TestSet changes options with -set: a settle probability of 1 moves no
// article, so fewer pairs meet than with the default; an unknown name is
// an error.
func TestSet(t *testing.T) {
	shared := sharedtest.Dir(t)
	var def, none bytes.Buffer
	if err := run([]string{"-shared", shared, "-n", "300", "-dump"}, &def); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-shared", shared, "-n", "300", "-set", "settle=1"}, &none); err != nil {
		t.Fatal(err)
	}
	if def.String() == none.String() {
		t.Errorf("-set settle=1 changed nothing:\n%s", none.String())
	}
	if !strings.Contains(def.String(), "(stories of ") {
		t.Errorf("-dump gives no story sizes:\n%s", def.String())
	}
	if err := run([]string{"-shared", shared, "-n", "10", "-set", "nosuch=1"}, io.Discard); err == nil {
		t.Error("-set nosuch=1: no error")
	}
}
