package text

import (
	"strings"
	"unicode"
)

// nameDrop are honorifics, titles and nationality words dropped from the
// front of a name: "Mr Lavrov", "Russian Foreign Minister Sergei Lavrov".
var nameDrop = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "professor": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "madam": true, "mme": true, "m": true,
	"president": true, "vice": true, "prime": true, "minister": true, "foreign": true, "defence": true,
	"defense": true, "secretary": true, "general": true, "secretarygeneral": true, "chancellor": true,
	"ambassador": true, "senator": true, "sen": true, "rep": true, "gov": true, "governor": true,
	"mayor": true, "king": true, "queen": true, "prince": true, "princess": true, "pope": true,
	"gen": true, "col": true, "capt": true, "lt": true, "chief": true, "deputy": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "state": true, "of": true, "the": true, "us": true,
	"russian": true, "ukrainian": true, "french": true, "german": true, "american": true, "british": true,
	"nato": true, "un": true, "eu": true, "former": true, "acting": true, "господин": true, "президент": true,
	"prezident": true, "gospodin": true, "ministr": true,
}

// nameSuffixes are dropped from the end of a name.
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// NameKey returns a key under which variants of one name meet across
// outlets and translations. The name is transliterated (Cyrillic) and
// folded; honorifics, titles and nationality words in front are dropped
// ("Mr", "Russian President"); possessives, periods and hyphens go; and
// transliteration variants are unified (y→i, x→ks, w→v, ph→f, doubled
// letters once): "Sergey Lavrov", "Sergei Lavrov" and "Сергей Лавров" all
// give "sergei lavrov"; "Zelensky", "Zelenskiy", "Zelenskyy" give
// "zelenski". A name made only of dropped words keeps them.
func NameKey(name string) string {
	toks := nameTokens(name)
	return strings.Join(toks, " ")
}

// Surname returns the key of the last word of a name (honorifics and
// suffixes dropped), so that "Mr Lavrov", "Lavrov", "Лавров" and "Sergei
// Lavrov" can be matched: all give "lavrov".
func Surname(name string) string {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

func nameTokens(name string) []string {
	s := Fold(Translit(name))
	raw := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == '"' || r == '“' || r == '”' || r == '«' || r == '»'
	})
	toks := make([]string, 0, len(raw))
	for _, t := range raw {
		t = strings.TrimSuffix(t, "'s")
		t = strings.Map(func(r rune) rune {
			if r == '.' || r == '\'' || r == '-' || r == '‐' {
				return -1
			}
			return r
		}, t)
		if t != "" {
			toks = append(toks, t)
		}
	}
	lo, hi := 0, len(toks)
	for lo < hi-1 && nameDrop[toks[lo]] {
		lo++
	}
	for hi > lo+1 && nameSuffixes[toks[hi-1]] {
		hi--
	}
	toks = toks[lo:hi]
	for i, t := range toks {
		toks[i] = spellKey(t)
	}
	return toks
}

// spellKey unifies common transliteration variants of one word.
func spellKey(t string) string {
	var b strings.Builder
	b.Grow(len(t) + 2)
	var prev rune
	rs := []rune(t)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 'y':
			r = 'i'
		case r == 'j' && i > 0:
			r = 'i'
		case r == 'w':
			r = 'v'
		case r == 'x':
			if prev != 'k' {
				b.WriteRune('k')
			}
			prev = 'k'
			r = 's'
		case r == 'p' && i+1 < len(rs) && rs[i+1] == 'h':
			r = 'f'
			i++
		case r == 'c' && i+1 < len(rs) && rs[i+1] == 'k':
			continue
		}
		if r == prev {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
