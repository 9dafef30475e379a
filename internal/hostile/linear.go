package hostile

import (
	"flag"
	"fmt"
	"testing"
	"time"
)

// Growth bounds of CheckLinear: a stage runs on a text of Small bytes and
// on one Factor times larger, and the larger may take at most MaxRatio
// times as long. Linear work gives about Factor (8), quadratic Factor²
// (64); the margin of 3 absorbs the noise of a busy machine (the minimum
// of Runs runs of each size is compared), the race detector and the
// fixed costs that make small inputs relatively slow.
const (
	Small    = 64 << 10
	Factor   = 8
	MaxRatio = 3 * Factor
	Runs     = 2
)

// Attempts is how many times CheckLinear measures before it fails: a
// stage that really grows faster than linear exceeds the bound every
// time, while a burst of load on a shared machine (a pause of the
// collector, another process taking the cores) rarely hits the same
// measurement three times.
const Attempts = 3

// CheckLinear fails t when run on a text of shape s grows much faster
// than the text (see MaxRatio) in each of Attempts measurements.
func CheckLinear(t *testing.T, s Shape, run func(text string)) {
	t.Helper()
	if ok, msg := measureLinear(s, run, t.Logf); !ok {
		t.Error(msg)
	}
}

// measureLinear measures up to Attempts times and reports whether one
// measurement stayed within MaxRatio, and if none did, why.
func measureLinear(s Shape, run func(text string), logf func(string, ...any)) (bool, string) {
	small, large := s.Text(1, Small), s.Text(1, Small*Factor)
	var ts, tl time.Duration
	var ratio float64
	for range Attempts {
		ts, tl = fastest(small, run), fastest(large, run)
		ratio = float64(tl) / float64(max(ts, time.Microsecond))
		logf("%s: %d bytes %v, %d bytes %v: x%.1f", s.Name, len(small), ts, len(large), tl, ratio)
		if ratio <= MaxRatio {
			return true, ""
		}
	}
	return false, fmt.Sprintf("%s: %d times the text took %.0f times as long (%v against %v), over the bound of %d in %d measurements: a stage grows faster than linear",
		s.Name, Factor, ratio, tl, ts, MaxRatio, Attempts)
}

// fastest is the shortest of Runs runs.
func fastest(text string, run func(string)) time.Duration {
	best := time.Duration(1<<63 - 1)
	for i := 0; i < Runs; i++ {
		start := time.Now()
		run(text)
		best = min(best, time.Since(start))
	}
	return best
}

// Per-input time limit of a fuzz target while fuzzing (see Within): a base
// and a share per megabyte of input, generous enough for a machine busy
// with the fuzzing workers themselves.
const (
	FuzzBase    = 2 * time.Second
	FuzzPerMB   = 4 * time.Second
	fuzzFlag    = "test.fuzz"
	megabyteLen = 1 << 20
)

// Within returns a function that, called when a fuzz target's input is
// done, fails t when the input took longer than FuzzBase + FuzzPerMB per
// megabyte of its n bytes, so that the fuzzer keeps the slow input in
// testdata/fuzz as a regression case. It checks only while fuzzing
// (-fuzz): the seed corpus that go test runs is never timed.
//
//	defer hostile.Within(t, len(data))()
func Within(t *testing.T, n int) func() {
	if f := flag.Lookup(fuzzFlag); f == nil || f.Value.String() == "" {
		return func() {}
	}
	limit := FuzzBase + time.Duration(float64(FuzzPerMB)*float64(n)/megabyteLen)
	start := time.Now()
	return func() {
		if d := time.Since(start); d > limit {
			t.Errorf("a %d-byte input took %v, over the fuzzing limit of %v: some stage grows too fast", n, d, limit)
		}
	}
}
