-- The schema of the embedded store. Versions 00002-00009 are kept for this
-- package; 00010_feeds.sql (feed state) belongs to feeds.go.

-- +goose Up

-- seq is the rowid (arrival order, never reused thanks to AUTOINCREMENT) so
-- that the external-content FTS table can point at it; id is the key the
-- rest of the program uses.
CREATE TABLE articles (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    id                 TEXT    NOT NULL UNIQUE,
    input              TEXT    NOT NULL DEFAULT '',
    format             TEXT    NOT NULL DEFAULT '',
    title              TEXT    NOT NULL DEFAULT '',
    source             TEXT    NOT NULL DEFAULT '',
    url                TEXT    NOT NULL DEFAULT '',
    published          INTEGER,          -- unix nanoseconds, NULL when unknown
    lang               TEXT    NOT NULL DEFAULT '',
    machine_translated INTEGER NOT NULL DEFAULT 0,
    news_id            TEXT    NOT NULL DEFAULT '',
    text               TEXT    NOT NULL DEFAULT '',
    raw                BLOB,             -- original input bytes
    analysis           BLOB,             -- codec.go
    story_id           TEXT,             -- NULL until assigned
    duplicate_of       TEXT              -- NULL when not a copy
);
CREATE INDEX articles_story     ON articles (story_id, seq);
CREATE INDEX articles_source    ON articles (source, seq);
CREATE INDEX articles_lang      ON articles (lang, seq);
CREATE INDEX articles_published ON articles (published);

-- Full text over title and text, folded (lower case, no diacritics) and
-- Porter-stemmed. External content: the text is stored once, in articles.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Articles are indexed in chunks, not one by one (fts.go): FTS5 writes a
-- new segment, and merges segments, at every commit, which was most of the
-- cost of PutArticle. fts_status.indexed is the highest seq in the index;
-- every article above it is waiting to be indexed. The triggers keep the
-- index right if indexed rows are ever changed or removed.
CREATE TABLE fts_status (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    indexed INTEGER NOT NULL
);
INSERT INTO fts_status (id, indexed) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
WHEN old.seq <= (SELECT indexed FROM fts_status) BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.seq <= (SELECT indexed FROM fts_status) BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
-- +goose StatementEnd

CREATE TABLE stories (
    id       TEXT    PRIMARY KEY,
    headline TEXT    NOT NULL DEFAULT '',
    first    INTEGER,                    -- unix nanoseconds, NULL when unknown
    last     INTEGER,
    sources  TEXT    NOT NULL DEFAULT 'null', -- JSON array, null for none
    articles TEXT    NOT NULL DEFAULT 'null', -- JSON array of ids in story order
    brief    TEXT,                       -- JSON, NULL until briefed
    updated  INTEGER NOT NULL            -- change counter, see PutStory
);
CREATE INDEX stories_order   ON stories (last DESC, updated DESC, id);
CREATE INDEX stories_updated ON stories (updated);

-- Story membership as rows, for the filters of Stories (source, lang, text).
CREATE TABLE story_articles (
    story_id   TEXT    NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    article_id TEXT    NOT NULL,
    PRIMARY KEY (story_id, pos)
) WITHOUT ROWID;
CREATE INDEX story_articles_article ON story_articles (article_id);

-- Line hashes of each article per source, for learned boilerplate.
CREATE TABLE lines (
    source     TEXT    NOT NULL,
    line_hash  INTEGER NOT NULL,        -- uint64 stored as int64
    article_id TEXT    NOT NULL,
    PRIMARY KEY (source, line_hash, article_id)
) WITHOUT ROWID;

CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE state;
DROP TABLE lines;
DROP TABLE story_articles;
DROP TABLE stories;
DROP TRIGGER articles_fts_update;
DROP TRIGGER articles_fts_delete;
DROP TABLE fts_status;
DROP TABLE articles_fts;
DROP TABLE articles;
