package clean

import (
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline/internal/text"
)

// The line classifier. Each line (paragraph) of a scraped text gets a few
// cheap features: words, share of letters, script, whether it ends like a
// sentence, its position relative to the headline and the lead, and whether
// it belongs to a family of page furniture (subscription and social
// prompts, captcha and cookie notices, rights lines, page timing, archive
// notices, photo credits, report credits, translation notices). Families
// are written as word patterns, not as the strings of known pages, and most
// only count on short lines or lines that do not end like a sentence: a long
// sentence that mentions a newsletter is news, a six-word line that asks to
// subscribe is not. Multi-sentence paragraphs are also cut into sentences so
// that a prompt glued to the end of a paragraph ("… LNR. Subscribe to …")
// or an image tag inside one can go without the paragraph.
//
// outlet.go adds consent banners, related-link and tag lines, link lists
// under a "Most read" header, mastheads and section lines around the
// headline, long bylines, rights lines and captions closed by a photo
// credit; the outlet a masthead, section line or byline names becomes the
// source when no credit line gives one.

var (
	// creditRe: who contributed to a report (lower-cased line).
	creditRe = regexp.MustCompile(`^(?:\(|\[)?(?:(?:(?:some|additional|other) )?(?:information|reporting|material|details)(?: for| in| from)? this (?:report|story|article)|(?:reporting|editing|writing|additional reporting|compiled|translated) by\b|with (?:reporting|input|contributions) (?:by|from)\b|(?:(?:this|the) )?(?:story|article) (?:was )?(?:first )?(?:published|appeared) (?:on|in|by)\b)`)
	// captionRe: photo captions and credits (lower-cased line).
	captionRe = regexp.MustCompile(`^\(?(?:photo|photograph|image|picture|pictured|video|foto|фото|credit|illustration)s?\s*(?::|by\b|credit\b)|\((?:photo|photograph|image|picture|credit)s?\s*:|\b(?:getty images|afp photo|ap photo|reuters/|epa/|file photo|photo illustration)\b|^file\s*[-–—:]\s|^in this .{0,80}\b(?:photo|image|picture)\b`)
	// positionRe: where a person stands in a photo, "(left)", "(on
	// screen)"; only on short lines, as a sentence may say "(left)" too.
	positionRe = regexp.MustCompile(`\s\((?:left|right|centre|center|on screen|top|bottom|front|back|file)\)`)
	// sidesRe: "(L)", "(R)", "(C)" of a caption naming who stands where; two
	// of them are needed, as "(R)" alone is a party label in US news.
	sidesRe = regexp.MustCompile(`\s\([lrc]\)`)
	// agencyRe: a photo agency credit closing a caption: "(AP)".
	agencyRe = regexp.MustCompile(`\((?:\w+ )?(?:AP|AFP|Reuters|REUTERS|Getty|EPA)(?: [Pp]hoto)?\)$`)
	// htmlRe: markup left over by a scraper.
	htmlRe = regexp.MustCompile(`(?i)\b(?:src|alt|href|srcset|class|style|width|height|data-[a-z-]+)\s*=\s*["'”“″]|/>|<\s*/?\s*(?:img|div|span|a|p|iframe|script|br|figure|source|picture)\b|&(?:nbsp|amp|quot|lt|gt|#\d+);`)
	// creditPrefixRe: a source credit starting a line: "Источник rbc.ru …",
	// "Source: Reuters".
	creditPrefixRe = regexp.MustCompile(`(?i)^(?:источник|джерело|source|sources|quelle|fuente|fonte|via)\s*[:—–-]?\s*([\p{L}0-9-]{2,}(?:\.[\p{L}0-9-]+)*\.\p{L}{2,})\b\s*`)
	creditLineRe   = regexp.MustCompile(`(?i)^(?:источник|джерело|source|sources|quelle|fuente|fonte)\s*:\s*(.{2,60})$`)
	// bylineRe: "By Jane Doe", "By JANE DOE, Reuters".
	bylineRe = regexp.MustCompile(`^(?:By|BY|by)\s+\p{Lu}`)
	// Metadata lines.
	newsIDRe     = regexp.MustCompile(`(?i)^(?:news|article|story)\s*(?:id|no\.?|number)\s*[:#]?\s*([0-9A-Za-z-]{1,30})$`)
	dateLabelRe  = regexp.MustCompile(`(?i)^(published|updated|last updated|posted|first published|date|created|modified|publication date|опубликовано|обновлено|дата)\s*(?:on|at)?\s*[:|-]?\s*(.*)$`)
	datePrefixRe = regexp.MustCompile(`(?i)^date\s+(\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?z?)?)\s+(.+)$`)
	weekdayRe    = regexp.MustCompile(`(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?`)
)

