package analyze

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// quoteCues are the verbs that attribute a statement. "told" takes an
// object ("Putin told Macron that …").
var quoteCues = toSet("said", "says", "told", "added", "insisted", "insists", "stated", "warned",
	"declared", "noted", "wrote", "tweeted", "replied", "explained", "announced", "stressed", "argued",
	"claimed", "confirmed", "urged", "tells", "adds", "warns", "say", "stressing", "saying", "recalled",
	"acknowledged", "admitted", "asserted", "maintained", "contended", "emphasised", "emphasized",
	"responded", "continued", "replies", "asked", "asks", "retort", "retorted", "cautioned",
	"complained", "quipped", "joked", "remarked", "observed", "countered", "conceded", "predicted",
	"promised", "vowed", "suggested", "writes", "tweets", "explains", "notes", "recalls", "demanded",
	"reiterated", "posted", "answered", "pointed", "agreed", "concluded", "testified", "shouted", "pressed",
	"reads",
	// Less common speech verbs, past and present.
	"fumed", "mused", "wondered", "boasted", "bragged", "lamented", "scoffed", "snapped", "opined",
	"recounted", "reasoned", "pleaded", "gushed", "exclaimed", "proclaimed", "disclosed", "revealed",
	"assured", "pledged", "threatened", "alleged", "texted", "emailed", "yelled", "screamed",
	"whispered", "muttered", "sighed", "laughed", "teased", "elaborated", "clarified", "interjected",
	"objected", "protested", "grumbled", "griped", "estimated", "speculated", "commented", "mentioned",
	"emphasized", "underscored", "affirmed", "confessed", "charged", "advised", "cautions", "argues",
	"insists", "contends", "claims", "points", "concedes", "admits", "acknowledges", "predicts",
	"remarks", "observes", "stresses", "suggests", "wonders", "jokes", "quips", "declares", "announces",
	"reiterates", "responds", "counters", "agrees", "concludes", "continues", "boasts", "laments",
	"muses", "told", "tweeted", "wrote",
	// An outlet that printed it (`“…,” CBS News reported`).
	"reported", "reports")

// subjectAdverbs may stand between a speaker and the cue ("Lavrov also said").
var subjectAdverbs = toSet("also", "has", "had", "have", "earlier", "later", "repeatedly", "then",
	"again", "previously", "reportedly", "once", "further", "publicly", "privately", "recently", "later")

var pronouns = toSet("he", "she")

// descStarts and roleNouns mark the descriptions that may stand for a
// speaker ("the aide", "a French official", "analysts").
var descStarts = toSet("the", "a", "an", "his", "her", "their", "its", "one", "another", "two", "three",
	"several", "some", "many", "senior", "top", "other")

var roleNouns = toSet("officials", "analysts", "aides", "sources", "experts", "critics", "residents",
	"witnesses", "police", "diplomats", "lawmakers", "officers", "spokesman", "spokeswoman",
	"spokesperson", "statement", "readout", "report", "reports", "source", "ministry", "office",
	"government", "military", "army", "embassy", "agency", "authorities", "organizers", "prosecutors",
	"investigators", "scientists", "researchers", "doctors", "activists", "protesters", "leaders")

// roleTitles maps a descriptive speaker's head noun to the titles that
// name the same person ("Russia's top diplomat" → "Foreign Minister X").
var roleTitles = map[string][]string{
	"diplomat":  {"foreign minister", "secretary of state", "foreign secretary", "minister"},
	"leader":    {"president", "prime minister", "chancellor", "leader"},
	"president": {"president"},
}

// qmark is one direct quotation: the inner span and the marks around it.
type qmark struct {
	open, close int // byte offsets of the opening mark and of the closing mark (line end when open-ended)
	in          storyline.Span
	openEnded   bool // continued in the next paragraph
}

// openEnded returns the quotation opened at line[i] and left open to the
// end of the line, when the next non-empty line opens a quotation again.
func openEnded(text string, lineStart, i, size, lineEnd int, opener rune) (qmark, bool) {
	rest := strings.TrimLeft(text[min(lineEnd+1, len(text)):], " \t\r\n")
	next, _ := utf8.DecodeRuneInString(rest)
	if lineEnd >= len(text) || next != opener {
		return qmark{}, false
	}
	s, e := lineStart+i+size, lineEnd
	for s < e && text[s] == ' ' {
		s++
	}
	for e > s && (text[e-1] == ' ' || text[e-1] == '\r') {
		e--
	}
	if e <= s {
		return qmark{}, false
	}
	return qmark{open: lineStart + i, close: lineEnd, in: storyline.Span{Start: s, End: e}, openEnded: true}, true
}

// directQuotes pairs quotation marks on each line: curly “…”, «…», „…“ and
// straight "…" (toggling).
func directQuotes(text string) []qmark {
	var out []qmark
	lineStart := 0
	for lineStart < len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		for i := 0; i < len(line); {
			r, size := utf8.DecodeRuneInString(line[i:])
			var closers string
			switch r {
			case '“':
				closers = "”"
			case '«':
				closers = "»"
			case '„':
				closers = "“”"
			case '"':
				closers = "\""
			default:
				i += size
				continue
			}
			k := strings.IndexAny(line[i+size:], closers)
			if k < 0 {
				// A quotation running over paragraphs leaves the paragraph
				// open and opens the next one again.
				if q, ok := openEnded(text, lineStart, i, size, lineEnd, r); ok {
					out = append(out, q)
					break
				}
				i += size
				continue
			}
			innerStart, innerEnd := i+size, i+size+k
			_, csize := utf8.DecodeRuneInString(line[innerEnd:])
			q := qmark{open: lineStart + i, close: lineStart + innerEnd}
			s, e := innerStart, innerEnd
			for s < e && (line[s] == ' ') {
				s++
			}
			for e > s && (line[e-1] == ' ' || line[e-1] == ',') {
				e--
			}
			if e > s {
				q.in = storyline.Span{Start: lineStart + s, End: lineStart + e}
				out = append(out, q)
			}
			i = innerEnd + csize
		}
		lineStart = lineEnd + 1
	}
	return out
}

// quoteCtx holds what attribution needs. Every look-up in it is a binary
// search or a walk over a bounded neighbourhood, never a scan of all the
// mentions, so that attributing the quotes of an article costs about its
// length (an article of many quotes and names is no slower per megabyte;
// TestQuotesLinear).
type quoteCtx struct {
	text     string
	words    []word
	mentions []storyline.Mention // sorted by start
	quotes   []qmark
	// maxMention is the length in bytes of the longest mention: a mention
	// ending at a position starts at most this far before it.
	maxMention int
	// lastPersonAt[k] is the index of the last person mention at or
	// before mention k (-1: none), and sentFirst[k] the first person
	// mention of that person's sentence.
	lastPersonAt []int32
	sentFirst    []int32
	// titled lists, per role title, the person mentions preceded by it
	// ("Foreign Minister X"), in order; built on first use.
	titled map[string][]int32
}

// newQuoteCtx prepares the look-ups of quote attribution.
func newQuoteCtx(text string, words []word, mentions []storyline.Mention) *quoteCtx {
	if !slices.IsSortedFunc(mentions, func(x, y storyline.Mention) int { return x.Start - y.Start }) {
		mentions = slices.Clone(mentions)
		slices.SortStableFunc(mentions, func(x, y storyline.Mention) int { return x.Start - y.Start })
	}
	c := &quoteCtx{text: text, words: words, mentions: mentions, quotes: directQuotes(text)}
	c.lastPersonAt = make([]int32, len(mentions))
	c.sentFirst = make([]int32, len(mentions))
	last, first, firstSent := int32(-1), int32(-1), -1
	for k, m := range mentions {
		c.maxMention = max(c.maxMention, m.End-m.Start)
		if m.Type == storyline.Person {
			if sent := c.sentOf(m.Start); sent != firstSent {
				first, firstSent = int32(k), sent
			}
			last = int32(k)
		}
		c.lastPersonAt[k] = last
		if last >= 0 {
			c.sentFirst[k] = first
		}
	}
	return c
}

