package storyline

import "time"

// ArticleRef is an article as the contract's story object lists it.
type ArticleRef struct {
	ID                string     `json:"id"`
	Title             string     `json:"title"`
	Source            string     `json:"source"`
	URL               string     `json:"url"`
	Published         *time.Time `json:"published"`
	Lang              string     `json:"lang"`
	DuplicateOf       *string    `json:"duplicate_of"`
	MachineTranslated bool       `json:"machine_translated"`
	Text              string     `json:"text,omitempty"`
}

// StoryView is the contract's story object.
type StoryView struct {
	ID       string       `json:"id"`
	Headline string       `json:"headline"`
	Articles []ArticleRef `json:"articles"`
	Brief
}

// RunOutput is what `storyline run --json` and `brief --json` print.
type RunOutput struct {
	Stories []StoryView  `json:"stories"`
	Errors  []InputError `json:"errors"`
}

// Ref returns the contract's view of an article; the cleaned text is
// included only when withText is set.
func (a *Article) Ref(withText bool) ArticleRef {
	r := ArticleRef{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Lang: a.Lang,
		MachineTranslated: a.MachineTranslated}
	if !a.Published.IsZero() {
		t := a.Published.UTC()
		r.Published = &t
	}
	if a.DuplicateOf != "" {
		d := a.DuplicateOf
		r.DuplicateOf = &d
	}
	if withText {
		r.Text = a.Text
	}
	return r
}

// View returns the contract's story object for a story and its articles
// (in the story's order). Empty brief fields become empty arrays, not null.
func (s *Story) View(articles []*Article, withText bool) StoryView {
	v := StoryView{ID: s.ID, Headline: s.Headline, Articles: make([]ArticleRef, 0, len(articles))}
	for _, a := range articles {
		v.Articles = append(v.Articles, a.Ref(withText))
	}
	if s.Brief != nil {
		v.Brief = *s.Brief
	}
	v.Brief.Normalize()
	return v
}

// Normalize replaces nil slices by empty ones so that JSON shows [].
func (b *Brief) Normalize() {
	if b.Summary == nil {
		b.Summary = []SummarySentence{}
	}
	if b.Claims == nil {
		b.Claims = []Claim{}
	}
	if b.Quotes == nil {
		b.Quotes = []QuoteGroup{}
	}
	if b.Entities == nil {
		b.Entities = []Entity{}
	}
	if b.Figures == nil {
		b.Figures = []Figure{}
	}
	if b.Timeline == nil {
		b.Timeline = []TimelineEvent{}
	}
	if b.Coverage == nil {
		b.Coverage = []Coverage{}
	}
	if b.Related == nil {
		b.Related = []Related{}
	}
}
