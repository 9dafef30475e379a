package storecodec

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/storyline/storyline"
)

// What the SQL stores share beyond their SQL: the column values of the
// domain types, the rows they read back, and the errors they return. Each
// store writes its own statements (placeholders, list arguments and
// full-text syntax differ); the columns are the same.

// Nanos is the column value of a time: unix nanoseconds (every store keeps
// the nanoseconds), NULL when zero.
func Nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// FromNanos is the time of a Nanos column, in UTC.
func FromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// NullString is the column value of an optional id: NULL when empty.
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RawValue keeps nil and empty raw bytes apart: NULL and an empty blob.
func RawValue(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// ArticleCols are the columns ScanArticles reads, in order: the same SQL
// in every store.
const ArticleCols = `seq, id, input, format, title, source, url, published, lang, machine_translated,
	news_id, text, raw, raw IS NULL, analysis, coalesce(story_id, ''), coalesce(duplicate_of, '')`

// ScanArticles reads rows of ArticleCols (or of a store's lighter
// columns of the same types) and closes them.
func ScanArticles(rows *sql.Rows) ([]*storyline.Article, error) {
	return Collect(rows, func(rows *sql.Rows) (*storyline.Article, error) {
		a := &storyline.Article{}
		var (
			format    string
			published sql.NullInt64
			raw, blob []byte
			rawNull   bool
		)
		if err := rows.Scan(&a.Seq, &a.ID, &a.Input, &format, &a.Title, &a.Source, &a.URL, &published,
			&a.Lang, &a.MachineTranslated, &a.NewsID, &a.Text, &raw, &rawNull, &blob, &a.StoryID, &a.DuplicateOf); err != nil {
			return nil, err
		}
		a.Format = storyline.Format(format)
		a.Published = FromNanos(published)
		switch {
		case rawNull:
			raw = nil
		case raw == nil:
			raw = []byte{} // an empty blob, not NULL: keep nil and empty apart
		}
		a.Raw = raw
		an, err := DecodeAnalysis(blob)
		if err != nil {
			return nil, &storyline.Error{Code: storyline.EINTERNAL, Input: a.ID, Msg: "analysis", Err: err}
		}
		an.SetOn(a)
		return a, nil
	})
}

// ListEntities is how many of a brief's first entities a store keeps in
// a column of their own (EncodeEntities) for the story list, which shows
// a few per story without decoding whole briefs.
const ListEntities = 16

// SetStoryCols fills the columns that every story read shares: the time
// range and the JSON lists of sources and articles.
func SetStoryCols(st *storyline.Story, first, last sql.NullInt64, sources, articles string) error {
	st.First, st.Last = FromNanos(first), FromNanos(last)
	if err := json.Unmarshal([]byte(sources), &st.Sources); err != nil {
		return err
	}
	return json.Unmarshal([]byte(articles), &st.Articles)
}

// PageRowID is the row id of page n of a kind numbered kind: pages of a
// kind are one range of ids.
func PageRowID(kind, n int64) (int64, error) {
	if n < 0 || n >= storyline.MaxPageNum {
		return 0, storyline.Errorf(storyline.EINVALID, "page number %d out of range", n)
	}
	return kind*storyline.MaxPageNum + n, nil
}

// FeedCols are the columns ScanFeed reads.
const FeedCols = `url, title, etag, last_modified, added, last_poll, last_ok, last_error, polls,
	(SELECT count(*) FROM feed_entries e WHERE e.feed = feeds.url AND e.done),
	(SELECT count(*) FROM feed_entries e WHERE e.feed = feeds.url AND e.article_id <> '')`

// ScanFeed reads a row of FeedCols.
func ScanFeed(sc interface{ Scan(...any) error }) (*storyline.Feed, error) {
	var f storyline.Feed
	var added int64
	var poll, ok sql.NullInt64
	if err := sc.Scan(&f.URL, &f.Title, &f.ETag, &f.LastModified, &added, &poll, &ok, &f.LastError, &f.Polls,
		&f.Entries, &f.Articles); err != nil {
		return nil, err
	}
	f.Added = time.Unix(0, added).UTC()
	f.LastPoll, f.LastOK = FromNanos(poll), FromNanos(ok)
	return &f, nil
}

// EntryCols are the columns ScanEntry reads.
const EntryCols = `feed, guid, url, article_id, error, attempts, done, seen`

// ScanEntry reads a row of EntryCols.
func ScanEntry(rows *sql.Rows) (storyline.FeedEntry, error) {
	var e storyline.FeedEntry
	var seen int64
	err := rows.Scan(&e.Feed, &e.GUID, &e.URL, &e.ArticleID, &e.Error, &e.Attempts, &e.Done, &seen)
	e.Seen = time.Unix(0, seen).UTC()
	return e, err
}

// ScanLog reads a row of lsn, article, story, settle.
func ScanLog(rows *sql.Rows) (storyline.LogEntry, error) {
	var e storyline.LogEntry
	err := rows.Scan(&e.LSN, &e.Article, &e.Story, &e.Settle)
	return e, err
}

// ScanString reads a row of one text column.
func ScanString(rows *sql.Rows) (string, error) {
	var s string
	err := rows.Scan(&s)
	return s, err
}

// Collect reads every row with scan and closes rows.
func Collect[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Fail wraps err as a storyline.Error of operation op about input,
// keeping the code of an error that has one (and setting its Op when it
// has none).
func Fail(op, input string, err error) error {
	if err == nil {
		return nil
	}
	var se *storyline.Error
	if errors.As(err, &se) {
		if se.Op == "" {
			se.Op = op
		}
		return err
	}
	return &storyline.Error{Code: storyline.EINTERNAL, Op: op, Input: input, Err: err}
}

// NotFound is the error of a missing article, story or feed.
func NotFound(op, id, what string) error {
	return &storyline.Error{Code: storyline.ENOTFOUND, Op: op, Input: id, Msg: "no such " + what}
}

// InTx runs fn in cur when it is a transaction (inside a store's Batch),
// else in a transaction that begin starts, committed when fn succeeds and
// rolled back otherwise.
func InTx(cur *sql.Tx, begin func() (*sql.Tx, error), fn func(tx *sql.Tx) error) error {
	if cur != nil {
		return fn(cur)
	}
	tx, err := begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// StoryValues are the column values of a story that every store writes:
// the JSON lists of sources and articles, and, for a briefed story, the
// brief's binary form and its first ListEntities entities (nil without a
// brief).
type StoryValues struct {
	Sources, Articles  string
	BriefBin, Entities []byte
}

// StoryValuesOf encodes the columns of st.
func StoryValuesOf(st *storyline.Story) (StoryValues, error) {
	var v StoryValues
	sources, err := json.Marshal(st.Sources)
	if err != nil {
		return v, err
	}
	articles, err := json.Marshal(st.Articles)
	if err != nil {
		return v, err
	}
	v.Sources, v.Articles = string(sources), string(articles)
	if st.Brief != nil {
		v.BriefBin = EncodeBrief(st.Brief)
		v.Entities = EncodeEntities(st.Brief.Entities[:min(len(st.Brief.Entities), ListEntities)])
	}
	return v, nil
}

// ScanHit reads a row of article, story, title, snippet, score.
func ScanHit(rows *sql.Rows) (storyline.SearchHit, error) {
	var h storyline.SearchHit
	err := rows.Scan(&h.Article, &h.Story, &h.Title, &h.Snippet, &h.Score)
	return h, err
}

// ScanDirty reads a row of id, lsn into a map of dirty stories.
func ScanDirty(rows *sql.Rows, into map[string]int64) error {
	defer rows.Close()
	for rows.Next() {
		var (
			id  string
			lsn int64
		)
		if err := rows.Scan(&id, &lsn); err != nil {
			return err
		}
		into[id] = lsn
	}
	return rows.Err()
}

// MarkStored sets has[id] for every id the rows (of one id column) read.
func MarkStored(rows *sql.Rows, has map[string]bool) error {
	ids, err := Collect(rows, ScanString)
	for _, id := range ids {
		has[id] = true
	}
	return err
}
