package cluster

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// kw is one weighted key of a sparse vector: a key id of the vocabulary and
// its weight. Vectors are kept sorted by key id so that dot products are
// merges.
type kw struct {
	K uint32
	W float32
}

// Key kinds, as prefixes in the vocabulary: stemmed terms, entity-like
// names (folded, Cyrillic transliterated) and figures.
const (
	kindTerm = 't'
	kindName = 'n'
	kindFig  = 'f'
)

// profile is what the clusterer keeps of an article: a bounded number of
// salient weighted terms, its names and figures, and its day. Raw term
// weights are kept (1 + log tf); IDF is applied when comparing, with the
// document frequencies of that moment.
type profile struct {
	terms []kw // top MaxTerms by tf-idf, sorted by key
	names []kw // sorted by key, weight = 1 + log count
	figs  []kw // sorted by key, weight 1
	lead  []kw // names of the title and first two sentences: the event's protagonists
	// persons are the surname keys of the people named in the title and
	// first two sentences (at most maxPersons, in order of mention).
	persons []kw // sorted by key, weight 1
	places  []kw // the same for places
	day     int32
	lang    string
	ntok    int32 // tokens of the text

	normAt int32 // cache of the terms' TF-IDF norm (see stale)
	norm   float64
	year   int16 // the first year (1900-2099) written in the lead sentences, 0 if none
}

// noDay marks an article without a publication date.
const noDay = math.MinInt32

// extract turns an analysed article into the key strings of its profile
// with raw weights: terms (title and lead sentences weigh more), names and
// figures. The result is deterministic and sorted by key.
func extract(a *storyline.Article, o *Options) (terms, names, figs, leadNames map[string]float64, lead int) {
	// Sized for a typical article (a third of its tokens are distinct
	// terms), so that the maps rarely grow while filling.
	n := len(a.Tokens)
	terms, names, figs, leadNames = make(map[string]float64, n/3+8), make(map[string]float64, n/16+8), map[string]float64{}, map[string]float64{}
	headEnd := -1
	if len(a.Sentences) > 0 {
		headEnd = a.Sentences[min(2, len(a.Sentences))-1].End
	}
	lang := a.Lang
	if lang == "" {
		lang = "en"
	}
	leadEnd := -1
	if n := o.LeadSentences; n > 0 && len(a.Sentences) > 0 {
		leadEnd = a.Sentences[min(n, len(a.Sentences))-1].End
	}
	addTerms := func(toks []storyline.Token, src string, base float64) {
		// Sentence starts: a capitalised first word says nothing of a name.
		for i, t := range toks {
			if t.Start < 0 || t.End > len(src) || t.Start >= t.End {
				continue
			}
			w := base
			if src == a.Text && t.Start < leadEnd {
				w *= o.LeadWeight
			}
			norm := t.Norm
			if text.Ideograph(norm) {
				// Chinese writes no spaces and a character alone says
				// little: two adjacent ones are the term, as in CJK
				// search engines' bigram indexes.
				if i > 0 && toks[i-1].End == t.Start && text.Ideograph(toks[i-1].Norm) {
					terms[toks[i-1].Norm+norm] += w
				}
				continue
			}
			if isNumber(norm) {
				if y := year(norm); y != 0 && t.Start < leadEnd+1 && src == a.Text && lead == 0 {
					lead = y
				}
				if f := figureKey(norm); f != "" {
					figs[f] = 1
				}
				continue
			}
			if utf8.RuneCountInString(norm) < 2 || text.IsStopword(lang, norm) {
				continue
			}
			stem := t.Stem
			if stem == "" {
				stem = norm
			}
			terms[stem] += w
			if isCapitalised(src[t.Start:t.End]) && !sentenceInitial(toks, i, src) && !calendar[norm] {
				k := nameKeyIn(norm, lang)
				names[k]++
				if src != a.Text || t.Start < headEnd {
					leadNames[k] = 1
				}
			}
		}
	}
	addTerms(a.Tokens, a.Text, 1)
	if a.Title != "" && o.TitleWeight > 0 && !strings.HasPrefix(a.Text, a.Title) {
		addTerms(text.Tokens(a.Title, lang), a.Title, o.TitleWeight)
	}
	for _, m := range a.Entities {
		eachNameKey(m.Name, lang, func(k string) { names[k]++ })
	}
	for _, f := range a.Figures {
		// A span of years ("four years", "30 years") is told of every
		// kind of event; it says nothing of which one.
		if f.Value != 0 && f.Unit != "years" {
			figs[strconv.FormatFloat(f.Value, 'g', 8, 64)+f.Unit] = 1
		}
	}
	return terms, names, figs, leadNames, lead
}

