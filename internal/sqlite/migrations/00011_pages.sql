-- The derived indexes in paged form (internal/pages): rows a process
-- reads by key, written in the transactions that change them, with the
-- journal position they reflect. A store without pages gets them written
-- whole by the first process that loads its indexes. A page is a row of a
-- rowid table, its id the kind's number (index_page_kinds) times 2^40
-- plus the page number: a page of up to 4 KB then sits in one leaf of
-- the table's B-tree, one read, where an index B-tree (WITHOUT ROWID,
-- keyed by kind and number) keeps a quarter of that in place and chains
-- the rest over overflow pages (a one-article write on a 100k store made
-- 9,899 page reads).

-- +goose Up
CREATE TABLE index_page_kinds (
    kind TEXT    PRIMARY KEY,
    id   INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TABLE index_pages (
    id   INTEGER PRIMARY KEY,
    data BLOB    NOT NULL
);

CREATE TABLE index_pages_at (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL,
    lsn   INTEGER NOT NULL
);
INSERT INTO index_pages_at (id, epoch, lsn) VALUES (1, -1, -1);

-- +goose Down
DROP TABLE index_pages_at;
DROP TABLE index_pages;
DROP TABLE index_page_kinds;
