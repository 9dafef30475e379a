package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

const storyCols = `id, headline, first, last, sources, articles, brief, updated`

// storyReadCols are the columns scanStories reads: the brief's JSON only
// when it has no binary form.
const storyReadCols = `id, headline, first, last, sources, articles,
	CASE WHEN brief_bin IS NULL THEN brief END, updated, brief_bin`

// storyListCols are storyCols with the listing's entities in place of the
// brief, whose JSON is read only for stories stored before the entities
// column was (00003_listing.sql).
const storyListCols = `id, headline, first, last, sources, articles, entities, updated,
	CASE WHEN entities IS NULL THEN brief END`

// PutStory creates or replaces a story and sets s.Updated to the store's next
// change number (one more than the highest of all stories), so that a client
// can ask for what changed since a number it has seen.
func (s *store) PutStory(ctx context.Context, st *storyline.Story) error {
	const op = "PutStory"
	if st.ID == "" {
		return &storyline.Error{Code: storyline.EINVALID, Op: op, Msg: "story without id"}
	}
	// The brief is stored in its binary form only (internal/storecodec); the
	// JSON column, written NULL, is read for stories stored before that
	// form existed.
	v, err := storecodec.StoryValuesOf(st)
	if err != nil {
		return fail(op, st.ID, err)
	}
	var briefBin, entities any // NULL, not an empty blob, without a brief
	if st.Brief != nil {
		briefBin, entities = v.BriefBin, v.Entities
	}
	var updated int64
	err = s.inTx(ctx, func(q *sql.Tx) error {
		if err := q.QueryRowContext(ctx, `SELECT coalesce(max(updated), 0) + 1 FROM stories`).Scan(&updated); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `INSERT INTO stories (`+storyCols+`, entities, brief_bin, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, first = excluded.first,
			last = excluded.last, sources = excluded.sources, articles = excluded.articles,
			brief = excluded.brief, updated = excluded.updated, entities = excluded.entities,
			brief_bin = excluded.brief_bin, as_of = excluded.as_of
			WHERE stories.as_of <= excluded.as_of`,
			st.ID, st.Headline, storecodec.Nanos(st.First), storecodec.Nanos(st.Last), v.Sources, v.Articles, nil, updated,
			entities, briefBin, st.AsOf)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			updated = 0 // a later state is stored: keep it
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM story_articles WHERE story_id = ?`, st.ID); err != nil {
			return err
		}
		_, err = q.ExecContext(ctx, `INSERT OR IGNORE INTO story_articles (story_id, pos, article_id)
			SELECT ?, key, value FROM json_each(?)`, st.ID, v.Articles)
		return err
	})
	if err != nil {
		return fail(op, st.ID, err)
	}
	if updated != 0 {
		st.Updated = updated
	}
	return nil
}

// Story returns the story stored under id.
func (s *store) Story(ctx context.Context, id string) (*storyline.Story, error) {
	const op = "Story"
	rows, err := s.query(ctx, s.r, `SELECT `+storyReadCols+` FROM stories WHERE id = ?`, id)
	if err != nil {
		return nil, fail(op, id, err)
	}
	ss, err := scanStories(rows)
	if err != nil {
		return nil, fail(op, id, err)
	}
	if len(ss) == 0 {
		return nil, notFound(op, id, "story")
	}
	return ss[0], nil
}

// Stories lists the stories f selects, newest first: by Last descending
// (stories without dates at the end), then by Updated descending, then by
// id. The total is the number of stories matching f before Offset and Limit.
//
// Source and Lang select stories with at least one member article of that
// source or language (Source also matches the story's Sources); Q selects
// stories with a member matching the full-text query (see Search); Since
// and Until select stories whose [First, Last] span meets [Since, Until).
// Membership is the Articles list given to PutStory.
func (s *store) Stories(ctx context.Context, f storyline.StoryFilter) ([]*storyline.Story, int, error) {
	return s.stories(ctx, "Stories", f, storyReadCols, scanStories)
}

// StoryList is Stories for a list of stories: the same stories, total and
// order, but each briefed story's Brief holds only its first n Entities
// (at most 16, storecodec.ListEntities; n > 16 decodes the whole briefs instead) and
// nothing else; stories without a brief have a nil Brief. It reads the
// entities from a column of their own and never decodes a brief, which
// makes a page of 20 stories several times cheaper than Stories.
func (s *store) StoryList(ctx context.Context, f storyline.StoryFilter, n int) ([]*storyline.Story, int, error) {
	if n > storecodec.ListEntities {
		list, total, err := s.stories(ctx, "StoryList", f, storyReadCols, scanStories)
		for _, st := range list {
			if st.Brief != nil {
				st.Brief = &storyline.Brief{Entities: st.Brief.Entities[:min(len(st.Brief.Entities), n)]}
			}
		}
		return list, total, err
	}
	return s.stories(ctx, "StoryList", f, storyListCols, func(rows *sql.Rows) ([]*storyline.Story, error) {
		return scanStoryList(rows, max(n, 0))
	})
}

func (s *store) stories(ctx context.Context, op string, f storyline.StoryFilter, cols string,
	scan func(*sql.Rows) ([]*storyline.Story, error)) ([]*storyline.Story, int, error) {
	var where []string
	var args []any
	if f.Q != "" {
		m, err := s.match(ctx, f.Q)
		if err != nil || m == "" {
			return nil, 0, fail(op, f.Q, err)
		}
		where = append(where, `s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
			WHERE a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))`)
		args = append(args, m)
	}
	if f.IDPrefix != "" {
		// A range, so that the primary key finds them (LIKE would scan).
		where = append(where, `s.id >= ? AND s.id < ?`)
		args = append(args, f.IDPrefix, f.IDPrefix+"\U0010FFFF")
	}
	if f.Source != "" {
		where = append(where, `(EXISTS (SELECT 1 FROM json_each(s.sources) WHERE value = ?)
			OR EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
				WHERE sa.story_id = s.id AND a.source = ?))`)
		args = append(args, f.Source, f.Source)
	}
	if f.Lang != "" {
		where = append(where, `EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
			WHERE sa.story_id = s.id AND a.lang = ?)`)
		args = append(args, f.Lang)
	}
	if !f.Since.IsZero() {
		where = append(where, `coalesce(s.last, s.first) >= ?`)
		args = append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where = append(where, `coalesce(s.first, s.last) < ?`)
		args = append(args, f.Until.UnixNano())
	}
	cond := ``
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	// Count and page in one read transaction so that they agree.
	var (
		total int
		list  []*storyline.Story
	)
	err := s.read(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM stories s`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM stories s`+cond+`
			ORDER BY s.last DESC NULLS LAST, s.updated DESC, s.id LIMIT ? OFFSET ?`,
			append(args, limit(f.Limit), max(f.Offset, 0))...)
		if err != nil {
			return err
		}
		list, err = scan(rows)
		return err
	})
	if err != nil {
		return nil, 0, fail(op, f.Q, err)
	}
	return list, total, nil
}

// read runs fn in a read transaction (the current one inside Batch).
func (s *store) read(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		return fn(s.tx)
	}
	db, ok := s.r.(*sql.DB)
	if !ok {
		return fn(s.r)
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// Search finds up to limit articles (20 when limit <= 0) matching q, best
// first (BM25, title words weighing double), ties in arrival order. Every
// word of q must occur, after case and accent folding, as the same Porter
// stem (English) or Snowball stem (the stored articles' languages; see
// ftsQuery); "quoted words" form a phrase and a trailing * makes a prefix.
// Snippets are plain text from the article's text.
func (s *store) Search(ctx context.Context, q string, limit int) ([]storyline.SearchHit, error) {
	const op = "Search"
	m, err := s.match(ctx, q)
	if err != nil || m == "" {
		return nil, fail(op, q, err)
	}
	if limit <= 0 {
		limit = 20
	}
	// ORDER BY rank lets FTS5 sort the matches itself and stop after limit
	// rows, so that snippets are made for the hits only, not for every match
	// (10x faster for common words). rank is bm25 with title words weighing
	// double; FTS5 breaks ties by rowid, which is arrival order.
	rows, err := s.r.QueryContext(ctx, `SELECT a.id,
			coalesce(a.story_id, (SELECT story_id FROM story_articles WHERE article_id = a.id ORDER BY story_id LIMIT 1), ''),
			a.title, snippet(articles_fts, 1, '', '', '…', 24), articles_fts.rank
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH ? AND articles_fts.rank MATCH 'bm25(2.0, 1.0, 1.0)'
		ORDER BY articles_fts.rank LIMIT ?`, m, limit)
	if err != nil {
		return nil, fail(op, q, err)
	}
	hits, err := storecodec.Collect(rows, storecodec.ScanHit)
	for i := range hits {
		hits[i].Score = -hits[i].Score // bm25 is lower for better matches
	}
	return hits, fail(op, q, err)
}

// scanStories reads rows of storyReadCols and closes them.
func scanStories(rows *sql.Rows) ([]*storyline.Story, error) {
	defer rows.Close()
	var ss []*storyline.Story
	for rows.Next() {
		st := &storyline.Story{}
		var (
			first, last       sql.NullInt64
			sources, articles string
			brief             sql.NullString
			briefBin          []byte
		)
		if err := rows.Scan(&st.ID, &st.Headline, &first, &last, &sources, &articles, &brief, &st.Updated, &briefBin); err != nil {
			return nil, err
		}
		if err := storecodec.SetStoryCols(st, first, last, sources, articles); err != nil {
			return nil, err
		}
		if briefBin != nil {
			b, err := storecodec.DecodeBrief(briefBin)
			if err != nil {
				return nil, &storyline.Error{Code: storyline.EINTERNAL, Input: st.ID, Msg: "brief", Err: err}
			}
			st.Brief = b
		} else if brief.Valid {
			st.Brief = &storyline.Brief{}
			if err := json.Unmarshal([]byte(brief.String), st.Brief); err != nil {
				return nil, err
			}
		}
		ss = append(ss, st)
	}
	return ss, rows.Err()
}

// scanStoryList reads rows of storyListCols, keeping the first n entities,
// and closes them.
func scanStoryList(rows *sql.Rows, n int) ([]*storyline.Story, error) {
	defer rows.Close()
	var ss []*storyline.Story
	for rows.Next() {
		st := &storyline.Story{}
		var (
			first, last       sql.NullInt64
			sources, articles string
			entities          []byte
			brief             sql.NullString
		)
		if err := rows.Scan(&st.ID, &st.Headline, &first, &last, &sources, &articles, &entities, &st.Updated, &brief); err != nil {
			return nil, err
		}
		if err := storecodec.SetStoryCols(st, first, last, sources, articles); err != nil {
			return nil, err
		}
		switch {
		case entities != nil:
			es, err := storecodec.DecodeEntities(entities, n)
			if err != nil {
				return nil, &storyline.Error{Code: storyline.EINTERNAL, Input: st.ID, Msg: "entities", Err: err}
			}
			st.Brief = &storyline.Brief{Entities: es}
		case brief.Valid: // stored before 00003
			var b struct{ Entities []storyline.Entity }
			if err := json.Unmarshal([]byte(brief.String), &b); err != nil {
				return nil, err
			}
			st.Brief = &storyline.Brief{Entities: append([]storyline.Entity{}, b.Entities[:min(len(b.Entities), n)]...)}
		}
		ss = append(ss, st)
	}
	return ss, rows.Err()
}
