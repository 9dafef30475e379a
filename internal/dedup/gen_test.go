package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/storyline/storyline"
)

// corpus makes deterministic made-up articles for the property tests and
// benchmarks: fresh reports from a random vocabulary with names inside
// sentences, and the copies news feeds are full of.
type corpus struct {
	rng   *rand.Rand
	words []string
	names []string
	texts []string // texts made so far, by article number
	ids   []string
}

func newCorpus(seed uint64) *corpus {
	c := &corpus{rng: rand.New(rand.NewPCG(seed, 1))}
	syl := []string{"ka", "lo", "mer", "tin", "sa", "vo", "ri", "den", "pa", "lu", "gor", "ben", "ti", "shu", "ra", "mon"}
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(syl[c.rng.IntN(len(syl))])
		}
		return b.String()
	}
	for range 3000 {
		c.words = append(c.words, word(1+c.rng.IntN(3)))
	}
	for range 400 {
		w := word(2 + c.rng.IntN(2))
		c.names = append(c.names, strings.ToUpper(w[:1])+w[1:])
	}
	return c
}

// fresh writes a new report: a title line and paragraphs of sentences in
// which about one word in eight is a name.
func (c *corpus) fresh() string {
	var b strings.Builder
	b.WriteString(c.sentence(6))
	for p := 0; p < 5+c.rng.IntN(5); p++ {
		b.WriteByte('\n')
		for s := 0; s < 1+c.rng.IntN(3); s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.sentence(10 + c.rng.IntN(10)))
		}
	}
	return b.String()
}

func (c *corpus) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		if i > 0 && c.rng.IntN(8) == 0 {
			ws[i] = c.names[c.rng.IntN(len(c.names))]
		} else {
			ws[i] = c.words[c.rng.IntN(len(c.words))]
		}
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

// next returns the next article: mostly fresh, otherwise an exact copy
// (other case), a trimmed and retitled copy, a template twin with other
// names, or, with repeats, an id added before (with some other text).
func (c *corpus) next(repeats bool) *storyline.Article {
	id := fmt.Sprintf("a%d", len(c.ids))
	s := c.fresh()
	if n := len(c.texts); n > 0 {
		old := c.texts[c.rng.IntN(n)]
		switch r := c.rng.IntN(20); {
		case r < 2:
			s = strings.ToUpper(old)
		case r < 4:
			lines := strings.Split(old, "\n")
			s = "Update " + c.sentence(4) + "\n" + strings.Join(lines[:max(1, len(lines)-2)], "\n")
		case r < 5:
			s = c.twin(old)
		case r < 6 && repeats:
			id = c.ids[c.rng.IntN(n)]
		}
	}
	c.texts = append(c.texts, s)
	c.ids = append(c.ids, id)
	return art(id, s)
}

// twin replaces every name of a text by another one.
func (c *corpus) twin(s string) string {
	ws := strings.Split(s, " ")
	for i, w := range ws {
		if i > 0 && w != "" && w[0] >= 'A' && w[0] <= 'Z' && !strings.HasSuffix(ws[i-1], ".") {
			ws[i] = c.names[c.rng.IntN(len(c.names))]
		}
	}
	return strings.Join(ws, " ")
}

// articles returns n articles of a new corpus.
func articles(seed uint64, n int, repeats bool) []*storyline.Article {
	c := newCorpus(seed)
	out := make([]*storyline.Article, n)
	for i := range out {
		out[i] = c.next(repeats)
	}
	return out
}
