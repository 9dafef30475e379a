// Package text is the shared text library of storyline: sentence and word
// segmentation with byte spans, normalisation (case and accent folding,
// transliteration of Cyrillic), Snowball stemming and stop words per
// language, and language detection. Every stage may use it; it holds no
// mutable global state (its tables are built once, lazily, and read-only).
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
)

// abbreviations end with a period that does not end a sentence. Lower-cased,
// without the final period. Single letters ("J." in "J. Smith") are handled
// apart, and so are dotted forms such as "U.S." and "e.g.".
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "rev": true, "gen": true, "gov": true, "sen": true,
	"rep": true, "col": true, "capt": true, "lt": true, "sgt": true, "cmdr": true, "adm": true,
	"maj": true, "cpl": true, "pres": true, "hon": true, "messrs": true, "mme": true, "mlle": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sept": true, "oct": true, "nov": true,
	"tues": true, "thur": true, "thurs": true, "fri": true,
	"inc": true, "ltd": true, "corp": true, "co": true, "bros": true, "dept": true, "univ": true,
	"vs": true, "etc": true, "approx": true, "est": true, "fig": true, "vol": true, "pp": true,
	"ca": true, "cf": true, "al": true, "ave": true, "blvd": true, "rd": true,
	"z": true, "bzw": true, "usw": true, "vgl": true, "ggf": true, "ua": true, "dh": true,
	"gg": true, "g": true, // Russian "г." (year) is transliterated to g
	"тов": true, "им": true, "ул": true, "г": true, "гг": true, "т": true, "н": true, "э": true,
}

// numberAbbreviations end with a period only when a number follows ("No. 10").
// Month names that are also words ("mar", "sep", "dec") count only before a
// number ("Dec. 5").
var numberAbbreviations = map[string]bool{"mar": true, "sep": true, "dec": true, "no": true, "nos": true, "nr": true, "art": true, "p": true, "para": true, "tel": true}

// Sentences splits a text into sentences and returns their byte spans,
// trimmed of surrounding white space. A line break always ends a sentence
// (scraped and cleaned texts put one paragraph on a line); inside a line a
// sentence ends at '.', '!', '?' or '…' (with any closing quotes or brackets)
// followed by space and a plausible sentence start, unless the period closes
// an abbreviation ("Mr.", "U.S.", "Jan.", "No. 10") or an initial; the
// Arabic '؟', the Urdu '۔' and the danda '।' end one as '?' and '.' do, and
// a full-width '。', '！' or '？' ends one whatever follows.
func Sentences(s string) []storyline.Span {
	var out []storyline.Span
	lineStart := 0
	for lineStart <= len(s) {
		end := strings.IndexByte(s[lineStart:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += lineStart
		}
		out = splitLine(s, lineStart, end, out)
		lineStart = end + 1
	}
	return out
}

// splitLine appends the sentences of s[start:end] to out.
func splitLine(s string, start, end int, out []storyline.Span) []storyline.Span {
	sentStart := start
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(s[i:end])
		if !IsTerminator(r) {
			i += size
			continue
		}
		// Take the whole run of terminators and closing marks.
		j := i + size
		for j < end {
			r2, sz := utf8.DecodeRuneInString(s[j:end])
			if IsTerminator(r2) || isCloser(r2) {
				j += sz
				continue
			}
			break
		}
		if j >= end {
			break // the line end closes the sentence anyway
		}
		r2, _ := utf8.DecodeRuneInString(s[j:end])
		if isWideStop(r) && !unicode.IsSpace(r2) {
			// Chinese and Japanese write no space after a full stop. A
			// quotation that closes on one and goes on in kana
			// (「…。」と述べた) is inside its sentence.
			if j > i+size && unicode.Is(unicode.Hiragana, r2) {
				i = j
				continue
			}
			out = appendTrimmed(out, s, sentStart, j)
			sentStart, i = j, j
			continue
		}
		if !unicode.IsSpace(r2) {
			i = j
			continue
		}
		// Next non-space character.
		k := j
		for k < end {
			r3, sz := utf8.DecodeRuneInString(s[k:end])
			if !unicode.IsSpace(r3) {
				break
			}
			k += sz
		}
		if k >= end {
			break
		}
		next, _ := utf8.DecodeRuneInString(s[k:end])
		if r == '.' && !periodEnds(s, sentStart, i, s[k:end]) {
			i = j
			continue
		}
		if !startsSentence(next) {
			i = j
			continue
		}
		out = appendTrimmed(out, s, sentStart, j)
		sentStart = k
		i = k
	}
	return appendTrimmed(out, s, sentStart, end)
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '›', '“', '」', '』', '）', '】', '〕':
		return true
	}
	return false
}

// IsTerminator reports whether r can end a sentence: the Latin marks, the
// full-width ones of Chinese and Japanese, the Arabic question mark, the
// Urdu full stop and the Devanagari danda.
func IsTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '؟', '۔', '।':
		return true
	}
	return false
}

// isWideStop reports whether r is a full-width sentence end, after which
// no space is written.
func isWideStop(r rune) bool { return r == '。' || r == '！' || r == '？' }

func startsSentence(r rune) bool {
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	switch r {
	case '"', '\'', '“', '‘', '«', '(', '[', '-', '—', '–', '‹', '¿', '¡':
		return true
	}
	// Scripts without case (Arabic, CJK, …) start sentences with any letter.
	return unicode.IsLetter(r) && !unicode.IsLower(r)
}

// periodEnds decides whether the period at s[dot] ends a sentence, looking at
// the word before it and at the text after.
func periodEnds(s string, sentStart, dot int, after string) bool {
	// The word before the period.
	w := dot
	for w > sentStart {
		r, size := utf8.DecodeLastRuneInString(s[sentStart:w])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		w -= size
	}
	word := s[w:dot]
	if word == "" {
		return true
	}
	lw := strings.ToLower(word)
	if strings.Contains(word, ".") {
		// Dotted forms: "U.S", "e.g", "a.m". They end a sentence only when
		// the next word is clearly a sentence start (a pronoun or an article)
		// which is rare enough to ignore: keep them inside.
		return commonStarter(after)
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(r) {
			return false // an initial: "J. Smith"
		}
	}
	if abbreviations[lw] {
		return false
	}
	if numberAbbreviations[lw] {
		r, _ := utf8.DecodeRuneInString(after)
		return !unicode.IsDigit(r)
	}
	return true
}

// commonStarter reports whether the text begins with a word that usually
// starts a sentence, used after dotted abbreviations ("in the U.S. The
// president said").
func commonStarter(after string) bool {
	end := strings.IndexFunc(after, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(after)
	}
	switch after[:end] {
	case "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "This", "That", "A", "On", "At", "His", "Her", "Their", "There", "Its":
		return true
	}
	return false
}

func appendTrimmed(out []storyline.Span, s string, start, end int) []storyline.Span {
	for start < end {
		r, size := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if end > start {
		out = append(out, storyline.Span{Start: start, End: end})
	}
	return out
}
