// Package analyze finds, in one cleaned article, what the brief aggregates
// across a story: named entities, figures (a number with what it counts),
// quotes with their speakers, and dates resolved against the publication
// date. Every finding carries a byte span into the cleaned text, so that
// the brief can cite it and a reader can check it.
//
// The rules are classical (no model can be loaded here) and cheap: one
// pass of a small lexer feeds all of them, and the only tables (the
// gazetteer) are built lazily, once, on first use.
package analyze

import (
	"slices"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Options tune the analysis. The zero value is not useful; start from
// DefaultOptions.
type Options struct {
	// Entities finds named entities; nil means the rule-based finder.
	Entities EntityFinder
	// ScareQuoteWords: direct quotes of at most this many words are kept
	// only when a speech verb is right beside them; shorter ones are
	// usually scare quotes ("serious and respectful"). Default 3.
	ScareQuoteWords int
}

// DefaultOptions returns the options the pipeline uses.
func DefaultOptions() Options {
	return Options{Entities: RuleFinder{}, ScareQuoteWords: 3}
}

// Analyze fills a.Entities, a.Figures, a.Quotes and a.Dates, each with a
// byte span into a.Text. It reads a.Sentences (computed here when empty)
// and a.Published (relative dates are skipped when it is zero). Results
// are sorted by position and do not depend on map order.
func Analyze(a *storyline.Article, opts Options) {
	sents := sentencesOf(a)
	words := lex(a.Text, sents)
	if opts.Entities == nil {
		opts.Entities = RuleFinder{}
	}
	if _, ok := opts.Entities.(RuleFinder); ok {
		a.Entities = findEntities(a.Text, a.Lang, words)
	} else {
		a.Entities = opts.Entities.Find(a)
	}
	a.Dates = findDates(a.Text, a.Lang, words, a.Published)
	a.Figures = figuresOf(a, sents, words)
	a.Quotes = withoutHeadline(findQuotes(a.Text, sents, words, a.Entities, opts), a.Text, a.Title)
}

// figuresOf finds the article's figures, in an English-numbered copy of
// its text when its language writes a decimal comma (englishNumbers),
// quoting the original.
func figuresOf(a *storyline.Article, sents []storyline.Span, words []word) []storyline.FigureMention {
	t, changed := englishNumbers(a.Text, a.Lang)
	if !changed && !nounsCapitalised[a.Lang] {
		return findFigures(a.Text, words, a.Dates)
	}
	// The copy's words: lexed again where numbers changed, else the
	// text's own, cloned, as countedNouns marks them.
	var fw []word
	if changed {
		fw = lex(t, sents)
	} else {
		fw = slices.Clone(words)
	}
	if nounsCapitalised[a.Lang] {
		countedNouns(t, fw)
	}
	figs := findFigures(t, fw, a.Dates)
	for i := range figs {
		figs[i].Text = a.Text[figs[i].Start:figs[i].End]
	}
	return figs
}

// nounsCapitalised are the languages that capitalise every noun.
var nounsCapitalised = toSet("de", "lb")

// countedNouns marks as lower-case the words right after a number or a
// multiplier in a text of such a language, where "3.500 Soldaten" counts
// soldiers as "3,500 soldiers" does, and a capital names no one.
func countedNouns(t string, words []word) {
	for k := 1; k < len(words); k++ {
		prev := words[k-1]
		if (prev.digit || multipliers[strings.ToLower(prev.s)] > 0) && onlySpace(t[prev.end:words[k].start]) && !words[k].digit {
			words[k].upper = false
		}
	}
}

// sentencesOf returns the article's sentences, computing them when the
// pipeline has not.
func sentencesOf(a *storyline.Article) []storyline.Span {
	if len(a.Sentences) == 0 && a.Text != "" {
		a.Sentences = text.Sentences(a.Text)
	}
	return a.Sentences
}

// isStopword reports whether a folded word is a function word of the
// language (so not a name when it starts a sentence).
func isStopword(lang, key string) bool { return text.IsStopword(lang, key) }
