package brief

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Analysis is the shared work behind a brief: every sentence of the story
// with its tf-idf vector, junk flag and features, and the alignment of
// sentences across articles found through an inverted index. It is
// exported so that internal/tools/trainbrief can fit summary weights without redoing
// it for every trial.
type Analysis struct {
	arts    []*storyline.Article
	docs    []doc
	sents   []sentence
	outlets []string // outlet display names, by outlet index
	nOut    int      // distinct outlets
	nTerms  int
	// names caches text.NameKey (and text.Surname, under a "\x00"
	// prefix) of the story's entity names: a story names the same people
	// in every article, and keying a name was a tenth of a brief's cost.
	names map[string]string
	// stems caches keyStems.
	stems map[string][]string
}

// keyStems returns the stems of the content words of a name key, in the
// given language, remembered for the analysis.
func (an *Analysis) keyStems(key, lang string) []string {
	ck := lang + "\x00" + key
	if st, ok := an.stems[ck]; ok {
		return st
	}
	var st []string
	for _, t := range text.Tokens(key, lang) {
		if content(lang, t.Norm) {
			st = append(st, t.Stem)
		}
	}
	an.stems[ck] = st
	return st
}

// writes reports whether a mention's words write its name's key: the
// key's words in a row among its folded words ("Lavrov" in "Sergei
// Lavrov", "european union" in "the European Union").
func writes(toks []storyline.Token, key string) bool {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Norm
	}
	return strings.Contains(" "+strings.Join(words, " ")+" ", " "+key+" ")
}

// nameKey is text.NameKey, remembered for the analysis.
func (an *Analysis) nameKey(name string) string {
	if k, ok := an.names[name]; ok {
		return k
	}
	k := text.NameKey(name)
	an.names[name] = k
	return k
}

// surname is text.Surname, remembered for the analysis.
func (an *Analysis) surname(name string) string {
	key := "\x00" + name
	if k, ok := an.names[key]; ok {
		return k
	}
	k := text.Surname(name)
	an.names[key] = k
	return k
}

type doc struct {
	sents  []int // sentence ids, in text order
	outlet int   // outlet index: copies share their original's outlet
	copy   bool  // a near-copy of another article of the story
	lang   string
	tokens []storyline.Token
	// end is the byte offset where the part of the text the brief reads
	// ends (see maxBriefSentences): quotes, figures, names and dates after
	// it are left out.
	end int
}

// maxBriefSentences bounds the sentences of one article the brief reads
// (its first 2,000). A news article has tens, a long transcript a few
// hundred; a text of megabytes would otherwise make every story it joins
// pay for all of it in every brief.
const maxBriefSentences = 2000

// within reports whether a mention starting at pos lies in the part of
// article i that the brief reads.
func (an *Analysis) within(i, pos int) bool { return pos < an.docs[i].end }

// tw is one weighted term of a sparse vector (sorted by id, unit length).
type tw struct {
	id int32
	w  float32
}

type sentence struct {
	art, idx int // article index, sentence index in the article
	// span holds its bytes, from after its dateline (see datelineLen).
	span     storyline.Span
	words    int
	vec      []tw
	figs     []figKey
	junk     bool
	copy     bool // in a near-copy of another article of the story
	fragment bool // a piece of a longer sentence (see isFragment)
	dangling bool
	question bool
	quote    bool
	// title: the sentence is its article's title printed in the text
	// (an untitled input's first line becomes its title): the story's
	// headline says it already, so the summary never repeats it.
	title  bool
	rank   int     // index among the article's usable sentences
	relpos float64 // idx / number of sentences

	// Features that need the whole story.
	centroid, cross, degree, support float64
	// aligned holds, for each other article with a sentence stating the
	// same thing, the best such sentence (sorted by article).
	aligned []link
}

type link struct {
	to  int
	sim float64
}

type figKey struct {
	value float64
	unit  string
}

