package text

import (
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/hungarian"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/turkish"
)

// stemFuncs maps ISO 639-1 codes to Snowball stemmers.
var stemFuncs = map[string]func(*snowballstem.Env) bool{
	"da": danish.Stem, "nl": dutch.Stem, "en": english.Stem, "fi": finnish.Stem,
	"fr": french.Stem, "de": german.Stem, "hu": hungarian.Stem, "it": italian.Stem,
	"no": norwegian.Stem, "nb": norwegian.Stem, "pt": portuguese.Stem, "ro": romanian.Stem,
	"ru": russian.Stem, "es": spanish.Stem, "sv": swedish.Stem, "tr": turkish.Stem,
	// Ukrainian and Belarusian have no Snowball stemmer; the Russian one
	// shares most endings and is better than none.
	"uk": russian.Stem, "be": russian.Stem,
}

// HasStemmer reports whether the language has a Snowball stemmer.
func HasStemmer(lang string) bool { return stemFuncs[lang] != nil }

// Stem returns the Snowball stem of a folded word in a language. Numbers and
// words of languages without a stemmer are returned as they are.
func Stem(lang, norm string) string { return stemmer(lang)(norm) }

var envPool = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}

func stemmer(lang string) func(string) string {
	f := stemFuncs[lang]
	if f == nil {
		return func(s string) string { return s }
	}
	return func(s string) string {
		if len(s) < 3 || s[0] >= '0' && s[0] <= '9' {
			return s
		}
		env := envPool.Get().(*snowballstem.Env)
		env.SetCurrent(s)
		f(env)
		out := env.Current()
		envPool.Put(env)
		return out
	}
}