// sentOf is the sentence of the word at or after pos (-1 past the end).
func (c *quoteCtx) sentOf(pos int) int {
	if w := c.wordAt(pos); w < len(c.words) {
		return c.words[w].sent
	}
	return -1
}

// mentionFrom is the index of the first mention starting at or after pos.
func (c *quoteCtx) mentionFrom(pos int) int {
	return sort.Search(len(c.mentions), func(i int) bool { return c.mentions[i].Start >= pos })
}

// wordAt returns the index of the first word starting at or after pos.
func (c *quoteCtx) wordAt(pos int) int {
	return sort.Search(len(c.words), func(i int) bool { return c.words[i].start >= pos })
}

// inQuote reports whether pos lies inside a direct quotation.
func (c *quoteCtx) inQuote(pos int) bool {
	k := sort.Search(len(c.quotes), func(i int) bool { return c.quotes[i].close >= pos })
	return k < len(c.quotes) && c.quotes[k].open < pos
}

// mentionIn returns the first person (else organisation) mention inside
// [start, end).
func (c *quoteCtx) mentionIn(start, end int) (storyline.Mention, bool) {
	var org storyline.Mention
	found := false
	for _, m := range c.mentions[c.mentionFrom(start):] {
		if m.Start >= end {
			break
		}
		if m.Type == storyline.Person {
			return m, true
		}
		if m.Type == storyline.Organization && !found {
			org, found = m, true
		}
	}
	return org, found
}

// isNumber reports whether the quoted words [first, last] are all
// numbers (“99.9” percent): no statement.
func (c *quoteCtx) isNumber(first, last int) bool {
	for _, w := range c.words[first : last+1] {
		if !w.digit {
			return false
		}
	}
	return true
}

// maxTitleWords bounds the quotations checked for titles of works.
const maxTitleWords = 8

// isTitleOfWork reports whether the quoted words [first, last] are a
// title of a show, a film or a book (“Morning Joe”, “The Late Show With
// Stephen Colbert”), not words someone said: every word capitalised or a
// function word, and a capitalised word past the first (“Thank you” is
// said).
func (c *quoteCtx) isTitleOfWork(first, last int) bool {
	inner := false
	for i, w := range c.words[first : last+1] {
		if !w.upper && !w.digit && !isStopword("en", strings.ToLower(w.s)) {
			return false
		}
		inner = inner || i > 0 && w.upper
	}
	return inner
}

// inMarkup reports whether pos lies inside a tag left in the text
// (`<tweet tweet-id="…">`): a '<' at most maxTagBytes before it, with no
// '>' or line break between. The bound keeps each look linear in the tag,
// not in the text before it (a text with no '<' was scanned whole for
// every quotation mark: quadratic).
func (c *quoteCtx) inMarkup(pos int) bool {
	for k := pos - 1; k >= 0 && k >= pos-maxTagBytes; k-- {
		switch c.text[k] {
		case '<':
			return true
		case '>', '\n':
			return false
		}
	}
	return false
}

// maxTagBytes is the longest tag inMarkup looks back over.
const maxTagBytes = 512

// maxIntroducerWords bounds the short sentence that introduces a
// quotation after it ("Iowa State University's Dianne Bystrom agreed.",
// "Continued Stone:").
const maxIntroducerWords = 10

// introducer finds the person of a short sentence, in the same paragraph,
// right before a quotation that opens its own sentence (lo is the
// sentence's first word).
func (c *quoteCtx) introducer(lo int, q qmark) (storyline.Mention, bool) {
	if lo == 0 || c.words[lo].start < q.open || strings.ContainsRune(c.text[c.words[lo-1].end:q.open], '\n') {
		return storyline.Mention{}, false
	}
	prev := lo - 1
	first := prev
	for first > 0 && c.words[first-1].sent == c.words[prev].sent {
		first--
	}
	if prev-first+1 > maxIntroducerWords || c.inQuote(c.words[first].start) {
		return storyline.Mention{}, false
	}
	if m, ok := c.mentionIn(c.words[first].start, c.words[prev].end); ok && m.Type == storyline.Person {
		return m, true
	}
	if _, _, ok := c.nameIn(first, prev+1); ok {
		// A name the gazetteer does not know ("Harbour master X agreed.").
		for _, m := range c.mentions[c.mentionFrom(c.words[first].start):] {
			if m.Start >= c.words[prev].end {
				break
			}
			if m.Type == storyline.OtherEntity {
				return m, true
			}
		}
	}
	return storyline.Mention{}, false
}

// maxSubjectGap bounds, in words, how far after a closing quotation mark
// a person may stand and still be the subject of the verb that follows
// (`“…,” an angry Hollande retaliated`).
const maxSubjectGap = 4

// sentencePerson finds the person a quotation's sentence is about when no
// speech verb attributes it: the first person named in the sentence
// before the opening mark, else a person named right after the closing
// mark and followed by a verb in the past tense. Word first is the
// quotation's first word.
func (c *quoteCtx) sentencePerson(first int, q qmark) (storyline.Mention, bool) {
	sent := c.words[first].sent
	lo := first
	for lo > 0 && c.words[lo-1].sent == sent {
		lo--
	}
	if lo < first {
		for _, m := range c.mentions[c.mentionFrom(c.words[lo].start):] {
			if m.Start >= q.open {
				break
			}
			// The subject opening the sentence, a name the gazetteer does
			// not know included ("Sen. Bernie Sanders (I-Vt.) visited …").
			subject := m.Start <= c.words[min(lo+2, first-1)].start && m.Type == storyline.OtherEntity
			if (m.Type == storyline.Person || subject) && !c.inQuote(m.Start) {
				return m, true
			}
		}
	}
	if m, ok := c.introducer(lo, q); ok {
		return m, true
	}
	k := c.wordAt(q.close)
	for e := k; e < len(c.words) && e-k <= maxSubjectGap && !c.inQuote(c.words[e].start); e++ {
		w := c.words[e]
		if e > k && !onlySpace(c.text[c.words[e-1].end:w.start]) {
			break
		}
		if !w.upper && strings.HasSuffix(w.s, "ed") && e > k {
			if m, ok := c.mentionIn(c.words[k].start, c.words[e-1].end); ok && m.Type == storyline.Person {
				return m, true
			}
			break
		}
	}
	return storyline.Mention{}, false
}

// lastPerson resolves a pronoun at pos: the first person named earlier in
// the same sentence, else the first person named in the nearest earlier
// sentence that names one (usually the subject, "Putin told Macron … He
// added").
func (c *quoteCtx) lastPerson(pos int) (storyline.Mention, bool) {
	k := c.mentionFrom(pos) - 1
	if k < 0 || c.lastPersonAt[k] < 0 {
		return storyline.Mention{}, false
	}
	return c.mentions[c.sentFirst[c.lastPersonAt[k]]], true
}

