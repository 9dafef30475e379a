// Package brief writes the cross-source brief of one story: claims aligned
// across its articles with the number of independent outlets behind each,
// an extractive summary whose every sentence is copied verbatim and cited,
// quote groups (one statement in the words of several outlets), merged
// entities, figures with disagreements, a timeline and per-outlet coverage.
//
// It is a plain function over analysed articles (no I/O, no mutable
// globals). The shared work (sentence vectors, the inverted index used to
// align sentences, per-sentence features) is done once by Analyze; the
// summary weights come from an embedded parameter file fitted on the
// Multi-News dev references by internal/tools/trainbrief.
package brief

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"

	"github.com/storyline/storyline"
)

// Options tune a brief. Use DefaultOptions and change what you need.
type Options struct {
	// Words is the summary budget in words (white-space separated, as the
	// scorers count them). The summary never exceeds it.
	Words int
	// Align is the similarity (cosine of tf-idf stem vectors plus bonuses
	// for shared figures) from which two sentences of different articles
	// count as stating the same claim.
	Align float64
	// Weights score sentences for the summary; see Weights.
	Weights Weights
	// MaxArticles bounds the articles a brief reads (64): a story that
	// grows to hundreds of articles is briefed from its first and its
	// latest original reports (near-copies first give way), so the cost of
	// a brief stays bounded however large the story grows.
	MaxArticles int
}

// Weights are the linear weights of the summary's sentence features and the
// MMR redundancy penalty. Defaults are learned (weights.json, written by
// internal/tools/trainbrief) rather than hand-set, because the mix of lead position,
// centrality and corroboration that reads best varies by corpus.
type Weights struct {
	Centroid float64 `json:"centroid"` // cosine with the story's centroid
	Cross    float64 `json:"cross"`    // cosine with the other articles' centroid
	Position float64 `json:"position"` // 1/(rank+1) among the article's usable sentences
	First    float64 `json:"first"`    // the article's first usable sentence
	Support  float64 `json:"support"`  // share of other outlets with an aligned sentence
	Degree   float64 `json:"degree"`   // summed similarity to other articles' sentences
	Length   float64 `json:"length"`   // words/40, capped at 1
	Quote    float64 `json:"quote"`    // mostly a direct quote
	Dangling float64 `json:"dangling"` // opens with a pronoun or a connective
	Question float64 `json:"question"` // ends with a question mark
	RelPos   float64 `json:"relpos"`   // relative position in the article (0 first, 1 last)
	Lambda   float64 `json:"lambda"`   // MMR: penalty per unit of similarity to a chosen sentence
}

// weights.json is fitted, not written by hand (needs the shared
// development sets beside the repository):
//
//go:generate go run ../tools/trainbrief -set ../../../shared/data/dev/multinews-val -words 260 -train -out weights.json
//go:embed weights.json
var weightsJSON []byte

// defaultWeights parses the embedded parameters once.
var defaultWeights = sync.OnceValue(func() Weights {
	var w Weights
	if err := json.Unmarshal(weightsJSON, &w); err != nil {
		panic("brief: embedded weights.json: " + err.Error())
	}
	return w
})

// DefaultOptions returns a 120-word summary, an alignment threshold of 0.28
// and the learned weights.
func DefaultOptions() Options {
	return Options{Words: 120, Align: 0.28, Weights: defaultWeights(), MaxArticles: 64}
}

// withDefaults fills unset fields: Options{Words: n} means the default
// threshold and the learned weights too.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Words <= 0 {
		o.Words = d.Words
	}
	if o.Align <= 0 {
		o.Align = d.Align
	}
	if o.Weights == (Weights{}) {
		o.Weights = d.Weights
	}
	if o.MaxArticles <= 0 {
		o.MaxArticles = d.MaxArticles
	}
	return o
}

// bounded returns at most max articles of a story, in their order: the
// originals before near-copies, and of those the earliest half and the
// latest half.
func bounded(articles []*storyline.Article, max int) []*storyline.Article {
	if len(articles) <= max {
		return articles
	}
	keep := make([]bool, len(articles))
	var originals []int
	for i, a := range articles {
		if a.DuplicateOf == "" {
			originals = append(originals, i)
		}
	}
	pick := func(idx []int, n int) {
		if len(idx) <= n {
			for _, i := range idx {
				keep[i] = true
			}
			return
		}
		for _, i := range idx[:n/2] {
			keep[i] = true
		}
		for _, i := range idx[len(idx)-(n-n/2):] {
			keep[i] = true
		}
	}
	pick(originals, max)
	if n := len(originals); n < max {
		var copies []int
		for i, a := range articles {
			if a.DuplicateOf != "" {
				copies = append(copies, i)
			}
		}
		pick(copies, max-n)
	}
	out := make([]*storyline.Article, 0, max)
	for i, a := range articles {
		if keep[i] {
			out = append(out, a)
		}
	}
	return out
}

// Build writes the brief of one story from its articles (cleaned and
// analysed). Articles whose Sentences or Tokens are missing are segmented
// here; missing entities, quotes, figures and dates only leave the matching
// fields of the brief empty. The result is deterministic.
func Build(articles []*storyline.Article, opts Options) *storyline.Brief {
	b, _ := BuildWithHeadline(articles, opts)
	return b
}

// BuildWithHeadline is Build and Headline over one analysis of the story,
// which costs half of calling both.
func BuildWithHeadline(articles []*storyline.Article, opts Options) (*storyline.Brief, string) {
	opts = opts.withDefaults()
	an := Analyze(bounded(articles, opts.MaxArticles), opts)
	return an.brief(opts), an.headline()
}

// brief writes every field of the brief from the analysis.
func (an *Analysis) brief(opts Options) *storyline.Brief {
	b := &storyline.Brief{}
	b.Summary = an.Summary(opts)
	cs := an.buildClaims(opts.Weights.vector())
	b.Claims = cs.claims
	b.Coverage = an.coverage(cs)
	b.Quotes = an.quotes()
	b.Entities = an.entities()
	b.Figures = an.figures()
	b.Timeline = an.timeline(cs)
	b.Normalize()
	return b
}

// Headline picks the story's headline: the title of the most central
// article (the one whose words the other articles share most), or its
// first usable sentence when it has no title.
func Headline(articles []*storyline.Article) string {
	if len(articles) == 0 {
		return ""
	}
	return Analyze(bounded(articles, DefaultOptions().MaxArticles), DefaultOptions()).headline()
}

// headline is Headline over an analysis.
func (an *Analysis) headline() string {
	if len(an.docs) == 0 {
		return ""
	}
	best, bestScore := -1, -1.0
	for i, d := range an.docs {
		var s float64
		n := 0
		for _, si := range d.sents {
			if !an.sents[si].junk {
				s += an.sents[si].cross
				n++
			}
		}
		if n > 0 {
			s /= float64(n)
		}
		if best < 0 || s > bestScore+1e-12 {
			best, bestScore = i, s
		}
	}
	if t := strings.TrimSpace(an.arts[best].Title); t != "" {
		return t
	}
	for _, a := range an.arts {
		if t := strings.TrimSpace(a.Title); t != "" {
			return t
		}
	}
	d := an.docs[best]
	for _, si := range d.sents {
		if !an.sents[si].junk {
			return an.text(si)
		}
	}
	if len(d.sents) > 0 {
		return an.text(d.sents[0])
	}
	return ""
}
