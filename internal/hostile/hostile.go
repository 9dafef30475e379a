// Package hostile writes worst-case inputs for tests and benchmarks:
// texts whose shape makes a careless stage quadratic (thousands of quotes
// in the same words, the same names and figures over and over, a text
// without a sentence end, one endless word), a story of many articles,
// and search queries of many words. They are generated, never stored, so
// that a test can ask for any size; the same seed and size give the same
// text.
//
// CheckLinear runs a stage on two sizes of one shape and fails when the
// time grows far faster than the size, so a regression to quadratic fails
// the tests whatever the machine's speed.
package hostile

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Shape is one kind of worst-case text.
type Shape struct {
	Name string
	// Text returns about n bytes of the shape, a headline line first.
	Text func(seed uint64, n int) string
}

// Shapes are the worst-case texts every stage must take in time about
// linear in their length.
var Shapes = []Shape{
	{"quotes", Quotes},
	{"names", Names},
	{"figures", Figures},
	{"run-on", RunOn},
	{"range-chain", RangeChain},
	{"one-word", OneWord},
}

// Everyday words and names: general vocabulary, no real article's.
var (
	nouns = strings.Fields("harbour storm ships council bridge river market school hospital road police " +
		"budget tax water power train airport museum festival farmers fishermen workers union court judge " +
		"mayor minister village city coast island ferry library station tunnel")
	verbs    = strings.Fields("reopen close fund inspect repair extend delay approve")
	first    = strings.Fields("Ana Tom Lena Omar Mia Ivan Sara Paul Nina Karl")
	last     = strings.Fields("Ruiz Becker Hoff Said Chen Petrov Lund Moreau Adler Kowal")
	places   = strings.Fields("Porto Bergen Lyon Gdansk Split Malmo Cork Brno")
	headline = "Harbour to reopen after storm\n\n"
)

// build appends sentences from next, a blank line every few, until the
// text holds n bytes.
func build(n int, next func(r *rand.Rand) string, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	b.WriteString(headline)
	for i := 1; b.Len() < n; i++ {
		b.WriteString(next(r))
		if i%5 == 0 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// Quotes is a text of short direct quotes in the same few words, each
// attributed to one of a few speakers, some by pronoun: quote
// attribution and grouping compare quotes with each other.
func Quotes(seed uint64, n int) string {
	return build(n, func(r *rand.Rand) string {
		if r.IntN(3) == 0 {
			return fmt.Sprintf(`"The harbour ships wait %d days," she said.`, r.IntN(1000))
		}
		return fmt.Sprintf(`"The harbour ships wait %d days," %s %s said.`, r.IntN(1000), pick(r, first), pick(r, last))
	}, seed)
}

// Names is a text that names the same people and places over and over,
// many to a sentence: entity grouping and speaker resolution compare
// mentions.
func Names(seed uint64, n int) string {
	return build(n, func(r *rand.Rand) string {
		return fmt.Sprintf("%s %s, %s %s and %s %s met in %s on %d March.",
			pick(r, first), pick(r, last), pick(r, first), pick(r, last), pick(r, first), pick(r, last), pick(r, places), 1+r.IntN(28))
	}, seed)
}

// Figures is a text dense with distinct figures of one unit: figure
// grouping compares figures with each other.
func Figures(seed uint64, n int) string {
	return build(n, func(r *rand.Rand) string {
		var b strings.Builder
		b.WriteString("Roads of")
		for i := 0; i < 8; i++ {
			fmt.Fprintf(&b, " %d km,", 1+r.IntN(99999))
		}
		fmt.Fprintf(&b, " up %d.%d%%.", 1+r.IntN(20), r.IntN(10))
		return b.String()
	}, seed)
}

// RunOn is one paragraph without a sentence end.
func RunOn(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	b.WriteString(headline)
	for b.Len() < n {
		fmt.Fprintf(&b, "the %s and the %s of %s %s on Friday ", pick(r, nouns), pick(r, nouns), pick(r, first), pick(r, last))
	}
	return b.String()
}

// RangeChain is one sentence of numbers joined as a range, "1 to 2 to 3
// … km": each number may look ahead to the unit of the next.
func RangeChain(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	b.WriteString(headline)
	b.WriteString("The roads run ")
	for b.Len() < n {
		fmt.Fprintf(&b, "%d to ", 1+r.IntN(900))
	}
	b.WriteString("12 km in all, officials said.")
	return b.String()
}

// OneWord is a headline and one word of n bytes.
func OneWord(_ uint64, n int) string {
	return headline + strings.Repeat("a", max(0, n-len(headline)))
}

// Story is n articles of about size bytes each about one event in the
// same words, as JSON Lines: the brief compares the sentences, claims and
// quotes of a story's articles with each other.
func Story(seed uint64, n, size int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		text := Quotes(seed+uint64(i), size)
		fmt.Fprintf(&b, `{"id":"h%d","title":"Harbour to reopen after storm","source":"outlet%d.example","published":"2024-03-0%dT10:00:00Z","text":%q}`+"\n",
			i, i%40, 1+i%5, text)
	}
	return b.String()
}

// Query is a search query of n words: distinct when distinct is set, else
// one word n times.
func Query(n int, distinct bool) string {
	words := make([]string, n)
	for i := range words {
		words[i] = "said"
		if distinct {
			words[i] = fmt.Sprintf("%s%d", pick(rand.New(rand.NewPCG(uint64(i), 1)), nouns), i)
		}
	}
	return strings.Join(words, " ")
}