// speaker resolves the words [a, b) naming a speaker: a person or
// organisation named there, a pronoun (the last person named), or a
// description ("the aide"), resolved by role when a person with a matching
// title is named in the article ("Russia's top diplomat").
func (c *quoteCtx) speaker(a, b int) (string, storyline.Span, bool) {
	if a >= b {
		return "", storyline.Span{}, false
	}
	sp := storyline.Span{Start: c.words[a].start, End: c.words[b-1].end}
	if m, ok := c.mentionIn(sp.Start, sp.End); ok {
		return m.Name, m.Span, true
	}
	if b-a == 1 && pronouns[strings.ToLower(c.words[a].s)] {
		if m, ok := c.lastPerson(sp.Start); ok {
			return m.Name, sp, true
		}
		return "", sp, false
	}
	if b-a > 6 {
		return "", storyline.Span{}, false
	}
	desc := c.text[sp.Start:sp.End]
	head := strings.ToLower(c.words[b-1].s)
	first := c.words[a]
	if !descStarts[first.key] && stripPossessive(first) == first.end && !lowerTitles[head] && !roleNouns[head] {
		// Not a description of a source: a name the entities missed?
		return c.nameIn(a, b)
	}
	for _, w := range c.words[a:b] {
		if auxiliaries[strings.ToLower(w.s)] {
			return "", storyline.Span{}, false // a clause, not a description ("the channel was too shallow")
		}
	}
	if c.words[b-1].upper && !lowerTitles[head] && !roleNouns[head] {
		// "the Harbour Gazette": a name after the article.
		if name, nsp, ok := c.nameIn(a, b); ok {
			return name, nsp, true
		}
	}
	if titles, ok := roleTitles[head]; ok {
		if m, ok := c.nearestTitled(titles, sp.Start); ok {
			return m.Name, sp, true
		}
	}
	return desc, sp, true
}

// nameIn finds a name among the words [a, b) of a speaker's place when no
// person or organisation was recognised there: a mention of another type
// (a name the gazetteer does not know, "Craig Varoga"), else a run of
// capitalised words ("Toomey fumed"), without the titles before it.
func (c *quoteCtx) nameIn(a, b int) (string, storyline.Span, bool) {
	start, end := c.words[a].start, c.words[b-1].end
	for _, m := range c.mentions[c.mentionFrom(start):] {
		if m.Start >= end {
			break
		}
		return m.Name, m.Span, true
	}
	for i := a; i < b; i++ {
		if !c.nameWord(i) {
			continue
		}
		j := i + 1
		for j < b && c.nameWord(j) && nameGap(c.text, c.words[j-1], c.words[j]) {
			j++
		}
		if j < b && !c.words[j].upper && !c.words[j].digit && nameGap(c.text, c.words[j-1], c.words[j]) {
			return "", storyline.Span{}, false // a modifier: "Trump supporters"
		}
		sp := storyline.Span{Start: c.words[i].start, End: stripPossessive(c.words[j-1])}
		return c.text[sp.Start:sp.End], sp, true
	}
	return "", storyline.Span{}, false
}

// nameWord reports whether word i may be part of a person's name: a
// capitalised word that is not a title, a function word starting the
// sentence, a nationality or a month.
func (c *quoteCtx) nameWord(i int) bool {
	w := c.words[i]
	if !w.upper || w.digit {
		return false
	}
	k := strings.ToLower(w.key)
	if titles[k] || lowerTitles[k] || nonNames[k] || demonyms[k] || pronouns[k] || roleNouns[k] || descStarts[k] {
		return false
	}
	return !(w.initial && isStopword("en", k))
}

// auxiliaries are verbs that make a clause of a run of words: a source
// described by a noun phrase never holds one.
var auxiliaries = toSet("is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
	"would", "can", "could", "should", "may", "might", "must", "do", "does", "did", "shall")

// isPronoun reports whether the words [a, b) are one personal pronoun.
func (c *quoteCtx) isPronoun(a, b int) bool {
	return b-a == 1 && pronouns[strings.ToLower(c.words[a].s)]
}

// titleWindow is how far before a person's name a role title is looked
// for ("Foreign Minister X"), in bytes.
const titleWindow = 40

