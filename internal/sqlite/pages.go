package sqlite

import (
	"context"
	"database/sql"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// Index pages (storyline.Page) live in index_pages, a row each whose id
// is its kind's number (index_page_kinds, given on first write) times
// storyline.MaxPageNum plus its page number, and the position they reflect in the one row
// of index_pages_at (00011_pages.sql; epoch -1 until pages are first
// written). Lists of row ids travel as one JSON array read with json_each.

// kindID returns the number of a page kind, giving it one when create is
// set (inside the writing transaction); 0 when the kind has none.
func (s *store) kindID(ctx context.Context, q querier, kind string, create bool) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM index_page_kinds WHERE kind = ?`, kind).Scan(&id)
	if err == sql.ErrNoRows && create {
		err = q.QueryRowContext(ctx, `INSERT INTO index_page_kinds (kind, id)
			SELECT ?, coalesce(max(id), 0) + 1 FROM index_page_kinds RETURNING id`, kind).Scan(&id)
	}
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// Pages returns the stored pages of one kind among nums.
func (s *store) Pages(ctx context.Context, kind string, nums []int64) (map[int64][]byte, error) {
	const op = "Pages"
	out := make(map[int64][]byte, len(nums))
	if len(nums) == 0 {
		return out, nil
	}
	k, err := s.kindID(ctx, s.r, kind, false)
	if err != nil || k == 0 {
		return out, fail(op, "", err)
	}
	ids := make([]int64, len(nums))
	for i, n := range nums {
		if ids[i], err = storecodec.PageRowID(k, n); err != nil {
			return nil, fail(op, "", err)
		}
	}
	rows, err := s.query(ctx, s.r, `SELECT id, data FROM index_pages
		WHERE id IN (SELECT value FROM json_each(?))`, intList(ids))
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
		out[n%storyline.MaxPageNum] = b
	}
	return out, fail(op, "", rows.Err())
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
			st, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO index_pages (id, data) VALUES (?, ?)`)
			if err != nil {
				return err
			}
			defer st.Close()
			kinds := map[string]int64{}
			for _, p := range pages {
				k, ok := kinds[p.Kind]
				if !ok {
					if k, err = s.kindID(ctx, tx, p.Kind, true); err != nil {
						return err
					}
					kinds[p.Kind] = k
				}
				id, err := storecodec.PageRowID(k, p.Num)
				if err != nil {
					return err
				}
				if _, err := st.ExecContext(ctx, id, p.Data); err != nil {
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