// Analyze segments (when needed), vectorises and aligns the sentences of a
// story's articles. Nil articles are ignored.
func Analyze(articles []*storyline.Article, opts Options) *Analysis {
	opts = opts.withDefaults()
	an := &Analysis{names: map[string]string{}, stems: map[string][]string{}}
	for _, a := range articles {
		if a != nil {
			an.arts = append(an.arts, a)
		}
	}
	an.assignOutlets()
	terms := map[string]int32{}
	var df []int
	// Term frequencies of the current sentence, by term id, and the ids
	// it has (a slice and a list instead of a map per sentence).
	var (
		tf      []int
		touched []int32
	)
	add := func(term string) {
		id, ok := terms[term]
		if !ok {
			id = int32(len(terms))
			terms[term] = id
			df = append(df, 0)
			tf = append(tf, 0)
		}
		if tf[id] == 0 {
			touched = append(touched, id)
		}
		tf[id]++
	}
	for i, a := range an.arts {
		d := &an.docs[i]
		d.lang = a.Lang
		if d.lang == "" {
			d.lang = "en"
		}
		spans := a.Sentences
		if spans == nil {
			spans = text.Sentences(a.Text)
		}
		spans = joinQuotes(a.Text, spans)
		nSpans := len(spans)
		d.end = len(a.Text)
		if len(spans) > maxBriefSentences {
			spans = spans[:maxBriefSentences]
			d.end = spans[len(spans)-1].End
		}
		d.tokens = a.Tokens
		if d.tokens == nil {
			d.tokens = text.Tokens(a.Text, d.lang)
		}
		ents := a.Entities
		if !sort.SliceIsSorted(ents, func(x, y int) bool { return ents[x].Start < ents[y].Start }) {
			ents = append([]storyline.Mention(nil), ents...)
			sort.SliceStable(ents, func(x, y int) bool { return ents[x].Start < ents[y].Start })
		}
		usable := 0
		for j, sp := range spans {
			if !sp.In(len(a.Text)) || sp.Len() == 0 {
				continue
			}
			s := sentence{art: i, idx: j, span: sp, relpos: float64(j) / float64(nSpans), copy: d.copy}
			raw := a.Text[sp.Start:sp.End]
			s.junk = isJunk(raw, sp.Start, tokensIn(d.tokens, sp)) || isSubheading(a.Text, sp)
			s.title = j < maxTitleSentence && sameText(raw, a.Title)
			// The sentence proper starts after its dateline (which a
			// title made of the line may have dropped too).
			if n := datelineLen(raw); n > 0 && strings.TrimSpace(raw[n:]) != "" {
				n += len(raw[n:]) - len(strings.TrimLeftFunc(raw[n:], unicode.IsSpace))
				s.span.Start += n
				raw = raw[n:]
				s.title = s.title || j < maxTitleSentence && sameText(raw, a.Title)
			}
			s.words = text.CountWords(raw)
			toks := tokensIn(d.tokens, s.span)
			s.dangling = isDangling(raw)
			s.fragment = isFragment(raw)
			s.question = strings.HasSuffix(strings.TrimRight(raw, "\"'”’» )"), "?")
			s.quote = quoteShare(raw) > 0.5
			if !s.junk {
				s.rank = usable
				usable++
			}
			// Term frequencies of content stems. A named entity's mention
			// that does not write its name's key adds the key's stems, so
			// that it matches the mentions that do: "Sergei" or "Лавров"
			// (and "Lavrov's", whose folded word is not the key) add
			// Lavrov, "United Kingdom" the UK. One that writes it adds
			// nothing: its words are the name's, and counting them again
			// (as a term per entity did) weighs every name double.
			for _, t := range toks {
				if content(d.lang, t.Norm) {
					add(t.Stem)
				}
			}
			for _, m := range mentionsIn(ents, s.span) {
				if m.Type == storyline.OtherEntity {
					continue // a people, faith, language, feast or site: its words match already
				}
				var k string
				if m.Type == storyline.Person {
					k = an.surname(m.Name)
				} else {
					k = an.nameKey(m.Name)
				}
				if k == "" || writes(tokensIn(d.tokens, m.Span), k) {
					continue
				}
				for _, st := range an.keyStems(k, d.lang) {
					add(st)
				}
			}
			s.vec = make([]tw, 0, len(touched))
			for _, id := range touched {
				df[id]++
				s.vec = append(s.vec, tw{id, float32(1 + math.Log(float64(tf[id])))})
				tf[id] = 0
			}
			touched = touched[:0]
			slices.SortFunc(s.vec, func(x, y tw) int { return cmp.Compare(x.id, y.id) })
			d.sents = append(d.sents, len(an.sents))
			an.sents = append(an.sents, s)
		}
	}
	an.nTerms = len(terms)
	an.attachFigures()
	// Weight by idf and normalise.
	n := float64(len(an.sents))
	for i := range an.sents {
		s := &an.sents[i]
		var norm float64
		for k := range s.vec {
			w := float64(s.vec[k].w) * math.Log(1+n/float64(df[s.vec[k].id]))
			s.vec[k].w = float32(w)
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for k := range s.vec {
			if norm > 0 {
				s.vec[k].w = float32(float64(s.vec[k].w) / norm)
			}
		}
	}
	an.centroids()
	an.align(df, opts.Align)
	return an
}

// assignOutlets gives each article its outlet: storyline.Outlet (its
// Source, else its URL's host, two names of one outlet under one key), or
// the article itself, unnamed, when it has none; a near-copy takes its
// original's outlet so that it never counts as corroboration.
func (an *Analysis) assignOutlets() {
	an.docs = make([]doc, len(an.arts))
	byID := map[string]int{}
	for i, a := range an.arts {
		if _, ok := byID[a.ID]; !ok {
			byID[a.ID] = i
		}
	}
	keyOf := func(i int) (key, name string) {
		a := an.arts[i]
		name, _ = storyline.Outlet(a)
		return storyline.CountKey(a.Source, a.URL, a.ID), name
	}
	index := map[string]int{}
	for i := range an.arts {
		key, name := keyOf(i)
		// Follow duplicate links (bounded, in case of cycles).
		cur := i
		for hops := 0; hops < 8 && an.arts[cur].DuplicateOf != ""; hops++ {
			j, ok := byID[an.arts[cur].DuplicateOf]
			if !ok {
				key, name = "d:"+an.arts[cur].DuplicateOf, ""
				break
			}
			cur = j
			key, name = keyOf(j)
			an.docs[i].copy = true
		}
		o, ok := index[key]
		if !ok {
			o = len(an.outlets)
			index[key] = o
			an.outlets = append(an.outlets, name)
		}
		an.docs[i].outlet = o
	}
	an.nOut = len(an.outlets)
}

// sameText reports whether a sentence says its article's title again
// (case and accents folded).
func sameText(sentence, title string) bool {
	return title != "" && text.Fold(strings.TrimSpace(sentence)) == text.Fold(strings.TrimSpace(title))
}

// maxTitleSentence bounds where an article's title may stand in its text:
// among its first three sentences (after a kicker or a dateline line).
const maxTitleSentence = 3

// tokensIn returns the tokens inside a span (tokens are in text order).
func tokensIn(toks []storyline.Token, sp storyline.Span) []storyline.Token {
	lo := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= sp.Start })
	hi := lo
	for hi < len(toks) && toks[hi].End <= sp.End {
		hi++
	}
	return toks[lo:hi]
}

