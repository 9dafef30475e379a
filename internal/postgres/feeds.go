package postgres

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// The feed state of `storyline watch` (storyline.FeedStore), in the feeds
// and feed_entries tables. It is small and written once per entry, and
// touches nothing the write lock orders, so it is written without it.

func feedErr(op, in string, err error) error {
	return &storyline.Error{Code: storyline.EINTERNAL, Op: op, Input: in, Err: err}
}

// AddFeed registers a feed; created is false when it was already known.
func (db *DB) AddFeed(ctx context.Context, url string) (bool, error) {
	res, err := db.db.ExecContext(ctx,
		`INSERT INTO feeds (url, added) VALUES ($1, $2) ON CONFLICT (url) DO NOTHING`, url, time.Now().UnixNano())
	if err != nil {
		return false, feedErr("AddFeed", url, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, feedErr("AddFeed", url, err)
	}
	return n == 1, nil
}

// Feed returns one feed with its status; ENOTFOUND if absent.
func (db *DB) Feed(ctx context.Context, url string) (*storyline.Feed, error) {
	f, err := storecodec.ScanFeed(db.db.QueryRowContext(ctx, `SELECT `+storecodec.FeedCols+` FROM feeds WHERE url = $1`, url))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &storyline.Error{Code: storyline.ENOTFOUND, Op: "Feed", Input: url, Msg: "no such feed"}
	}
	if err != nil {
		return nil, feedErr("Feed", url, err)
	}
	return f, nil
}

// Feeds lists every feed by URL.
func (db *DB) Feeds(ctx context.Context) ([]*storyline.Feed, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+storecodec.FeedCols+` FROM feeds ORDER BY url`)
	if err != nil {
		return nil, feedErr("Feeds", "", err)
	}
	out, err := storecodec.Collect(rows, func(rows *sql.Rows) (*storyline.Feed, error) { return storecodec.ScanFeed(rows) })
	if err != nil {
		return nil, feedErr("Feeds", "", err)
	}
	return out, nil
}

// UpdateFeed records the outcome of a poll.
func (db *DB) UpdateFeed(ctx context.Context, f *storyline.Feed) error {
	res, err := db.db.ExecContext(ctx, `UPDATE feeds SET title = $1, etag = $2, last_modified = $3, last_poll = $4,
		last_ok = $5, last_error = $6, polls = $7 WHERE url = $8`,
		f.Title, f.ETag, f.LastModified, storecodec.Nanos(f.LastPoll), storecodec.Nanos(f.LastOK), f.LastError, f.Polls, f.URL)
	if err != nil {
		return feedErr("UpdateFeed", f.URL, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return &storyline.Error{Code: storyline.ENOTFOUND, Op: "UpdateFeed", Input: f.URL, Msg: "no such feed"}
	}
	return nil
}

// Entries returns the entries of feed whose GUID is one of guids and those
// of any feed whose URL is one of urls, ordered by feed then GUID.
func (db *DB) Entries(ctx context.Context, feed string, guids, urls []string) ([]storyline.FeedEntry, error) {
	if len(guids) == 0 && len(urls) == 0 {
		return nil, nil
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT `+storecodec.EntryCols+` FROM feed_entries
		WHERE feed = $1 AND guid = ANY($2::text[])
		UNION
		SELECT `+storecodec.EntryCols+` FROM feed_entries
		WHERE url <> '' AND url = ANY($3::text[])
		ORDER BY feed, guid`, feed, nonNil(guids), nonNil(urls))
	if err != nil {
		return nil, feedErr("Entries", feed, err)
	}
	out, err := storecodec.Collect(rows, storecodec.ScanEntry)
	if err != nil {
		return nil, feedErr("Entries", feed, err)
	}
	return out, nil
}

// PutEntry creates or replaces the entry (Feed, GUID). The feed must exist.
func (db *DB) PutEntry(ctx context.Context, e *storyline.FeedEntry) error {
	seen := e.Seen
	if seen.IsZero() {
		seen = time.Now()
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO feed_entries (feed, guid, url, article_id, error, attempts, done, seen)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (feed, guid) DO UPDATE SET url = excluded.url, article_id = excluded.article_id,
			error = excluded.error, attempts = excluded.attempts, done = excluded.done, seen = excluded.seen`,
		e.Feed, e.GUID, e.URL, e.ArticleID, e.Error, e.Attempts, e.Done, seen.UnixNano())
	if err != nil {
		return feedErr("PutEntry", e.Feed+"#"+e.GUID, err)
	}
	return nil
}
