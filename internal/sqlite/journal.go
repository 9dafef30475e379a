package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// The journal (storyline.Journal) lives in four tables of
// 00006_journal.sql: index_log (lsn is an AUTOINCREMENT rowid, so
// positions are never reused, even after ResetLog), index_checkpoint (one
// row), dirty_stories and pending_settle. Lists of ids travel as one JSON
// array read with json_each, as in lines.go.

// AppendLog appends entries in order and returns the last position.
func (s *store) AppendLog(ctx context.Context, entries []storyline.LogEntry) (int64, error) {
	const op = "AppendLog"
	var last int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if len(entries) > 0 {
			type row struct {
				A string `json:"a"`
				S string `json:"s"`
				M int    `json:"m"`
			}
			rows := make([]row, len(entries))
			for i, e := range entries {
				rows[i] = row{A: e.Article, S: e.Story}
				if e.Settle {
					rows[i].M = 1
				}
			}
			b, err := json.Marshal(rows)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO index_log (article, story, settle)
				SELECT value ->> '$.a', value ->> '$.s', value ->> '$.m' FROM json_each(?) ORDER BY key`, string(b)); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, lastLSNSQL).Scan(&last)
	})
	return last, fail(op, "", err)
}

// lastLSNSQL reads the last position ever given, which a ResetLog that
// emptied the table keeps.
const lastLSNSQL = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'index_log'), 0)`

// LastLSN is the position of the last entry ever appended.
func (s *store) LastLSN(ctx context.Context) (int64, error) {
	var lsn int64
	err := s.r.QueryRowContext(ctx, lastLSNSQL).Scan(&lsn)
	return lsn, fail("LastLSN", "", err)
}

// ReadLog returns up to limit entries after position after.
func (s *store) ReadLog(ctx context.Context, after int64, limit int) ([]storyline.LogEntry, error) {
	const op = "ReadLog"
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT lsn, article, story, settle FROM index_log
		WHERE lsn > ? ORDER BY lsn LIMIT ?`, after, limit)
	if err != nil {
		return nil, fail(op, "", err)
	}
	out, err := storecodec.Collect(rows, storecodec.ScanLog)
	return out, fail(op, "", err)
}

// Checkpoint returns the stored checkpoint.
func (s *store) Checkpoint(ctx context.Context, withData bool) (*storyline.Checkpoint, error) {
	const op = "Checkpoint"
	cols := `epoch, lsn, NULL, NULL`
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
		return nil, fail(op, "", err)
	}
	return cp, nil
}

// PutCheckpoint stores cp if it is of the stored epoch and newer.
func (s *store) PutCheckpoint(ctx context.Context, cp *storyline.Checkpoint) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE index_checkpoint SET lsn = ?, dedup = ?, cluster = ?
		WHERE id = 1 AND epoch = ? AND lsn < ?`, cp.LSN, cp.Dedup, cp.Cluster, cp.Epoch, cp.LSN)
	if err != nil {
		return false, fail("PutCheckpoint", "", err)
	}
	n, err := res.RowsAffected()
	return n == 1, fail("PutCheckpoint", "", err)
}

// ResetLog empties the log and starts a new epoch with cp.
func (s *store) ResetLog(ctx context.Context, cp *storyline.Checkpoint) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT epoch + 1 FROM index_checkpoint WHERE id = 1`).Scan(&cp.Epoch); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, lastLSNSQL).Scan(&cp.LSN); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM index_log`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE index_checkpoint SET epoch = ?, lsn = ?, dedup = ?, cluster = ? WHERE id = 1`,
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
	_, err := s.w.ExecContext(ctx, `INSERT INTO dirty_stories (id, lsn) SELECT value, ? FROM json_each(?) WHERE true
		ON CONFLICT (id) DO UPDATE SET lsn = max(lsn, excluded.lsn)`, lsn, idList(stories))
	return fail("MarkDirty", "", err)
}

// Dirty returns the dirty stories among ids (all when ids is nil).
func (s *store) Dirty(ctx context.Context, ids []string, limit int) (map[string]int64, error) {
	const op = "Dirty"
	if limit <= 0 {
		limit = -1
	}
	var (
		rows *sql.Rows
		err  error
	)
	if ids == nil {
		rows, err = s.r.QueryContext(ctx, `SELECT id, lsn FROM dirty_stories ORDER BY id LIMIT ?`, limit)
	} else {
		rows, err = s.r.QueryContext(ctx, `SELECT id, lsn FROM dirty_stories
			WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`, idList(ids), limit)
	}
	if err != nil {
		return nil, fail(op, "", err)
	}
	out := map[string]int64{}
	return out, fail(op, "", storecodec.ScanDirty(rows, out))
}

// ClearDirty removes a story's mark unless it was renewed after lsn.
func (s *store) ClearDirty(ctx context.Context, story string, lsn int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM dirty_stories WHERE id = ? AND lsn <= ?`, story, lsn)
	return fail("ClearDirty", story, err)
}

// DeleteStory removes a story and its membership rows unless the stored
// story is of a later journal position than asOf.
func (s *store) DeleteStory(ctx context.Context, id string, asOf int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM stories WHERE id = ? AND as_of <= ?`, id, asOf)
	return fail("DeleteStory", id, err)
}

// AddPending records articles to look at again when a run ends.
func (s *store) AddPending(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.w.ExecContext(ctx, `INSERT OR IGNORE INTO pending_settle (article) SELECT value FROM json_each(?)`, idList(ids))
	return fail("AddPending", "", err)
}

// Pending lists the pending articles in arrival order.
func (s *store) Pending(ctx context.Context) ([]string, error) {
	// CROSS JOIN keeps the few pending articles the outer loop: SQLite
	// would otherwise walk every article in seq order (0.19 s at 100k).
	rows, err := s.r.QueryContext(ctx, `SELECT p.article FROM pending_settle p
		CROSS JOIN articles a ON a.id = p.article ORDER BY a.seq`)
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
	_, err := s.w.ExecContext(ctx, `DELETE FROM pending_settle WHERE article IN (SELECT value FROM json_each(?))`, idList(ids))
	return fail("DropPending", "", err)
}

// StreamPos is the position up to which the consumer name applied its
// stream (0 when none).
func (s *store) StreamPos(ctx context.Context, name string) (int64, error) {
	var pos int64
	err := s.r.QueryRowContext(ctx, `SELECT pos FROM stream_pos WHERE name = ?`, name).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pos, fail("StreamPos", name, err)
}

// SetStreamPos records the position up to which the consumer name
// applied its stream.
func (s *store) SetStreamPos(ctx context.Context, name string, pos int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO stream_pos (name, pos) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET pos = excluded.pos`, name, pos)
	return fail("SetStreamPos", name, err)
}
