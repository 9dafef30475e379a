-- +goose Up
-- Running counts for learned boilerplate. Counting the rows of lines or
-- articles at every look-up grew with the corpus (a quadratic ingest);
-- triggers keep the counts as rows arrive. INSERT OR IGNORE of a line already
-- recorded fires no trigger, so an article counts once per line.
CREATE TABLE line_counts (
    source    TEXT    NOT NULL,
    line_hash INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (source, line_hash)
) WITHOUT ROWID;

CREATE TABLE source_counts (
    source TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO line_counts (source, line_hash, n)
    SELECT source, line_hash, count(*) FROM lines GROUP BY source, line_hash;
INSERT INTO source_counts (source, n)
    SELECT source, count(*) FROM articles GROUP BY source;

-- +goose StatementBegin
CREATE TRIGGER lines_count AFTER INSERT ON lines BEGIN
    INSERT INTO line_counts (source, line_hash, n) VALUES (NEW.source, NEW.line_hash, 1)
    ON CONFLICT (source, line_hash) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_source_count AFTER INSERT ON articles BEGIN
    INSERT INTO source_counts (source, n) VALUES (NEW.source, 1)
    ON CONFLICT (source) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER articles_source_count;
DROP TRIGGER lines_count;
DROP TABLE source_counts;
DROP TABLE line_counts;