// nearestTitled returns the person mention nearest to pos (the earlier
// on a tie) that one of titles precedes.
func (c *quoteCtx) nearestTitled(titles []string, pos int) (storyline.Mention, bool) {
	if c.titled == nil {
		c.titled = map[string][]int32{}
		for k, m := range c.mentions {
			if m.Type != storyline.Person {
				continue
			}
			pre := strings.TrimSpace(strings.ToLower(c.text[max(0, m.Start-titleWindow):m.Start]))
			for _, ts := range roleTitles {
				for _, t := range ts {
					if l := c.titled[t]; strings.HasSuffix(pre, t) && (len(l) == 0 || l[len(l)-1] != int32(k)) {
						c.titled[t] = append(c.titled[t], int32(k))
					}
				}
			}
		}
	}
	best, bestDist := int32(-1), 1<<30
	consider := func(k int32) {
		d := c.mentions[k].Start - pos
		if d < 0 {
			d = -d
		}
		if d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	for _, t := range titles {
		list := c.titled[t]
		i := sort.Search(len(list), func(i int) bool { return c.mentions[list[i]].Start >= pos })
		if i < len(list) {
			consider(list[i])
		}
		if i > 0 {
			consider(list[i-1])
		}
	}
	if best < 0 {
		return storyline.Mention{}, false
	}
	return c.mentions[best], true
}

// findQuotes finds direct quotes with their speakers and cues, then
// reported speech ("Lavrov said Russia does not want war").
func findQuotes(text string, sents []storyline.Span, words []word, mentions []storyline.Mention, opts Options) []storyline.QuoteMention {
	c := newQuoteCtx(text, words, mentions)
	var out []storyline.QuoteMention
	var open []bool   // out[i] was left open for the next paragraph
	var ownCue []bool // out[i] was attributed by a cue of its own
	var marks []qmark // the quotation of out[i]
	var prev storyline.QuoteMention
	var prevMark qmark
	for _, q := range c.quotes {
		first := c.wordAt(q.in.Start)
		if first >= len(words) || words[first].start >= q.in.End {
			continue
		}
		last := c.wordAt(q.in.End) - 1
		nWords := last - first + 1
		if n, ok := unspacedWords(text[q.in.Start:q.in.End]); ok {
			nWords = max(nWords, n) // Chinese, Japanese: no spaces between words
		}
		qm := storyline.QuoteMention{Span: q.in, Direct: true}
		adjacent := c.attribute(q, first, last, &qm)
		own := qm.Cue != ""
		if qm.Cue == "" && prev.Cue != "" && c.sameVoice(prev, prevMark.close, q) &&
			(nWords > opts.ScareQuoteWords || c.continues(prev, prevMark, q)) {
			// A quote continued after the speaker was named.
			qm.Speaker, qm.SpeakerSpan, qm.Cue = prev.Speaker, prev.SpeakerSpan, prev.Cue
			adjacent = true
		}
		if qm.Speaker == "" {
			// No speech verb: the person the sentence is about ("X called
			// the ruling “a huge win”", "“…,” an angry X retaliated").
			if m, ok := c.sentencePerson(first, q); ok {
				qm.Speaker, qm.SpeakerSpan = m.Name, m.Span
			}
		}
		if nWords <= opts.ScareQuoteWords && !adjacent && qm.Speaker == "" ||
			nWords <= maxTitleWords && c.isTitleOfWork(first, last) || c.inMarkup(q.open) || c.isNumber(first, last) {
			continue
		}
		out = append(out, qm)
		open = append(open, q.openEnded)
		ownCue = append(ownCue, own)
		marks = append(marks, q)
		prev, prevMark = qm, q
	}
	// A paragraph left open takes the speaker named at the end of the
	// quotation's last paragraph.
	for i := len(out) - 2; i >= 0; i-- {
		if open[i] && out[i].Cue == "" && out[i+1].Cue != "" {
			out[i].Speaker, out[i].SpeakerSpan, out[i].Cue = out[i+1].Speaker, out[i+1].SpeakerSpan, out[i+1].Cue
		}
	}
	out = c.joinPieces(out, ownCue, marks)
	out = dropNested(out, append(c.reported(), c.attributed(sents)...))
	slices.SortStableFunc(out, func(x, y storyline.QuoteMention) int { return x.Start - y.Start })
	return out
}

// sameVoice reports whether quotation q, without a cue of its own, goes
// on with the voice of the quote prev, whose quotation closed at
// prevClose: in the same paragraph, or opening the next one (a quotation
// running over paragraphs), with no other person or organisation named
// in between (`“A,” Hoff said. Brandt disagreed. “B.”` is not Hoff's).
func (c *quoteCtx) sameVoice(prev storyline.QuoteMention, prevClose int, q qmark) bool {
	if q.open < prevClose {
		return false
	}
	between := c.text[prevClose:q.open]
	// Past the end of prev's paragraph, only blank lines may come before
	// the quotation.
	lines := strings.Split(between, "\n")
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	attribution := -1 // the sentence naming prev's speaker after its quotation
	if prev.SpeakerSpan.Start >= prevClose {
		attribution = c.sentOf(prev.SpeakerSpan.Start)
	}
	for _, m := range c.mentions[c.mentionFrom(prevClose):] {
		if m.Start >= q.open {
			break
		}
		if (m.Type == storyline.Person || m.Type == storyline.Organization) && m.Name != prev.Speaker && c.sentOf(m.Start) != attribution {
			return false
		}
	}
	return true
}

// maxBetweenPieces bounds, in bytes, the text between two pieces of one
// quotation broken by its attribution (`“…,” the senator from Ohio told
// reporters on Tuesday. “…”`): longer, and the narrative has moved on.
const maxBetweenPieces = 300

// joinPieces makes one quote of a quotation broken by its attribution
// (`“A,” Lavrov said. “B.”`, `“A,” he said, “B.”`): the second piece,
// with no cue of its own, in the same paragraph, after only the first
// piece's attribution, continues the first. The joined span runs from the
// first piece's words to the last piece's, attribution included, so that
// it stays one verbatim slice of the text.
func (c *quoteCtx) joinPieces(qs []storyline.QuoteMention, ownCue []bool, marks []qmark) []storyline.QuoteMention {
	var out []storyline.QuoteMention
	lastMark := -1
	for i, q := range qs {
		// The second piece's own cue may be the first's attribution
		// (`“A,” X said, “B.”`), read before it.
		shared := ownCue[i] && q.SpeakerSpan.End <= marks[i].open && lastMark >= 0 && q.SpeakerSpan.Start >= marks[lastMark].close
		if n := len(out); n > 0 && (!ownCue[i] || shared) && c.continues(out[n-1], marks[lastMark], marks[i]) ||
			n > 0 && !ownCue[i] && c.fragments(marks[lastMark], marks[i]) {
			out[n-1].End = q.End
			if out[n-1].Speaker == "" {
				out[n-1].Speaker, out[n-1].SpeakerSpan = q.Speaker, q.SpeakerSpan
			}
			lastMark = i
			continue
		}
		out = append(out, q)
		lastMark = i
	}
	return out
}

// maxAttributionWords bounds the words of an attribution between two
// pieces of one quotation: speaker, cue, a time or audience and a short
// description of the speaker (“said Anna Berg, a spokeswoman for the
// committee raising funds for the convention”).
const maxAttributionWords = 40

// relatives open a relative clause.
var relatives = toSet("who", "which", "whom")

// continues reports whether quotation next continues the quote prev whose
// last piece is the quotation last: same paragraph, and between them only
// prev's attribution (a speaker, one cue, a time or an audience, a
// description of the speaker), and at most one more sentence that names
// no one else.
func (c *quoteCtx) continues(prev storyline.QuoteMention, last, next qmark) bool {
	if prev.Cue == "" || last.openEnded || next.open <= last.close || next.open-last.close > maxBetweenPieces {
		return false
	}
	if strings.ContainsRune(c.text[last.close:next.open], '\n') {
		return false
	}
	if prev.SpeakerSpan.Start < last.close || prev.SpeakerSpan.End > next.open {
		return false // the speaker is named before the quote: "X said: “A.” “B.”" are two
	}
	a, b := c.wordAt(last.close), c.wordAt(next.open)
	if b-a > maxAttributionWords || b > a && c.words[b-1].sent-c.words[a].sent > 1 {
		return false
	}
	if b > a && c.words[b-1].sent != c.words[a].sent {
		// A sentence after the attribution, about no one else, may stand
		// between the pieces (`“A,” Berg said. The town is small. “B.”`).
		k := a
		for k < b && c.words[k].sent == c.words[a].sent {
			k++
		}
		if m, ok := c.mentionIn(c.words[k].start, c.words[b-1].end); ok && m.Name != prev.Speaker {
			return false
		}
	}
	if c.wordAt(prev.SpeakerSpan.Start)-a > maxAttributionLead {
		return false // `“A” that X can win, said Y. “B”`: narrative first
	}
	cues := 0
	nextSent := c.sentOf(next.in.Start)
	for i, w := range c.words[a:b] {
		if speechParticiple(w.s) {
			return false
		}
		if !quoteCues[w.s] {
			continue
		}
		if a+i+1 < b && c.words[a+i+1].s == "that" {
			return false // "who added that …": a statement of its own
		}
		// A cue in a relative or a subordinate clause describes the
		// speaker or the moment ("said Capt. X, who said he would not
		// vote", "said when asked about …"), unless the next quotation
		// goes on in its sentence (`said X, who said there were “…”`).
		before := ""
		if i > 0 {
			before = strings.ToLower(c.words[a+i-1].s)
		}
		switch {
		case relatives[before] && w.sent == nextSent:
			return false
		case relatives[before] || subordinators[before]:
		default:
			cues++
		}
	}
	return cues == 1
}

// speechParticiple reports whether w is the present participle of a
// speech verb ("adding", "noting", "explaining", "arguing"): after an
// attribution it starts a statement of its own (`“A,” she said, adding
// that “B”`), and the next quotation is another statement.
func speechParticiple(w string) bool {
	stem, ok := strings.CutSuffix(w, "ing")
	return ok && len(stem) > 1 && (quoteCues[stem+"ed"] || quoteCues[stem+"s"] || quoteCues[stem+"d"])
}

// maxAttributionLead bounds the words between a quotation's closing mark
// and its speaker's name in an attribution (`,” panel Chairman Rep. X
// said`); more, and the sentence goes on with the narrative first.
const maxAttributionLead = 4

// subordinators open a clause about the moment of speaking ("when
// asked").
var subordinators = toSet("when", "if", "after", "before", "while", "as", "once", "until")

// maxFragmentGap bounds the words between two quoted fragments of one
// sentence that make one statement (`called it “divisive” and
// “mean-spirited”`).
const maxFragmentGap = 12

// fragments reports whether quotation next is another fragment of the
// sentence of quotation last, with no speech verb between them: the
// words of one statement quoted in pieces.
func (c *quoteCtx) fragments(last, next qmark) bool {
	if last.openEnded || next.open <= last.close || strings.ContainsRune(c.text[last.close:next.open], '\n') {
		return false
	}
	a, b := c.wordAt(last.close), c.wordAt(next.open)
	if b-a > maxFragmentGap || c.sentOf(last.in.Start) != c.sentOf(next.in.Start) {
		return false
	}
	for _, w := range c.words[a:b] {
		if quoteCues[w.s] {
			return false
		}
	}
	return true
}

// dropNested adds the reported statements to the direct quotes, one quote
// per statement: a direct quote inside a reported clause (`he said the
// talks would “continue in the coming weeks”`) is a piece of that
// statement, which keeps the direct words within it. A reported clause
// that cuts a direct quote in two was read across the quotation's edge,
// and the direct quote stays instead.
func dropNested(direct, reported []storyline.QuoteMention) []storyline.QuoteMention {
	slices.SortStableFunc(reported, func(x, y storyline.QuoteMention) int { return x.Start - y.Start })
	longest := 0
	for _, r := range reported {
		longest = max(longest, r.Len())
	}
	cut := make([]bool, len(reported))
	var out []storyline.QuoteMention
	for _, d := range direct {
		nested := false
		from := sort.Search(len(reported), func(i int) bool { return reported[i].Start >= d.Start-longest })
		for k, r := range reported[from:] {
			if r.Start >= d.End {
				break
			}
			switch {
			case r.Start <= d.Start && r.End >= d.End:
				nested = true
			case r.End > d.Start:
				cut[from+k] = true
			}
		}
		if !nested {
			out = append(out, d)
		}
	}
	for k, r := range reported {
		if !cut[k] {
			out = append(out, r)
		}
	}
	return out
}

// attribute finds the speaker of a direct quote, after it (`"…," Lavrov
// said`, `"…", said Stoltenberg`) or before it ("according to X", `X said:
// "…"`). It reports whether the cue stands right beside the quote.
func (c *quoteCtx) attribute(q qmark, first, last int, qm *storyline.QuoteMention) bool {
	words := c.words
	// After the closing mark, within the sentence.
	k := c.wordAt(q.close)
	sent := words[last].sent
	if k < len(words) && (words[k].sent == sent || words[k].sent == sent+1) && !strings.ContainsAny(c.text[q.close:words[k].start], "\n.?!") &&
		!c.endsSentence(q, words[k]) {
		if strings.EqualFold(words[k].s, "according") && k+1 < len(words) && words[k+1].s == "to" {
			// `“…” according to CNN.`
			e := k + 2
			for e < len(words) && e-k <= 8 && words[e].sent == words[k].sent && !strings.Contains(c.text[words[e-1].end:words[e].start], ",") {
				e++
			}
			if name, sp, ok := c.speaker(k+2, e); ok {
				qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, "according to"
				return true
			}
		}
		if quoteCues[words[k].s] {
			// `"…", said Stoltenberg`, `"…," said the aide`.
			e := k + 1
			for e < len(words) && e-k <= 6 && nameGap(c.text, words[e-1], words[e]) && !c.inQuote(words[e].start) {
				e++
			}
			if name, sp, ok := c.speaker(k+1, e); ok || c.isPronoun(k+1, e) {
				// `“…,” she said` with no one named before: the cue still
				// attributes the quotation, to a speaker left unknown.
				qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, words[k].s
				return true
			}
		}
		paren := 0 // inside "(R-Utah)" periods do not end the sentence
		for e := k; e < len(words) && e-k < 24; e++ {
			gap := ""
			if e > k {
				gap = c.text[words[e-1].end:words[e].start]
			}
			paren += strings.Count(gap, "(") - strings.Count(gap, ")")
			if c.inQuote(words[e].start) || e > k && paren <= 0 && !nameGap(c.text, words[e-1], words[e]) &&
				strings.ContainsAny(gap, ".?!;\"“”«»\n") {
				break
			}
			if paren > 0 {
				continue
			}
			if quoteCues[strings.ToLower(words[e].s)] && e > k {
				b := e
				for b > k && subjectAdverbs[words[b-1].s] {
					b--
				}
				if name, sp, ok := c.speaker(k, b); ok || c.isPronoun(k, b) {
					qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, strings.ToLower(words[e].s)
					return true
				}
				// `“…” X, the head of Y, told AFP`: the name before the
				// description.
				if j := c.firstComma(k, b); j > k {
					if name, sp, ok := c.speaker(k, j); ok {
						qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, strings.ToLower(words[e].s)
						return true
					}
				}
				break
			}
		}
	}
	// Before the opening mark, within the sentence.
	s := first - 1
	lo := s
	for lo >= 0 && words[lo].sent == words[first].sent {
		lo--
	}
	lo++
	// The words before the opening mark that follow an earlier quotation
	// of the sentence: a name inside that quotation is no subject, and a
	// cue right after it is that quotation's own attribution (`“A,” said
	// X, R-S.C. “B.”`), naming the speaker after the cue.
	if after, ok := c.afterQuotation(lo, s); ok {
		if after <= s && quoteCues[words[after].s] {
			if name, sp, ok := c.invertedSpeaker(after, s); ok {
				qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, words[after].s
				return false
			}
		}
		lo = after
	}
	for i := lo; i+1 <= s; i++ {
		if strings.EqualFold(words[i].s, "according") && words[i+1].s == "to" {
			e := i + 2
			for e <= s && !strings.Contains(c.text[words[e-1].end:words[e].start], ",") {
				e++
			}
			if name, sp, ok := c.speaker(i+2, e); ok {
				qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, "according to"
				return e > s
			}
		}
	}
	for e := s; e > lo && e > s-12; e-- {
		if !quoteCues[words[e].s] || c.inQuote(words[e].start) {
			continue
		}
		b := e
		for b > lo && subjectAdverbs[words[b-1].s] {
			b--
		}
		gap := c.text[words[e].end:q.open]
		beside := e == s && len(strings.TrimSpace(strings.Trim(gap, ":,"))) == 0
		if m, ok := c.setOffSubject(lo, b); ok {
			// "Clinton, at a town hall in Columbus, Ohio, said: “…”".
			qm.Speaker, qm.SpeakerSpan, qm.Cue = m.Name, m.Span, words[e].s
			return beside
		}
		a := subjectStart(c, lo, b)
		if name, sp, ok := c.speaker(a, b); ok {
			qm.Speaker, qm.SpeakerSpan, qm.Cue = name, sp, words[e].s
			return beside
		}
		// The subject is further back ("Senator X, one of …, said: “…”"):
		// the first person named in the sentence.
		if m, ok := c.mentionIn(words[lo].start, words[e].start); ok && m.Type == storyline.Person {
			qm.Speaker, qm.SpeakerSpan, qm.Cue = m.Name, m.Span, words[e].s
			return beside
		}
		break
	}
	return false
}

// afterQuotation returns the first word after the last quotation that
// closes among the words [lo, s], when one does.
func (c *quoteCtx) afterQuotation(lo, s int) (int, bool) {
	if lo > s {
		return 0, false
	}
	k := sort.Search(len(c.quotes), func(i int) bool { return c.quotes[i].close >= c.words[s].end })
	if k == 0 || c.quotes[k-1].close < c.words[lo].start {
		return 0, false
	}
	return c.wordAt(c.quotes[k-1].close), true
}

// invertedSpeaker finds the speaker named after a cue that follows a
// quotation (`“…,” said Sen. X, R-S.C.`): the words after the cue up to
// a comma, at most maxInvertedSpeaker of them, ending before word s+1.
func (c *quoteCtx) invertedSpeaker(cue, s int) (string, storyline.Span, bool) {
	e := cue + 1
	for e <= s && e-cue <= maxInvertedSpeaker && !c.inQuote(c.words[e].start) &&
		(e == cue+1 || !strings.Contains(c.text[c.words[e-1].end:c.words[e].start], ",")) {
		e++
	}
	return c.speaker(cue+1, e)
}

// maxInvertedSpeaker bounds the words naming a speaker after the cue
// ("said Senate Minority Leader Harry M. Reid").
const maxInvertedSpeaker = 6

// firstComma returns the first word in (a, b) that a comma precedes, or
// -1.
func (c *quoteCtx) firstComma(a, b int) int {
	for j := a + 1; j < b; j++ {
		if strings.Contains(c.text[c.words[j-1].end:c.words[j].start], ",") {
			return j
		}
	}
	return -1
}

// endsSentence reports whether quotation q closes its sentence: its words
// end with a period and the next word w is capitalised (`“… values.” He
// said …`), so that what follows is not its attribution. A question or an
// exclamation may still be followed by one (`“Why?” Lavrov asked.`).
// A short sentence that only names a speaker and a cue (`“… missing.”
// Trump said.`) is its attribution all the same.
func (c *quoteCtx) endsSentence(q qmark, w word) bool {
	return w.upper && strings.HasSuffix(c.text[q.in.Start:q.in.End], ".") && !c.bareAttribution(c.wordAt(w.start))
}

// maxBareAttribution bounds the words of a sentence that is only an
// attribution (“Senate Majority Leader Mitch McConnell said.”).
const maxBareAttribution = 7

// bareAttribution reports whether the sentence from word k on is a short
// one ending with a speech verb, or with one and a time (“Trump said
// Tuesday.”): a speaker and a cue, nothing said.
func (c *quoteCtx) bareAttribution(k int) bool {
	j := k
	for j+1 < len(c.words) && c.words[j+1].sent == c.words[k].sent {
		j++
	}
	if j-k+1 > maxBareAttribution || c.inQuote(c.words[j].start) {
		return false
	}
	for e := j; e > k && e >= j-1; e-- {
		if quoteCues[c.words[e].s] {
			return true
		}
		if !reportedSkip[strings.ToLower(c.words[e].s)] {
			return false
		}
	}
	return false
}

// maxSetOff bounds, in words, the description or circumstance set off by
// commas between a subject and its speech verb ("X, a pollster who works
// with Y, said").
const maxSetOff = 20

// setOffSubject finds the subject of a speech verb at word b when a part
// set off by commas stands between them: the sentence, starting at word
// lo, opens with a name followed by a comma, and a comma comes right
// before the verb ("Clinton, at a town hall in Columbus, Ohio, said").
func (c *quoteCtx) setOffSubject(lo, b int) (storyline.Mention, bool) {
	if b-lo < 3 || b-lo > maxSetOff || !strings.Contains(c.text[c.words[b-1].end:c.words[b].start], ",") {
		return storyline.Mention{}, false
	}
	k := c.mentionFrom(c.words[lo].start)
	if k >= len(c.mentions) {
		return storyline.Mention{}, false
	}
	m := c.mentions[k]
	// The name may follow a title ("Sen. X,", "Iowa State University's X,").
	if m.Start > c.words[min(lo+3, b-1)].start || m.Type == storyline.Place || m.Type == storyline.Organization && m.Start != c.words[lo].start {
		return storyline.Mention{}, false
	}
	after := strings.TrimLeft(c.text[m.End:], " ")
	if strings.HasPrefix(after, "(") { // "Sen. X (R-Utah),"
		if p := strings.IndexByte(after, ')'); p > 0 && p < 20 {
			after = strings.TrimLeft(after[p+1:], " ")
		}
	}
	if !strings.HasPrefix(after, ",") || c.inQuote(m.Start) {
		return storyline.Mention{}, false
	}
	return m, true
}

// subjectStart finds where the subject ending before word b starts: the
// mention that ends there, a pronoun, or a short description back to its
// determiner.
func subjectStart(c *quoteCtx, lo, b int) int {
	if b <= lo {
		return b
	}
	end := c.words[b-1].end
	bare := stripPossessive(c.words[b-1])
	for _, m := range c.mentions[c.mentionFrom(end-c.maxMention):] {
		if m.Start > end {
			break
		}
		if m.End == end || m.End == bare && m.Start >= c.words[b-1].start {
			return c.wordAt(m.Start)
		}
	}
	if pronouns[strings.ToLower(c.words[b-1].s)] {
		return b - 1
	}
	if !lowerTitles[strings.ToLower(c.words[b-1].s)] {
		return b
	}
	for a := b - 1; a >= lo && a >= b-5; a-- {
		w := strings.ToLower(c.words[a].s)
		if w == "the" || w == "a" || w == "an" || stripPossessive(c.words[a]) != c.words[a].end {
			return a
		}
	}
	return b - 1
}

// reportedSkip are time words between a cue and the reported clause
// ("said Friday the …").
var reportedSkip = toSet("earlier", "later", "yesterday", "today", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "also", "again", "repeatedly", "publicly", "privately")

// clauseNot are words that cannot start a reported clause: after them the
// clause needs a "that" ("said in an interview that …").
var clauseNot = toSet("to", "in", "on", "at", "with", "by", "for", "of", "from", "this", "it", "so",
	"during", "after", "before", "while", "when", "about", "as", "earlier", "last", "a", "an", "and",
	"but", "or", "via", "through", "into", "over", "under", "later", "these", "those", "nothing", "something")

// objectCues take a person as object before the clause ("told Macron
// that …").
var objectCues = toSet("told", "tells", "warned", "warns", "urged", "reminded", "assured", "informed",
	"asked", "asks", "replies", "replied")

// cueParticles are the particles of phrasal cues ("pointed out"): without
// it the verb is no cue ("pointed to the map").
var cueParticles = map[string]string{"pointed": "out", "points": "out"}

// afterAddressee skips "to X" at word k, the person addressed by a phrasal
// cue ("pointed out to Macron the importance …"), and returns the word
// after it (k when there is none).
func (c *quoteCtx) afterAddressee(k int) int {
	if k+1 >= len(c.words) || c.words[k].s != "to" {
		return k
	}
	for _, m := range c.mentions[c.mentionFrom(c.words[k+1].start):] {
		if m.Start == c.words[k+1].start {
			return c.wordAt(m.End)
		}
		break
	}
	return k
}

// reported finds reported speech: a named (or pronoun, or described)
// speaker, a cue verb, and the clause it reports, outside direct quotes.
func (c *quoteCtx) reported() []storyline.QuoteMention {
	var out []storyline.QuoteMention
	words := c.words
	for e := 1; e < len(words); e++ {
		w := words[e]
		cue := w.s
		if !quoteCues[cue] || c.inQuote(w.start) {
			continue
		}
		sent := w.sent
		lo := e
		for lo > 0 && words[lo-1].sent == sent {
			lo--
		}
		b := e
		for b > lo && subjectAdverbs[words[b-1].s] {
			b--
		}
		if b == lo || stripPossessive(words[b-1]) != words[b-1].end {
			continue // "Mr. Clinton's remarks": a noun
		}
		var name string
		var sp storyline.Span
		subject := 0 // where the subject starts
		if m, ok := c.setOffSubject(lo, b); ok {
			// "Garin, a pollster who works with X, said …".
			name, sp, subject = m.Name, m.Span, m.Start
		} else {
			if !onlySpace(c.text[words[b-1].end:words[b].start]) {
				continue // "Biden, while …, has warned": too far to tell
			}
			a := subjectStart(c, lo, b)
			if a >= b || c.inQuote(words[a].start) {
				continue
			}
			if name, sp, ok = c.speaker(a, b); !ok {
				continue
			}
			subject = words[a].start
		}
		// The clause: after "that" when one comes soon, else right after the
		// cue (and a time: "said Friday the …").
		k := e + 1
		if p, ok := cueParticles[cue]; ok {
			// "pointed out [to Macron] [that] …": the particle belongs to the cue.
			if k >= len(words) || words[k].s != p {
				continue
			}
			k = c.afterAddressee(k + 1)
		}
		if k >= len(words) || words[k].sent != sent {
			continue
		}
		gap := c.text[words[k-1].end:words[k].start]
		if strings.ContainsAny(gap, ",:\"“«") {
			continue
		}
		that := -1
		for x := k; x < len(words) && x < k+12 && words[x].sent == sent; x++ {
			if words[x].s == "that" {
				that = x
				break
			}
			if x > k && strings.ContainsAny(c.text[words[x-1].end:words[x].start], ".;,\"“«") {
				break
			}
		}
		next := strings.ToLower(words[k].s)
		takesObject := objectCues[cue] && next != "that"
		switch {
		case that >= 0 && (that == k || takesObject || reportedSkip[next] || clauseNot[next]):
			k = that + 1
		case c.followsQuotation(subject):
			// `“…,” X said happily on MSNBC`: the attribution of a direct
			// quote; what follows the cue is its circumstance.
			continue
		case takesObject:
			// "Putin tells Macron the West has …": the clause after the object.
			m, ok := c.mentionIn(words[k].start, words[k].end+1)
			if !ok || m.Start != words[k].start {
				continue
			}
			k = c.wordAt(m.End)
			if k < len(words) && words[k].start < m.End {
				k++
			}
		case clauseNot[next]:
			continue
		default:
			for k < len(words) && words[k].sent == sent && reportedSkip[strings.ToLower(words[k].s)] && k < e+4 {
				k++
			}
			if k < len(words) && clauseNot[strings.ToLower(words[k].s)] {
				continue
			}
		}
		if k >= len(words) || strings.ContainsAny(c.text[words[k-1].end:words[k].start], ",;:") {
			continue
		}
		if k >= len(words) || words[k].sent != sent || c.inQuote(words[k].start) && c.quoteStartsAt(words[k].start) {
			continue
		}
		if auxiliaries[strings.ToLower(words[k].s)] {
			if k > 0 && words[k-1].s == "that" && k-1 > e {
				k-- // "said that was …": "that" is the clause's subject
			} else if !c.relativeBefore(subject) {
				continue // "everything he says is …": no statement
			}
		}
		last := k
		for last+1 < len(words) && words[last+1].sent == sent {
			last++
		}
		if cut := c.trailingSource(k, last); cut >= 0 {
			last = cut // "…, the Kremlin said." is not part of the clause
		}
		if cut := c.nextStatement(k, last); cut >= 0 {
			last = cut // "…, and Trump vowed to …" is another statement
		}
		if last-k+1 < 3 {
			continue
		}
		span := storyline.Span{Start: words[k].start, End: words[last].end}
		// Keep a closing quotation mark of a partial quote inside the clause.
		if c.inQuote(span.End) {
			if q := c.quoteAround(span.End); q != nil {
				_, sz := utf8.DecodeRuneInString(c.text[q.close:])
				span.End = q.close + sz
			}
		}
		if strings.HasSuffix(c.text[span.Start:span.End], ".") && !strings.HasSuffix(words[last].s, ".") {
			span.End--
		}
		out = append(out, storyline.QuoteMention{Span: span, Speaker: name, SpeakerSpan: sp, Cue: cue})
	}
	return out
}

// followsQuotation reports whether pos follows the closing mark of a
// quotation with only punctuation, space and a few titles between them
// (`“…,” X`, `“…,” panel Chairman Rep. X`).
func (c *quoteCtx) followsQuotation(pos int) bool {
	k := sort.Search(len(c.quotes), func(i int) bool { return c.quotes[i].close >= pos })
	if k == 0 || c.quotes[k-1].openEnded {
		return false
	}
	if last := c.wordAt(c.quotes[k-1].in.End) - 1; last < 0 || c.words[last].sent != c.sentOf(pos) {
		return false // the quotation ended its sentence
	}
	gap := strings.TrimLeftFunc(c.text[c.quotes[k-1].close:pos], func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\n'
	})
	if strings.ContainsAny(gap, ",;:!?\n") {
		return false
	}
	// Titles may stand before the name (`,” panel Chairman Rep. X`), not
	// a conjunction (`,” though she noted`).
	lead := strings.Fields(gap)
	for _, w := range lead {
		if conjunctions[strings.ToLower(w)] {
			return false
		}
	}
	return len(lead) <= maxAttributionLead
}

