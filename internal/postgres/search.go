package postgres

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ftsquery"
	"github.com/storyline/storyline/internal/storecodec"
	"github.com/storyline/storyline/internal/text"
)

// Full-text search. articles.fts is a tsvector of the storyline text
// search configuration (00001_init.sql: English Snowball stems, no stop
// words) over the folded title (weight A), text (B) and the Snowball
// stems of other languages (C, ftsquery.StemText), written with the
// article. Queries are read by ftsquery.Parse, as in the SQLite store,
// folded the same way, and written as a tsquery of quoted lexemes, so
// that no user input is tsquery syntax.

// ftsVector is the SQL of the fts column from three arguments (the
// folded title, text and stems), numbered 16 to 18 in insertArticleSQL.
const ftsVector = `setweight(to_tsvector('storyline', $16), 'A') || ` +
	`setweight(to_tsvector('storyline', $17), 'B') || setweight(to_tsvector('storyline', $18), 'C')`

// maxIndexedBytes is how much of each column the full-text index reads:
// a tsvector holds at most 1 MB of lexemes and 16,383 positions, so the
// end of a huge article (the ingest limit is 20 MB) could only make the
// insert fail; 256 KB is some forty times a long news article.
const maxIndexedBytes = 256 << 10

// rankWeights weigh the columns in ts_rank, in tsvector weight order D,
// C, B, A: title words count double, as in the SQLite store's bm25.
const rankWeights = `'{0.1, 0.5, 0.5, 1.0}'`

// snippetOptions make ts_headline a plain-text snippet of about two dozen
// words (FTS5's snippet in the SQLite store takes 24 tokens).
const snippetOptions = `StartSel="", StopSel="", MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`

// ftsColumns folds the indexed columns and cuts each to maxIndexedBytes.
func ftsColumns(title, body, stems string) (string, string, string) {
	return indexable(title), indexable(body), indexable(stems)
}

func indexable(s string) string {
	s = text.Fold(s)
	if len(s) <= maxIndexedBytes {
		return s
	}
	cut := maxIndexedBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// Search finds up to limit articles (20 when limit <= 0) matching q, best
// first (ts_rank, title words weighing double), ties in arrival order.
// Every word of q must occur, after case and accent folding, as the same
// English Snowball stem or as its Snowball stem in one of the stored
// articles' languages; "quoted words" form a phrase and a trailing *
// makes a prefix. Snippets are plain text from the article's text.
func (s *store) Search(ctx context.Context, q string, limit int) ([]storyline.SearchHit, error) {
	const op = "Search"
	m, err := s.match(ctx, q)
	if err != nil || m == "" {
		return nil, fail(op, q, err)
	}
	if limit <= 0 {
		limit = 20
	}
	// Snippets are made for the hits only, after the limit.
	rows, err := s.r.QueryContext(ctx, `WITH q AS (SELECT to_tsquery('storyline', $1) AS q),
		hits AS (
			SELECT a.seq, ts_rank(`+rankWeights+`, a.fts, q.q) AS score FROM articles a, q
			WHERE a.fts @@ q.q ORDER BY score DESC, a.seq LIMIT $2)
		SELECT a.id,
			coalesce(a.story_id, (SELECT story_id FROM story_articles WHERE article_id = a.id ORDER BY story_id LIMIT 1), ''),
			a.title, ts_headline('storyline', a.text, q.q, $3), h.score
		FROM hits h JOIN articles a ON a.seq = h.seq, q
		ORDER BY h.score DESC, h.seq`, m, limit, snippetOptions)
	if err != nil {
		return nil, fail(op, q, err)
	}
	hits, err := storecodec.Collect(rows, storecodec.ScanHit)
	return hits, fail(op, q, err)
}

// match turns the user's query into tsquery text ("" when it has no
// words), with the stems of the stored articles' languages.
func (s *store) match(ctx context.Context, q string) (string, error) {
	terms, err := ftsquery.Check(q)
	if err != nil || len(terms) == 0 {
		return "", err
	}
	langs, err := s.langs(ctx)
	if err != nil {
		return "", err
	}
	terms, _ = ftsquery.Parse(q, langs)
	return tsQuery(terms), nil
}

// tsQuery writes terms as tsquery text for to_tsquery('storyline', …):
// every word folded and quoted (words are letters, digits and marks
// only, so quoting cannot be escaped), a word or one of its stems, a
// prefix with :*, a phrase with <->, all of them required.
func tsQuery(terms []ftsquery.Term) string {
	quote := func(w string) string { return "'" + text.Fold(w) + "'" }
	out := make([]string, len(terms))
	for i, t := range terms {
		switch t.Kind {
		case ftsquery.Prefix:
			out[i] = quote(t.Words[0]) + ":*"
		case ftsquery.Phrase:
			ws := make([]string, len(t.Words))
			for j, w := range t.Words {
				ws[j] = quote(w)
			}
			out[i] = "(" + strings.Join(ws, " <-> ") + ")"
		default:
			alts := []string{quote(t.Words[0])}
			for _, st := range t.Stems {
				alts = append(alts, quote(st))
			}
			out[i] = "(" + strings.Join(alts, " | ") + ")"
		}
	}
	return strings.Join(out, " & ")
}

// langs returns the languages of the stored articles, sorted: a loose
// index scan of articles_lang, one probe per language.
func (s *store) langs(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `WITH RECURSIVE l AS (
			(SELECT lang FROM articles WHERE lang > '' ORDER BY lang LIMIT 1)
			UNION ALL
			SELECT (SELECT lang FROM articles WHERE lang > l.lang ORDER BY lang LIMIT 1) FROM l WHERE l.lang IS NOT NULL)
		SELECT lang FROM l WHERE lang IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	return storecodec.Collect(rows, storecodec.ScanString)
}
