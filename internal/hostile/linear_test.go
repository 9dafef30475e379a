package hostile

import (
	"strings"
	"testing"
)

// work spins for about units steps of a fixed cost.
func work(units int) int {
	h := 0
	for i := range units * 200 {
		h = h*31 + i
	}
	return h
}

var sink int

// TestMeasureLinear: a stage whose work grows with the square of the text
// fails the check, and one that grows with the text passes it.
func TestMeasureLinear(t *testing.T) {
	shape := Shape{Name: "plain", Text: func(_ uint64, n int) string { return strings.Repeat("a", n) }}
	linear := func(text string) { sink += work(len(text) / 16) }
	quadratic := func(text string) { k := len(text) >> 10; sink += work(k * k) }
	if ok, msg := measureLinear(shape, linear, t.Logf); !ok {
		t.Errorf("linear work failed the check: %s", msg)
	}
	if ok, _ := measureLinear(shape, quadratic, t.Logf); ok {
		t.Error("quadratic work passed the check")
	}
}