// script of a line: the writing system most of its letters use.
type script uint8

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptHebrew
	scriptCJK
	scriptOther
)

func scriptOfRune(r rune) script {
	switch {
	case r < 0x250:
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	case unicode.Is(unicode.Arabic, r):
		return scriptArabic
	case unicode.Is(unicode.Hebrew, r):
		return scriptHebrew
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
		return scriptCJK
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	}
	return scriptOther
}

// line is one non-blank line of the text with its features.
type line struct {
	s       string
	words   int
	letters int
	visible int // non-space runes
	upper   int // words starting with an upper-case letter
	script  script
	counts  [8]int // letters per script
	end     bool   // ends like a sentence
	cut     bool   // text changed: a credit or a junk sentence cut out
	junk    bool
	why     string
}

func newLine(s string) *line {
	l := &line{s: s}
	l.measure()
	return l
}

func (l *line) measure() {
	l.words, l.letters, l.visible, l.upper = 0, 0, 0, 0
	l.counts = [8]int{}
	inWord := false
	var w text.WordCounter
	for _, r := range l.s {
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		l.visible++
		if unicode.IsLetter(r) {
			l.letters++
			l.counts[scriptOfRune(r)]++
		}
		if cjk, starts := w.Step(r); cjk {
			inWord = false
			if starts {
				l.words++
			}
			continue
		}
		if !inWord && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			l.words++
			inWord = true
			if unicode.IsUpper(r) {
				l.upper++
			}
		}
	}
	l.script = scriptNone
	best := 0
	for sc, n := range l.counts {
		if n > best {
			best, l.script = n, script(sc)
		}
	}
	l.end = endsSentence(l.s)
}

// endsSentence: the last character, closing quotes and brackets skipped,
// ends a sentence (text.IsTerminator: . ! ? an ellipsis, and 。 ؟ and the
// like).
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case '"', '\'', '”', '’', '»', ')', ']', '*':
			s = s[:len(s)-n]
			continue
		}
		return text.IsTerminator(r)
	}
	return false
}

func (l *line) drop(why string) {
	if !l.junk {
		l.junk, l.why = true, why
	}
}

// normalize prepares scraped text: valid UTF-8, "\n" line ends, no
// zero-width characters or stray control characters, no-break spaces as
// spaces.
func normalize(s string) string {
	s = validUTF8(s)
	if !needsNormalize(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
				continue
			}
			b.WriteByte('\n')
		case r == '\t' || r == '\u00a0' || r == '\u2007' || r == '\u202f' || r == '\u2009' || r == '\u3000' || r == '\u200a' || r == '\u2002' || r == '\u2003':
			b.WriteByte(' ')
		case r == '\u2028' || r == '\u2029' || r == '\f' || r == '\v':
			b.WriteByte('\n')
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
		case r < 0x20 && r != '\n', r >= 0x7f && r < 0xa0:
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsNormalize reports whether normalize would change s.
func needsNormalize(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0x80 && r <= 0xa0, r == '\u00ad', r >= '\u2000' && r <= '\u200d', r == '\u2028', r == '\u2029',
			r == '\u202f', r == '\u2060', r == '\u3000', r == '\ufeff':
			return true
		}
		i += n
	}
	return false
}

