// Package sqlite is storyline's embedded store: storyline.Store on one SQLite
// file (modernc.org/sqlite, pure Go), with the schema migrated by goose from
// migrations embedded in the binary (migrations/; versions 1-9 are this
// package's, 10 and up belong to sibling files such as feeds.go).
//
// All writes go through one connection, so they are serialised without
// SQLITE_BUSY retries inside the process; reads use a pool of read-only
// connections which, in WAL mode, never wait for the writer. ":memory:" is a
// private in-memory database on a single connection shared by reads and
// writes.
//
// Every call commits on its own (synchronous=NORMAL in WAL: no fsync per
// commit); Batch groups many calls in one transaction. Articles are stored
// whole, their analysis in one compact binary blob (internal/storecodec),
// and indexed for full text in chunks (fts.go) rather than one by one, which keeps
// PutArticle above 1,000 articles/s of 8 KB. The journal of the derived
// indexes (journal.go) lives in the same file, written in the same
// transactions as the articles.
//
// Several processes may open one file: opening (creation and migration) is
// serialised by a lock on the file's folder, writes by SQLite's write lock
// (a writer that waits a second is told through SetWaitNotice), and readers
// never wait.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

//go:embed migrations/*.sql
var migrations embed.FS

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a second storyline on the same file) before failing: long
// enough for another process's repair, which holds the write lock while it
// places every article. A writer that waits longer than waitNotice says
// so through the notice set with SetWaitNotice.
const (
	busyTimeoutMS = 30 * 60 * 1000
	waitNotice    = time.Second
)

// DB is the SQLite store. It implements storyline.Store; every method is safe
// for concurrent use.
type DB struct {
	store
	path string
	w    *sql.DB // exactly one connection: all writes
	r    *sql.DB // read-only pool; the same as w for ":memory:"
}

var _ storyline.Store = (*DB)(nil)

// Ephemeral reports whether the store keeps nothing after Close (":memory:"):
// the pipeline then writes no index pages, which only a later process
// would read.
func (db *DB) Ephemeral() bool { return db.path == ":memory:" }

// Option changes how Open sets up a store.
type Option func(*config)

type config struct {
	cachePages int // 0: SQLite's default
}

// ShortLived sizes the page cache of each connection for a process that
// reads little and exits soon, a one-shot command (see shortCachePages);
// a long-lived one (serve, watch) keeps SQLite's default.
func ShortLived() Option { return func(c *config) { c.cachePages = shortCachePages } }

// Open opens (creating it if needed) the store at path and migrates its
// schema to the latest version. path ":memory:" is a private in-memory
// database that disappears on Close.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	db := &DB{path: path}
	if path != ":memory:" {
		// Two processes creating or migrating one store at once would race
		// (goose's steps are not atomic across processes): the opening is
		// serialised by a lock on the store's folder.
		unlock, err := lockDir(filepath.Dir(path))
		if err != nil {
			return nil, &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: path, Err: err}
		}
		defer unlock()
	}
	var err error
	if path == ":memory:" {
		db.w, err = sql.Open("sqlite", "file::memory:?"+dsn(false, false, cfg))
		if err == nil {
			// One connection forever: a second one would be another database.
			db.w.SetMaxOpenConns(1)
			db.w.SetMaxIdleConns(1)
			db.w.SetConnMaxLifetime(0)
			db.w.SetConnMaxIdleTime(0)
			db.r = db.w
		}
	} else {
		db.w, err = sql.Open("sqlite", fileURI(path)+"?"+dsn(true, false, cfg))
		if err == nil {
			db.w.SetMaxOpenConns(1)
			db.w.SetMaxIdleConns(1)
			db.w.SetConnMaxIdleTime(0)
			db.r, err = sql.Open("sqlite", fileURI(path)+"?"+dsn(true, true, cfg))
		}
		if err == nil {
			n := max(4, runtime.GOMAXPROCS(0))
			db.r.SetMaxOpenConns(n)
			db.r.SetMaxIdleConns(n)
		}
	}
	if err != nil {
		db.Close()
		return nil, &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: path, Err: err}
	}
	if err == nil {
		err = db.w.PingContext(ctx) // the writer sets WAL mode now, under the lock
	}
	if err != nil {
		db.Close()
		return nil, &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: path, Err: err}
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: path, Msg: "migrate", Err: err}
	}
	if err := db.prepare(ctx); err != nil {
		db.Close()
		return nil, &storyline.Error{Code: storyline.EINTERNAL, Op: "Open", Input: path, Err: err}
	}
	return db, nil
}

