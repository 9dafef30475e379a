package postgres

import (
	"context"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/storetest"
)

// open opens a store in a new schema of the test server.
func open(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storyline.Store { return open(t) })
}

func TestPersistence(t *testing.T) {
	url := pgtest.Schema(t)
	storetest.Persistence(t, func(t *testing.T) storyline.Store {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestListing(t *testing.T) {
	storetest.Listing(t, func(t *testing.T) storetest.Lister { return open(t) })
}

func TestBatch(t *testing.T) {
	storetest.Batch(t, func(t *testing.T) storetest.Batcher { return open(t) })
}

func TestFeedStore(t *testing.T) {
	url := pgtest.Schema(t)
	storetest.Feeds(t, func(t *testing.T) storetest.FeedStore {
		db, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