// collapse trims a line and writes runs of spaces as one.
func collapse(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// cleanText cleans scraped text. title is the title the input gave (the
// headline printed again at the top of the text is then dropped); source
// the source known so far (for the boilerplate statistics). light runs only
// the rules safe on text that an extractor already cleaned (HTML).
func cleanText(s, title string, opts Options, source string, light bool) meta {
	ls, sep, m := classifyLines(s, title, opts, source, light)
	var b strings.Builder
	for _, l := range ls {
		if l.junk || l.cut {
			m.changed = true
		}
		if l.junk {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(l.s)
	}
	m.text = b.String()
	return m
}

// classifyLines splits a text into lines, reads its metadata and marks the
// junk lines; it returns the lines and the paragraph separator to join them.
func classifyLines(s, title string, opts Options, source string, light bool) ([]*line, string, meta) {
	var m meta
	s = normalize(s)
	raw := strings.Split(s, "\n")
	sep := "\n"
	var ls []*line
	blank := false
	for _, r := range raw {
		r = collapse(r)
		if r == "" {
			blank = true
			continue
		}
		if blank && len(ls) > 0 {
			sep = "\n\n"
		}
		blank = false
		ls = append(ls, newLine(r))
	}
	if len(ls) == 0 {
		return nil, sep, m
	}
	extractMeta(ls, &m)
	var art script
	{
		var counts [8]int
		for _, l := range ls {
			for i, n := range l.counts {
				counts[i] += n
			}
		}
		best := 0
		for sc, n := range counts {
			if n > best {
				best, art = n, script(sc)
			}
		}
	}
	for _, l := range ls {
		if !l.junk {
			stripControls(l)
			classify(l, art, light, &m)
		}
	}
	headline := markHeadline(ls, title, &m, light)
	if !light {
		dropDuplicates(ls)
	}
	if !light {
		dropPositional(ls, headline, &m)
	}
	for _, l := range ls {
		if !l.junk {
			cutSegments(l, art, &m)
		}
	}
	if m.source == "" {
		for _, o := range []string{m.outlet, m.sectionOutlet, m.bylineOutlet} {
			if o != "" {
				m.source = o
				break
			}
		}
	}
	if opts.Boilerplate != nil {
		src := source
		if src == "" {
			src = m.source
		}
		dropBoilerplate(ls, src, opts)
	}
	return ls, sep, m
}

// extractMeta reads metadata lines at the top and bottom of the text (news
// id, published and updated dates, a "date 2022-01-28 Headline" prefix) and
// marks them as junk. A published date wins over an updated one.
func extractMeta(ls []*line, m *meta) {
	var updated time.Time
	for i, l := range ls {
		if i >= 6 && i < len(ls)-4 {
			continue
		}
		if g := newsIDRe.FindStringSubmatch(l.s); g != nil && strings.ContainsAny(g[1], "0123456789") {
			if m.newsID == "" {
				m.newsID = g[1]
			}
			l.drop("news id")
			continue
		}
		if g := datePrefixRe.FindStringSubmatch(l.s); g != nil && i < 6 {
			if t := parsePublished(g[1]); !t.IsZero() {
				if m.published.IsZero() {
					m.published = t
				}
				l.s = g[2]
				l.cut = true
				l.measure()
				if m.title == "" {
					m.title = l.s
				}
				continue
			}
		}
		if l.words > 16 {
			continue
		}
		if g := dateLabelRe.FindStringSubmatch(l.s); g != nil {
			t, _, _ := findDate(g[2])
			if t.IsZero() {
				continue
			}
			label := strings.ToLower(g[1])
			if strings.Contains(label, "updated") || strings.Contains(label, "modified") || strings.Contains(label, "обновлено") {
				if updated.IsZero() {
					updated = t
				}
			} else if m.published.IsZero() {
				m.published = t
			}
			l.drop("date line")
			continue
		}
		// A line that is only a date (and a time, a weekday).
		if l.words > 12 || !strings.ContainsAny(l.s, "0123456789") {
			continue
		}
		if t, start, end := findDate(l.s); !t.IsZero() {
			rest := l.s[:start] + " " + l.s[end:]
			rest = weekdayRe.ReplaceAllString(rest, " ")
			if h, mi, _, ok := findClock(rest); ok || h+mi > 0 {
				rest = clockRe.ReplaceAllString(rest, " ")
			}
			if countWords(rest) <= 1 {
				if m.published.IsZero() {
					m.published = t
				}
				l.drop("date line")
			}
		}
	}
	if m.published.IsZero() {
		m.published = updated
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func countWords(s string) int { return countWordsUpTo(s, math.MaxInt) }

// countWordsUpTo is countWords, stopping once it passes limit (it then
// returns limit+1): a caller that only asks whether a text is short need
// not read all of a long one.
func countWordsUpTo(s string, limit int) int {
	n := 0
	var w text.WordCounter
	for _, r := range s {
		if w.Starts(r) {
			n++
			if n > limit {
				return n
			}
		}
	}
	return n
}

// classify applies the rules that look at one line alone.
func classify(l *line, art script, light bool, m *meta) {
	if g := creditPrefixRe.FindStringSubmatchIndex(l.s); g != nil && g[1] < len(l.s) {
		setCredit(m, l.s[g[2]:g[3]], l.s, art)
		l.s = l.s[g[1]:]
		l.cut = true
		l.measure()
	}
	multi := len(segments(l.s)) > 1
	short := l.words <= 60
	lower := ""
	if short {
		lower = strings.ToLower(l.s)
	}
	switch {
	case l.words <= 20 && !multi && hasMarkup(l.s):
		l.drop("markup")
	case l.words <= 20 && !multi && translation.match(lower):
		m.machineTranslated = true
		l.drop("translation notice")
	case l.letters == 0 && (l.words == 0 || !light) || l.letters*2 < l.visible && l.words <= 10 && !light && !l.end:
		l.drop("not words")
	case l.words <= 30 && !multi && isCredit(lower):
		l.drop("report credit")
	case short && (!light || l.words <= 25) && isCaption(l.s, lower):
		l.drop("caption")
	case short && strongFurniture.match(lower):
		l.drop("page furniture")
	case l.words <= 150 && consentLine(l.s, lower):
		l.drop("consent banner")
	case short && isLinkLine(l, lower):
		l.drop("link line")
	case l.words <= 20 && rightsRe.MatchString(l.s):
		l.drop("rights line")
	case l.words <= 8 && relativeTimeRe.MatchString(l.s):
		l.drop("date line")
	case !light && creditClosed(l):
		l.drop("caption")
	case art != scriptNone && l.script != art && (l.words <= 25 && !light || l.words <= 3) && l.counts[art]*3 < l.letters:
		l.drop("other script")
		if g := creditPrefixRe.FindStringSubmatch(l.s); g != nil {
			setCredit(m, g[1], l.s, art)
		}
	case multi:
		// Several sentences: cutSegments judges them one by one.
	case (l.words <= 12 || !l.end && l.words <= 40) && furniture.match(lower),
		l.words <= 25 && !light && furniture.count(lower, 2) >= 2:
		// The second form: a medium line where prompts make up much of
		// the words ("Newsletter Sign Up Continue reading the main story
		// Please verify you're not a robot by clicking the box.").
		l.drop("page furniture")
	case navMarks(l.s) >= 2 && !l.end:
		l.drop("navigation")
	case creditLineRe.MatchString(l.s) && l.words <= 6:
		g := creditLineRe.FindStringSubmatch(l.s)
		setCredit(m, strings.TrimRight(g[1], ". "), l.s, art)
		l.drop("source credit")
	case light:
	case bylineRe.MatchString(l.s) && l.words <= 8 && !l.end:
		l.drop("byline")
		if ok, outlet := longByline(l); ok && outlet != "" && m.bylineOutlet == "" {
			m.bylineOutlet = outlet
		}
	case bylineRe.MatchString(l.s) && !l.end:
		if ok, outlet := longByline(l); ok {
			l.drop("byline")
			if outlet != "" && m.bylineOutlet == "" {
				m.bylineOutlet = outlet
			}
		}
	case l.words <= 3 && strings.HasSuffix(l.s, ":"):
		l.drop("label")
	}
}

// hasMarkup: HTML left in the text (attributes, tags, entities).
func hasMarkup(s string) bool {
	return strings.ContainsAny(s, "=<&/") && htmlRe.MatchString(s)
}

// isCredit: a line saying who contributed to a report (lower-cased).
func isCredit(lower string) bool {
	return creditRe.MatchString(lower) || reportCredit.match(lower)
}

// isCaption: a photo caption or credit.
func isCaption(s, lower string) bool {
	if strings.HasSuffix(s, ")") && agencyRe.MatchString(s) {
		return true
	}
	if (captionWords.match(lower) || strings.HasPrefix(lower, "file")) && captionRe.MatchString(lower) {
		return true
	}
	if !strings.Contains(lower, "(") {
		return false
	}
	if countWords(lower) <= 30 && positionRe.MatchString(lower) {
		return true
	}
	return strings.Count(lower, "(") >= 2 && len(sidesRe.FindAllStringIndex(lower, 3)) >= 2
}

// setCredit records a source credit. A credit written in another script
// than the article ("Источник rbc.ru" in English text) says the article
// was translated from that language.
func setCredit(m *meta, name, line string, art script) {
	name = strings.TrimSpace(name)
	if m.source == "" && name != "" {
		if h := hostOf(name); h != "" && strings.Contains(name, ".") {
			m.source = h
		} else {
			m.source = name
		}
	}
	word := line
	if i := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsLetter(r) }); i > 0 {
		word = line[:i]
	}
	var counts [8]int
	for _, r := range word {
		if unicode.IsLetter(r) {
			counts[scriptOfRune(r)]++
		}
	}
	for sc, n := range counts {
		if n > 0 && script(sc) != art && art != scriptNone {
			m.machineTranslated = true
		}
	}
}

// looksLikeHeadline: a short line that does not end with a full stop.
func looksLikeHeadline(l *line) bool {
	if l.junk || l.words < 2 || l.words > 30 || len(l.s) > 300 {
		return false
	}
	if strings.HasSuffix(l.s, ".") && !strings.HasSuffix(l.s, "...") {
		return false
	}
	// Navigation ("English >> World"), an address or a handle, a time
	// stamp ("2 years ago") is no headline.
	if strings.ContainsAny(l.s, "@»") || strings.Contains(l.s, ">>") || relativeTimeRe.MatchString(l.s) {
		return false
	}
	return l.letters*2 >= l.visible
}

// minKickedWords is the length from which the line under a kicker is taken
// for the headline it labels: longer than a kicker, as headlines are.
const minKickedWords = 5

// sectionLabels are the names of document sections and page parts that
// stand over a text but never head it (folded).
var sectionLabels = map[string]bool{
	"abstract": true, "introduction": true, "abstract and introduction": true, "background": true,
	"summary": true, "overview": true, "contents": true, "table of contents": true, "methods": true,
	"materials and methods": true, "material and methods": true, "results": true, "discussion": true,
	"menu": true, "main menu": true, "skip to content": true, "skip to main content": true,
	"advertisement": true, "home": true, "top stories": true, "breaking news": true, "latest news": true,
	"related": true, "related stories": true, "related articles": true, "more stories": true,
}

// dropLabels drops what stands over the headline of a scraped text without
// being it, from line first on, and returns the index of the first line left: section
// labels, and a kicker (a line of at most kickerWords words, "Your Health", over a
// longer line that reads as a headline in title case).
func dropLabels(ls []*line, first int) int {
	for first < len(ls)-1 {
		l := ls[first]
		next := nextKept(ls, first)
		switch {
		case sectionLabels[text.Fold(strings.TrimRight(l.s, ":. "))]:
			l.drop("section label")
		case next > 0 && l.words <= kickerWords && looksLikeHeadline(l) &&
			ls[next].words >= minKickedWords && looksLikeHeadline(ls[next]) && titleCase(ls[next]) &&
			nextKept(ls, next) > 0:
			l.drop("kicker")
		default:
			return first
		}
		if next < 0 {
			return first
		}
		first = next
	}
	return first
}

// titleCase reports whether most words of a line start with a capital,
// as headlines in title case do: the line under a kicker must read as a
// headline, not as the sentence-case standfirst under a short headline.
func titleCase(l *line) bool { return 4*l.upper >= 3*l.words }

// nextKept returns the index of the first kept line after i, or -1.
func nextKept(ls []*line, i int) int {
	for j := i + 1; j < len(ls); j++ {
		if !ls[j].junk {
			return j
		}
	}
	return -1
}

// markHeadline finds the headline: the line a "date …" prefix named, else
// the first line when it looks like one. With a title given by the input,
// the same text printed again at the top is dropped first. It returns the
// headline's index, -1 when there is none.
func markHeadline(ls []*line, title string, m *meta, light bool) int {
	if title != "" {
		key := text.Fold(collapse(title))
		n := 0
		for i := 0; i < len(ls) && n < 4; i++ {
			if ls[i].junk {
				continue
			}
			n++
			if text.Fold(ls[i].s) == key {
				ls[i].drop("duplicated headline")
			}
		}
	}
	if light {
		return -1
	}
	// The same test with or without a given title, so that cleaning the
	// output again (without the title) sees the same headline.
	first := -1
	for i, l := range ls {
		if !l.junk {
			first = i
			break
		}
	}
	if first < 0 {
		return -1
	}
	if m.title == "" || ls[first].s != m.title {
		first = dropMasthead(ls, first, m)
		first = dropLabels(ls, first)
	}
	l := ls[first]
	if m.title != "" && l.s == m.title {
		return first
	}
	if looksLikeHeadline(l) && first+1 < len(ls) {
		if title == "" {
			m.title = l.s
		}
		navOutlet(ls, first, m)
		return first
	}
	return -1
}

// dropDuplicates drops a line that repeats an earlier kept line (the
// headline printed twice, a repeated teaser). Not used on extracted HTML,
// where a repeated line is usually the page's own (a recipe's steps).
func dropDuplicates(ls []*line) {
	seen := make(map[string]bool, len(ls))
	for _, l := range ls {
		if l.junk {
			continue
		}
		key := text.Fold(l.s)
		if seen[key] {
			l.drop("duplicate")
			continue
		}
		seen[key] = true
	}
}

// dropPositional applies the rules that depend on where a line stands:
// captions between the headline and the lead, caption-like lines of names,
// a label line, and the short lines after the article's last paragraph
// (footers, feedback prompts, captcha remains).
func dropPositional(ls []*line, headline int, m *meta) {
	// The lead: the first kept line after the headline that reads as body
	// text (two sentences, or one of 15+ words that ends like one and is
	// not a caption).
	lead := -1
	for i := headline + 1; i < len(ls); i++ {
		l := ls[i]
		if l.junk {
			continue
		}
		if l.end && l.words >= 15 && !dateCaption(l) {
			lead = i
			break
		}
	}
	for i := headline + 1; headline >= 0 && i < lead; i++ {
		l := ls[i]
		if l.junk {
			continue
		}
		if dateCaption(l) {
			l.drop("dated caption")
		} else if ok, outlet := sectionLine(l); ok {
			l.drop("section line")
			if outlet != "" && m.sectionOutlet == "" {
				m.sectionOutlet = outlet
			}
		}
	}
	dropListBlocks(ls)
	for i, l := range ls {
		if l.junk || i == headline {
			continue
		}
		if namesCaption(l) {
			l.drop("names caption")
			continue
		}
		if l.words <= 2 && !l.end && i != headline && !isListItem(l.s) {
			l.drop("short fragment")
		}
	}
	// The tail: short lines that do not end like a sentence, after the
	// last line of body text.
	last := -1
	for i := len(ls) - 1; i >= 0; i-- {
		if !ls[i].junk && ls[i].end && ls[i].words >= 8 {
			last = i
			break
		}
	}
	if last >= 0 {
		for i := last + 1; i < len(ls); i++ {
			if l := ls[i]; !l.junk && !l.end && l.words <= 8 && !isListItem(l.s) {
				l.drop("footer")
			}
		}
	}
}

func isListItem(s string) bool {
	return strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "• ") || strings.HasPrefix(s, "* ") ||
		strings.HasPrefix(s, "– ") || len(s) > 2 && s[0] >= '0' && s[0] <= '9' && (s[1] == '.' || s[1] == ')')
}

// dateCaption: a one-sentence line in the present tense that ends with a
// full date ("Soldiers take part in an exercise at the Golovenki training
// ground on January 25, 2020."), the form of wire photo captions. Only used
// between the headline and the lead. A lead that ends with a date tells
// what happened: it has a past or reporting verb ("was arrested", "said").
func dateCaption(l *line) bool {
	if !l.end || l.words > 40 {
		return false
	}
	s := strings.TrimRight(l.s, ".!?”\")' ")
	if len(s) < 4 || !isDigits(s[len(s)-4:]) {
		return false
	}
	t, _, end := findDate(s)
	if t.IsZero() || len(s)-end > 1 {
		return false
	}
	if sp := text.Sentences(l.s); len(sp) > 1 {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ",;:\"'”“’‘()")
		switch w {
		case "said", "says", "told", "was", "were", "had", "has", "have", "will", "would", "could", "did":
			return false
		}
		if len(w) > 4 && strings.HasSuffix(w, "ed") {
			return false
		}
	}
	return true
}

