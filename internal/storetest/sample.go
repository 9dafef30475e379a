package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/storyline/storyline"
)

// syllables make up the words of generated articles: invented text, so that
// no third-party article is copied into tests.
var syllables = []string{"ka", "lo", "mer", "ti", "san", "vo", "ren", "da", "pul", "is", "ost", "ne", "bra", "cu", "fel", "zo"}

// Sample returns a realistic, deterministic article for benchmarks and tests:
// about textBytes bytes of invented English-like text in sentences, with a
// complete analysis (sentences, tokens with norms and stems, entities,
// figures, quotes, dates) whose spans index the text. An 8 KB text has about
// 1,000 tokens.
func Sample(seed uint64, textBytes int) *storyline.Article {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	word := func() string {
		var b strings.Builder
		for n := 1 + rng.IntN(3); n > 0; n-- {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		return b.String()
	}
	a := &storyline.Article{
		ID:        fmt.Sprintf("sample-%d", seed),
		Input:     fmt.Sprintf("sample/%d.txt", seed),
		Format:    storyline.FormatText,
		Title:     "Sample " + word() + " " + word(),
		Source:    fmt.Sprintf("source%d.example", seed%7),
		URL:       fmt.Sprintf("https://source%d.example/news/%d", seed%7, seed),
		Published: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(seed) * time.Minute),
		Lang:      "en",
		NewsID:    fmt.Sprintf("n%d", seed),
	}
	var text strings.Builder
	for text.Len() < textBytes {
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		start := text.Len()
		n := 8 + rng.IntN(14)
		for i := range n {
			if i > 0 {
				text.WriteByte(' ')
			}
			ws := text.Len()
			w := word()
			switch r := rng.IntN(40); {
			case r == 0 && i+1 < n:
				num := fmt.Sprint(1 + rng.IntN(99999))
				text.WriteString(num + " troops")
				a.Figures = append(a.Figures, storyline.FigureMention{
					Span: storyline.Span{Start: ws, End: text.Len()}, Value: float64(len(num)), Unit: "troops",
					Text: num + " troops"})
				a.Tokens = append(a.Tokens,
					storyline.Token{Span: storyline.Span{Start: ws, End: ws + len(num)}, Norm: num, Stem: num},
					storyline.Token{Span: storyline.Span{Start: ws + len(num) + 1, End: text.Len()}, Norm: "troops", Stem: "troop"})
				continue
			case r == 1 || i == 0:
				w = strings.ToUpper(w[:1]) + w[1:]
				if i > 0 {
					a.Entities = append(a.Entities, storyline.Mention{
						Span: storyline.Span{Start: ws, End: ws + len(w)}, Name: w, Type: storyline.Person})
				}
			case r == 2:
				a.Dates = append(a.Dates, storyline.DateMention{
					Span: storyline.Span{Start: ws, End: ws + len(w)}, Date: "2024-02-28"})
			}
			text.WriteString(w)
			norm := strings.ToLower(w)
			stem := norm
			if len(stem) > 4 {
				stem = stem[:len(stem)-1]
			}
			a.Tokens = append(a.Tokens, storyline.Token{Span: storyline.Span{Start: ws, End: text.Len()}, Norm: norm, Stem: stem})
		}
		text.WriteByte('.')
		a.Sentences = append(a.Sentences, storyline.Span{Start: start, End: text.Len()})
		if rng.IntN(6) == 0 {
			a.Quotes = append(a.Quotes, storyline.QuoteMention{
				Span: storyline.Span{Start: start, End: text.Len() - 1}, Speaker: "Kalo Mer",
				SpeakerSpan: storyline.Span{Start: start, End: start + 2}, Cue: "said", Direct: rng.IntN(2) == 0})
		}
	}
	a.Text = text.String()
	a.Raw = []byte(a.Title + "\n\n" + a.Text)
	return a
}
