// Package pgtest gives tests a PostgreSQL database of their own: a new
// schema of the server named by STORYLINE_TEST_POSTGRES, dropped when the
// test ends, so that runs never collide.
package pgtest

import (
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/storyline/storyline/internal/sharedtest"
)

// EnvVar names the server the tests use; the value "skip" skips them.
const EnvVar = "STORYLINE_TEST_POSTGRES"

// DefaultURL is the server of this project's machines (trust auth).
const DefaultURL = "postgres://root@127.0.0.1:5432/test?sslmode=disable"

// connectTimeout bounds the wait for a server that is not there.
const connectTimeout = 10 * time.Second

// Server returns the URL of the test server. It skips the test only when
// STORYLINE_TEST_POSTGRES is "skip"; a server that does not answer fails
// the test, so that CI never passes by skipping.
func Server(tb testing.TB) string {
	tb.Helper()
	u := sharedtest.ServiceURL(tb, EnvVar, DefaultURL)
	return u
}

// Schema creates a new, empty schema on the test server and returns a URL
// whose search_path is that schema; the schema and everything in it is
// dropped when the test ends.
func Schema(tb testing.TB) string {
	tb.Helper()
	base := Server(tb)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("PostgreSQL at %s (%s): %v", base, EnvVar, err)
	}
	tb.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		tb.Fatalf("PostgreSQL at %s does not answer (set %s to another URL, or to skip): %v", base, EnvVar, err)
	}
	name := sharedtest.UniqueName()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	pu, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvVar, err)
	}
	q := pu.Query()
	q.Set("search_path", name)
	pu.RawQuery = q.Encode()
	return pu.String()
}
