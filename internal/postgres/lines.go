package postgres

import (
	"context"
	"database/sql"
	"errors"
)

// Line hashes are uint64 in Go and bigint in Postgres: they are stored as
// the int64 with the same bits, and travel as one bigint[] argument.

func hashArray(hashes []uint64) []int64 {
	out := make([]int64, len(hashes))
	for i, h := range hashes {
		out[i] = int64(h)
	}
	return out
}

// LineCounts returns, for every hash given, the number of distinct articles
// of source that contain the line (0 when none).
func (s *store) LineCounts(ctx context.Context, source string, hashes []uint64) (map[uint64]int, error) {
	const op = "LineCounts"
	counts := make(map[uint64]int, len(hashes))
	if len(hashes) == 0 {
		return counts, nil
	}
	for _, h := range hashes {
		counts[h] = 0
	}
	rows, err := s.r.QueryContext(ctx, `SELECT line_hash, n FROM line_counts
		WHERE source = $1 AND line_hash = ANY($2::bigint[])`, source, hashArray(hashes))
	if err != nil {
		return nil, fail(op, source, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h int64
			n int
		)
		if err := rows.Scan(&h, &n); err != nil {
			return nil, fail(op, source, err)
		}
		counts[uint64(h)] = n
	}
	return counts, fail(op, source, rows.Err())
}

// AddLines records that an article of source contains lines with these
// hashes, and counts each line newly recorded. Recording the same line of
// the same article twice counts once.
func (s *store) AddLines(ctx context.Context, source, articleID string, hashes []uint64) error {
	if len(hashes) == 0 {
		return nil
	}
	_, err := s.exec(ctx, `WITH new AS (
			INSERT INTO lines (source, line_hash, article_id)
			SELECT DISTINCT $1::text, h, $2::text FROM unnest($3::bigint[]) AS h
			ON CONFLICT DO NOTHING
			RETURNING line_hash)
		INSERT INTO line_counts (source, line_hash, n) SELECT $1, line_hash, count(*) FROM new GROUP BY line_hash
		ON CONFLICT (source, line_hash) DO UPDATE SET n = line_counts.n + excluded.n`,
		source, articleID, hashArray(hashes))
	return fail("AddLines", articleID, err)
}

// SourceArticles returns the number of stored articles of source.
func (s *store) SourceArticles(ctx context.Context, source string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT n FROM source_counts WHERE source = $1`, source).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, fail("SourceArticles", source, err)
}
