package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/sqlite"
)

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

var words = strings.Fields(`the council said on monday that the new harbour bridge would open
in spring after months of delays officials told reporters a spokesman for the ministry confirmed
talks with unions continued residents complained about traffic and noise near the station while
engineers inspected the damaged pier police reported no injuries the mayor promised more funding
for schools hospitals and roads in the region critics warned the budget was far too small and
analysts expected prices to rise again next quarter according to figures published this week`)

var outlets = []string{"Alder Gazette", "Coast Radio", "North Herald", "Valley Times", "City Wire", "Daily Ledger", "Evening Post"}

// rng is a small deterministic generator (xorshift) so that seeded stores
// are the same on every run.
type rng uint64

func (r *rng) next() uint64 {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return uint64(*r)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// sentence writes one synthetic sentence of 12 to 27 words.
func (r *rng) sentence(b *strings.Builder) {
	n := 12 + r.intn(16)
	for i := 0; i < n; i++ {
		w := words[r.intn(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		if i == n/2 && r.intn(3) == 0 {
			fmt.Fprintf(b, "%d,%03d people ", 1+r.intn(90), r.intn(1000))
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
}

// synthArticle returns an article of about 2.5 KB with sentences, tokens
// and a few entities, like an analysed news article.
func synthArticle(r *rng, id, source string, at time.Time) *storyline.Article {
	var b strings.Builder
	a := &storyline.Article{ID: id, Input: id + ".txt", Format: storyline.FormatText, Source: source,
		URL: "https://example.org/" + id, Published: at, Lang: "en"}
	for p := 0; p < 5; p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := 0; s < 3; s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			start := b.Len()
			r.sentence(&b)
			a.Sentences = append(a.Sentences, storyline.Span{Start: start, End: b.Len()})
		}
	}
	a.Text = b.String()
	a.Title = a.Text[a.Sentences[0].Start:min(a.Sentences[0].End, a.Sentences[0].Start+70)]
	a.Raw = []byte(a.Title + "\n" + a.Text)
	off := 0
	for _, w := range strings.Fields(a.Text) {
		i := strings.Index(a.Text[off:], w) + off
		norm := strings.ToLower(strings.Trim(w, ".,"))
		a.Tokens = append(a.Tokens, storyline.Token{Span: storyline.Span{Start: i, End: i + len(w)}, Norm: norm, Stem: norm})
		off = i + len(w)
	}
	for i := 0; i < 4; i++ {
		t := a.Tokens[r.intn(len(a.Tokens))]
		a.Entities = append(a.Entities, storyline.Mention{Span: t.Span, Name: strings.Title(t.Norm), Type: storyline.Place})
	}
	return a
}

// Seed stores n synthetic articles grouped into stories of 1 to 6 articles
// from different outlets, each story with a brief whose citations point
// into its articles.
func Seed(ctx context.Context, db *sqlite.DB, n int) error {
	r := rng(0x9e3779b97f4a7c15)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 500
	done := 0
	story := 0
	for done < n {
		err := db.Batch(ctx, func(tx storyline.Store) error {
			for end := min(n, done+batch); done < end; story++ {
				size := min(1+r.intn(6), n-done)
				at := base.Add(time.Duration(story) * 17 * time.Minute)
				sid := fmt.Sprintf("story-%016x", xxh3.HashString(fmt.Sprint(story)))
				st := &storyline.Story{ID: sid, First: at, Brief: &storyline.Brief{}}
				var arts []*storyline.Article
				for k := 0; k < size; k++ {
					id := fmt.Sprintf("art-%016x", xxh3.HashString(fmt.Sprint(done)))
					a := synthArticle(&r, id, outlets[(story+k)%len(outlets)], at.Add(time.Duration(k)*time.Hour))
					if _, err := tx.PutArticle(ctx, a); err != nil {
						return err
					}
					if err := tx.Assign(ctx, id, sid, ""); err != nil {
						return err
					}
					arts = append(arts, a)
					st.Articles = append(st.Articles, id)
					st.Sources = append(st.Sources, a.Source)
					st.Last = a.Published
					done++
				}
				st.Headline = arts[0].Title
				fillBrief(st.Brief, arts)
				if err := tx.PutStory(ctx, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func fillBrief(b *storyline.Brief, arts []*storyline.Article) {
	cite := func(a *storyline.Article, i int) storyline.Citation {
		s := a.Sentences[i%len(a.Sentences)]
		return storyline.Citation{Article: a.ID, Start: s.Start, End: s.End}
	}
	for i := 0; i < 4; i++ {
		a := arts[i%len(arts)]
		c := cite(a, i*3)
		var cs []storyline.Citation
		var ids []string
		for _, o := range arts {
			cs = append(cs, cite(o, i*3))
			ids = append(ids, o.ID)
		}
		b.Summary = append(b.Summary, storyline.SummarySentence{Text: a.Text[c.Start:c.End], Citations: cs})
		b.Claims = append(b.Claims, storyline.Claim{Text: a.Text[c.Start:c.End], Articles: ids, Sources: len(arts),
			SingleSource: len(arts) == 1, Citations: cs})
	}
	for _, a := range arts {
		c := cite(a, 7)
		b.Claims = append(b.Claims, storyline.Claim{Text: a.Text[c.Start:c.End], Articles: []string{a.ID}, Sources: 1,
			SingleSource: true, Citations: []storyline.Citation{c}})
		b.Coverage = append(b.Coverage, storyline.Coverage{Source: a.Source, Articles: []string{a.ID}, Claims: []int{len(b.Claims) - 1}})
		q := a.Sentences[4]
		b.Quotes = append(b.Quotes, storyline.QuoteGroup{Speaker: "A Spokesman", Variants: []storyline.QuoteVariant{
			{Text: a.Text[q.Start:q.End], Article: a.ID, Source: a.Source, Start: q.Start, End: q.End, Cue: "said", Direct: true}}})
	}
	seen := map[string]bool{}
	for _, a := range arts {
		for _, e := range a.Entities {
			if !seen[e.Name] {
				seen[e.Name] = true
				b.Entities = append(b.Entities, storyline.Entity{Name: e.Name, Type: e.Type, Articles: 1})
			}
		}
	}
	c := cite(arts[0], 2)
	b.Figures = []storyline.Figure{{Text: "1,000 people", Value: 1000, Unit: "people", Articles: []string{arts[0].ID}, Citations: []storyline.Citation{c}}}
	b.Timeline = []storyline.TimelineEvent{{Date: arts[0].Published.Format("2006-01-02"), Text: arts[0].Text[c.Start:c.End],
		Articles: []string{arts[0].ID}, Citations: []storyline.Citation{c}}}
}
