package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/storyline/storyline/internal/postgres/pgtest"
)

// TestLease checks that one holder at a time has a lease: a second
// Acquire waits while the first holds it, gets it within a few polls of
// its release, and a lease of another name or schema is independent.
func TestLease(t *testing.T) {
	ctx := context.Background()
	const poll = 100 * time.Millisecond
	db, err := Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := Open(ctx, pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	held, release, err := db.Lease("a", poll).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*Lease{db.Lease("b", poll), other.Lease("a", poll)} {
		_, r, err := l.Acquire(ctx)
		if err != nil {
			t.Fatalf("an independent lease: %v", err)
		}
		r()
	}
	wait, cancel := context.WithTimeout(ctx, 5*poll)
	_, _, err = db.Lease("a", poll).Acquire(wait)
	cancel()
	if err == nil {
		t.Fatal("a second holder acquired a held lease")
	}
	got := make(chan time.Time, 1)
	go func() {
		_, r, err := db.Lease("a", poll).Acquire(ctx)
		if err != nil {
			t.Error(err)
		}
		got <- time.Now()
		r()
	}()
	time.Sleep(3 * poll)
	released := time.Now()
	release()
	if held.Err() == nil {
		t.Error("the released lease's context is not cancelled")
	}
	select {
	case at := <-got:
		if d := at.Sub(released); d > 5*poll {
			t.Errorf("the standby took %v to acquire a released lease (poll %v)", d, poll)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the standby never acquired the released lease")
	}
}
