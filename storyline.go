// Package storyline holds the vocabulary shared by every stage of the
// pipeline: raw and cleaned articles, the analysis kept with byte spans into
// the cleaned text, stories and their briefs, the store interface and the
// error type. It imports the standard library only; the stage packages under
// internal/ exchange these types and do not import each other (internal/text
// is the one shared library they may all use).
package storyline

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Span is a byte range [Start, End) into an article's cleaned text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// In reports whether the span lies inside a text of n bytes.
func (s Span) In(n int) bool { return s.Start >= 0 && s.Start <= s.End && s.End <= n }

// Format says how an input was written.
type Format string

// Input formats.
const (
	FormatText Format = "text" // scraped plain text
	FormatHTML Format = "html" // an HTML page
)

// RawArticle is one input as read, before cleaning. Exactly one of Text and
// HTML is set. Fields other than Input, Format and Raw are optional hints
// given by structured inputs (JSON Lines, feeds).
type RawArticle struct {
	ID        string // id given by the input; empty means "use the content hash"
	Input     string // where it came from: path, path:line, URL, or "-:line"
	Format    Format
	Title     string
	Text      string
	HTML      string
	Source    string // outlet name or domain
	URL       string
	Published string // as written in the input; parsed by the cleaner
	Lang      string // ISO 639-1 hint
	Raw       []byte // the original bytes of this input (a file, or one JSON line)
}

// Token is one word or number of a cleaned text.
type Token struct {
	Span
	Norm string // lower-cased, accent-folded form
	Stem string // Snowball stem for the article's language (Norm when none)
}

// EntityType is the kind of a named entity.
type EntityType string

// Entity types of the contract.
const (
	Person       EntityType = "person"
	Organization EntityType = "organization"
	Place        EntityType = "place"
	OtherEntity  EntityType = "other"
)

// Mention is one occurrence of a named entity in a cleaned text.
type Mention struct {
	Span
	Name string     `json:"name"` // canonical name ("Sergei Lavrov" for "Mr Lavrov")
	Type EntityType `json:"type"`
}

// FigureMention is a number with its unit in a cleaned text: "100,000
// troops", "$650 million", "6%".
type FigureMention struct {
	Span
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // "troops", "USD", "%", "km"
	Text  string  `json:"text"` // the text of the span
}

// QuoteMention is a statement attributed to a speaker: a direct quote (Span
// covers the words inside the quotation marks) or reported speech (Span
// covers the reported clause).
type QuoteMention struct {
	Span
	Speaker     string `json:"speaker"` // canonical name, "" when unknown
	SpeakerSpan Span   `json:"speaker_span"`
	Cue         string `json:"cue"` // "said", "told", "according to"
	Direct      bool   `json:"direct"`
}

// DateMention is a date written in a text, resolved against the article's
// publication date when it is relative ("on Friday", "last month").
type DateMention struct {
	Span
	Date string `json:"date"` // "2022-01-28", "2021-12" or "2014"
}

// Article is a cleaned and analysed article. Text is the cleaned text; every
// Span of the analysis indexes into it.
type Article struct {
	ID                string
	Input             string
	Format            Format
	Title             string
	Source            string
	URL               string
	Published         time.Time // zero when unknown
	Lang              string    // ISO 639-1
	MachineTranslated bool
	NewsID            string
	Text              string
	Raw               []byte // original input bytes
	// Warnings says what cleaning left out of a kept article (a published
	// date it could not use); reported with the run's errors, not stored.
	Warnings []string

	// Analysis, with spans into Text.
	Sentences []Span
	Tokens    []Token
	Entities  []Mention
	Figures   []FigureMention
	Quotes    []QuoteMention
	Dates     []DateMention

	// Set by dedup and cluster.
	DuplicateOf string
	StoryID     string
	Seq         int64 // order of arrival in the store, 1-based; 0 before storing

	// SearchIndex is the store's search-index entry for the article, built
	// ahead of PutArticle by a SearchIndexer (in parallel, or in another
	// process); nil lets PutArticle build it. Not part of the article's
	// JSON.
	SearchIndex []byte `json:"-"`
}

// A SearchIndexer is a Store whose search-index entry for an article can be
// built apart from PutArticle, from the article alone (its title, text and
// language): the pipeline builds it while it analyses, off the store's
// single writer, and sets Article.SearchIndex.
type SearchIndexer interface {
	SearchIndex(a *Article) []byte
}

// Sentence returns the text of sentence i.
func (a *Article) Sentence(i int) string {
	s := a.Sentences[i]
	return a.Text[s.Start:s.End]
}

// Slice returns the text a span covers.
func (a *Article) Slice(s Span) string { return a.Text[s.Start:s.End] }