// mentionsIn returns the entity mentions that start inside a span.
func mentionsIn(ms []storyline.Mention, sp storyline.Span) []storyline.Mention {
	lo := sort.Search(len(ms), func(i int) bool { return ms[i].Start >= sp.Start })
	hi := lo
	for hi < len(ms) && ms[hi].Start < sp.End {
		hi++
	}
	return ms[lo:hi]
}

// content reports whether a folded token carries meaning for matching.
func content(lang, norm string) bool {
	if norm == "" || text.IsStopword(lang, norm) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(norm)
	return utf8.RuneCountInString(norm) > 1 || unicode.IsDigit(r)
}

// attachFigures records the figures of each sentence, used as a strong
// signal that two sentences state the same fact.
func (an *Analysis) attachFigures() {
	for i, a := range an.arts {
		for _, f := range a.Figures {
			if si := an.sentenceAt(i, f.Start); si >= 0 && an.within(i, f.Start) {
				an.sents[si].figs = append(an.sents[si].figs, figKey{f.Value, f.Unit})
			}
		}
	}
}

// sentenceAt returns the id of article i's sentence containing byte off, or -1.
func (an *Analysis) sentenceAt(i, off int) int {
	ss := an.docs[i].sents
	k := sort.Search(len(ss), func(k int) bool { return an.sents[ss[k]].span.End > off })
	if k < len(ss) && an.sents[ss[k]].span.Start <= off {
		return ss[k]
	}
	return -1
}

