// Package ftsquery is what the stores' full-text search shares (SQLite's
// FTS5, Postgres' tsvector): what a word is, the stems indexed beside an
// article's text, and a user's query read into words, prefixes and
// phrases that each store writes in its own query syntax. Users get no operators: whatever
// they type is words, "quoted phrases" and trailing-* prefixes, so that a
// query can never be a syntax error of the engine underneath.
package ftsquery

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Kind is the kind of a Term.
type Kind int

// The kinds of terms.
const (
	Word   Kind = iota // matches the word or one of its Stems
	Prefix             // matches the words that start with Words[0]
	Phrase             // matches Words in a row
	// Chars is a run of Chinese characters (Chinese and Japanese write no
	// spaces, so a run is a phrase of words nobody has cut): Words are its
	// overlapping pairs of characters, to be matched in a row among the
	// pairs the stores index (Words, Pairs), or its one character, which
	// matches the pairs it starts.
	Chars
)

// LoneChar reports whether t is a Chars term of one character, which
// matches as a prefix of the pairs it starts rather than as pairs in a row.
func (t Term) LoneChar() bool {
	return t.Kind == Chars && utf8.RuneCountInString(t.Words[0]) == 1
}

// Term is one condition of a query; every term of a query must match.
type Term struct {
	Kind  Kind
	Words []string // one for Word and Prefix, as typed (not folded)
	// Stems are, for a Word, its Snowball stems in the languages given to
	// Parse that differ from the folded word, in the order of the
	// languages, each a word itself.
	Stems []string
}

// Check reads q as Parse does without stems and refuses a query longer
// than storyline.MaxQueryBytes or with more than storyline.MaxQueryTerms
// distinct words (EINVALID). It returns the terms, none when q has no
// words.
func Check(q string) ([]Term, error) {
	if len(q) > storyline.MaxQueryBytes {
		return nil, storyline.Errorf(storyline.EINVALID, "the query is %d bytes long; at most %d are searched", len(q), storyline.MaxQueryBytes)
	}
	terms, n := Parse(q, nil)
	if n > storyline.MaxQueryTerms {
		return nil, storyline.Errorf(storyline.EINVALID, "the query has %d different words; at most %d are searched", n, storyline.MaxQueryTerms)
	}
	return terms, nil
}

// isWord reports whether r belongs to a word: letters, digits and marks,
// as the unicode61 tokenizer of FTS5 sees words.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// Parse reads a user's query. Words are runs of letters, digits and
// marks; words inside double quotes form a phrase (an unclosed quote
// ends at the end of q), and a * right after a word makes it a prefix.
// Everything else separates words. A word, prefix or phrase given twice
// is kept once. It returns the terms in query order and the number of
// distinct words, prefixes and phrase words.
func Parse(q string, langs []string) ([]Term, int) {
	p := parser{langs: langs, seen: map[string]bool{}}
	for _, r := range q {
		switch {
		case isWord(r):
			if p.word.Len() > 0 && isHan(r) != p.han {
				p.flushWord(false)
			}
			p.han = isHan(r)
			p.word.WriteRune(r)
		case r == '*':
			p.flushWord(true)
		case r == '"':
			p.flushWord(false)
			if p.quoted {
				p.flushPhrase()
			}
			p.quoted = !p.quoted
		default:
			p.flushWord(false)
		}
	}
	p.flushWord(false)
	p.flushPhrase()
	return p.out, p.words
}

type parser struct {
	langs  []string
	out    []Term
	phrase []string
	word   strings.Builder
	quoted bool
	han    bool            // the word read so far is Chinese characters
	seen   map[string]bool // terms kept, by kind and words
	words  int
}

func (p *parser) add(t Term) {
	key := string(rune('0'+t.Kind)) + strings.Join(t.Words, " ")
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	p.out = append(p.out, t)
	p.words += len(t.Words)
}

func (p *parser) flushWord(prefix bool) {
	if p.word.Len() == 0 {
		return
	}
	w := p.word.String()
	p.word.Reset()
	switch {
	case p.han:
		p.add(Term{Kind: Chars, Words: pairs(w)})
	case p.quoted:
		p.phrase = append(p.phrase, w)
	case prefix:
		p.add(Term{Kind: Prefix, Words: []string{w}})
	default:
		p.add(Term{Kind: Word, Words: []string{w}, Stems: stems(w, p.langs)})
	}
}

func (p *parser) flushPhrase() {
	if len(p.phrase) > 0 {
		p.add(Term{Kind: Phrase, Words: slices.Clone(p.phrase)})
	}
	p.phrase = p.phrase[:0]
}

// stems are the Snowball stems of w in langs that differ from the folded
// word and are words themselves.
func stems(w string, langs []string) []string {
	folded := text.Fold(w)
	var out []string
	for _, l := range langs {
		if !text.HasStemmer(l) {
			continue
		}
		st := text.Stem(l, folded)
		if st != "" && st != folded && isWordString(st) && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// Words calls fn with every word of s, in order: runs of letters, digits
// and marks, as Parse reads the words of a query, so that a store that
// indexes its own words finds exactly the words a query asks for. A run
// of Chinese characters is a word apart, and gives its overlapping pairs
// of characters (pairs) instead.
func Words(s string, fn func(w string)) {
	start, han := -1, false
	flush := func(end int) {
		if han {
			for _, p := range pairs(s[start:end]) {
				fn(p)
			}
		} else {
			fn(s[start:end])
		}
		start = -1
	}
	for i, r := range s {
		switch {
		case isWord(r):
			if start >= 0 && isHan(r) != han {
				flush(i)
			}
			if start < 0 {
				start, han = i, isHan(r)
			}
		case start >= 0:
			flush(i)
		}
	}
	if start >= 0 {
		flush(len(s))
	}
}

// isHan reports whether r is a Chinese character (of Chinese, or of
// Japanese kanji).
func isHan(r rune) bool { return r >= 0x2e80 && unicode.Is(unicode.Han, r) }

// pairs are the overlapping pairs of characters of a run of Chinese
// characters ("港口大桥": 港口, 口大, 大桥), as CJK search engines index
// them, or the run itself when it is one character.
func pairs(run string) []string {
	rs := []rune(run)
	if len(rs) < 2 {
		return []string{run}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// Pairs is the pairs of characters of every run of Chinese characters
// in s (the Han words Words gives), space separated in text order: what
// the SQLite store indexes beside the text (whose tokenizer takes a whole
// run for one word) so that Chars terms find them.
func Pairs(s string) string {
	var b strings.Builder
	Words(s, func(w string) {
		if r, _ := utf8.DecodeRuneInString(w); !isHan(r) {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	})
	return b.String()
}

// isWordString reports whether every rune of s is a word rune, so that it
// can stand in a query as one token.
func isWordString(s string) bool {
	for _, r := range s {
		if !isWord(r) {
			return false
		}
	}
	return true
}

// StemText is the words indexed beside an article's title and text for
// the SQLite store, whose tokenizer stems English text itself and takes a
// run of Chinese characters for one word: the Snowball stems, in the
// article's language, of its words whose stem differs from the word
// (English articles need none), then the pairs of characters of its
// title's and text's Chinese (Pairs), space separated in text order (so
// that ranking sees frequencies).
func StemText(a *storyline.Article) string {
	var b strings.Builder
	if a.Lang != "" && a.Lang != "en" {
		for _, t := range a.Tokens {
			if t.Stem == t.Norm || t.Stem == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t.Stem)
		}
	}
	for _, s := range []string{a.Title, a.Text} {
		if p := Pairs(s); p != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p)
		}
	}
	return b.String()
}
