// Package postgres is storyline's shared store: storyline.Store on a
// PostgreSQL database (github.com/jackc/pgx/v5 through database/sql), for
// several processes on several machines. The schema is migrated by goose
// from migrations embedded in the binary, in the first schema of the
// connection's search_path, so that one database can hold several stores
// (postgres://host/db?search_path=name).
//
// Writes are serialised: every write transaction (a Batch, or a single
// write call) starts by taking a transaction-level advisory lock of the
// store (one key per schema), held until it commits or rolls back. This
// is the single writer of the SQLite store, across processes, and what the
// pipeline's state model relies on (internal/pipeline/index.go): a writer
// reads the journal's end and appends after it with no other writer in
// between. It is also what makes positions appear in order: an article's
// Seq and a journal entry's LSN are given under the lock (the LSN from a
// one-row counter, index_lsn), so a transaction that takes a later
// position commits after every transaction that took an earlier one, and
// a reader that has seen position n never sees a position below n appear
// later (a rolled-back transaction leaves a gap that stays a gap). Reads
// take no lock: MVCC gives each statement (and each read of several
// statements, in one REPEATABLE READ transaction) a committed snapshot,
// so readers never wait for writers, nor writers for readers.
//
// Articles are stored whole, their analysis and the stories' briefs in
// the binary forms of internal/storecodec. Full-text search uses a
// tsvector column of the stems of title and text, built by this package
// (vector.go) and written with the article, so every committed article is
// searchable at once; queries are read as in the SQLite store
// (internal/ftsquery).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	neturl "net/url"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

//go:embed migrations/*.sql
var migrations embed.FS

// waitNotice is how long a write transaction waits for the write lock
// before the notice set with SetWaitNotice is called.
const waitNotice = time.Second

// maxConns bounds the connections of one process: enough for the
// pipeline's readers beside one writer, few enough that many processes
// fit in the server's default of 100.
const maxConns = 8

// DB is the Postgres store. It implements storyline.Store and
// storyline.FeedStore; every method is safe for concurrent use.
type DB struct {
	store
	url string
}

var (
	_ storyline.Store         = (*DB)(nil)
	_ storyline.FeedStore     = (*DB)(nil)
	_ storyline.LiteReader    = (*DB)(nil)
	_ storyline.SearchIndexer = (*DB)(nil)
)

// IsURL reports whether a --db value names a Postgres database rather
// than a SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (a postgres:// URL or a libpq
// connection string) and migrates the store's schema to the latest
// version.
func Open(ctx context.Context, url string) (*DB, error) {
	sqldb, err := sql.Open("pgx", url)
	if err != nil {
		return nil, openErr(url, "", err)
	}
	sqldb.SetMaxOpenConns(maxConns)
	sqldb.SetMaxIdleConns(maxConns)
	db := &DB{url: url, store: store{db: sqldb, r: sqldb, w: sqldb, waiting: new(atomic.Pointer[func()])}}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, openErr(url, "connect", err)
	}
	var schema sql.NullString
	if err := sqldb.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil || !schema.Valid {
		sqldb.Close()
		return nil, openErr(url, "no schema in the search path to create the store in", err)
	}
	db.lockKey = int64(xxh3.HashString("storyline write lock " + schema.String))
	if err := migrate(ctx, sqldb); err != nil {
		sqldb.Close()
		return nil, openErr(url, "migrate", err)
	}
	return db, nil
}

func openErr(url, msg string, err error) error {
	return &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: redact(url), Msg: msg, Err: err}
}

// redact hides the password of a URL in messages.
func redact(url string) string {
	if u, err := neturl.Parse(url); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return url
}

// migrate brings the schema to the latest embedded version. A session
// advisory lock (goose's) serialises processes that open a new store at
// once.
func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// SQL returns the database handle, for tests and tools.
func (db *DB) SQL() *sql.DB { return db.db }

// Close closes the connections.
func (db *DB) Close() error {
	if err := db.db.Close(); err != nil {
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Close", Input: redact(db.url), Err: err}
	}
	return nil
}

// SetWaitNotice sets the function called when a write transaction has
// waited a second for the write lock (another process, or another
// goroutine, is writing).
func (db *DB) SetWaitNotice(fn func()) { db.waiting.Store(&fn) }

// Batch runs fn in one write transaction and commits when fn returns nil
// (rolls back otherwise). Calls through tx see the transaction's own
// writes. Other writers wait for the batch (the write lock); readers do
// not, and see the state before the batch until it commits. Inside fn, use
// tx only: a write through db would wait for the batch forever.
func (db *DB) Batch(ctx context.Context, fn func(tx storyline.Store) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Batch", Err: err}
	}
	ts := &txStore{store{r: tx, w: tx, tx: tx, lockKey: db.lockKey, waiting: db.waiting}}
	if err := fn(ts); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Batch", Msg: "commit", Err: err}
	}
	return nil
}

// txStore is the Store that Batch hands to its function.
type txStore struct{ store }

// Close does nothing: Batch ends the transaction.
func (*txStore) Close() error { return nil }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// store implements the methods of storyline.Store over a reader and a
// writer, which are the same transaction inside Batch.
type store struct {
	r, w    querier
	tx      *sql.Tx // non-nil inside Batch
	db      *sql.DB // to begin transactions; nil inside Batch
	lockKey int64   // the write lock's advisory lock key

	// waiting, when it holds a function, is called when a write
	// transaction has waited waitNotice for the write lock.
	waiting *atomic.Pointer[func()]
}

// begin starts a write transaction and takes the write lock, calling the
// wait notice when the lock takes a while.
func (s *store) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	var t *time.Timer
	if fn := s.waiting.Load(); fn != nil {
		t = time.AfterFunc(waitNotice, *fn)
	}
	_, err = tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, s.lockKey)
	if t != nil {
		t.Stop()
	}
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("write lock: %w", err)
	}
	return tx, nil
}

// inTx runs fn in a write transaction, or in the current one inside Batch.
func (s *store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return storecodec.InTx(s.tx, func() (*sql.Tx, error) { return s.begin(ctx) }, fn)
}

// exec runs one write statement in a write transaction (the current one
// inside Batch).
func (s *store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// read runs fn in one read transaction (the current one inside Batch) so
// that its statements see one snapshot.
func (s *store) read(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// limit is a LIMIT argument: NULL (no limit) for n <= 0.
func limit(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}

// fail and notFound make the errors every store returns.
var (
	fail     = storecodec.Fail
	notFound = storecodec.NotFound
)
