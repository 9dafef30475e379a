package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ftsquery"
	"github.com/storyline/storyline/internal/storecodec"
)

const insertArticleSQL = `INSERT INTO articles
	(id, input, format, title, source, url, published, lang, machine_translated, news_id, text, raw, analysis, story_id, duplicate_of, stems)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO NOTHING`

// PutArticle stores a and sets a.Seq. An article already stored under a.ID is
// left as it is; a.Seq is then set to the stored article's Seq and created is
// false. Published is kept to the nanosecond; it comes back in UTC.
func (s *store) PutArticle(ctx context.Context, a *storyline.Article) (bool, error) {
	const op = "PutArticle"
	if a.ID == "" {
		return false, &storyline.Error{Code: storyline.EINVALID, Op: op, Input: a.Input, Msg: "article without id"}
	}
	blob := storecodec.EncodeAnalysis(nil, storecodec.AnalysisOf(a))
	var (
		seq     int64
		created bool
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, s.stmts.insertArticle).ExecContext(ctx,
			a.ID, a.Input, string(a.Format), a.Title, a.Source, a.URL, storecodec.Nanos(a.Published), a.Lang,
			a.MachineTranslated, a.NewsID, a.Text, storecodec.RawValue(a.Raw), blob,
			storecodec.NullString(a.StoryID), storecodec.NullString(a.DuplicateOf), ftsquery.StemText(a))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			// Already stored: LastInsertId is stale, read the stored seq.
			return tx.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = ?`, a.ID).Scan(&seq)
		}
		created = true
		seq, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return false, fail(op, a.ID, err)
	}
	a.Seq = seq
	if created {
		s.unindexed.Add(1)
		if s.tx == nil { // inside Batch, the batch indexes at its end
			if err := s.indexFull(ctx); err != nil {
				return true, fail(op, a.ID, err)
			}
		}
	}
	return created, nil
}

// Article returns the article stored under id with its analysis.
func (s *store) Article(ctx context.Context, id string) (*storyline.Article, error) {
	const op = "Article"
	rows, err := s.query(ctx, s.r, `SELECT `+storecodec.ArticleCols+` FROM articles WHERE id = ?`, id)
	if err != nil {
		return nil, fail(op, id, err)
	}
	as, err := storecodec.ScanArticles(rows)
	if err != nil {
		return nil, fail(op, id, err)
	}
	if len(as) == 0 {
		return nil, notFound(op, id, "article")
	}
	return as[0], nil
}

// articleLiteCols are articleCols without the original input and the
// analysis: NULL raw (read as nil) and an empty analysis.
const articleLiteCols = `seq, id, input, format, title, source, url, published, lang, machine_translated,
	news_id, text, NULL, 1, NULL, coalesce(story_id, ''), coalesce(duplicate_of, '')`

// Articles returns the articles f selects in Seq order. f.Story selects by
// the story recorded with Assign.
func (s *store) Articles(ctx context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	return s.articles(ctx, "Articles", storecodec.ArticleCols, f)
}

// ArticlesLite is Articles without each article's Raw (nil) and analysis
// (no Sentences, Tokens, Entities, Figures, Quotes or Dates): metadata and
// the cleaned text only. A story page needs no more, and decoding the
// analysis (a thousand tokens per article) was most of its cost.
func (s *store) ArticlesLite(ctx context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	return s.articles(ctx, "ArticlesLite", articleLiteCols, f)
}

func (s *store) articles(ctx context.Context, op, cols string, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, `id IN (SELECT value FROM json_each(?))`)
		args = append(args, idList(f.IDs))
	}
	if f.Story != "" {
		where, args = append(where, `story_id = ?`), append(args, f.Story)
	}
	if f.Source != "" {
		where, args = append(where, `source = ?`), append(args, f.Source)
	}
	if f.Lang != "" {
		where, args = append(where, `lang = ?`), append(args, f.Lang)
	}
	if !f.Since.IsZero() {
		where, args = append(where, `published >= ?`), append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where, args = append(where, `published < ?`), append(args, f.Until.UnixNano())
	}
	if f.After > 0 {
		where, args = append(where, `seq > ?`), append(args, f.After)
	}
	q := `SELECT ` + cols + ` FROM articles`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq LIMIT ?`
	args = append(args, limit(f.Limit))
	rows, err := s.query(ctx, s.r, q, args...)
	if err != nil {
		return nil, fail(op, "", err)
	}
	as, err := storecodec.ScanArticles(rows)
	return as, fail(op, "", err)
}

// HasArticles reports, for every id given, whether it is stored.
func (s *store) HasArticles(ctx context.Context, ids []string) (map[string]bool, error) {
	const op = "HasArticles"
	has := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return has, nil
	}
	for _, id := range ids {
		has[id] = false
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))`, idList(ids))
	if err != nil {
		return nil, fail(op, "", err)
	}
	return has, fail(op, "", storecodec.MarkStored(rows, has))
}

// Assign records the story of an article and the article it copies ("" for
// none).
func (s *store) Assign(ctx context.Context, articleID, storyID, duplicateOf string) error {
	const op = "Assign"
	res, err := s.w.ExecContext(ctx, `UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id = ?`,
		storecodec.NullString(storyID), storecodec.NullString(duplicateOf), articleID)
	if err != nil {
		return fail(op, articleID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fail(op, articleID, err)
	}
	if n == 0 {
		return notFound(op, articleID, "article")
	}
	return nil
}

// limit turns "0 means no limit" into SQLite's -1.
func limit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}