// namesCaption: a short line without final punctuation, mostly capitalised
// words, with a parenthesis ("Vladimir Putin (on screen) and Emmanuel
// Macron"): how scraped photo captions look.
func namesCaption(l *line) bool {
	if l.end || l.words > 14 || l.words < 2 || !strings.Contains(l.s, "(") {
		return false
	}
	out := l.s
	for {
		i := strings.IndexByte(out, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(out[i:], ')')
		if j < 0 {
			out = out[:i]
			break
		}
		out = out[:i] + " " + out[i+j+1:]
	}
	cap, other := 0, 0
	for _, w := range strings.Fields(out) {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			cap++
		case w == "and" || w == "&" || w == "of" || w == "with" || w == "und" || w == "et" || w == "и":
		default:
			if unicode.IsLetter(r) {
				other++
			}
		}
	}
	return cap >= 2 && other <= cap/3
}

// cutSegments removes junk sentences inside a multi-sentence paragraph: a
// source credit at its start, markup, and prompts glued to it.
func cutSegments(l *line, art script, m *meta) {
	segs := segments(l.s)
	if len(segs) < 2 {
		return
	}
	var kept []string
	changed := false
	for _, sg := range segs {
		seg := l.s[sg[0]:sg[1]]
		n := countWords(seg)
		junk := false
		lower := ""
		if n <= 60 {
			lower = strings.ToLower(seg)
		}
		switch {
		case hasMarkup(seg):
			junk = true
		case n <= 20 && translation.match(lower):
			junk = true
			m.machineTranslated = true
		case (n <= 12 || !endsSentence(seg) && n <= 25) && furniture.match(lower),
			strongFurniture.match(lower):
			junk = true
		case n <= 30 && isCredit(lower):
			junk = true
		}
		if junk {
			changed = true
			continue
		}
		kept = append(kept, seg)
	}
	if !changed {
		return
	}
	if len(kept) == 0 {
		l.drop("junk sentences")
		return
	}
	l.s = strings.Join(kept, " ")
	l.cut = true
	l.measure()
}

