-- Cheaper full-text indexing. FTS5 writes its pending terms as a new
-- segment whenever they pass hashsize (1 MB by default) and merges four
-- segments of a level into one (automerge 4): on a 100k-article ingest the
-- merges grew to a twelfth of the run. A 16 MB hash makes fewer, larger
-- segments and merging eight at a time rewrites each term list fewer
-- times. Queries see the same rows and scores; only the on-disk layout of
-- the index changes.

-- +goose Up
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8);

-- +goose Down
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 1048576);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 4);
