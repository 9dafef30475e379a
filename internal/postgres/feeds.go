package postgres

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/storyline/storyline"
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

const feedColumns = `url, title, etag, last_modified, added, last_poll, last_ok, last_error, polls,
	(SELECT count(*) FROM feed_entries e WHERE e.feed = feeds.url AND e.done),
	(SELECT count(*) FROM feed_entries e WHERE e.feed = feeds.url AND e.article_id <> '')`

func scanFeed(sc interface{ Scan(...any) error }) (*storyline.Feed, error) {
	var f storyline.Feed
	var added int64
	var poll, ok sql.NullInt64
	if err := sc.Scan(&f.URL, &f.Title, &f.ETag, &f.LastModified, &added, &poll, &ok, &f.LastError, &f.Polls,
		&f.Entries, &f.Articles); err != nil {
		return nil, err
	}
	f.Added = time.Unix(0, added).UTC()
	f.LastPoll, f.LastOK = fromNanos(poll), fromNanos(ok)
	return &f, nil
}

// Feed returns one feed with its status; ENOTFOUND if absent.
func (db *DB) Feed(ctx context.Context, url string) (*storyline.Feed, error) {
	f, err := scanFeed(db.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = $1`, url))
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
	rows, err := db.db.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY url`)
	if err != nil {
		return nil, feedErr("Feeds", "", err)
	}
	defer rows.Close()
	var out []*storyline.Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, feedErr("Feeds", "", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, feedErr("Feeds", "", err)
	}
	return out, nil
}

// UpdateFeed records the outcome of a poll.
func (db *DB) UpdateFeed(ctx context.Context, f *storyline.Feed) error {
	res, err := db.db.ExecContext(ctx, `UPDATE feeds SET title = $1, etag = $2, last_modified = $3, last_poll = $4,
		last_ok = $5, last_error = $6, polls = $7 WHERE url = $8`,
		f.Title, f.ETag, f.LastModified, nanos(f.LastPoll), nanos(f.LastOK), f.LastError, f.Polls, f.URL)
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
		SELECT feed, guid, url, article_id, error, attempts, done, seen FROM feed_entries
		WHERE feed = $1 AND guid = ANY($2::text[])
		UNION
		SELECT feed, guid, url, article_id, error, attempts, done, seen FROM feed_entries
		WHERE url <> '' AND url = ANY($3::text[])
		ORDER BY feed, guid`, feed, nonNil(guids), nonNil(urls))
	if err != nil {
		return nil, feedErr("Entries", feed, err)
	}
	defer rows.Close()
	var out []storyline.FeedEntry
	for rows.Next() {
		var e storyline.FeedEntry
		var seen int64
		if err := rows.Scan(&e.Feed, &e.GUID, &e.URL, &e.ArticleID, &e.Error, &e.Attempts, &e.Done, &seen); err != nil {
			return nil, feedErr("Entries", feed, err)
		}
		e.Seen = time.Unix(0, seen).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
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
