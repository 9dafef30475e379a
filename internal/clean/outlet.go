package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline/internal/text"
)

// More families of page furniture, and the outlet's name. Like the rest of
// the classifier, these are word families and line shapes, not the strings
// of known pages:
//
//   - consent banners: a line about cookies with at least two phrases of
//     consent dialogs (buttons, "our partners", "your device"); any length,
//     since these banners are often one long paragraph;
//   - link lines: a label of a related-links widget ("Related:", "Read
//     more:", "Lesen Sie auch:", "Tags:") followed by headlines;
//   - list blocks: a "Most read" style header and the list under it;
//   - mastheads: a short name line above the headline, every word
//     capitalised, that names a news outlet (a word like News, Post, Wire,
//     Tribune, Rundschau) or is repeated elsewhere in the text; it is the
//     article's source when nothing better names one;
//   - section lines between the headline and the lead ("Outlet - Business");
//   - long bylines with a role and an outlet ("By A B, City reporter, The
//     Outlet"), whose outlet is a source too.

// cookieWords: a consent banner talks about cookies or consent.
var cookieWords = newPhrases("cookie", "cookies", "consent", "tracking technologies")

// consentPhrases: the rest of a consent dialog.
var consentPhrases = newPhrases(
	"we use cookies", "this site uses cookies", "this website uses cookies", "use of cookies",
	"cookie policy", "cookie settings", "cookie preferences", "cookie notice", "our partners", "and our partners",
	"partners use", "third parties", "third-party", "accept all", "reject all", "accept cookies", "decline all",
	"allow all", "manage preferences", "manage settings", "manage cookies", "manage options", "more options",
	"your consent", "your choices", "by continuing to browse", "by continuing to use", "by clicking",
	"personalise content", "personalize content", "personalised ads", "personalized ads", "personalise ads",
	"personalize ads", "content and ads", "ads and content", "store and access information",
	"access information on your device", "on your device", "we value your privacy", "your privacy",
	"privacy policy", "legitimate interest", "precise geolocation", "you agree", "agree to our",
	"withdraw your consent", "audience insights", "product development",
)

// isConsent: a cookie or consent banner (lower-cased line).
func isConsent(lower string) bool {
	return cookieWords.match(lower) && consentPhrases.count(lower, 2) >= 2
}

// consentLine: isConsent on a line of any length; lower is the lower-cased
// line when the caller has it ("" for long lines, lower-cased here only when
// they mention cookies or consent).
func consentLine(s, lower string) bool {
	if lower == "" {
		if !strings.Contains(s, "ookie") && !strings.Contains(s, "onsent") && !strings.Contains(s, "OOKIE") &&
			!strings.Contains(s, "ONSENT") {
			return false
		}
		lower = strings.ToLower(s)
	}
	return isConsent(lower)
}

// linkLabelRe: the label of a related-links line: "Related: …",
// "Read more: …", "More from Markets: …", "Lesen Sie auch: …", "Tags: …".
var linkLabelRe = regexp.MustCompile(`^(?:related(?: articles| stories| coverage| content| topics| links)?|read (?:more|also|next)|also read|see also|more (?:from|on|in|about) [^:]{1,40}|tags?|topics?|keywords|filed under|lesen sie (?:auch|mehr|hier)|mehr zum thema|auch interessant|weitere artikel|schlagw(?:ö|oe)rter|schlagworte|themen|lire aussi|à lire aussi|voir aussi|lee también|leer más|ver también|leggi anche|leia também|читайте также|читайте також|смотрите также|по теме)\s*:\s*\S`)

// isLinkLine: a related-links, read-more or tags line (lower-cased); the
// links are headlines, so the line does not end like a sentence, or is
// short.
func isLinkLine(l *line, lower string) bool {
	return (!l.end || l.words <= 15) && linkLabelRe.MatchString(lower)
}

// listHeaders: headers of link lists ("Most read"), alone on a line.
var listHeaders = newPhrases("most read", "most popular", "most viewed", "most shared", "most commented",
	"most watched", "trending", "trending now", "top stories", "more stories", "more news", "latest news",
	"latest stories", "read next", "related", "related articles", "related stories", "related content",
	"recommended", "recommended for you", "you may also like", "you might also like", "editor's picks",
	"editors' picks", "meistgelesen", "am meisten gelesen", "популярное", "самое читаемое")

// isListHeader: a short line that is only a list header (and a colon).
func isListHeader(l *line) bool {
	if l.words > 4 || l.end || l.words == 0 {
		return false
	}
	lower := strings.TrimRight(strings.ToLower(l.s), ": ")
	for _, ph := range listHeaders.byWord[firstWord(lower)] {
		if lower == ph {
			return true
		}
	}
	return false
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); i > 0 {
		return s[:i]
	}
	return s
}