// conjunctions join a clause of its own to a sentence.
var conjunctions = toSet("and", "but", "or", "though", "although", "while", "yet", "so", "whereas", "because")

// relativeBefore reports whether a relative pronoun stands right before
// the subject at pos ("which he said were …", "who she said is …"): the
// clause reported is the relative clause's, subject omitted.
func (c *quoteCtx) relativeBefore(pos int) bool {
	k := c.wordAt(pos)
	return k > 0 && (relatives[strings.ToLower(c.words[k-1].s)] || c.words[k-1].s == "that" || c.words[k-1].s == "what")
}

// quoteStartsAt reports whether a direct quote's words start at pos.
func (c *quoteCtx) quoteStartsAt(pos int) bool {
	q := c.quoteAround(pos)
	return q != nil && q.in.Start == pos
}

func (c *quoteCtx) quoteAround(pos int) *qmark {
	k := sort.Search(len(c.quotes), func(i int) bool { return c.quotes[i].close >= pos })
	if k < len(c.quotes) && c.quotes[k].open < pos {
		return &c.quotes[k]
	}
	return nil
}

// attributed finds reported statements whose source stands at one end of
// the sentence after a comma: "…, Mayor X said.", "…, said the aide.",
// "…, according to the planning office." and "According to X, …".
func (c *quoteCtx) attributed(sents []storyline.Span) []storyline.QuoteMention {
	var out []storyline.QuoteMention
	words := c.words
	for lo := 0; lo < len(words); {
		hi := lo
		for hi+1 < len(words) && words[hi+1].sent == words[lo].sent {
			hi++
		}
		if q, ok := c.attributedSentence(lo, hi); ok {
			out = append(out, q)
		}
		lo = hi + 1
	}
	return out
}

