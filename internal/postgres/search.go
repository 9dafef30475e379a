package postgres

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ftsquery"
	"github.com/storyline/storyline/internal/storecodec"
	"github.com/storyline/storyline/internal/text"
)

// Full-text search. articles.fts is a tsvector of stems built by this
// process (vector.go) over the title (weight A) and the text (B), written
// with the article. Queries are read by ftsquery.Parse, as in the SQLite
// store, and written as a tsquery literal of the same stems, so that no
// user input is tsquery syntax and the server parses no text.

// maxIndexedBytes is how much of each column the full-text index reads:
// a tsvector holds at most 1 MB of lexemes and 16,383 positions, so the
// end of a huge article (the ingest limit is 20 MB) could only make the
// insert fail; 256 KB is some forty times a long news article.
const maxIndexedBytes = 256 << 10

// rankWeights weigh the columns in ts_rank, in tsvector weight order D,
// C, B, A: title words (A) count double text words (B), as in the SQLite
// store's bm25.
const rankWeights = `'{0.1, 0.5, 0.5, 1.0}'`

// snippetOptions make ts_headline a plain-text snippet of about two dozen
// words (FTS5's snippet in the SQLite store takes 24 tokens).
const snippetOptions = `StartSel="", StopSel="", MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`

// indexable cuts a column to maxIndexedBytes for the index.
func indexable(s string) string {
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
	rows, err := s.r.QueryContext(ctx, `WITH q AS (SELECT $1::tsquery AS q),
		hits AS (
			SELECT a.seq, ts_rank(`+rankWeights+`, a.fts, q.q) AS score FROM articles a, q
			WHERE a.fts @@ q.q ORDER BY score DESC, a.seq LIMIT $2)
		SELECT a.id,
			coalesce(a.story_id, (SELECT story_id FROM story_articles WHERE article_id = a.id ORDER BY story_id LIMIT 1), ''),
			a.title, ts_headline('simple', a.text, q.q, $3), h.score
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

// tsQuery writes terms as a tsquery literal over the lexemes of
// tsVector: a word is its English stem or its stem in one of the stored
// articles' languages, a prefix is the folded word or its English stem
// followed by anything, a phrase is its words' English stems in a row (and
// a run of Chinese characters its pairs of characters, as tsVector indexes
// them);
// every term is required.
func tsQuery(terms []ftsquery.Term) string {
	en := func(w string) string { return text.Stem("en", text.Fold(w)) }
	out := make([]string, len(terms))
	for i, t := range terms {
		var alts []string
		switch t.Kind {
		case ftsquery.Prefix:
			alts = uniq(text.Fold(t.Words[0]), en(t.Words[0]))
			for j, a := range alts {
				alts[j] = quoteLexeme(a) + ":*"
			}
		case ftsquery.Phrase, ftsquery.Chars:
			ws := make([]string, len(t.Words))
			for j, w := range t.Words {
				ws[j] = quoteLexeme(en(w))
			}
			alts = []string{strings.Join(ws, " <-> ")}
			if t.LoneChar() {
				alts[0] += ":*"
			}
		default:
			alts = uniq(append([]string{en(t.Words[0])}, t.Stems...)...)
			for j, a := range alts {
				alts[j] = quoteLexeme(a)
			}
		}
		out[i] = "(" + strings.Join(alts, " | ") + ")"
	}
	return strings.Join(out, " & ")
}

// uniq is ss without repetitions and empty strings, in order.
func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
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