// Citation points into the cleaned text of an article.
type Citation struct {
	Article string `json:"article"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// SummarySentence is one verbatim sentence of a summary with its citations:
// the first is its origin, the others articles whose sentence supports it.
type SummarySentence struct {
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
}

// Claim is one fact, aligned across the articles that state it.
type Claim struct {
	Text         string     `json:"text"`
	Articles     []string   `json:"articles"`
	Sources      int        `json:"sources"` // distinct outlets, copies counted once
	SingleSource bool       `json:"single_source"`
	Citations    []Citation `json:"citations"` // one sentence per supporting article
}

// QuoteVariant is one outlet's wording of a statement. Text is the
// article's bytes Start to End; a quotation that the writer broke with an
// attribution ("…,” she said. “…") holds the attribution too (see Quoted).
type QuoteVariant struct {
	Text    string `json:"text"`
	Article string `json:"article"`
	Source  string `json:"source,omitempty"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Cue     string `json:"cue,omitempty"`
	Direct  bool   `json:"direct"`
}

// Quoted is what a reader is shown between quotation marks: the quoted
// words, without an attribution that breaks them (quotedWords).
func (v QuoteVariant) Quoted() string {
	if w := quotedWords(v.Text, v.Direct); w != "" {
		return w
	}
	return v.Text
}

// quotedWords is the quoted pieces of a direct quotation's span that an
// attribution breaks ("…,” she said. “…"), joined by " … " without the
// comma that led into the attribution; "" when the span is one piece. The
// span starts inside the quotation: the first closing mark ends a piece,
// the next opening mark starts one. Only the marks of the span's own style
// count (curly, guillemets, else straight), so that a straight-quoted
// title inside a curly quotation does not split it; single marks are left
// alone (they are also apostrophes).
func quotedWords(span string, direct bool) string {
	if !direct {
		return ""
	}
	opens, closes := quoteMarks(span)
	var pieces []string
	inside, start := true, 0
	for i, r := range span {
		switch {
		case inside && strings.ContainsRune(closes, r):
			pieces = append(pieces, strings.TrimRight(strings.TrimSpace(span[start:i]), ","))
			inside = false
		case !inside && strings.ContainsRune(opens, r):
			inside, start = true, i+utf8.RuneLen(r)
		}
	}
	if inside {
		pieces = append(pieces, strings.TrimSpace(span[start:]))
	}
	if len(pieces) < 2 {
		return ""
	}
	return strings.Join(pieces, " … ")
}

// quoteMarks are the opening and closing double marks of a span's style.
func quoteMarks(span string) (opens, closes string) {
	switch {
	case strings.ContainsAny(span, "“”„"):
		return "“„", "”"
	case strings.ContainsAny(span, "«»"):
		return "«", "»"
	}
	return `"`, `"`
}

// QuoteGroup is one statement with its variant wordings across outlets.
type QuoteGroup struct {
	Speaker  string         `json:"speaker"`
	Variants []QuoteVariant `json:"variants"`
}

// Entity is a named entity of a story with the number of articles naming it.
type Entity struct {
	Name     string     `json:"name"`
	Type     EntityType `json:"type"`
	Articles int        `json:"articles"`
	Aliases  []string   `json:"aliases,omitempty"`
}

// Figure is a number with its unit across a story's articles. Disagreement is
// set when outlets give different values for what looks like the same thing;
// Variants then lists the other values.
type Figure struct {
	Text         string     `json:"text"`
	Value        float64    `json:"value"`
	Unit         string     `json:"unit"`
	Articles     []string   `json:"articles"`
	Disagreement bool       `json:"disagreement,omitempty"`
	Variants     []Figure   `json:"variants,omitempty"`
	Citations    []Citation `json:"citations,omitempty"`
}

// TimelineEvent is a dated sentence of a story.
type TimelineEvent struct {
	Date      string     `json:"date"`
	Text      string     `json:"text"`
	Articles  []string   `json:"articles"`
	Citations []Citation `json:"citations,omitempty"`
}

// Coverage says what one outlet carried that no other outlet did.
type Coverage struct {
	Source   string   `json:"source"`
	Articles []string `json:"articles"`
	Claims   []int    `json:"claims"` // indexes into Brief.Claims of single-source claims
}

// Related is another story close to a story: the same people, places or
// kind of event, but not the same event. Score is between 0 and 1;
// Reason says in words what the two share.
type Related struct {
	Story  string  `json:"story"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
}

// Brief is the cross-source digest of a story. Related is found when the
// brief is written, from the stories stored then.
type Brief struct {
	Summary  []SummarySentence `json:"summary"`
	Claims   []Claim           `json:"claims"`
	Quotes   []QuoteGroup      `json:"quotes"`
	Entities []Entity          `json:"entities"`
	Figures  []Figure          `json:"figures"`
	Timeline []TimelineEvent   `json:"timeline"`
	Coverage []Coverage        `json:"coverage"`
	Related  []Related         `json:"related"`
}

// Story is a group of articles about one event.
type Story struct {
	ID       string
	Headline string
	Articles []string // article ids in arrival order
	First    time.Time
	Last     time.Time
	Sources  []string
	Brief    *Brief // nil until briefed
	Updated  int64  // store sequence of the last change
	// AsOf is the journal position (storyline.Journal) its membership and
	// brief reflect: everything committed up to it was read. PutStory keeps
	// a stored story with a later AsOf, so that a slow writer never puts
	// back an older state over a newer one.
	AsOf int64
}
