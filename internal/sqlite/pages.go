package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
)

// Index pages (storyline.Page) live in index_pages, keyed by kind and
// number, and the position they reflect in the one row of index_pages_at
// (00007_pages.sql; epoch -1 until pages are first written). Lists of page
// numbers travel as one JSON array read with json_each.

// Pages returns the stored pages of one kind among nums.
func (s *store) Pages(ctx context.Context, kind string, nums []int64) (map[int64][]byte, error) {
	const op = "Pages"
	out := make(map[int64][]byte, len(nums))
	if len(nums) == 0 {
		return out, nil
	}
	rows, err := s.query(ctx, s.r, `SELECT num, data FROM index_pages
		WHERE kind = ? AND num IN (SELECT value FROM json_each(?))`, kind, numList(nums))
	if err != nil {
		return nil, fail(op, "", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var b []byte
		if err := rows.Scan(&n, &b); err != nil {
			return nil, fail(op, "", err)
		}
		out[n] = b
	}
	return out, fail(op, "", rows.Err())
}

// numList is a list of page numbers as one JSON array.
func numList(nums []int64) string {
	var b strings.Builder
	b.Grow(len(nums)*8 + 2)
	b.WriteByte('[')
	for i, n := range nums {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(n, 10))
	}
	b.WriteByte(']')
	return b.String()
}

// PutPages stores pages and the position they reflect.
func (s *store) PutPages(ctx context.Context, pages []storyline.Page, at storyline.PagesAt, reset bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if reset {
			if _, err := tx.ExecContext(ctx, `DELETE FROM index_pages`); err != nil {
				return err
			}
		}
		if len(pages) > 0 {
			st, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO index_pages (kind, num, data) VALUES (?, ?, ?)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, p := range pages {
				if _, err := st.ExecContext(ctx, p.Kind, p.Num, p.Data); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE index_pages_at SET epoch = ?, lsn = ? WHERE id = 1`, at.Epoch, at.LSN)
		return err
	})
	return fail("PutPages", "", err)
}

// PagesAt is the position the stored pages reflect.
func (s *store) PagesAt(ctx context.Context) (storyline.PagesAt, error) {
	var at storyline.PagesAt
	err := s.r.QueryRowContext(ctx, `SELECT epoch, lsn FROM index_pages_at WHERE id = 1`).Scan(&at.Epoch, &at.LSN)
	if err == sql.ErrNoRows {
		return storyline.PagesAt{Epoch: -1, LSN: -1}, nil
	}
	return at, fail("PagesAt", "", err)
}
