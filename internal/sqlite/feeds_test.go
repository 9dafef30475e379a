package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline/internal/storetest"
)

func TestFeedStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.db")
	storetest.Feeds(t, func(t *testing.T) storetest.FeedStore {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