// centroids computes each sentence's cosine with the centroid of all usable
// sentences and with the centroid of the other articles' sentences.
func (an *Analysis) centroids() {
	all := make([]float64, an.nTerms)
	for _, s := range an.sents {
		if s.junk {
			continue
		}
		for _, t := range s.vec {
			all[t.id] += float64(t.w)
		}
	}
	allNorm := norm(all)
	other := make([]float64, an.nTerms)
	for _, d := range an.docs {
		copy(other, all)
		for _, si := range d.sents {
			if an.sents[si].junk {
				continue
			}
			for _, t := range an.sents[si].vec {
				other[t.id] -= float64(t.w)
			}
		}
		otherNorm := norm(other)
		for _, si := range d.sents {
			s := &an.sents[si]
			s.centroid = dotDense(s.vec, all, allNorm)
			if len(an.docs) > 1 {
				s.cross = dotDense(s.vec, other, otherNorm)
			} else {
				s.cross = s.centroid
			}
		}
	}
}

func norm(v []float64) float64 {
	var n float64
	for _, x := range v {
		n += x * x
	}
	return math.Sqrt(n)
}

func dotDense(v []tw, d []float64, dn float64) float64 {
	if dn < 1e-12 {
		return 0
	}
	var s float64
	for _, t := range v {
		s += float64(t.w) * d[t.id]
	}
	return s / dn
}

// cosine of two unit sparse vectors.
func cosine(a, b []tw) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return s
}

// cosineDense is cosine(a, b) with a scattered into dense (dense[id] is
// a's weight, 0 for the ids a lacks). It adds the same products in the
// same order (b's ids ascending; the other terms add zeros, which change
// nothing), so its result is exactly cosine's, without the merge's
// unpredictable branches.
func cosineDense(dense []float64, b []tw) float64 {
	var s float64
	for _, t := range b {
		s += dense[t.id] * float64(t.w)
	}
	return s
}

// similarity of two sentences: cosine plus a bonus for each shared figure
// (the same number and unit in two sentences is rarely chance).
func (an *Analysis) similarity(x, y int) float64 {
	a, b := &an.sents[x], &an.sents[y]
	return figureBonus(a, b, cosine(a.vec, b.vec))
}

// figureBonus adds to the cosine s of two sentences the bonus of their
// shared figures.
func figureBonus(a, b *sentence, s float64) float64 {
	shared := 0
	for _, f := range a.figs {
		for _, g := range b.figs {
			if f == g {
				shared++
				break
			}
		}
	}
	if shared > 0 && s > 0.05 {
		s += 0.15 * float64(min(shared, 2))
	}
	return s
}

