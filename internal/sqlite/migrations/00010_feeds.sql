-- Feed state of `storyline watch` (feeds.go): the feeds with their
-- conditional-GET validators and last poll, and every entry seen.

-- +goose Up
CREATE TABLE feeds (
    url           TEXT    PRIMARY KEY,
    title         TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    added         INTEGER NOT NULL,          -- unix nanoseconds
    last_poll     INTEGER,                   -- unix nanoseconds, NULL before the first poll
    last_ok       INTEGER,
    last_error    TEXT    NOT NULL DEFAULT '',
    polls         INTEGER NOT NULL DEFAULT 0
);

-- An entry is done once ingested (article_id set) or given up on; entries
-- not done are tried again by the next poll.
CREATE TABLE feed_entries (
    feed       TEXT    NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    guid       TEXT    NOT NULL,
    url        TEXT    NOT NULL DEFAULT '',
    article_id TEXT    NOT NULL DEFAULT '',
    error      TEXT    NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    seen       INTEGER NOT NULL,             -- unix nanoseconds
    PRIMARY KEY (feed, guid)
) WITHOUT ROWID;
CREATE INDEX feed_entries_url ON feed_entries (url);

-- +goose Down
DROP TABLE feed_entries;
DROP TABLE feeds;
