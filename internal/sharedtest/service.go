package sharedtest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
)

// ServiceURL returns the URL of a test server named by the environment
// variable envVar, or def when it is unset. It skips the test when the
// variable is "skip".
func ServiceURL(tb testing.TB, envVar, def string) string {
	tb.Helper()
	switch u := os.Getenv(envVar); u {
	case "skip":
		tb.Skipf("%s=skip", envVar)
		return ""
	case "":
		return def
	default:
		return u
	}
}

// UniqueName returns a name no other test run uses ("storyline_test_"
// and 12 random hex digits), for a schema or a stream prefix of a test's
// own on a shared server.
func UniqueName() string {
	var b [6]byte
	rand.Read(b[:])
	return "storyline_test_" + hex.EncodeToString(b[:])
}
