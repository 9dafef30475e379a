package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// The journal (storyline.Journal): index_log, whose positions come from
// the one-row counter index_lsn (so they are never reused, even after
// ResetLog), index_checkpoint (one row), dirty_stories and pending_settle.
// Appends run under the write lock (postgres.go): positions appear in
// commit order, with no gap that a later commit fills.

// AppendLog appends entries in order and returns the last position.
func (s *store) AppendLog(ctx context.Context, entries []storyline.LogEntry) (int64, error) {
	const op = "AppendLog"
	var last int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if len(entries) == 0 {
			return tx.QueryRowContext(ctx, `SELECT last FROM index_lsn WHERE id = 1`).Scan(&last)
		}
		articles := make([]string, len(entries))
		stories := make([]string, len(entries))
		settle := make([]bool, len(entries))
		for i, e := range entries {
			articles[i], stories[i], settle[i] = e.Article, e.Story, e.Settle
		}
		if err := tx.QueryRowContext(ctx, `UPDATE index_lsn SET last = last + $1 WHERE id = 1 RETURNING last`,
			len(entries)).Scan(&last); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO index_log (lsn, article, story, settle)
			SELECT $1::bigint + ord, a, s, m FROM unnest($2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS t (a, s, m, ord)`,
			last-int64(len(entries)), articles, stories, settle)
		return err
	})
	return last, fail(op, "", err)
}

// LastLSN is the position of the last entry ever appended.
func (s *store) LastLSN(ctx context.Context) (int64, error) {
	var lsn int64
	err := s.r.QueryRowContext(ctx, `SELECT last FROM index_lsn WHERE id = 1`).Scan(&lsn)
	return lsn, fail("LastLSN", "", err)
}

// ReadLog returns up to limit entries after position after.
func (s *store) ReadLog(ctx context.Context, after int64, n int) ([]storyline.LogEntry, error) {
	const op = "ReadLog"
	rows, err := s.r.QueryContext(ctx, `SELECT lsn, article, story, settle FROM index_log
		WHERE lsn > $1 ORDER BY lsn LIMIT $2::bigint`, after, limit(n))
	if err != nil {
		return nil, fail(op, "", err)
	}
	out, err := storecodec.Collect(rows, storecodec.ScanLog)
	return out, fail(op, "", err)
}

// Checkpoint returns the stored checkpoint.
func (s *store) Checkpoint(ctx context.Context, withData bool) (*storyline.Checkpoint, error) {
	cols := `epoch, lsn, NULL::bytea, NULL::bytea`
	if withData {
		cols = `epoch, lsn, dedup, cluster`
	}
	cp := &storyline.Checkpoint{}
	err := s.r.QueryRowContext(ctx, `SELECT `+cols+` FROM index_checkpoint WHERE id = 1`).
		Scan(&cp.Epoch, &cp.LSN, &cp.Dedup, &cp.Cluster)
	if errors.Is(err, sql.ErrNoRows) {
		return &storyline.Checkpoint{}, nil
	}
	if err != nil {
		return nil, fail("Checkpoint", "", err)
	}
	return cp, nil
}

// PutCheckpoint stores cp if it is of the stored epoch and newer.
func (s *store) PutCheckpoint(ctx context.Context, cp *storyline.Checkpoint) (bool, error) {
	res, err := s.exec(ctx, `UPDATE index_checkpoint SET lsn = $1, dedup = $2, cluster = $3
		WHERE id = 1 AND epoch = $4 AND lsn < $1`, cp.LSN, cp.Dedup, cp.Cluster, cp.Epoch)
	if err != nil {
		return false, fail("PutCheckpoint", "", err)
	}
	n, err := res.RowsAffected()
	return n == 1, fail("PutCheckpoint", "", err)
}

// ResetLog empties the log and starts a new epoch with cp.
func (s *store) ResetLog(ctx context.Context, cp *storyline.Checkpoint) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT c.epoch + 1, l.last FROM index_checkpoint c, index_lsn l
			WHERE c.id = 1 AND l.id = 1`).Scan(&cp.Epoch, &cp.LSN); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM index_log`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE index_checkpoint SET epoch = $1, lsn = $2, dedup = $3, cluster = $4 WHERE id = 1`,
			cp.Epoch, cp.LSN, cp.Dedup, cp.Cluster)
		return err
	})
	return fail("ResetLog", "", err)
}

