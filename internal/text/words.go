package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
	"github.com/zeebo/xxh3"
	"golang.org/x/text/unicode/norm"

	"github.com/storyline/storyline"
)

// Tokens splits a text into words and numbers (Unicode word boundaries,
// UAX #29: "don't", "100,000" and "3.5" stay whole) and returns them with
// byte spans, folded forms and stems for the language (ISO 639-1; stems
// equal the folded form for languages without a stemmer). Punctuation and
// space are dropped.
//
// A text repeats its words, so each distinct folded form is stemmed once
// per call (stemming was most of the cost of tokenising).
func Tokens(s, lang string) []storyline.Token {
	if !HasStemmer(lang) {
		return tokens(s, nil)
	}
	stem := stemmer(lang)
	stems := make(map[string]string, len(s)/24)
	return tokens(s, func(n string) string {
		st, ok := stems[n]
		if !ok {
			st = stem(n)
			stems[n] = st
		}
		return st
	})
}

// StemCache remembers the stems of one language's words across texts, for
// a worker that tokenises many articles: the same words come back article
// after article. It is direct-mapped (a word's hash picks its one slot, a
// newcomer evicts the word there), which costs one hash and one comparison
// per word where a map cost several cache misses. Results are those of
// Tokens; only the work differs. It is not safe for concurrent use.
type StemCache struct {
	lang  string
	stem  func(string) string
	slots []stemSlot // nil for a language without a stemmer
}

type stemSlot struct{ word, stem string }

// NewStemCache returns a cache for a language with room for about size
// words (a power of two at least that large).
func NewStemCache(lang string, size int) *StemCache {
	c := &StemCache{lang: lang, stem: stemmer(lang)}
	if HasStemmer(lang) {
		n := 1
		for n < size {
			n <<= 1
		}
		c.slots = make([]stemSlot, n)
	}
	return c
}

// Lang is the language of the cache.
func (c *StemCache) Lang() string { return c.lang }

// TokensCached is Tokens(s, c.Lang()) with the stems remembered in c.
func TokensCached(s string, c *StemCache) []storyline.Token {
	if c.slots == nil {
		return tokens(s, nil)
	}
	return tokens(s, c.stemOf)
}

// stemOf returns the stem of a folded word through the cache.
func (c *StemCache) stemOf(n string) string {
	sl := &c.slots[xxh3.HashString(n)&uint64(len(c.slots)-1)]
	if sl.word == n && sl.stem != "" {
		return sl.stem
	}
	st := c.stem(n)
	if st == "" {
		return st
	}
	// Copies: a word may point into an article's text, which the cache
	// must not keep alive.
	*sl = stemSlot{strings.Clone(n), strings.Clone(st)}
	return sl.stem
}

// tokens is Tokens with the stems given by stem (none when nil).
func tokens(s string, stem func(string) string) []storyline.Token {
	out := make([]storyline.Token, 0, len(s)/6)
	it := words.FromString(s)
	for it.Next() {
		v := it.Value()
		if !isWord(v) {
			continue
		}
		n := Fold(v)
		st := n
		if stem != nil {
			st = stem(n)
		}
		out = append(out, storyline.Token{
			Span: storyline.Span{Start: it.Start(), End: it.End()},
			Norm: n,
			Stem: st,
		})
	}
	return out
}

// isWord reports whether a segment holds a letter or a digit.
func isWord(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				return true
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(v[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// Fold lower-cases a word, removes accents ("é" → "e", but not Cyrillic "й")
// and writes typographic apostrophes as "'".
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	latinBase := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if latinBase {
				continue // é → e; but keep the breve of Cyrillic й
			}
			b.WriteRune(r)
			continue
		case r == '’' || r == '‘' || r == 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
		latinBase = r < 0x250
	}
	return norm.NFC.String(b.String())
}

// Ideograph reports whether a token is one Han character: Chinese and
// Japanese words are not segmented, so each character is a token.
func Ideograph(norm string) bool {
	if len(norm) < 3 || len(norm) > 4 || norm[0] < 0xe2 { // Han starts at U+2E80
		return false
	}
	r, n := utf8.DecodeRuneInString(norm)
	return n == len(norm) && unicode.Is(unicode.Han, r)
}

// CharsPerWord is the number of Chinese characters or kana counted as one
// word (2): Chinese and Japanese write no spaces, and their words are one
// to three characters long, most often two. Word budgets and thresholds
// made for spaced languages then hold for them too.
const CharsPerWord = 2

// WordCounter counts the words of a text, a rune at a time: runs of
// letters and digits, and in a run of Chinese characters or kana one word
// every CharsPerWord characters.
type WordCounter struct {
	run int  // Chinese characters or kana so far in the current run
	in  bool // inside a run of other letters or digits
}

// Starts reads the next rune and reports whether it starts a word.
func (w *WordCounter) Starts(r rune) bool {
	if unspaced, starts := w.Step(r); unspaced {
		w.in = false
		return starts
	}
	l := unicode.IsLetter(r) || unicode.IsDigit(r)
	starts := l && !w.in
	w.in = l
	return starts
}

// Step reads the next rune: unspaced when it is a Chinese character or
// kana, and then starts when it begins a word (the first of every
// CharsPerWord of a run). Any other rune ends the run.
func (w *WordCounter) Step(r rune) (unspaced, starts bool) {
	if !Unspaced(r) {
		w.run = 0
		return false, false
	}
	w.run++
	return true, w.run%CharsPerWord == 1
}

// Unspaced reports whether r is a Chinese character or kana, of the
// scripts written without spaces between words.
func Unspaced(r rune) bool {
	return r >= 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// CountWords counts the words of s: its fields between spaces, a field of
// Chinese characters or kana counting one word every CharsPerWord of them
// and one for each run of other letters or digits between them.
func CountWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		n += FieldWords(f)
	}
	return n
}

// FieldWords is the number of words of a field without spaces (see
// CountWords): one unless it holds Chinese characters or kana.
func FieldWords(f string) int {
	if strings.IndexFunc(f, Unspaced) < 0 {
		return 1
	}
	var w WordCounter
	n := 0
	for _, r := range f {
		if w.Starts(r) {
			n++
		}
	}
	return max(1, n)
}