// dropListBlocks drops a list header and the list under it: list items and
// short lines that do not end like a sentence.
func dropListBlocks(ls []*line) {
	for i := 0; i < len(ls); i++ {
		// The header may be dropped already (as furniture, as a fragment).
		if !isListHeader(ls[i]) {
			continue
		}
		ls[i].drop("list header")
		for j := i + 1; j < len(ls); j++ {
			l := ls[j]
			if l.junk {
				continue
			}
			if !(isListItem(l.s) && l.words <= 20 || !l.end && l.words <= 15) {
				break
			}
			l.drop("link list")
			i = j
		}
	}
}

// outletWords: words that name news outlets. A short capitalised line
// holding one is a masthead, not a headline.
var outletWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`news post times tribune herald wire journal gazette ledger chronicle
		observer express telegraph guardian daily weekly standard mail mirror
		courier examiner register bulletin dispatch independent insider magazine
		media network agency radio tv television broadcasting newswire reporter sentinel inquirer
		rundschau zeitung allgemeine kurier presse tagblatt anzeiger nachrichten blatt tageblatt
		journal quotidien tribune diario gazzetta corriere nieuws krant`) {
		m[w] = true
	}
	return m
}()

// connectors may stay lower-case in a name line.
var connectors = map[string]bool{"of": true, "the": true, "and": true, "&": true, "de": true, "der": true,
	"die": true, "das": true, "la": true, "le": true, "du": true, "des": true, "el": true, "di": true, "am": true,
	"-": true, "–": true, "—": true, "|": true, "/": true, "·": true}

// nameLine: a short line of capitalised words without digits or final
// punctuation (an outlet or a section name). It returns the words.
func nameLine(l *line, max int) ([]string, bool) {
	if l.words == 0 || l.words > max || l.end || strings.ContainsAny(l.s, "0123456789:;,?!\"“”«»()") {
		return nil, false
	}
	ws := strings.Fields(l.s)
	for _, w := range ws {
		if connectors[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return nil, false
		}
	}
	return ws, true
}

// namesOutlet: a name line that ends with an outlet word ("Harbourline
// News", "The Daily Post"), or starts with one of the few that lead a name
// ("Daily Maverick", "Radio Kelby"); a word inside the line ("Office of the
// Press Secretary") does not count.
func namesOutlet(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	if lower := strings.ToLower(strings.Join(ws, " ")); listHeaders.match(lower) || furniture.match(lower) {
		return false
	}
	norm := func(w string) string { return strings.ToLower(strings.Trim(w, ".'’")) }
	if outletWords[norm(ws[len(ws)-1])] {
		return true
	}
	switch norm(ws[0]) {
	case "daily", "weekly", "radio", "news", "tv":
		return len(ws) >= 2
	}
	return false
}

// outletName returns the outlet named by a masthead or section line: the
// part (split at " - ", " | ") with an outlet word, capitals written as a
// title ("CAPITAL MARKETS POST" → "Capital Markets Post").
func outletName(s string) string {
	parts := []string{s}
	for _, sep := range []string{" - ", " – ", " — ", " | ", " · "} {
		if strings.Contains(s, sep) {
			parts = strings.Split(s, sep)
			break
		}
	}
	for _, p := range parts {
		ws := strings.Fields(p)
		if len(ws) == 0 || !namesOutlet(ws) {
			continue
		}
		if strings.ToUpper(p) == p {
			for i, w := range ws {
				lw := strings.ToLower(w)
				if i > 0 && connectors[lw] {
					ws[i] = lw
					continue
				}
				r, n := utf8.DecodeRuneInString(lw)
				ws[i] = string(unicode.ToUpper(r)) + lw[n:]
			}
		}
		return strings.Join(ws, " ")
	}
	return ""
}

// repeated reports whether a name of two or more words is named again as
// an outlet elsewhere in the text: in a dateline's brackets ("KELBY (Kelby
// Voice) -") or a rights line ("© 2024 Kelby Voice").
func repeated(ls []*line, skip int, name string) bool {
	if countWords(name) < 2 {
		return false
	}
	key := text.Fold(name)
	for i, l := range ls {
		if i == skip {
			continue
		}
		f := text.Fold(l.s)
		if strings.Contains(f, "("+key+")") ||
			strings.Contains(f, key) && (strings.Contains(f, "©") || strings.Contains(f, "copyright")) {
			return true
		}
	}
	return false
}

// dropMasthead drops the name lines above the headline: starting at the
// first kept line, up to three short capitalised lines (mastheads, section
// names) when a headline follows them and the first names an outlet. It
// returns the index of the first line left and records the outlet's name.
func dropMasthead(ls []*line, first int, m *meta) int {
	ws, ok := nameLine(ls[first], 5)
	if !ok || !(namesOutlet(ws) || repeated(ls, first, ls[first].s)) {
		return first
	}
	next, n := first, 0
	for ; next < len(ls) && n < 3; next++ {
		if ls[next].junk {
			continue
		}
		if _, ok := nameLine(ls[next], 5); !ok {
			break
		}
		n++
	}
	for next < len(ls) && ls[next].junk {
		next++
	}
	if next >= len(ls) || !looksLikeHeadline(ls[next]) || ls[next].words < 4 {
		return first
	}
	name := outletName(ls[first].s)
	if name == "" {
		name = ls[first].s
	}
	if m.outlet == "" {
		m.outlet = name
	}
	for i := first; i < next; i++ {
		ls[i].drop("masthead")
	}
	return next
}

