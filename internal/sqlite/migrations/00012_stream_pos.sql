-- The position in an outside stream (a NATS JetStream stream) up to which
-- a consumer has applied it, written in the transaction of what it
-- applied (storyline.Journal.StreamPos).

-- +goose Up
CREATE TABLE stream_pos (
    name TEXT    PRIMARY KEY,
    pos  INTEGER NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE stream_pos;
