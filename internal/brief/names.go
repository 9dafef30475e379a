package brief

import (
	"sort"
	"strings"
	"unicode"

	"github.com/storyline/storyline/internal/text"
)

// fullest picks the display form of a name among its variants: the one with
// the most name words (titles do not count: "Anna Berg" over "Mayor
// Berg"), then the most frequent, then the first in byte order.
func fullest(forms map[string]int) string {
	best, bw, bn := "", -1, -1
	for f, n := range forms {
		w := len(strings.Fields(text.NameKey(f)))
		if w > bw || w == bw && (n > bn || n == bn && f < best) {
			best, bw, bn = f, w, n
		}
	}
	return best
}

// personKeys gives every speaker form of a story the key of the person it
// names, so that a person's quotes are one group whatever the outlet
// wrote: "Donald Trump", "President Trump" and "Trump"; "Sergey Lavrov"
// and "Sergei Lavrov" (text.NameKey unifies transliterations); "Kim Jong
// Un", "Kim Jong-un" and "Kim". A form joins the person whose name holds
// all its words, the fuller forms first; a form that several people's
// names hold ("Clinton" beside "Hillary Clinton" and "Bill Clinton") joins
// the one quoted most. A description ("the aide", "a French official")
// is its own speaker. counts are the quotes of each form.
func personKeys(counts map[string]int) map[string]string {
	type form struct {
		s    string
		toks []string
		n    int
	}
	forms := make([]form, 0, len(counts))
	keys := make(map[string]string, len(counts))
	for s, n := range counts {
		if s == "" {
			continue
		}
		if isDescription(s) {
			keys[s] = "desc:" + strings.ToLower(s)
			continue
		}
		toks := strings.Fields(text.NameKey(strings.NewReplacer("-", " ", "‐", " ").Replace(s)))
		if len(toks) == 0 {
			keys[s] = "desc:" + strings.ToLower(s)
			continue
		}
		forms = append(forms, form{s, toks, n})
	}
	sort.Slice(forms, func(i, j int) bool {
		a, b := forms[i], forms[j]
		if len(a.toks) != len(b.toks) {
			return len(a.toks) > len(b.toks)
		}
		if a.n != b.n {
			return a.n > b.n
		}
		return a.s < b.s
	})
	type person struct {
		key  string
		toks map[string]bool
		n    int
	}
	// The people whose names hold a word, so that a form is compared only
	// with the names sharing one of its words exactly.
	byWord := map[string][]*person{}
	for _, f := range forms {
		var best *person
		for _, t := range f.toks {
			for _, p := range byWord[t] {
				if holdsAll(p.toks, f.toks) && (best == nil || p.n > best.n || p.n == best.n && p.key < best.key) {
					best = p
				}
			}
		}
		if best == nil {
			best = &person{key: strings.Join(f.toks, " "), toks: map[string]bool{}}
			for _, t := range f.toks {
				if !best.toks[t] {
					best.toks[t] = true
					byWord[t] = append(byWord[t], best)
				}
			}
		}
		best.n += f.n
		keys[f.s] = best.key
	}
	return keys
}

// holdsAll reports whether every word of toks is in set, or a spelling of
// it (sameSpelling: "Antony" for "Anthony").
func holdsAll(set map[string]bool, toks []string) bool {
	for _, t := range toks {
		if set[t] {
			continue
		}
		found := false
		for s := range set {
			if sameSpelling(s, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// minSpellingLen is the shortest word compared by spelling: shorter names
// one letter apart are different names ("Mark", "Mary").
const minSpellingLen = 5

// sameSpelling reports whether two name words of at least minSpellingLen
// letters, with the same first letter, are one letter apart (inserted,
// dropped or changed): transliterations such as "Anthony"/"Antony".
func sameSpelling(a, b string) bool {
	if len(a) < minSpellingLen || len(b) < minSpellingLen || a[0] != b[0] {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i+1:] == b[i:]
}

// isDescription reports whether a speaker is a description rather than a
// name: it starts with a lower-case word ("the aide", "a French official").
func isDescription(s string) bool {
	first, _, _ := strings.Cut(s, " ")
	switch strings.ToLower(first) {
	case "a", "an", "the":
		return true
	}
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}
