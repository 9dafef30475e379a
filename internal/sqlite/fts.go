package sqlite

import (
	"context"
	"database/sql"
	"github.com/storyline/storyline/internal/storecodec"
	"strings"

	"github.com/storyline/storyline/internal/ftsquery"
)

// Full-text indexing is deferred and done in chunks. FTS5 turns the terms
// pending in a transaction into a new segment at every commit and merges
// segments as they pile up; with one commit per article that was most of
// the cost of PutArticle (about 4x slower than storing the article alone).
// So PutArticle only stores the row; the articles above fts_status.indexed
// are added to the index in one statement when ftsChunk of them have
// accumulated, on Close, and before any full-text query, which therefore
// always sees every stored article. Large chunks make few segments and so
// little merging (a chunk of 128, and one at the end of every Batch, made
// the index a sixth of the cost of ingest).

// ftsChunk is how many articles this process lets wait before it indexes
// them.
const ftsChunk = 1024

// indexFTS adds every article not yet indexed to articles_fts.
func (s *store) indexFTS(ctx context.Context) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var indexed int64
		if err := tx.QueryRowContext(ctx, `SELECT indexed FROM fts_status`).Scan(&indexed); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, text, stems)
			SELECT seq, title, text, stems FROM articles WHERE seq > ? ORDER BY seq`, indexed)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE fts_status SET indexed = (SELECT max(seq) FROM articles)`)
		return err
	})
	if err == nil {
		s.unindexed.Store(0)
	}
	return err
}

// indexFull indexes the waiting articles when ftsChunk of them wait.
func (s *store) indexFull(ctx context.Context) error {
	if s.unindexed.Load() < ftsChunk {
		return nil
	}
	return s.indexFTS(ctx)
}

// searchable makes sure that every stored article is in the full-text index
// before a query. The check is one read (another process may have stored
// articles); indexing happens only when something is missing.
func (s *store) searchable(ctx context.Context) error {
	var missing bool
	err := s.r.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM articles), 0) > (SELECT indexed FROM fts_status)`).Scan(&missing)
	if err != nil || !missing {
		return err
	}
	return s.indexFTS(ctx)
}

// match prepares a full-text query: it makes the index complete and turns
// the user's query into an FTS5 query ("" when it has no words).
func (s *store) match(ctx context.Context, q string) (string, error) {
	terms, err := ftsquery.Check(q)
	if err != nil || len(terms) == 0 {
		return "", err
	}
	if err := s.searchable(ctx); err != nil {
		return "", err
	}
	langs, err := s.langs(ctx)
	if err != nil {
		return "", err
	}
	m, _ := ftsQuery(q, langs)
	return m, nil
}

// langs returns the languages of the stored articles, sorted.
func (s *store) langs(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT lang FROM articles WHERE lang <> '' ORDER BY lang`)
	if err != nil {
		return nil, err
	}
	return storecodec.Collect(rows, storecodec.ScanString)
}

// ftsQuery turns a user's query into an FTS5 query that cannot be a syntax
// error (ftsquery.Parse). Every word is quoted, and matches itself or its
// Snowball stem in any of langs, in any column: folded and Porter-stemmed
// in title and text, or as a stem in the stems column. Phrases and
// prefixes match title and text only; a run of Chinese characters matches
// its pairs in a row in the stems column (ftsquery.Chars). It returns "" when q has no words,
// and the number of distinct words, prefixes and phrase words.
func ftsQuery(q string, langs []string) (string, int) {
	terms, n := ftsquery.Parse(q, langs)
	out := make([]string, len(terms))
	for i, t := range terms {
		switch t.Kind {
		case ftsquery.Prefix:
			out[i] = `{title text} : "` + t.Words[0] + `"*`
		case ftsquery.Phrase:
			out[i] = `{title text} : "` + strings.Join(t.Words, " ") + `"`
		case ftsquery.Chars:
			out[i] = `stems : "` + strings.Join(t.Words, " ") + `"`
			if t.LoneChar() {
				out[i] += "*"
			}
		default:
			alts := []string{`"` + t.Words[0] + `"`}
			for _, st := range t.Stems {
				alts = append(alts, `"`+st+`"`)
			}
			out[i] = alts[0]
			if len(alts) > 1 {
				out[i] = "(" + strings.Join(alts, " OR ") + ")"
			}
		}
	}
	// Explicit AND: FTS5 allows implicit AND between phrases only, not
	// between parenthesised groups.
	return strings.Join(out, " AND "), n
}
