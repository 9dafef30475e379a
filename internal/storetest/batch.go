package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/storyline/storyline"
)

// Batcher is a store that groups writes in one transaction.
type Batcher interface {
	storyline.Store
	Batch(ctx context.Context, fn func(tx storyline.Store) error) error
}

// Batch runs the writes of a batch and checks that they are visible
// inside it, committed after it, and rolled back when it fails. open
// must return a new, empty store; Batch closes it.
func Batch(t *testing.T, open func(t *testing.T) Batcher) {
	ctx := context.Background()
	db := open(t)
	defer db.Close()
	err := db.Batch(ctx, func(tx storyline.Store) error {
		for i := range 5 {
			if _, err := tx.PutArticle(ctx, Sample(uint64(i), 500)); err != nil {
				return err
			}
		}
		if err := tx.Assign(ctx, "sample-1", "s1", ""); err != nil {
			return err
		}
		if err := tx.PutStory(ctx, &storyline.Story{ID: "s1", Articles: []string{"sample-1"}}); err != nil {
			return err
		}
		as, err := tx.Articles(ctx, storyline.ArticleFilter{Story: "s1"})
		if err != nil || len(as) != 1 {
			return fmt.Errorf("inside the batch: %d articles of s1, %v", len(as), err)
		}
		_, total, err := tx.Stories(ctx, storyline.StoryFilter{Q: "sample"})
		if err != nil || total != 1 {
			return fmt.Errorf("inside the batch: Stories total %d, %v", total, err)
		}
		if err := tx.SetStreamPos(ctx, "analyzed", 7); err != nil {
			return err
		}
		_, err = tx.PutCheckpoint(ctx, &storyline.Checkpoint{LSN: 1, Cluster: []byte("v")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.Articles(ctx, storyline.ArticleFilter{})
	if err != nil || len(as) != 5 {
		t.Fatalf("after commit: %d articles, %v", len(as), err)
	}
	boom := errors.New("boom")
	err = db.Batch(ctx, func(tx storyline.Store) error {
		if _, err := tx.PutArticle(ctx, Sample(99, 500)); err != nil {
			return err
		}
		if _, err := tx.PutCheckpoint(ctx, &storyline.Checkpoint{LSN: 2, Cluster: []byte("changed")}); err != nil {
			return err
		}
		if err := tx.SetStreamPos(ctx, "analyzed", 9); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Batch error = %v, want boom", err)
	}
	has, err := db.HasArticles(ctx, []string{"sample-99"})
	if err != nil || has["sample-99"] {
		t.Errorf("rolled-back article is stored (%v)", err)
	}
	if cp, _ := db.Checkpoint(ctx, true); string(cp.Cluster) != "v" {
		t.Errorf("checkpoint after rollback = %q", cp.Cluster)
	}
	// A stream position commits and rolls back with the writes it applied.
	if pos, err := db.StreamPos(ctx, "analyzed"); err != nil || pos != 7 {
		t.Errorf("StreamPos after rollback = %d, %v; want 7", pos, err)
	}
	// The next article continues the sequence.
	a := Sample(100, 500)
	if _, err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.Seq <= 5 {
		t.Errorf("Seq after rollback = %d", a.Seq)
	}
}