// dsn returns the connection parameters. The writer starts its transactions
// with BEGIN IMMEDIATE so that a transaction never has to upgrade a read
// lock (which can fail with SQLITE_BUSY at commit time). Temporary files
// (the statement journals of the full-text and upsert statements inside a
// batch) stay in memory: on disk they took 0.4 s of the 1.1 s of write
// calls in a 10k-article run.
func dsn(file, readOnly bool, cfg config) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeoutMS))
	q.Set("_foreign_keys", "1")
	if file {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
	}
	q.Add("_pragma", "temp_store(MEMORY)")
	if cfg.cachePages > 0 {
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", cfg.cachePages))
	}
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_txlock", "immediate")
	}
	return q.Encode()
}

// shortCachePages is the page cache of each connection of a short-lived
// process, in pages (SQLite's default is 2,000 KiB, about 500 pages). The
// operating system caches the file; what SQLite's own cache saves is a
// copy from it, while each page it takes for the first time costs more
// than that copy: a one-article ingest on a 100k-article store, which
// reads about 1,000 scattered pages, ran 11-12% faster with 50-200 pages
// than with the default (16 alternated rounds). A long-lived process
// keeps the default: POSTs to serve on a 100k store were slower with 64.
const shortCachePages = 64

// fileURI turns a path into a "file:" URI, escaping what a URI would read as
// a query or fragment.
func fileURI(path string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	return u.String()
}

// migrate brings the schema to the latest embedded version. It uses a goose
// Provider (no package-level goose state) on the writer connection. Out of
// order is allowed because versions are reserved per file (1-9 here, 10 and
// up for siblings), so a database migrated to 10 may still lack a new 2.
func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w, sub, goose.WithDisableGlobalRegistry(true),
		goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// SQL returns the writer's database handle, for sibling files of this package
// (feed state) that need tables of their own. It has a single connection:
// do not hold a transaction or rows open while calling methods of db.
func (db *DB) SQL() *sql.DB { return db.w }

// Close closes the database. For a file it checkpoints the WAL first.
func (db *DB) Close() error {
	var errs []error
	if db.unindexed != nil && db.path != ":memory:" {
		// Leave a complete index behind for other readers of the file.
		errs = append(errs, db.indexFTS(context.Background()))
	}
	if db.reads != nil {
		errs = append(errs, db.reads.close())
	}
	if db.stmts.insertArticle != nil {
		errs = append(errs, db.stmts.insertArticle.Close())
	}
	if db.r != nil && db.r != db.w {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		if db.path != ":memory:" {
			_, err := db.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			errs = append(errs, err)
		}
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Close", Input: db.path, Err: err}
	}
	return nil
}

