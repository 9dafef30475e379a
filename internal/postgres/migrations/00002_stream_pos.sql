-- The position in an outside stream (a NATS JetStream stream) up to which
-- a consumer has applied it, written in the transaction of what it
-- applied (storyline.Journal.StreamPos).

-- +goose Up
CREATE TABLE stream_pos (
    name text   PRIMARY KEY,
    pos  bigint NOT NULL
);

-- +goose Down
DROP TABLE stream_pos;
