package main

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/porter"
)

// tokenize follows rouge-score: lower case, runs of characters other than
// [a-z0-9] become spaces, tokens longer than three letters are Porter
// stemmed. (Snowball's Porter differs from NLTK's in rare cases; the
// official figure comes from ../shared/eval/rouge.py.)
func tokenize(s string) []string {
	s = strings.ToLower(s)
	f := strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	env := snowballstem.NewEnv("")
	for i, t := range f {
		if len(t) > 3 {
			env.SetCurrent(t)
			porter.Stem(env)
			f[i] = env.Current()
		}
	}
	return f
}

// rougeN is the ROUGE-N F1 of a prediction against a reference.
func rougeN(ref, pred []string, n int) float64 {
	grams := func(t []string) map[string]int {
		m := map[string]int{}
		for i := 0; i+n <= len(t); i++ {
			m[strings.Join(t[i:i+n], " ")]++
		}
		return m
	}
	r, p := grams(ref), grams(pred)
	var overlap, nr, np int
	for _, c := range r {
		nr += c
	}
	for g, c := range p {
		np += c
		overlap += min(c, r[g])
	}
	if nr == 0 || np == 0 || overlap == 0 {
		return 0
	}
	prec, rec := float64(overlap)/float64(np), float64(overlap)/float64(nr)
	return 2 * prec * rec / (prec + rec)
}
