package postgres

import (
	"runtime"
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
	stems *stemMemo
	lex   map[string][]position // lexeme → its positions, in text order
	pos   int                   // last position given
}

// position is a word's position in a tsvector with its weight ('A', 'B').
type position struct {
	at     uint16
	weight byte
}

// tsVector is the tsvector literal of an article's title and text.
func tsVector(title, body, lang string) string {
	m := takeStemMemo()
	defer m.release()
	v := &vector{lang: lang, stems: m, lex: map[string][]position{}}
	if lang == "en" || !text.HasStemmer(lang) {
		v.lang = ""
	}
	v.add(indexable(title), 'A')
	v.add(indexable(body), 'B')
	return v.String()
}

func (v *vector) add(s string, weight byte) {
	ftsquery.Words(s, func(w string) {
		v.pos++
		fw := text.Fold(w)
		if len(fw) > maxLexemeBytes {
			return
		}
		st := v.stems.of(v.lang, fw)
		p := position{uint16(min(v.pos, maxPos)), weight}
		v.put(st[0], p)
		if st[1] != "" && st[1] != st[0] {
			v.put(st[1], p)
		}
	})
}

func (v *vector) put(lexeme string, p position) {
	if lexeme == "" {
		return
	}
	ps := v.lex[lexeme]
	if len(ps) < maxPositions && (len(ps) == 0 || ps[len(ps)-1] != p) {
		v.lex[lexeme] = append(ps, p)
	}
}

// String writes the literal, lexemes sorted.
func (v *vector) String() string {
	keys := make([]string, 0, len(v.lex))
	size := 0
	for k, ps := range v.lex {
		keys = append(keys, k)
		size += len(k) + 4 + 7*len(ps) // quotes, colon, space; "16383A,"
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	for _, k := range keys {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = appendLexeme(b, k)
		b = append(b, ':')
		for i, p := range v.lex[k] {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64(p.at), 10)
			b = append(b, p.weight)
		}
	}
	return string(b)
}

// stemMemo remembers the stems of the words of the articles a worker
// indexed (stemming was most of an article's vector), keyed by the
// article's stemming language and the folded word. Idle memos wait in
// stemMemos for the next article; one that grew past maxStemMemo is
// emptied first, so that each stays a few MB.
type stemMemo struct {
	m map[stemKey][2]string // English stem, own-language stem
}

type stemKey struct{ lang, word string }

// maxStemMemo bounds the words a stem memo keeps (about 150 bytes each).
const maxStemMemo = 1 << 15

// stemMemos holds idle memos: one per article being indexed at once is
// enough, so a few per core are kept and the rest dropped.
var stemMemos = make(chan *stemMemo, 2*runtime.GOMAXPROCS(0))

func takeStemMemo() *stemMemo {
	select {
	case m := <-stemMemos:
		return m
	default:
		return &stemMemo{m: map[stemKey][2]string{}}
	}
}

func (m *stemMemo) release() {
	if len(m.m) > maxStemMemo {
		clear(m.m)
	}
	select {
	case stemMemos <- m:
	default:
	}
}

// of is the English stem of a folded word and, for an article of another
// language with a stemmer (lang), its stem in that language.
func (m *stemMemo) of(lang, fw string) [2]string {
	k := stemKey{lang, fw}
	st, ok := m.m[k]
	if !ok {
		st[0] = text.Stem("en", fw)
		if lang != "" {
			st[1] = text.Stem(lang, fw)
		}
		m.m[stemKey{lang, strings.Clone(fw)}] = st
	}
	return st
}

// quoteLexeme quotes a lexeme for a tsvector or tsquery literal.
func quoteLexeme(s string) string { return string(appendLexeme(nil, s)) }

// appendLexeme appends s quoted for a tsvector or tsquery literal: in
// single quotes, a quote doubled and a backslash escaped.
func appendLexeme(b []byte, s string) []byte {
	b = append(b, '\'')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			b = append(b, '\'', '\'')
		case '\\':
			b = append(b, '\\', '\\')
		default:
			b = append(b, s[i])
		}
	}
	return append(b, '\'')
}