// segments splits a paragraph into sentence-like pieces: after . ! ? (and
// closing quotes) followed by a space and an upper-case letter, a digit or
// an opening quote. Abbreviations do not matter here: a piece is only
// dropped when it is junk as a whole.
func segments(s string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' || i == 0 {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if prev == '"' || prev == '”' || prev == '’' || prev == ')' {
			p2, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s[:i], "\"”’)"))
			prev = p2
		}
		if prev != '.' && prev != '!' && prev != '?' && prev != '…' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '"' && next != '“' && next != '«' {
			continue
		}
		out = append(out, [2]int{start, i})
		start = i + 1
	}
	return append(out, [2]int{start, len(s)})
}

// dropBoilerplate drops lines the store has seen in MinRepeat or more
// articles of the same source.
func dropBoilerplate(ls []*line, source string, opts Options) {
	if source == "" {
		return
	}
	var hashes []uint64
	idx := map[uint64][]*line{}
	for _, l := range ls {
		if l.junk || l.words > 40 {
			continue
		}
		h, ok := lineHash(l.s)
		if !ok {
			continue
		}
		if _, dup := idx[h]; !dup {
			hashes = append(hashes, h)
		}
		idx[h] = append(idx[h], l)
	}
	if len(hashes) == 0 || opts.Boilerplate.SourceArticles(source) < opts.MinRepeat {
		return
	}
	counts := opts.Boilerplate.LineCounts(source, hashes)
	for _, h := range hashes {
		if counts[h] >= opts.MinRepeat {
			for _, l := range idx[h] {
				l.drop("boilerplate")
			}
		}
	}
}

