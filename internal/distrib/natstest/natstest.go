// Package natstest gives tests a NATS JetStream deployment of their own: a
// stream prefix no other test uses on the server named by
// STORYLINE_TEST_NATS, whose streams are deleted when the test ends.
package natstest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline/storyline/internal/sharedtest"
)

// EnvVar names the server the tests use; the value "skip" skips them.
const EnvVar = "STORYLINE_TEST_NATS"

// DefaultURL is the server of this project's machines.
const DefaultURL = "nats://127.0.0.1:4222"

// ciVar is set by .ci/run: there a server that does not answer fails the
// tests instead of skipping them.
const ciVar = "STORYLINE_CI"

// connectTimeout bounds the wait for a server that is not there.
const connectTimeout = 5 * time.Second

// Server returns the URL of the test server. It skips the test when
// STORYLINE_TEST_NATS is "skip", or when no server answers outside CI
// (with a notice); in CI a server that does not answer fails the test.
func Server(tb testing.TB) string {
	tb.Helper()
	u := sharedtest.ServiceURL(tb, EnvVar, DefaultURL)
	nc, err := nats.Connect(u, nats.Timeout(connectTimeout))
	if err != nil {
		if os.Getenv(ciVar) == "" {
			tb.Skipf("no NATS server at %s (%s): skipping; start one with JetStream (-js) to run this test", u, EnvVar)
		}
		tb.Fatalf("NATS at %s does not answer (set %s to another URL, or to skip): %v", u, EnvVar, err)
	}
	nc.Close()
	return u
}

// Prefix returns a stream prefix of the test's own on the server at url;
// every stream whose name starts with it is deleted when the test ends.
func Prefix(tb testing.TB, url string) string {
	tb.Helper()
	prefix := sharedtest.UniqueName()
	tb.Cleanup(func() {
		if err := deleteStreams(url, prefix); err != nil {
			tb.Errorf("delete the streams of %s: %v", prefix, err)
		}
	})
	return prefix
}

func deleteStreams(url, prefix string) error {
	nc, err := nats.Connect(url, nats.Timeout(connectTimeout))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	names := js.StreamNames(ctx)
	var mine []string
	for n := range names.Name() {
		if strings.HasPrefix(n, prefix+"_") {
			mine = append(mine, n)
		}
	}
	if err := names.Err(); err != nil {
		return err
	}
	for _, n := range mine {
		if err := js.DeleteStream(ctx, n); err != nil {
			return err
		}
	}
	return nil
}