// sectionLine: a short name line between the headline and the lead (a
// section, an outlet and its section); the outlet it names, if any.
func sectionLine(l *line) (bool, string) {
	ws, ok := nameLine(l, 6)
	if !ok {
		return false, ""
	}
	outlet := outletName(l.s)
	// A longer name line without an outlet may be a subheading.
	return outlet != "" || len(ws) <= 2 || navMarks(l.s) > 0 || strings.Contains(l.s, " - "), outlet
}

// bylineRoles: words of a reporter's role in a byline.
var bylineRoles = newPhrases("reporter", "correspondent", "editor", "writer", "staff", "contributor",
	"columnist", "analyst", "producer", "journalist", "bureau", "desk", "in")

// longByline: "By A B, City Hall reporter, The Outlet" (up to 18 words, the
// name part short); it returns the outlet when the last part names one.
func longByline(l *line) (bool, string) {
	if l.end || l.words > 18 || !bylineRe.MatchString(l.s) {
		return false, ""
	}
	parts := strings.Split(l.s, ",")
	if len(parts) < 2 || countWords(parts[0]) > 6 {
		return false, ""
	}
	for _, p := range parts[1:] {
		if countWords(p) > 6 {
			return false, ""
		}
	}
	last := strings.TrimSpace(parts[len(parts)-1])
	ws := strings.Fields(last)
	if len(parts) >= 2 && !bylineRoles.match(strings.ToLower(last)) && namesOutlet(ws) {
		return true, last
	}
	return true, ""
}

// photoCredit: a short "Photo: …" credit closing a caption paragraph.
var photoCreditRe = regexp.MustCompile(`(?i)^(?:photo|photograph|image|picture|foto|credit|file photo|illustration)s?\s*:\s*\S`)

// creditClosed: a two- or three-sentence paragraph that ends with a photo
// credit is a caption.
func creditClosed(l *line) bool {
	if l.words > 50 {
		return false
	}
	segs := segments(l.s)
	if len(segs) < 2 || len(segs) > 3 {
		return false
	}
	last := l.s[segs[len(segs)-1][0]:]
	return countWords(last) <= 10 && photoCreditRe.MatchString(last)
}

// navOutlet records the outlet a navigation line above the headline names
// first ("Outlet | World | Business").
func navOutlet(ls []*line, headline int, m *meta) {
	for i := 0; i < headline && m.outlet == ""; i++ {
		if ls[i].junk && ls[i].why == "navigation" {
			m.outlet = outletName(ls[i].s)
		}
	}
}

// dropSectionAbove drops a section name (one to three capitalised words)
// that an extractor left above the page's headline; text is extracted
// text with blank lines between paragraphs.
func dropSectionAbove(s, title string) string {
	if t := dropKicker(s, title); t != s {
		return t
	}
	i := strings.Index(s, "\n\n")
	if i < 0 || title == "" {
		return s
	}
	rest := s[i+2:]
	j := strings.Index(rest, "\n\n")
	if j < 0 {
		return s
	}
	if text.Fold(rest[:j]) != text.Fold(title) {
		return s
	}
	if _, ok := nameLine(newLine(s[:i]), 3); !ok {
		return s
	}
	return rest
}

// kickerWords is the length of a section name ("Local", "World News")
// above an article whose headline the extractor took out of the text.
const kickerWords = 3

// dropKicker removes a section name left at the top of an extracted text
// whose headline went to the title: a short capitalised line, not part of
// the title, right above a full paragraph.
func dropKicker(s, title string) string {
	i := strings.Index(s, "\n\n")
	if i < 0 || title == "" {
		return s
	}
	first, rest := s[:i], s[i+2:]
	if strings.Contains(text.Fold(title), text.Fold(first)) {
		return s
	}
	if _, ok := nameLine(newLine(first), kickerWords); !ok {
		return s
	}
	para := rest
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		para = rest[:j]
	}
	if countWords(para) < 12 || !endsSentence(para) {
		return s
	}
	return rest
}

// rightsRe: a rights line, "© 2024 Outlet", "Copyright 2024 Outlet",
// "(c) Outlet 2024" (short lines only).
var rightsRe = regexp.MustCompile(`^(?:©|\([cC]\)\s|(?i:copyright)\s*(?:©|\([cC]\))?\s*(?:\d{4}|(?i:by)\s+\p{Lu}))`)

// relativeTimeRe: a relative time stamp, "Updated 3 hours ago", "2 days ago".
var relativeTimeRe = regexp.MustCompile(`(?i)^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:\d+|an?|one)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?)\s+ago\.?$`)
