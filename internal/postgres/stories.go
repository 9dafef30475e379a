package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// storyReadCols are the columns scanStories reads.
const storyReadCols = `id, headline, first, last, sources, articles, updated, brief_bin`

// storyListCols are storyReadCols with the listing's entities in place
// of the brief.
const storyListCols = `id, headline, first, last, sources, articles, updated, entities`

// PutStory creates or replaces a story and sets st.Updated to the store's
// next change number (one more than the highest of all stories, given
// under the write lock), so that a client can ask for what changed since
// a number it has seen. A stored story of a later AsOf is kept.
func (s *store) PutStory(ctx context.Context, st *storyline.Story) error {
	const op = "PutStory"
	if st.ID == "" {
		return &storyline.Error{Code: storyline.EINVALID, Op: op, Msg: "story without id"}
	}
	v, err := storecodec.StoryValuesOf(st)
	if err != nil {
		return fail(op, st.ID, err)
	}
	var updated int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(updated), 0) + 1 FROM stories`).Scan(&updated); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO stories (id, headline, first, last, sources, articles,
				brief_bin, entities, updated, as_of)
			VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10)
			ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, first = excluded.first,
				last = excluded.last, sources = excluded.sources, articles = excluded.articles,
				brief_bin = excluded.brief_bin, entities = excluded.entities, updated = excluded.updated,
				as_of = excluded.as_of
			WHERE stories.as_of <= excluded.as_of`,
			st.ID, st.Headline, storecodec.Nanos(st.First), storecodec.Nanos(st.Last), v.Sources, v.Articles,
			v.BriefBin, v.Entities, updated, st.AsOf)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			updated = 0 // a later state is stored: keep it
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_articles WHERE story_id = $1`, st.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO story_articles (story_id, pos, article_id)
			SELECT $1, ord - 1, a FROM unnest($2::text[]) WITH ORDINALITY AS t (a, ord)
			ON CONFLICT DO NOTHING`, st.ID, nonNil(st.Articles))
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
	rows, err := s.r.QueryContext(ctx, `SELECT `+storyReadCols+` FROM stories WHERE id = $1`, id)
	if err != nil {
		return nil, fail(op, id, err)
	}
	ss, err := scanStories(rows, -1)
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
// id. The total is the number of stories matching f before Offset and
// Limit. The filters mean what they mean in the SQLite store.
func (s *store) Stories(ctx context.Context, f storyline.StoryFilter) ([]*storyline.Story, int, error) {
	return s.stories(ctx, "Stories", f, storyReadCols, -1)
}

// StoryList is Stories with each briefed story's Brief holding only its
// first n Entities, read from a column of their own without decoding the
// brief (n > storecodec.ListEntities decodes the whole briefs instead).
func (s *store) StoryList(ctx context.Context, f storyline.StoryFilter, n int) ([]*storyline.Story, int, error) {
	if n > storecodec.ListEntities {
		list, total, err := s.stories(ctx, "StoryList", f, storyReadCols, -1)
		for _, st := range list {
			if st.Brief != nil {
				st.Brief = &storyline.Brief{Entities: st.Brief.Entities[:min(len(st.Brief.Entities), n)]}
			}
		}
		return list, total, err
	}
	return s.stories(ctx, "StoryList", f, storyListCols, max(n, 0))
}

// storyWhere is the condition of a story filter over stories s, with its
// arguments added to arg.
func (s *store) storyWhere(ctx context.Context, f storyline.StoryFilter, arg *args) (cond string, none bool, err error) {
	var where []string
	if f.Q != "" {
		m, err := s.match(ctx, f.Q)
		if err != nil || m == "" {
			return "", true, err
		}
		where = append(where, `s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
			WHERE a.fts @@ `+arg.add(m)+`::tsquery)`)
	}
	if f.IDPrefix != "" {
		// A range of the primary key (ids sort bytewise, "C").
		where = append(where, `s.id >= `+arg.add(f.IDPrefix)+` AND s.id < `+arg.add(f.IDPrefix+"\U0010FFFF"))
	}
	if f.Source != "" {
		p := arg.add(f.Source)
		where = append(where, `(s.sources @> jsonb_build_array(`+p+`::text)
			OR EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
				WHERE sa.story_id = s.id AND a.source = `+p+`))`)
	}
	if f.Lang != "" {
		where = append(where, `EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id
			WHERE sa.story_id = s.id AND a.lang = `+arg.add(f.Lang)+`)`)
	}
	if !f.Since.IsZero() {
		where = append(where, `coalesce(s.last, s.first) >= `+arg.add(f.Since.UnixNano()))
	}
	if !f.Until.IsZero() {
		where = append(where, `coalesce(s.first, s.last) < `+arg.add(f.Until.UnixNano()))
	}
	if len(where) == 0 {
		return "", false, nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), false, nil
}

// stories lists stories with cols; entities < 0 reads whole briefs,
// else the first entities of the listing column.
func (s *store) stories(ctx context.Context, op string, f storyline.StoryFilter, cols string, entities int) ([]*storyline.Story, int, error) {
	var arg args
	cond, none, err := s.storyWhere(ctx, f, &arg)
	if err != nil || none {
		return nil, 0, fail(op, f.Q, err)
	}
	var (
		total int
		list  []*storyline.Story
	)
	// Count and page in one snapshot so that they agree.
	err = s.read(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM stories s`+cond, arg...).Scan(&total); err != nil {
			return err
		}
		page := append(args{}, arg...)
		rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM stories s`+cond+`
			ORDER BY s.last DESC NULLS LAST, s.updated DESC, s.id
			LIMIT `+page.add(limit(f.Limit))+`::bigint OFFSET `+page.add(max(f.Offset, 0)), page...)
		if err != nil {
			return err
		}
		list, err = scanStories(rows, entities)
		return err
	})
	if err != nil {
		return nil, 0, fail(op, f.Q, err)
	}
	return list, total, nil
}

// scanStories reads rows of storyReadCols (entities < 0) or of
// storyListCols, keeping the first entities, and closes them.
func scanStories(rows *sql.Rows, entities int) ([]*storyline.Story, error) {
	defer rows.Close()
	var ss []*storyline.Story
	for rows.Next() {
		st := &storyline.Story{}
		var (
			first, last       sql.NullInt64
			sources, articles string
			bin               []byte
		)
		if err := rows.Scan(&st.ID, &st.Headline, &first, &last, &sources, &articles, &st.Updated, &bin); err != nil {
			return nil, err
		}
		st.First, st.Last = storecodec.FromNanos(first), storecodec.FromNanos(last)
		if err := json.Unmarshal([]byte(sources), &st.Sources); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(articles), &st.Articles); err != nil {
			return nil, err
		}
		if bin != nil {
			if err := setBrief(st, bin, entities); err != nil {
				return nil, &storyline.Error{Code: storyline.EINTERNAL, Input: st.ID, Msg: "brief", Err: err}
			}
		}
		ss = append(ss, st)
	}
	return ss, rows.Err()
}

// setBrief decodes a whole brief (entities < 0) or the first entities of
// the listing column.
func setBrief(st *storyline.Story, bin []byte, entities int) error {
	if entities < 0 {
		b, err := storecodec.DecodeBrief(bin)
		st.Brief = b
		return err
	}
	es, err := storecodec.DecodeEntities(bin, entities)
	st.Brief = &storyline.Brief{Entities: es}
	return err
}

// nonNil is s, or an empty list for nil (an empty array, not NULL).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
