package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// Index pages (storyline.Page) live in index_pages, a row each whose id
// is its kind's number (index_page_kinds, given on first write) times
// storyline.MaxPageNum plus its page number, and the position they
// reflect in the one row of index_pages_at (epoch -1 until pages are
// first written).

// kindID returns the number of a page kind, giving it one when create is
// set (inside the writing transaction, under the write lock); 0 when the
// kind has none.
func kindID(ctx context.Context, q querier, kind string, create bool) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM index_page_kinds WHERE kind = $1`, kind).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && create {
		err = q.QueryRowContext(ctx, `INSERT INTO index_page_kinds (kind, id)
			SELECT $1, coalesce(max(id), 0) + 1 FROM index_page_kinds RETURNING id`, kind).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
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
	k, err := kindID(ctx, s.r, kind, false)
	if err != nil || k == 0 {
		return out, fail(op, kind, err)
	}
	ids := make([]int64, len(nums))
	for i, n := range nums {
		if ids[i], err = storecodec.PageRowID(k, n); err != nil {
			return nil, fail(op, kind, err)
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, data FROM index_pages WHERE id = ANY($1::bigint[])`, ids)
	if err != nil {
		return nil, fail(op, kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var b []byte
		if err := rows.Scan(&n, &b); err != nil {
			return nil, fail(op, kind, err)
		}
		if b == nil {
			b = []byte{}
		}
		out[n%storyline.MaxPageNum] = b
	}
	return out, fail(op, kind, rows.Err())
}

// PutPages stores pages and the position they reflect, in one statement
// for all the pages (a later page of the same kind and number wins).
func (s *store) PutPages(ctx context.Context, pages []storyline.Page, at storyline.PagesAt, reset bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if reset {
			if _, err := tx.ExecContext(ctx, `DELETE FROM index_pages`); err != nil {
				return err
			}
		}
		ids, data, err := pageRows(ctx, tx, pages)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO index_pages (id, data)
				SELECT * FROM unnest($1::bigint[], $2::bytea[])
				ON CONFLICT (id) DO UPDATE SET data = excluded.data`, ids, data); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE index_pages_at SET epoch = $1, lsn = $2 WHERE id = 1`, at.Epoch, at.LSN)
		return err
	})
	return fail("PutPages", "", err)
}

// pageRows are the row ids and data of pages, each id once (the last
// page given for it), giving kinds their numbers.
func pageRows(ctx context.Context, tx *sql.Tx, pages []storyline.Page) ([]int64, [][]byte, error) {
	kinds := map[string]int64{}
	at := map[int64]int{}
	var (
		ids  []int64
		data [][]byte
	)
	for _, p := range pages {
		k, ok := kinds[p.Kind]
		if !ok {
			var err error
			if k, err = kindID(ctx, tx, p.Kind, true); err != nil {
				return nil, nil, err
			}
			kinds[p.Kind] = k
		}
		id, err := storecodec.PageRowID(k, p.Num)
		if err != nil {
			return nil, nil, err
		}
		d := p.Data
		if d == nil {
			d = []byte{}
		}
		if i, ok := at[id]; ok {
			data[i] = d
			continue
		}
		at[id] = len(ids)
		ids, data = append(ids, id), append(data, d)
	}
	return ids, data, nil
}

// PagesAt is the position the stored pages reflect.
func (s *store) PagesAt(ctx context.Context) (storyline.PagesAt, error) {
	var at storyline.PagesAt
	err := s.r.QueryRowContext(ctx, `SELECT epoch, lsn FROM index_pages_at WHERE id = 1`).Scan(&at.Epoch, &at.LSN)
	if errors.Is(err, sql.ErrNoRows) {
		return storyline.PagesAt{Epoch: -1, LSN: -1}, nil
	}
	return at, fail("PagesAt", "", err)
}