func (c *quoteCtx) attributedSentence(lo, hi int) (storyline.QuoteMention, bool) {
	var none storyline.QuoteMention
	words := c.words
	if hi-lo < 5 {
		return none, false
	}
	// Sentences holding a real direct quotation are the direct quote's.
	for k := lo; k <= hi; k++ {
		if q := c.quoteAround(words[k].start); q != nil && (k-lo < 2 || len(strings.Fields(c.text[q.in.Start:q.in.End])) > 3) {
			return none, false
		}
	}
	comma := func(k int) bool { return strings.Contains(c.text[words[k-1].end:words[k].start], ",") }
	// "According to X, clause."
	if strings.EqualFold(words[lo].s, "according") && words[lo+1].s == "to" {
		e := lo + 2
		for e <= hi && !comma(e) {
			e++
		}
		if e+2 > hi || e-lo > 10 {
			return none, false
		}
		name, sp, ok := c.speaker(lo+2, e)
		if !ok {
			return none, false
		}
		if n, ok := c.appositive(e, hi); ok {
			// "According to the head of the State Department, Anthony
			// Blinken, …": the person named after the description.
			name, sp = c.text[c.words[e].start:c.words[n-1].end], storyline.Span{Start: c.words[e].start, End: c.words[n-1].end}
			if m, ok := c.mentionIn(sp.Start, sp.End); ok && m.Type == storyline.Person {
				name, sp = m.Name, m.Span
			}
			e = n
		}
		return storyline.QuoteMention{Span: storyline.Span{Start: words[e].start, End: words[hi].end}, Speaker: name, SpeakerSpan: sp, Cue: "according to"}, true
	}
	// "clause, X said [on Friday]." / "clause, said X." / "clause, according to X."
	for k := hi; k > lo+3 && k > hi-10; k-- {
		if !comma(k) {
			continue
		}
		if c.inQuote(words[k].start) || c.inQuote(words[k-1].start) {
			return none, false
		}
		clause := storyline.Span{Start: words[lo].start, End: words[k-1].end}
		if strings.EqualFold(words[k].s, "according") && k+1 <= hi && words[k+1].s == "to" {
			if name, sp, ok := c.speaker(k+2, hi+1); ok {
				return storyline.QuoteMention{Span: clause, Speaker: name, SpeakerSpan: sp, Cue: "according to"}, true
			}
			return none, false
		}
		if quoteCues[words[k].s] {
			e := k + 1
			for e <= hi && e-k <= 6 {
				e++
			}
			if name, sp, ok := c.speaker(k+1, e); ok && e-k <= 6 && c.leads(k+1, sp) {
				return storyline.QuoteMention{Span: clause, Speaker: name, SpeakerSpan: sp, Cue: words[k].s}, true
			}
			return none, false
		}
		for e := k + 1; e <= hi && e-k <= 7; e++ {
			if !quoteCues[words[e].s] {
				continue
			}
			if hi-e > 4 || !c.attributionEnds(e, hi) { // the cue starts a clause of its own
				return none, false
			}
			b := e
			for b > k && subjectAdverbs[words[b-1].s] {
				b--
			}
			if b == k || stripPossessive(words[b-1]) != words[b-1].end || words[b-1].s == "to" {
				return none, false // "Clinton's remarks", "had little to say": no speech verb
			}
			if name, sp, ok := c.speaker(k, b); ok && c.leads(k, sp) {
				return storyline.QuoteMention{Span: clause, Speaker: name, SpeakerSpan: sp, Cue: words[e].s}, true
			}
			return none, false
		}
		return none, false
	}
	return none, false
}

