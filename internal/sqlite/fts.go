package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Full-text indexing is deferred and done in chunks. FTS5 turns the terms
// pending in a transaction into a new segment at every commit and merges
// segments as they pile up; with one commit per article that was most of
// the cost of PutArticle (about 4x slower than storing the article alone).
// So PutArticle only stores the row; the articles above fts_status.indexed
// are added to the index in one statement when ftsChunk of them have
// accumulated, on Close, and before any full-text query, which therefore
// always sees every stored article. Large chunks make few segments and so
// little merging (a chunk of 128, and one at the end of every Batch, made
// the index a sixth of the cost of ingest).

// ftsChunk is how many articles this process lets wait before it indexes
// them.
const ftsChunk = 1024

// indexFTS adds every article not yet indexed to articles_fts.
func (s *store) indexFTS(ctx context.Context) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var indexed int64
		if err := tx.QueryRowContext(ctx, `SELECT indexed FROM fts_status`).Scan(&indexed); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, text, stems)
			SELECT seq, title, text, stems FROM articles WHERE seq > ? ORDER BY seq`, indexed)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE fts_status SET indexed = (SELECT max(seq) FROM articles)`)
		return err
	})
	if err == nil {
		s.unindexed.Store(0)
	}
	return err
}

// indexFull indexes the waiting articles when ftsChunk of them wait.
func (s *store) indexFull(ctx context.Context) error {
	if s.unindexed.Load() < ftsChunk {
		return nil
	}
	return s.indexFTS(ctx)
}

// searchable makes sure that every stored article is in the full-text index
// before a query. The check is one read (another process may have stored
// articles); indexing happens only when something is missing.
func (s *store) searchable(ctx context.Context) error {
	var missing bool
	err := s.r.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM articles), 0) > (SELECT indexed FROM fts_status)`).Scan(&missing)
	if err != nil || !missing {
		return err
	}
	return s.indexFTS(ctx)
}

// stemText is the stems column of an article: the Snowball stems, in the
// article's language, of its words whose stem differs from the word, space
// separated in text order (so that bm25 sees frequencies). English articles
// need none: the Porter tokenizer stems their text. Words whose stem is the
// word itself are found through the text column.
func stemText(lang string, tokens []storyline.Token) string {
	if lang == "" || lang == "en" {
		return ""
	}
	var b strings.Builder
	for _, t := range tokens {
		if t.Stem == t.Norm || t.Stem == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Stem)
	}
	return b.String()
}

// match prepares a full-text query: it makes the index complete and turns
// the user's query into an FTS5 query ("" when it has no words).
func (s *store) match(ctx context.Context, q string) (string, error) {
	if len(q) > storyline.MaxQueryBytes {
		return "", storyline.Errorf(storyline.EINVALID, "the query is %d bytes long; at most %d are searched", len(q), storyline.MaxQueryBytes)
	}
	m, terms := ftsQuery(q, nil)
	if m == "" {
		return "", nil
	}
	if terms > storyline.MaxQueryTerms {
		return "", storyline.Errorf(storyline.EINVALID, "the query has %d different words; at most %d are searched", terms, storyline.MaxQueryTerms)
	}
	if err := s.searchable(ctx); err != nil {
		return "", err
	}
	langs, err := s.langs(ctx)
	if err != nil {
		return "", err
	}
	m, _ = ftsQuery(q, langs)
	return m, nil
}

// langs returns the languages of the stored articles, sorted.
func (s *store) langs(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT lang FROM articles WHERE lang <> '' ORDER BY lang`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ftsQuery turns a user's query into an FTS5 query that cannot be a syntax
// error. Every word (a run of letters, digits and marks, as the unicode61
// tokenizer sees words) is quoted, and matches itself or its Snowball stem
// in any of langs, in any column: folded and Porter-stemmed in title and
// text, or as a stem in the stems column. Words inside double quotes stay together as a
// phrase, and a * right after a word makes it a prefix; phrases and
// prefixes match title and text only. Operators and column filters of FTS5
// are not available to users. A word, prefix or phrase given twice is
// searched once. It returns "" when q has no words, and the number of
// distinct words, prefixes and phrase words.
func ftsQuery(q string, langs []string) (string, int) {
	var (
		out    []string
		phrase []string
		word   strings.Builder
		quoted bool
		seen   = map[string]bool{}
		terms  int
	)
	add := func(t string, words int) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
			terms += words
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	term := func(w string) string {
		alts := []string{`"` + w + `"`}
		folded := text.Fold(w)
		var stems []string
		for _, l := range langs {
			if !text.HasStemmer(l) {
				continue
			}
			st := text.Stem(l, folded)
			if st != "" && st != folded && isWordString(st, isWord) && !slices.Contains(stems, st) {
				stems = append(stems, st)
			}
		}
		for _, st := range stems {
			alts = append(alts, `"`+st+`"`)
		}
		if len(alts) == 1 {
			return alts[0]
		}
		return "(" + strings.Join(alts, " OR ") + ")"
	}
	flushWord := func(prefix bool) {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		switch {
		case quoted:
			phrase = append(phrase, w)
		case prefix:
			add(`{title text} : "`+w+`"*`, 1)
		default:
			add(term(w), 1)
		}
	}
	flushPhrase := func() {
		if len(phrase) > 0 {
			add(`{title text} : "`+strings.Join(phrase, " ")+`"`, len(phrase))
		}
		phrase = phrase[:0]
	}
	for _, r := range q {
		switch {
		case isWord(r):
			word.WriteRune(r)
		case r == '*':
			flushWord(true)
		case r == '"':
			flushWord(false)
			if quoted {
				flushPhrase()
			}
			quoted = !quoted
		default:
			flushWord(false)
		}
	}
	flushWord(false)
	flushPhrase()
	// Explicit AND: FTS5 allows implicit AND between phrases only, not
	// between parenthesised groups.
	return strings.Join(out, " AND "), terms
}

// isWordString reports whether every rune of s is a word rune, so that it
// can go between double quotes as one token.
func isWordString(s string, isWord func(rune) bool) bool {
	for _, r := range s {
		if !isWord(r) {
			return false
		}
	}
	return true
}
