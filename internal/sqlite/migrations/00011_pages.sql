-- The derived indexes in paged form (internal/pages): rows a process
-- reads by key, written in the transactions that change them, with the
-- journal position they reflect. A store without pages gets them written
-- whole by the first process that loads its indexes.

-- +goose Up
CREATE TABLE index_pages (
    kind TEXT    NOT NULL,
    num  INTEGER NOT NULL,
    data BLOB    NOT NULL,
    PRIMARY KEY (kind, num)
) WITHOUT ROWID;

CREATE TABLE index_pages_at (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL,
    lsn   INTEGER NOT NULL
);
INSERT INTO index_pages_at (id, epoch, lsn) VALUES (1, -1, -1);

-- +goose Down
DROP TABLE index_pages_at;
DROP TABLE index_pages;
