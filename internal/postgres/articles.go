package postgres

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// insertArticleSQL stores an article unless its id is stored, counts it
// for its source, and returns its seq (no row when it was stored before).
const insertArticleSQL = `WITH ins AS (
	INSERT INTO articles (id, input, format, title, source, url, published, lang, machine_translated,
		news_id, text, raw, analysis, story_id, duplicate_of, fts)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::tsvector)
	ON CONFLICT (id) DO NOTHING
	RETURNING seq, source
), counted AS (
	INSERT INTO source_counts (source, n) SELECT source, 1 FROM ins
	ON CONFLICT (source) DO UPDATE SET n = source_counts.n + 1
)
SELECT seq FROM ins`

// articleLiteCols are articleCols without the original input and the
// analysis: NULL raw (read as nil) and an empty analysis.
const articleLiteCols = `seq, id, input, format, title, source, url, published, lang, machine_translated,
	news_id, text, NULL::bytea, true, NULL::bytea, coalesce(story_id, ''), coalesce(duplicate_of, '')`

// PutArticle stores a and sets a.Seq. An article already stored under a.ID is
// left as it is; a.Seq is then set to the stored article's Seq and created is
// false. Published is kept to the nanosecond; it comes back in UTC.
func (s *store) PutArticle(ctx context.Context, a *storyline.Article) (bool, error) {
	const op = "PutArticle"
	if a.ID == "" {
		return false, &storyline.Error{Code: storyline.EINVALID, Op: op, Input: a.Input, Msg: "article without id"}
	}
	blob := storecodec.EncodeAnalysis(nil, storecodec.AnalysisOf(a))
	fts := string(a.SearchIndex)
	if a.SearchIndex == nil {
		fts = tsVector(a.Title, a.Text, a.Lang)
	}
	var (
		seq     int64
		created bool
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, insertArticleSQL,
			a.ID, a.Input, string(a.Format), a.Title, a.Source, a.URL, storecodec.Nanos(a.Published), a.Lang,
			a.MachineTranslated, a.NewsID, a.Text, storecodec.RawValue(a.Raw), blob,
			storecodec.NullString(a.StoryID), storecodec.NullString(a.DuplicateOf), fts).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = $1`, a.ID).Scan(&seq)
		}
		created = err == nil
		return err
	})
	if err != nil {
		return false, fail(op, a.ID, err)
	}
	a.Seq = seq
	return created, nil
}

// SearchIndex is the article's full-text entry (the tsvector literal of
// its title and text) that PutArticle stores: storyline.SearchIndexer.
func (s *store) SearchIndex(a *storyline.Article) []byte {
	return []byte(tsVector(a.Title, a.Text, a.Lang))
}

// Article returns the article stored under id with its analysis.
func (s *store) Article(ctx context.Context, id string) (*storyline.Article, error) {
	const op = "Article"
	rows, err := s.r.QueryContext(ctx, `SELECT `+storecodec.ArticleCols+` FROM articles WHERE id = $1`, id)
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

// Articles returns the articles f selects in Seq order. f.Story selects by
// the story recorded with Assign.
func (s *store) Articles(ctx context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	return s.articles(ctx, "Articles", storecodec.ArticleCols, f)
}

// ArticlesLite is Articles without each article's Raw (nil) and analysis:
// metadata and the cleaned text only, what a story page needs.
func (s *store) ArticlesLite(ctx context.Context, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	return s.articles(ctx, "ArticlesLite", articleLiteCols, f)
}

// args collects the arguments of a query and gives their placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

func (s *store) articles(ctx context.Context, op, cols string, f storyline.ArticleFilter) ([]*storyline.Article, error) {
	var (
		where []string
		arg   args
	)
	if len(f.IDs) > 0 {
		where = append(where, `id = ANY(`+arg.add(f.IDs)+`::text[])`)
	}
	if f.Story != "" {
		where = append(where, `story_id = `+arg.add(f.Story))
	}
	if f.Source != "" {
		where = append(where, `source = `+arg.add(f.Source))
	}
	if f.Lang != "" {
		where = append(where, `lang = `+arg.add(f.Lang))
	}
	if !f.Since.IsZero() {
		where = append(where, `published >= `+arg.add(f.Since.UnixNano()))
	}
	if !f.Until.IsZero() {
		where = append(where, `published < `+arg.add(f.Until.UnixNano()))
	}
	if f.After > 0 {
		where = append(where, `seq > `+arg.add(f.After))
	}
	q := `SELECT ` + cols + ` FROM articles`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq LIMIT ` + arg.add(limit(f.Limit)) + `::bigint`
	rows, err := s.r.QueryContext(ctx, q, arg...)
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
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM articles WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, fail(op, "", err)
	}
	return has, fail(op, "", storecodec.MarkStored(rows, has))
}

// Assign records the story of an article and the article it copies ("" for
// none).
func (s *store) Assign(ctx context.Context, articleID, storyID, duplicateOf string) error {
	const op = "Assign"
	res, err := s.exec(ctx, `UPDATE articles SET story_id = $1, duplicate_of = $2 WHERE id = $3`,
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