// leads reports whether the speaker at sp starts the words from a on:
// only titles, descriptions and articles stand before it ("said Senate
// Minority Leader X", "said Democratic strategist X"), not the words of
// a clause ("say they will vote for X").
func (c *quoteCtx) leads(a int, sp storyline.Span) bool {
	n := c.wordAt(sp.Start)
	if n-a > maxAttributionLead {
		return false
	}
	for _, w := range c.words[a:min(n, len(c.words))] {
		k := strings.ToLower(w.s)
		if auxiliaries[k] || clausePronouns[k] || !w.upper && isStopword("en", k) && !descStarts[k] {
			return false
		}
	}
	return true
}

// clausePronouns are the subjects of a clause of its own.
var clausePronouns = toSet("i", "we", "you", "he", "she", "it", "they")

// attributionEnds reports whether the words after the cue at e, to the
// sentence's last word hi, are what may end an attribution: a time, a
// place, an audience ("said on Friday", "told reporters", "said Dec.
// 6"), not an object or a colon ("noted the clot's existence",
// "declared:").
func (c *quoteCtx) attributionEnds(e, hi int) bool {
	if strings.HasPrefix(strings.TrimLeft(c.text[c.words[e].end:], " "), ":") {
		return false
	}
	if e == hi || objectCues[c.words[e].s] {
		return true
	}
	w := c.words[e+1]
	k := strings.ToLower(w.s)
	return w.upper || w.digit || attributionTail[k] || reportedSkip[k] || subjectAdverbs[k]
}

