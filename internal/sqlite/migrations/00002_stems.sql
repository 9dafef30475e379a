-- Language-aware stems in the full-text index. The Porter tokenizer stems
-- English only; articles.stems holds the Snowball stems of the other
-- languages' words (the analysis' Token.Stem, where it differs from the
-- word), so that "парламента" finds "парламент" and "Wahlen" finds "Wahl".
-- Search stems each query word for every language stored (fts.go).

-- +goose Up
ALTER TABLE articles ADD COLUMN stems TEXT NOT NULL DEFAULT '';

DROP TRIGGER articles_fts_update;
DROP TRIGGER articles_fts_delete;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, stems,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Everything is indexed again, in chunks, by the next PutArticle or search.
UPDATE fts_status SET indexed = 0;

-- +goose StatementBegin
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
WHEN old.seq <= (SELECT indexed FROM fts_status) BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, stems) VALUES ('delete', old.seq, old.title, old.text, old.stems);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, stems ON articles
WHEN old.seq <= (SELECT indexed FROM fts_status) BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, stems) VALUES ('delete', old.seq, old.title, old.text, old.stems);
    INSERT INTO articles_fts (rowid, title, text, stems) VALUES (new.seq, new.title, new.text, new.stems);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER articles_fts_update;
DROP TRIGGER articles_fts_delete;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
UPDATE fts_status SET indexed = 0;

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

ALTER TABLE articles DROP COLUMN stems;
