package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Line hashes are uint64 in Go and INTEGER (int64) in SQLite: they are stored
// as the int64 with the same bits. Lists of hashes travel as one JSON array
// argument read with json_each, so that one statement serves any number of
// hashes (no variable-count IN lists, no per-hash round trips).

func hashList(hashes []uint64) string { return intList(hashes) }

// intList writes integers as one JSON array (a uint64 as the int64 with
// the same bits).
func intList[T ~int64 | ~uint64](xs []T) string {
	var b strings.Builder
	b.Grow(len(xs)*20 + 2)
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(x), 10))
	}
	b.WriteByte(']')
	return b.String()
}

// idList is a list of ids as the one JSON array argument that json_each
// reads, as hashList is for hashes (marshalling strings cannot fail).
func idList(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
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
		WHERE source = ? AND line_hash IN (SELECT value FROM json_each(?))`,
		source, hashList(hashes))
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
// hashes. Recording the same line of the same article twice counts once.
func (s *store) AddLines(ctx context.Context, source, articleID string, hashes []uint64) error {
	if len(hashes) == 0 {
		return nil
	}
	_, err := s.w.ExecContext(ctx, `INSERT OR IGNORE INTO lines (source, line_hash, article_id)
		SELECT ?, value, ? FROM json_each(?)`, source, articleID, hashList(hashes))
	return fail("AddLines", articleID, err)
}

// SourceArticles returns the number of stored articles of source.
func (s *store) SourceArticles(ctx context.Context, source string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT n FROM source_counts WHERE source = ?`, source).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, fail("SourceArticles", source, err)
}
