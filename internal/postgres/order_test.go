package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/postgres/pgtest"
	"github.com/storyline/storyline/internal/storetest"
)

// TestCommitOrder checks the write lock's promise: with writers in two
// connections pools (two processes, as far as the server can tell)
// appending journal entries and articles in batches that commit at
// different speeds, a reader that follows the journal and the articles by
// position (ReadLog after the last LSN it saw, Articles after the last
// Seq) ends with every entry and every article: no position it passed
// over was filled in later.
func TestCommitOrder(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	const writers, batches, perBatch = 4, 6, 3
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				err := dbs[w%2].Batch(ctx, func(tx storyline.Store) error {
					var entries []storyline.LogEntry
					for i := range perBatch {
						a := storetest.Sample(uint64((w*batches+b)*perBatch+i), 200)
						if _, err := tx.PutArticle(ctx, a); err != nil {
							return err
						}
						entries = append(entries, storyline.LogEntry{Article: a.ID})
					}
					if _, err := tx.AppendLog(ctx, entries); err != nil {
						return err
					}
					time.Sleep(time.Duration(w) * time.Millisecond) // commit late
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var (
		lsn, seq   int64
		logN, artN int
		reader     = dbs[1]
		finished   bool
		want       = writers * batches * perBatch
	)
	for !finished {
		select {
		case <-done:
			finished = true // one more pass after the last commit
		case <-time.After(time.Millisecond):
		}
		entries, err := reader.ReadLog(ctx, lsn, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) > 0 {
			lsn = entries[len(entries)-1].LSN
			logN += len(entries)
		}
		arts, err := reader.ArticlesLite(ctx, storyline.ArticleFilter{After: seq})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) > 0 {
			seq = arts[len(arts)-1].Seq
			artN += len(arts)
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if logN != want || artN != want {
		t.Errorf("a reader following positions saw %d journal entries and %d articles, want %d of each", logN, artN, want)
	}
	if last, _ := reader.LastLSN(ctx); last != int64(want) {
		t.Errorf("LastLSN = %d, want %d", last, want)
	}
}
