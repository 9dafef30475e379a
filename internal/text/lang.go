package text

import (
	"sort"
	"strings"
	"unicode"

	"github.com/RadhiFadlillah/whatlanggo"
)

// DetectLanguage returns the ISO 639-1 code of a text's language, or "" when
// it cannot tell (too little text). It decides cheaply when it can: by
// script (Greek, Arabic, Hebrew, CJK, …), and for Latin and Cyrillic text by
// the share of each language's function words; only an unclear case goes
// to whatlanggo's trigram profiles over a restricted set of news languages.
// (lingua-go did this before: its models made 124 MB of a 163 MB binary,
// for the same answers on the development sets; see the README.)
func DetectLanguage(s string) string {
	if len(s) > 4000 {
		s = s[:4000]
	}
	latin, cyr, other := 0, 0, map[string]int{}
	for _, r := range s {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.IsLetter(r):
			other[scriptOf(r)]++
		}
	}
	total := latin + cyr
	for _, n := range other {
		total += n
	}
	if total < 3 {
		return ""
	}
	// Japanese writes with Chinese characters and kana: a text of both in
	// which kana are not rare is Japanese, however many characters it has.
	if cjk := other["zh"] + other["ja"]; cjk*2 > total {
		if float64(other["ja"]) >= kanaShare*float64(cjk) {
			return "ja"
		}
		return "zh"
	}
	// A non-Latin, non-Cyrillic script that dominates names the language.
	best, bestN := "", 0
	for sc, n := range other {
		if n > bestN || n == bestN && sc < best {
			best, bestN = sc, n
		}
	}
	if bestN*2 > total {
		if best == "arabic" {
			return arabicScriptLanguage(s)
		}
		return best
	}
	if cyr > latin {
		if l := distinctiveLetters(s, ""); l != "" {
			return l
		}
		return byFunctionWords(s, []string{"ru", "uk"}, "ru", cyrillicCandidates)
	}
	return byFunctionWords(s, []string{"en", "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "tr"}, "", latinCandidates)
}

// kanaShare is the share of kana among the Chinese characters and kana of
// a text from which it is Japanese (0.1): Japanese news writes about a third
// of its letters in kana (particles, endings, foreign names), Chinese none
// but a quoted Japanese name.
const kanaShare = 0.1

// scriptOf names the language of scripts used by (nearly) one language, or
// the script's name for those shared by several.
func scriptOf(r rune) string {
	switch {
	case unicode.Is(unicode.Greek, r):
		return "el"
	case unicode.Is(unicode.Hebrew, r):
		return "he"
	case unicode.Is(unicode.Arabic, r):
		return "arabic"
	case unicode.Is(unicode.Hangul, r):
		return "ko"
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return "ja"
	case unicode.Is(unicode.Han, r):
		return "zh"
	case unicode.Is(unicode.Thai, r):
		return "th"
	case unicode.Is(unicode.Georgian, r):
		return "ka"
	case unicode.Is(unicode.Armenian, r):
		return "hy"
	case unicode.Is(unicode.Devanagari, r):
		return "hi"
	}
	return "other"
}

// arabicScriptLanguage tells Persian and Urdu from Arabic by letters that
// Arabic does not use.
func arabicScriptLanguage(s string) string {
	if strings.ContainsAny(s, "ٹڈڑںے") {
		return "ur"
	}
	if strings.ContainsAny(s, "پچژگ") {
		return "fa"
	}
	return "ar"
}

// byFunctionWords scores candidate languages by the share of the text's
// words that are their function words. A clear winner is returned; an
// unclear case goes to the trigram profiles of the given candidates.
func byFunctionWords(s string, langs []string, fallback string, candidates whatlanggo.Options) string {
	it := Tokens(s, "")
	if len(it) == 0 {
		return fallback
	}
	masks, bits := stopMasks(), stopLangs()
	langBits := make([]uint32, len(langs))
	for i, l := range langs {
		langBits[i] = bits[l]
	}
	scores := make([]int, len(langs))
	for _, t := range it {
		mask := masks[t.Norm]
		if mask == 0 {
			continue
		}
		for i, b := range langBits {
			if mask&b != 0 {
				scores[i]++
			}
		}
	}
	order := make([]int, len(langs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	top, second := scores[order[0]], scores[order[1]]
	if len(it) >= 8 && top*100 >= len(it)*15 && top >= 2*second+1 {
		return langs[order[0]]
	}
	// Headlines, lists and scraps have fewer function words; a wide lead
	// still decides without the models.
	if top >= 3 && top >= 3*second+1 {
		return langs[order[0]]
	}
	if len(it) < 8 {
		// Too short for statistics to be worth loading the models: the
		// function words, or the letters, decide.
		if top > second {
			return langs[order[0]]
		}
		return distinctiveLetters(s, fallback)
	}
	// The trigram profiles decide when they are sure; otherwise the
	// function words, however few, beat their guess (short lines of
	// names and numbers fool trigrams: "Stoxx 50 -1.3% FTSE -0.6%").
	// With no function word at all, a guess below minTrigramConfidence is
	// no better than none.
	info := whatlanggo.DetectWithOptions(s, candidates)
	named := info.Lang >= 0 && info.Lang.Iso6391() != ""
	switch {
	case named && info.Confidence >= whatlanggo.ReliableConfidenceThreshold:
		return info.Lang.Iso6391()
	case top > 0:
		return langs[order[0]]
	case named && info.Confidence >= minTrigramConfidence:
		return info.Lang.Iso6391()
	}
	return fallback
}

// distinctiveLetters tells Ukrainian from Russian by letters only one of
// them uses (і ї є ґ, ы э ъ ё), when the text has those of one only; a
// text with both (Belarusian has і and ы) or neither keeps the fallback.
// They decide before the function words, which the two languages largely
// share: a Russian report was taken for Ukrainian on them.
func distinctiveLetters(s, fallback string) string {
	lower := strings.ToLower(s)
	uk, ru := strings.ContainsAny(lower, "іїєґ"), strings.ContainsAny(lower, "ыэъё")
	switch {
	case uk && !ru:
		return "uk"
	case ru && !uk:
		return "ru"
	}
	return fallback
}

// minTrigramConfidence is the confidence from which the trigram profiles'
// guess is taken for a text without function words (0.2): on short lines
// of names and figures they give 0.02 to 0.1 to whatever language.
const minTrigramConfidence = 0.2

// The candidates of the trigram profiles: the news languages of Latin and
// of Cyrillic script (ISO 639-3 codes).
var (
	latinCandidates    = candidates("eng", "fra", "deu", "spa", "ita", "por", "nld", "swe", "pol", "tur", "ron", "dan", "nob", "fin", "hun", "ces", "ind", "vie")
	cyrillicCandidates = candidates("rus", "ukr", "bel", "bul", "srp", "mkd")
)

func candidates(codes ...string) whatlanggo.Options {
	o := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for _, c := range codes {
		o.Whitelist[whatlanggo.CodeToLang(c)] = true
	}
	return o
}
