package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zeebo/xxh3"
)

// Lease is a right that one process at a time holds (the active clusterer
// of internal/distrib): a session advisory lock of the store's schema,
// taken on a connection of its own. The server releases it when that
// connection ends, so a process that dies (SIGKILL, a lost machine) gives
// it up as soon as the server notices the connection is gone, and a
// standby polling for it takes over.
type Lease struct {
	url  string
	key  int64
	poll time.Duration
}

// Lease returns the lease called name in this store's schema; a standby
// tries to take it, and the holder checks it still has it, every poll.
func (db *DB) Lease(name string, poll time.Duration) *Lease {
	return &Lease{url: db.url, key: int64(xxh3.HashString(fmt.Sprintf("storyline lease %s %d", name, db.lockKey))), poll: poll}
}

// Acquire waits until the lease is held (or ctx is done) and returns a
// context cancelled when it is lost (its connection fails), and the
// function that gives it up.
func (l *Lease) Acquire(ctx context.Context) (context.Context, func(), error) {
	db, err := sql.Open("pgx", l.url)
	if err != nil {
		return nil, nil, fmt.Errorf("lease: %w", err)
	}
	db.SetMaxOpenConns(1)
	conn, err := l.take(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	held, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go l.watch(held, cancel, conn, done)
	release := func() {
		cancel(nil)
		<-done
		// Closing the connection ends its session, and the lock with it.
		conn.Close()
		db.Close()
	}
	return held, release, nil
}

// take polls for the lock on a connection of its own until it gets it.
func (l *Lease) take(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	for {
		conn, err := db.Conn(ctx)
		if err == nil {
			var got bool
			if err = conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, l.key).Scan(&got); err == nil && got {
				return conn, nil
			}
			conn.Close()
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		t := time.NewTimer(l.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// watch checks every poll that the lease's connection is alive, and
// cancels held when it is not.
func (l *Lease) watch(held context.Context, cancel context.CancelCauseFunc, conn *sql.Conn, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(l.poll)
	defer t.Stop()
	for {
		select {
		case <-held.Done():
			return
		case <-t.C:
			if err := conn.PingContext(held); err != nil && held.Err() == nil {
				cancel(fmt.Errorf("lease lost: %w", err))
				return
			}
		}
	}
}
