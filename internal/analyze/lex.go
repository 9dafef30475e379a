package analyze

import (
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
)

// word is one word of the analysed text in the shape the rules need. It is
// not text.Tokens: the rules want "Secretary-General", "U.S.", "1,225km" and
// "Russia's" whole, where search tokens split them (UAX #29).
type word struct {
	start, end int // byte span in the text
	s          string
	key        string // gazKey of s without a possessive: "russia" for "Russia's"
	sent       int    // index of the sentence holding it
	initial    bool   // first word of its sentence or of a quotation
	upper      bool   // first letter is upper case
	acronym    bool   // two or more letters, all upper case ("NATO", "U.S.")
	digit      bool   // starts with a digit
}

// isConnector reports whether r may join two parts of one word.
func isConnector(r rune) bool {
	switch r {
	case '-', '‐', '‑', '\'', '’', '.', ',':
		return true
	}
	return false
}

// lex splits text into words and assigns each to its sentence.
func lex(text string, sents []storyline.Span) []word {
	out := make([]word, 0, len(text)/6)
	si := 0
	prevEnd := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		start := i
		j := i + size
		last := r
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				j++
				last = rune(c)
				continue
			}
			r2, sz := utf8.DecodeRuneInString(text[j:])
			if r2 >= utf8.RuneSelf && (unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2)) {
				j += sz
				last = r2
				continue
			}
			if !isConnector(r2) || j+sz >= len(text) {
				break
			}
			r3, _ := utf8.DecodeRuneInString(text[j+sz:])
			ok := false
			switch r2 {
			case ',':
				// Thousands separator: "100,000".
				ok = unicode.IsDigit(last) && isDigitRun3(text[j+sz:])
			case '.':
				// Decimal point "3.5", or a dotted abbreviation "U.S".
				ok = unicode.IsDigit(last) && unicode.IsDigit(r3) ||
					unicode.IsLetter(last) && unicode.IsLetter(r3) && j-start <= 3 && isDottedSoFar(text[start:j])
			case '\'', '’':
				ok = unicode.IsLetter(last) && unicode.IsLetter(r3)
			default: // hyphens
				ok = (unicode.IsLetter(last) || unicode.IsDigit(last)) && (unicode.IsLetter(r3) || unicode.IsDigit(r3))
			}
			if !ok {
				break
			}
			j += sz
			last = r2
		}
		// A dotted abbreviation keeps its final period: "U.S.".
		if j < len(text) && text[j] == '.' && isDottedSoFar(text[start:j]) && j-start >= 3 {
			j++
		}
		for si < len(sents) && sents[si].End <= start {
			si++
		}
		w := word{start: start, end: j, s: text[start:j], sent: si}
		w.digit = unicode.IsDigit(r)
		w.upper = unicode.IsUpper(r)
		w.acronym = isAcronym(w.s)
		w.key = gazKey(w.s[:stripPossessive(w)-w.start])
		w.initial = si < len(sents) && sents[si].Start >= prevEnd || afterOpenQuote(text[prevEnd:start]) || len(out) == 0
		out = append(out, w)
		prevEnd = j
		i = j
	}
	return out
}

func isDigitRun3(s string) bool {
	if len(s) < 3 {
		return false
	}
	for k := 0; k < 3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

// isDottedSoFar reports whether s is of the form "U" or "U.S" (single
// letters separated by periods).
func isDottedSoFar(s string) bool {
	n := 0
	for k, r := range s {
		if k%2 == 1 {
			if r != '.' {
				return false
			}
			continue
		}
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= 1
}

// isAcronym reports whether s has two or more letters, all upper case.
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// afterOpenQuote reports whether the text between two words opens a
// quotation (or follows a colon), so that the next word may be capitalised
// for that reason.
func afterOpenQuote(gap string) bool {
	for _, r := range gap {
		switch r {
		case '"', '“', '«', '„', '‘', ':':
			return true
		}
	}
	return false
}

// onlySpace reports whether the gap between two words is plain space on one
// line, so that the words can belong to one name.
func onlySpace(gap string) bool {
	if gap == "" {
		return false
	}
	for _, r := range gap {
		if r != ' ' && r != '\u00a0' {
			return false
		}
	}
	return true
}

// abbrevTitles are titles written with a period ("Mr.", "Sen.").
var abbrevTitles = toSet("mr", "mrs", "ms", "dr", "prof", "rep", "sen", "gov", "gen", "lt", "col",
	"capt", "sgt", "adm", "rev", "st", "pres", "hon", "messrs", "jr", "sr", "mt", "maj", "cpl", "cmdr")

// nameGap reports whether the gap between words a and b can lie inside one
// name: plain space, or a period after a title abbreviation or an initial
// ("Mr. Lavrov", "Michael R. Bloomberg").
func nameGap(text string, a, b word) bool {
	gap := text[a.end:b.start]
	if onlySpace(gap) {
		return true
	}
	if len(gap) < 2 || gap[0] != '.' || !onlySpace(gap[1:]) {
		return false
	}
	return abbrevTitles[a.key] || len(a.s) == 1 && a.upper
}

// stripPossessive returns the end of a word without its "'s".
func stripPossessive(w word) int {
	n := len(w.s)
	if n > 2 && w.s[n-1] == 's' && w.s[n-2] == '\'' {
		return w.end - 2
	}
	if n > 4 && w.s[n-1] == 's' && w.s[n-4:n-1] == "’" {
		return w.end - 4
	}
	return w.end
}
