-- The journal of the derived indexes (journal.go): the dedup and cluster
-- indexes are a checkpoint plus the log after it, both written in the
-- transactions that store the articles; stories whose membership changed
-- and whose brief is not yet rewritten are marked dirty; articles a run
-- must look at again when it ends are pending.

-- +goose Up
CREATE TABLE index_log (
    lsn     INTEGER PRIMARY KEY AUTOINCREMENT,
    article TEXT    NOT NULL,
    story   TEXT    NOT NULL,
    settle  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE index_checkpoint (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    epoch   INTEGER NOT NULL,
    lsn     INTEGER NOT NULL,
    dedup   BLOB,
    cluster BLOB
);
INSERT INTO index_checkpoint (id, epoch, lsn) VALUES (1, 0, 0);

CREATE TABLE dirty_stories (
    id  TEXT    PRIMARY KEY,
    lsn INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pending_settle (
    article TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The journal position a story's membership and brief reflect: a writer
-- never replaces a story with an older state (PutStory).
ALTER TABLE stories ADD COLUMN as_of INTEGER NOT NULL DEFAULT 0;

-- A store written by an older build kept each index as one blob saved at
-- the end of a run, which may lag its articles: the log starts as every
-- stored article in arrival order, replayed at the next open, and the
-- stories whose membership disagrees with the articles are marked dirty.
INSERT INTO index_log (article, story)
    SELECT id, coalesce(story_id, '') FROM articles ORDER BY seq;
DROP TABLE state; -- the index blobs: replaced by index_checkpoint
INSERT INTO dirty_stories (id, lsn)
    SELECT a.story_id, (SELECT coalesce(max(lsn), 0) FROM index_log)
    FROM articles a WHERE a.story_id IS NOT NULL
    GROUP BY a.story_id
    HAVING count(*) != coalesce((SELECT json_array_length(s.articles) FROM stories s WHERE s.id = a.story_id), -1);
INSERT OR IGNORE INTO dirty_stories (id, lsn)
    SELECT s.id, 0 FROM stories s
    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id);

-- +goose Down
CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
ALTER TABLE stories DROP COLUMN as_of;
DROP TABLE pending_settle;
DROP TABLE dirty_stories;
DROP TABLE index_checkpoint;
DROP TABLE index_log;
