package postgres

import (
	"slices"
	"strconv"
	"strings"

	"github.com/storyline/storyline/internal/ftsquery"
	"github.com/storyline/storyline/internal/text"
)

// The full-text index is built here, not by the server: to_tsvector
// (parsing and stemming on the server) was 3.3 ms of the 5.7 ms that
// storing an 8 KB article took inside a batch, while this process has
// the stemmers already. An article's tsvector holds, for every word
// (ftsquery.Words, the words a query is read into), its English Snowball
// stem and, for an article of another language with a stemmer, its stem
// in that language, both at the word's position, folded (lower case, no
// accents). Title words weigh A, text words B. Queries ask for the same
// stems (tsQuery), so the server compares lexemes and never parses text.

// Limits of a tsvector: positions above maxPos count as maxPos, a lexeme
// keeps at most maxPositions positions, and lexemes longer than
// maxLexemeBytes are refused (the server's MAXENTRYPOS, MAXNUMPOS and
// MAXSTRLEN).
const (
	maxPos         = 16383
	maxPositions   = 256
	maxLexemeBytes = 2046
)

// vector collects the lexemes of one article.
type vector struct {
	lang  string
	stems map[string][2]string // folded word → English stem, own-language stem
	lex   map[string][]string  // lexeme → positions with their weight ("12A")
	pos   int                  // last position given
}

// tsVector is the tsvector literal of an article's title and text.
func tsVector(title, body, lang string) string {
	v := &vector{lang: lang, stems: map[string][2]string{}, lex: map[string][]string{}}
	if lang == "en" || !text.HasStemmer(lang) {
		v.lang = ""
	}
	v.add(indexable(title), "A")
	v.add(indexable(body), "B")
	return v.String()
}

func (v *vector) add(s, weight string) {
	ftsquery.Words(s, func(w string) {
		v.pos++
		fw := text.Fold(w)
		if len(fw) > maxLexemeBytes {
			return
		}
		st, ok := v.stems[fw]
		if !ok {
			st[0] = text.Stem("en", fw)
			if v.lang != "" {
				st[1] = text.Stem(v.lang, fw)
			}
			v.stems[fw] = st
		}
		p := strconv.Itoa(min(v.pos, maxPos)) + weight
		v.put(st[0], p)
		if st[1] != "" && st[1] != st[0] {
			v.put(st[1], p)
		}
	})
}

func (v *vector) put(lexeme, pos string) {
	if lexeme == "" {
		return
	}
	ps := v.lex[lexeme]
	if len(ps) < maxPositions && (len(ps) == 0 || ps[len(ps)-1] != pos) {
		v.lex[lexeme] = append(ps, pos)
	}
}

// String writes the literal, lexemes sorted.
func (v *vector) String() string {
	keys := make([]string, 0, len(v.lex))
	for k := range v.lex {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(k))
		b.WriteByte(':')
		b.WriteString(strings.Join(v.lex[k], ","))
	}
	return b.String()
}

// quoteLexeme quotes a lexeme for a tsvector or tsquery literal.
func quoteLexeme(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