// maxPersons bounds the lead persons kept per article.
const maxPersons = 4

// leadEntities returns the keys of the entities of one type named in the
// title and the first two sentences, in order of mention, without repeats:
// a person's surname, a place's last word.
func leadEntities(a *storyline.Article, typ storyline.EntityType) []string {
	headEnd := -1
	if len(a.Sentences) > 0 {
		headEnd = a.Sentences[min(2, len(a.Sentences))-1].End
	}
	var out []string
	for _, m := range a.Entities {
		if m.Type != typ || m.Start >= headEnd {
			continue
		}
		k := nameKeyIn(text.Surname(m.Name), a.Lang)
		if k == "" || slices.Contains(out, k) {
			continue
		}
		out = append(out, k)
		if len(out) == maxPersons {
			break
		}
	}
	return out
}

// calendar words are capitalised but name no one: a shared "Friday" says
// nothing about two reports being one event.
var calendar = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "am": true, "pm": true, "et": true, "gmt": true, "utc": true, "pdt": true, "pst": true, "edt": true, "est": true,
}

// year returns the year a number token names (1900 to 2099), or 0.
func year(norm string) int {
	if len(norm) != 4 {
		return 0
	}
	y, err := strconv.Atoi(norm)
	if err != nil || y < 1900 || y > 2099 {
		return 0
	}
	return y
}

// nameKey makes a folded name comparable across scripts and inflections:
// Cyrillic is transliterated (and, in nameKeyIn, a country, capital or
// region named in another language takes its English name: Deutschland,
// Niemczech, ألمانيا → germany; text.EnglishName), "c" not before "h" is
// written "k" (Macron, Макрон → makron) and only the first six letters
// are kept, which drops most case endings (Макроном → makron, Украиной →
// ukrain).
func nameKey(norm string) string {
	return nameKeyOf(text.Translit(norm))
}

// nameKeyIn is nameKey for a word of a text in language lang: in another
// language than English, a country, capital or region takes its English
// name first. English texts are left alone (their names are the English
// ones already), so that the English development sets cluster exactly as
// without the table.
func nameKeyIn(norm, lang string) string {
	t := text.Translit(norm)
	if lang != "en" && lang != "" {
		if en, ok := text.EnglishName(t); ok {
			t = en
		}
	}
	return nameKeyOf(t)
}

func nameKeyOf(t string) string {
	s := []rune(t)
	for i, r := range s {
		if r == 'c' && (i+1 == len(s) || s[i+1] != 'h') {
			s[i] = 'k'
		}
	}
	if len(s) > 6 {
		s = s[:6]
	}
	return string(s)
}

// sentenceInitial reports whether token i starts a sentence: the text
// between the previous token and it ends a sentence or a line, or it is
// the first token.
func sentenceInitial(toks []storyline.Token, i int, src string) bool {
	if i == 0 {
		return true
	}
	gap := src[toks[i-1].End:toks[i].Start]
	return strings.ContainsAny(gap, ".!?\n:\"“”") || strings.TrimSpace(gap) != "" && strings.ContainsAny(gap, "-–—|")
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isNumber(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != ',' && c != '.' {
			return false
		}
	}
	return true
}

// figureKey normalises a number token ("100,000" → "100000"); numbers under
// two digits are too common to tell stories apart.
func figureKey(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	if len(s) < 2 {
		return ""
	}
	return s
}

// topK keeps the n entries with the highest score (ties by key), sorted by
// key.
func topK(v []kw, n int, score func(kw) float64) []kw {
	if len(v) > n {
		// Score each key once, not in every comparison.
		type scored struct {
			e kw
			s float64
		}
		sc := make([]scored, len(v))
		for i, e := range v {
			sc[i] = scored{e, score(e)}
		}
		slices.SortFunc(sc, func(a, b scored) int {
			switch {
			case a.s > b.s:
				return -1
			case a.s < b.s:
				return 1
			}
			return int(a.e.K) - int(b.e.K)
		})
		for i := range n {
			v[i] = sc[i].e
		}
		v = v[:n]
	}
	slices.SortFunc(v, func(a, b kw) int { return int(a.K) - int(b.K) })
	return v
}

// dayOf is the day number of a time, noDay when it is zero.
func dayOf(a *storyline.Article) int32 {
	if a.Published.IsZero() {
		return noDay
	}
	return int32(a.Published.Unix() / 86400)
}
