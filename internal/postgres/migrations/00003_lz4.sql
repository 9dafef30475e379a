-- The large values (an article's text, original input and analysis, a
-- story's brief, the index checkpoint and pages) are compressed with LZ4
-- instead of the server's default, pglz: on the clusterer's benchmark the
-- server spent a quarter less CPU on the same writes. A server built
-- without LZ4 keeps pglz. Values already stored keep their compression.

-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
    ALTER TABLE articles
        ALTER COLUMN text SET COMPRESSION lz4,
        ALTER COLUMN input SET COMPRESSION lz4,
        ALTER COLUMN raw SET COMPRESSION lz4,
        ALTER COLUMN analysis SET COMPRESSION lz4;
    ALTER TABLE stories
        ALTER COLUMN brief_bin SET COMPRESSION lz4,
        ALTER COLUMN articles SET COMPRESSION lz4;
    ALTER TABLE index_checkpoint
        ALTER COLUMN dedup SET COMPRESSION lz4,
        ALTER COLUMN cluster SET COMPRESSION lz4;
    ALTER TABLE index_pages ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'storyline: this server has no LZ4; values stay compressed with pglz';
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    ALTER TABLE articles
        ALTER COLUMN text SET COMPRESSION default,
        ALTER COLUMN input SET COMPRESSION default,
        ALTER COLUMN raw SET COMPRESSION default,
        ALTER COLUMN analysis SET COMPRESSION default;
    ALTER TABLE stories
        ALTER COLUMN brief_bin SET COMPRESSION default,
        ALTER COLUMN articles SET COMPRESSION default;
    ALTER TABLE index_checkpoint
        ALTER COLUMN dedup SET COMPRESSION default,
        ALTER COLUMN cluster SET COMPRESSION default;
    ALTER TABLE index_pages ALTER COLUMN data SET COMPRESSION default;
END $$;
-- +goose StatementEnd
