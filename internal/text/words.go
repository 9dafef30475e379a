package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/unicode/norm"

	"github.com/storyline/storyline"
)

// Tokens splits a text into words and numbers (Unicode word boundaries,
// UAX #29: "don't", "100,000" and "3.5" stay whole) and returns them with
// byte spans, folded forms and stems for the language (ISO 639-1; stems
// equal the folded form for languages without a stemmer). Punctuation and
// space are dropped.
func Tokens(s, lang string) []storyline.Token {
	stem := stemmer(lang)
	out := make([]storyline.Token, 0, len(s)/6)
	it := words.FromString(s)
	for it.Next() {
		v := it.Value()
		if !isWord(v) {
			continue
		}
		n := Fold(v)
		out = append(out, storyline.Token{
			Span: storyline.Span{Start: it.Start(), End: it.End()},
			Norm: n,
			Stem: stem(n),
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