// traceLines is cleanText's classification, for tests and tuning.
func traceLines(s string, light bool) []*line {
	ls, _, _ := classifyLines(s, "", DefaultOptions(), "", light)
	return ls
}

// navMarks counts the separators of a navigation or breadcrumb line:
// "A | B | C", "Home > Region > Transport", "A · B".
func navMarks(s string) int {
	return strings.Count(s, "|") + strings.Count(s, "•") + strings.Count(s, " · ") +
		strings.Count(s, " > ") + strings.Count(s, " › ") + strings.Count(s, " » ") + strings.Count(s, " → ")
}

// controlWords are the labels of a video player's or a share box's
// buttons, which scrapers leave at the start of a paragraph ("CLOSE Skip
// in Skip x Embed x Share Late Wednesday afternoon, …").
var controlWords = map[string]bool{
	"close": true, "skip": true, "in": true, "x": true, "embed": true, "share": true, "replay": true,
	"autoplay": true, "play": true, "pause": true, "mute": true, "unmute": true, "video": true,
	"fullscreen": true, "next": true, "up": true, "×": true,
}

// controlVerbs are the control words that only a widget strings together.
var controlVerbs = map[string]bool{
	"close": true, "skip": true, "embed": true, "share": true, "replay": true, "autoplay": true, "mute": true,
}

// minControls is the shortest run of control words taken for a widget
// (four, two of them distinct verbs): "Share this" in prose is no widget.
const minControls = 4

// stripControls cuts a run of player and share controls from the start of
// a line when text follows it.
func stripControls(l *line) {
	ws := strings.Fields(l.s)
	n, verbs := 0, map[string]bool{}
	for n < len(ws) && controlWords[strings.ToLower(ws[n])] {
		if w := strings.ToLower(ws[n]); controlVerbs[w] {
			verbs[w] = true
		}
		n++
	}
	if n < minControls || len(verbs) < 2 || n == len(ws) {
		return
	}
	// Keep a trailing word that starts the text ("Next" in "… Share Next
	// week"): back off to the last control verb.
	for n > 0 && !controlVerbs[strings.ToLower(ws[n-1])] {
		n--
	}
	l.s = strings.Join(ws[n:], " ")
	l.cut = true
	l.measure()
}