// attributionTail are the words that may follow the cue of an
// attribution ending a sentence: prepositions and times.
var attributionTail = toSet("in", "on", "at", "during", "after", "before", "while", "from", "to", "via",
	"through", "about", "of", "with", "by", "when", "as", "last", "this", "late", "early", "afterward",
	"afterwards", "tonight", "recently", "in", "later", "shortly", "since", "without", "outside", "inside")

// maxAppositiveWords bounds a name given in apposition ("the head of the
// State Department, Anthony Blinken, …").
const maxAppositiveWords = 4

// appositive reports whether words from k on are a name in apposition,
// capitalised words followed by a comma, and returns the word after that
// comma.
func (c *quoteCtx) appositive(k, hi int) (int, bool) {
	for e := k; e <= hi && e-k <= maxAppositiveWords; e++ {
		if !c.nameWord(e) {
			return 0, false
		}
		if e+1 <= hi && strings.Contains(c.text[c.words[e].end:c.words[e+1].start], ",") {
			return e + 1, e > k // a name of two words or more
		}
		if e+1 <= hi && !nameGap(c.text, c.words[e], c.words[e+1]) {
			return 0, false
		}
	}
	return 0, false
}

// nextStatement finds, in a reported clause [lo, hi], a second statement
// joined after a comma ("he'd make sand glow, for instance, and Trump
// vowed to …"): a speech verb whose subject follows the clause's last
// comma before it. It returns the last word before that comma, or -1.
func (c *quoteCtx) nextStatement(lo, hi int) int {
	words := c.words
	for x := lo + 2; x <= hi; x++ {
		if !quoteCues[words[x].s] || c.inQuote(words[x].start) {
			continue
		}
		for j := x; j > lo+1 && j > x-maxStatementSubject; j-- {
			if strings.Contains(c.text[words[j-1].end:words[j].start], ",") {
				if _, _, ok := c.speaker(subjectStart(c, j, x), x); ok {
					return j - 1
				}
				break
			}
		}
	}
	return -1
}

// maxStatementSubject bounds, in words, the conjunction and subject between
// a comma and the speech verb of a second statement (", and the Kremlin
// spokesman Dmitry Peskov said").
const maxStatementSubject = 8

// trailingSource finds a source named at the end of words [lo, hi] after a
// comma ("…, the Kremlin said on Friday", "…, according to AFP") and
// returns the last word before that comma, or -1.
func (c *quoteCtx) trailingSource(lo, hi int) int {
	words := c.words
	for k := hi; k > lo && k > hi-10; k-- {
		if !strings.Contains(c.text[words[k-1].end:words[k].start], ",") {
			continue
		}
		if strings.EqualFold(words[k].s, "according") && k < hi && words[k+1].s == "to" {
			return k - 1
		}
		for e := k; e <= hi && e-k <= 7; e++ {
			if quoteCues[words[e].s] && hi-e <= 4 {
				return k - 1
			}
		}
		return -1
	}
	return -1
}

// withoutHeadline drops the quotes of the headline: a line of the text
// that repeats the title ("Ukraine crisis: US ignored Russia's security
// concerns, Putin says") is a headline's summary of a statement, not the
// statement, and it would be listed again beside the quote it sums up.
func withoutHeadline(qs []storyline.QuoteMention, text, title string) []storyline.QuoteMention {
	key := headlineKey(title)
	if key == "" || len(qs) == 0 {
		return qs
	}
	var heads []storyline.Span
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if headlineKey(text[start:end]) == key {
			heads = append(heads, storyline.Span{Start: start, End: end})
		}
		start = end + 1
	}
	if len(heads) == 0 {
		return qs
	}
	return slices.DeleteFunc(qs, func(q storyline.QuoteMention) bool {
		for _, h := range heads {
			if q.Start >= h.Start && q.Start < h.End {
				return true
			}
		}
		return false
	})
}

// headlineKey folds a title or a line for comparison: lower case, without
// the space and the final punctuation around it.
func headlineKey(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ".;:!? "))
}

// unspacedWords counts the words of a quotation that holds Chinese
// characters or kana, written without spaces between words
// (text.CountWords); ok is false for any other.
func unspacedWords(s string) (n int, ok bool) {
	if strings.IndexFunc(s, text.Unspaced) < 0 {
		return 0, false
	}
	return text.CountWords(s), true
}