// Batch runs fn in one write transaction and commits when fn returns nil
// (rolls back otherwise). Calls through tx see the transaction's own writes;
// grouping the articles of one run this way makes ingest several times
// faster than one commit per article.
//
// The writer has a single connection that the transaction holds until fn
// returns: inside fn, use tx only. Calling db's own methods from fn would
// wait forever for a write (and, for ":memory:", for a read too). Other
// goroutines' writes wait for the batch; their reads of a file database do
// not, and see the state before the batch until it commits.
func (db *DB) Batch(ctx context.Context, fn func(tx storyline.Store) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Batch", Err: err}
	}
	ts := &txStore{store{r: tx, w: tx, tx: tx, stmts: db.stmts, unindexed: db.unindexed, waiting: db.waiting}}
	if err := fn(ts); err != nil {
		tx.Rollback()
		return err
	}
	if err := ts.indexFull(ctx); err != nil {
		tx.Rollback()
		return &storyline.Error{Code: storyline.EINTERNAL, Op: "Batch", Msg: "index", Err: err}
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

// statements are prepared once on the writer connection.
type statements struct {
	insertArticle *sql.Stmt
}

// store implements the methods of storyline.Store over a reader and a
// writer, which are the same transaction inside Batch.
type store struct {
	r, w  querier
	tx    *sql.Tx // non-nil inside Batch
	stmts statements
	db    *sql.DB // the writer, to begin transactions; nil inside Batch

	// unindexed counts the articles this process stored since the last
	// indexFTS: a hint for when to index, not the truth (fts_status is).
	unindexed *atomic.Int64

	// reads are the hot read queries prepared on the reader pool; nil
	// inside Batch.
	reads *readStmts

	// waiting, when it holds a function, is called when a write
	// transaction has waited waitNotice for the write lock.
	waiting *atomic.Pointer[func()]
}

// SetWaitNotice sets the function called when a write transaction has
// waited a second for the write lock (another process, or another
// goroutine, is writing); it may be called again for a later wait.
func (db *DB) SetWaitNotice(fn func()) { db.waiting.Store(&fn) }

// begin starts a write transaction, calling the wait notice when the
// write lock takes a while.
func (s *store) begin(ctx context.Context) (*sql.Tx, error) {
	var t *time.Timer
	if fn := s.waiting.Load(); fn != nil {
		t = time.AfterFunc(waitNotice, *fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if t != nil {
		t.Stop()
	}
	return tx, err
}

// readStmts prepares the read queries of the serving path (Story,
// Stories, Article, Articles) once per reader connection instead of at
// every call: parsing and planning them was a tenth of the cost of a
// story page. Stories reads in a transaction and does not use them. The set of query texts is small (one per combination of
// filters), so every one is kept until Close.
type readStmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (rs *readStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if st := rs.m[query]; st != nil {
		return st, nil
	}
	st, err := rs.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	rs.m[query] = st
	return st, nil
}

func (rs *readStmts) close() error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var errs []error
	for _, st := range rs.m {
		errs = append(errs, st.Close())
	}
	clear(rs.m)
	return errors.Join(errs...)
}

// query runs a read query on q (the reader pool, a read transaction of it,
// or the Batch transaction), through a prepared statement when q is the
// pool.
func (s *store) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	// Inside a transaction the statement would have to be prepared (and
	// closed after its rows) on the transaction's connection, which the
	// ":memory:" database's only connection cannot do while the tx holds
	// it: query directly.
	if _, inTx := q.(*sql.Tx); s.reads == nil || inTx {
		return q.QueryContext(ctx, query, args...)
	}
	st, err := s.reads.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (db *DB) prepare(ctx context.Context) error {
	var st statements
	var err error
	if st.insertArticle, err = db.w.PrepareContext(ctx, insertArticleSQL); err != nil {
		return err
	}
	db.store = store{r: db.r, w: db.w, stmts: st, db: db.w, unindexed: new(atomic.Int64),
		reads: &readStmts{db: db.r, m: map[string]*sql.Stmt{}}, waiting: new(atomic.Pointer[func()])}
	return nil
}

// inTx runs fn in a write transaction, or in the current one inside Batch.
func (s *store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return storecodec.InTx(s.tx, func() (*sql.Tx, error) { return s.begin(ctx) }, fn)
}

// fail and notFound make the errors every store returns.
var (
	fail     = storecodec.Fail
	notFound = storecodec.NotFound
)