// MarkDirty marks stories as changed at position lsn.
func (s *store) MarkDirty(ctx context.Context, stories []string, lsn int64) error {
	if len(stories) == 0 {
		return nil
	}
	_, err := s.exec(ctx, `INSERT INTO dirty_stories (id, lsn) SELECT DISTINCT unnest($1::text[]), $2::bigint
		ON CONFLICT (id) DO UPDATE SET lsn = greatest(dirty_stories.lsn, excluded.lsn)`, stories, lsn)
	return fail("MarkDirty", "", err)
}

// Dirty returns the dirty stories among ids (all when ids is nil).
func (s *store) Dirty(ctx context.Context, ids []string, n int) (map[string]int64, error) {
	const op = "Dirty"
	var (
		rows *sql.Rows
		err  error
	)
	if ids == nil {
		rows, err = s.r.QueryContext(ctx, `SELECT id, lsn FROM dirty_stories ORDER BY id LIMIT $1::bigint`, limit(n))
	} else {
		rows, err = s.r.QueryContext(ctx, `SELECT id, lsn FROM dirty_stories
			WHERE id = ANY($1::text[]) ORDER BY id LIMIT $2::bigint`, ids, limit(n))
	}
	if err != nil {
		return nil, fail(op, "", err)
	}
	out := map[string]int64{}
	return out, fail(op, "", storecodec.ScanDirty(rows, out))
}

// ClearDirty removes a story's mark unless it was renewed after lsn.
func (s *store) ClearDirty(ctx context.Context, story string, lsn int64) error {
	_, err := s.exec(ctx, `DELETE FROM dirty_stories WHERE id = $1 AND lsn <= $2`, story, lsn)
	return fail("ClearDirty", story, err)
}

// DeleteStory removes a story and its membership rows unless the stored
// story is of a later journal position than asOf.
func (s *store) DeleteStory(ctx context.Context, id string, asOf int64) error {
	_, err := s.exec(ctx, `DELETE FROM stories WHERE id = $1 AND as_of <= $2`, id, asOf)
	return fail("DeleteStory", id, err)
}

// AddPending records articles to look at again when a run ends.
func (s *store) AddPending(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.exec(ctx, `INSERT INTO pending_settle (article) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, ids)
	return fail("AddPending", "", err)
}

// Pending lists the pending articles in arrival order.
func (s *store) Pending(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.article FROM pending_settle p
		JOIN articles a ON a.id = p.article ORDER BY a.seq`)
	if err != nil {
		return nil, fail("Pending", "", err)
	}
	out, err := storecodec.Collect(rows, storecodec.ScanString)
	return out, fail("Pending", "", err)
}

// DropPending forgets pending articles.
func (s *store) DropPending(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.exec(ctx, `DELETE FROM pending_settle WHERE article = ANY($1::text[])`, ids)
	return fail("DropPending", "", err)
}

// StreamPos is the position up to which the consumer name applied its
// stream (0 when none).
func (s *store) StreamPos(ctx context.Context, name string) (int64, error) {
	var pos int64
	err := s.r.QueryRowContext(ctx, `SELECT pos FROM stream_pos WHERE name = $1`, name).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pos, fail("StreamPos", name, err)
}

// SetStreamPos records the position up to which the consumer name
// applied its stream.
func (s *store) SetStreamPos(ctx context.Context, name string, pos int64) error {
	_, err := s.exec(ctx, `INSERT INTO stream_pos (name, pos) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET pos = excluded.pos`, name, pos)
	return fail("SetStreamPos", name, err)
}