// align finds, for every usable sentence, the sentences of other articles
// that state the same thing. Candidates come from an inverted index over
// the story's rarer terms (blocking): two sentences are compared only when
// they share one, so the work grows with the postings, not with all pairs.
// The similarity is symmetric (the cosine adds the same products in the
// same order from either side), so each pair is compared once, when its
// first sentence comes up, and counts for both.
func (an *Analysis) align(df []int, threshold float64) {
	if len(an.docs) < 2 {
		return
	}
	post := an.blocking(df)
	nd := len(an.docs)
	best := make([]link, len(an.sents)*nd) // best[x*nd+k]: x's best sentence of article k
	for i := range best {
		best[i] = link{to: -1}
	}
	degree := make([]float64, len(an.sents))
	// offer records sentence j, at similarity sim, as a match for x.
	offer := func(x, j int, sim float64) {
		sx, sj := &an.sents[x], &an.sents[j]
		// Only other outlets add to centrality: a copy or a second article
		// of the same outlet is not independent.
		if sim >= 0.1 && an.docs[sj.art].outlet != an.docs[sx.art].outlet {
			degree[x] += sim
		}
		b := &best[x*nd+sj.art]
		if sim >= threshold && (b.to < 0 || sim > b.sim+1e-9 || (math.Abs(sim-b.sim) <= 1e-9 && j < b.to)) {
			*b = link{j, sim}
		}
	}
	passed := make([]int32, an.nTerms) // how much of each posting list lies at or before the current sentence
	seen := make([]int32, len(an.sents))
	for i := range seen {
		seen[i] = -1
	}
	dense := make([]float64, an.nTerms) // the vector of sentence i, scattered
	for i := range an.sents {
		s := &an.sents[i]
		if s.junk {
			continue
		}
		for _, t := range s.vec {
			dense[t.id] = float64(t.w)
		}
		for _, t := range s.vec {
			pl := post[t.id]
			p := passed[t.id]
			for int(p) < len(pl) && int(pl[p]) <= i {
				p++
			}
			passed[t.id] = p
			for _, j := range pl[p:] {
				sj := &an.sents[j]
				if seen[j] == int32(i) || sj.art == s.art {
					continue
				}
				seen[j] = int32(i)
				c := cosineDense(dense, sj.vec)
				offer(i, int(j), figureBonus(s, sj, c))
				offer(int(j), i, figureBonus(sj, s, c))
			}
		}
		for _, t := range s.vec {
			dense[t.id] = 0
		}
	}
	var outs []int
	for i := range an.sents {
		s := &an.sents[i]
		if s.junk {
			continue
		}
		s.degree = degree[i] / float64(nd-1)
		outs = outs[:0]
		for k, b := range best[i*nd : (i+1)*nd] {
			if b.to >= 0 {
				s.aligned = append(s.aligned, b)
				if o := an.docs[k].outlet; o != an.docs[s.art].outlet && !slices.Contains(outs, o) {
					outs = append(outs, o)
				}
			}
		}
		if an.nOut > 1 {
			s.support = float64(len(outs)) / float64(an.nOut-1)
		}
	}
}

// maxBlockDF bounds the sentences a blocking term may be in (256): with
// an eighth of the sentences alone, a story of very long articles would
// compare every sentence with a share of all the others. A story of 64
// articles of 32 sentences stays under it.
const maxBlockDF = 256

// blocking returns, for each of the story's rarer terms (in at most an
// eighth of its sentences, or 4, and at most maxBlockDF), the usable
// sentences that hold it, in ascending order: align compares two
// sentences only when they share one.
func (an *Analysis) blocking(df []int) [][]int32 {
	maxDF := min(max(4, len(an.sents)/8), maxBlockDF)
	post := make([][]int32, an.nTerms)
	for i, s := range an.sents {
		if s.junk {
			continue
		}
		for _, t := range s.vec {
			if df[t.id] <= maxDF {
				post[t.id] = append(post[t.id], int32(i))
			}
		}
	}
	return post
}

// text returns the verbatim text of sentence si.
func (an *Analysis) text(si int) string {
	s := &an.sents[si]
	return an.arts[s.art].Text[s.span.Start:s.span.End]
}

func (an *Analysis) citation(si int) storyline.Citation {
	s := &an.sents[si]
	return storyline.Citation{Article: an.arts[s.art].ID, Start: s.span.Start, End: s.span.End}
}
