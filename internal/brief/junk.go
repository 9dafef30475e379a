package brief

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// boilerplate holds folded phrases of page furniture that scraped news texts
// keep (archive notices, social boxes, cookie and subscription banners). The
// cleaner strips many such lines, but the brief must not depend on it: a
// summary sentence with one of these is never news.
var boilerplate = []string{
	"tweet with a location", "your tweets", "wayback machine", "internet archive", "crawl data",
	"these crawls", "cookie", "javascript", "subscribe", "subscription", "sign up", "newsletter",
	"click here", "all rights reserved", "copyright", "advertisement", "continue reading",
	"story continued below", "follow us", "share this", "read more", "terms of service",
	"privacy policy", "log in", "your browser", "verify you're not a robot", "email address",
	"image caption", "photo credit", "getty images", "captcha", "page generated",
	"this material may not be published", "download the app", "watch this video",
	"rights reserved", "follow him on", "follow her on", "sign in", "comments are closed",
	"this article was", "related:", "ваш відгук", "our site", "free archives",
	// Calls to the reader: petitions, donations, accounts.
	"confirm your signature", "for your vote to count", "your continued support", "support our journalism",
	"donate now", "become a member", "create an account", "turn off your ad blocker", "whitelist us",
}

// boilerplateIndex groups the boilerplate phrases by their first two bytes,
// so that one pass over a sentence finds any of them (one strings.Contains
// per phrase was half the cost of isJunk).
type boilerplateIndex struct {
	starts [1 << 16]bool
	byPair map[uint16][]string
}

var boilerplateIdx = sync.OnceValue(func() *boilerplateIndex {
	x := &boilerplateIndex{byPair: map[uint16][]string{}}
	for _, p := range boilerplate {
		k := uint16(p[0])<<8 | uint16(p[1])
		x.starts[k] = true
		x.byPair[k] = append(x.byPair[k], p)
	}
	return x
})

// hasBoilerplate reports whether a folded sentence contains one of the
// boilerplate phrases (all of them at least two bytes long).
func hasBoilerplate(f string) bool {
	x := boilerplateIdx()
	for i := 0; i+1 < len(f); i++ {
		k := uint16(f[i])<<8 | uint16(f[i+1])
		if !x.starts[k] {
			continue
		}
		for _, p := range x.byPair[k] {
			if strings.HasPrefix(f[i:], p) {
				return true
			}
		}
	}
	return false
}

// isJunk reports whether a sentence (starting at byte off of its text, where the token spans point) is unfit for a summary or a claim: very
// short, without running prose (too few lower-case words, a headline in
// title case, all caps), links, handles, list bullets or page furniture.
func isJunk(s string, off int, toks []storyline.Token) bool {
	if len(toks) < 5 || len(s) < 25 {
		return true
	}
	lower, capital, letters, upper, cased := 0, 0, 0, 0, 0
	for _, t := range toks {
		r, _ := utf8.DecodeRuneInString(s[t.Start-off : t.End-off])
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			capital++
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
			if unicode.IsUpper(r) || unicode.IsLower(r) {
				cased++
			}
		}
	}
	if letters == 0 || float64(upper) > 0.5*float64(letters) {
		return true
	}
	// The tests of case hold for scripts that have it: Arabic, Hebrew,
	// Chinese, Japanese, Korean or Hindi prose has no lower-case words.
	if 2*cased >= letters {
		if lower < 3 {
			return true
		}
		// A headline or a menu: most words capitalised.
		if float64(capital) > 0.6*float64(len(toks)) {
			return true
		}
	}
	// Running prose ends with a terminator (possibly inside quotes).
	end := strings.TrimRight(s, " \"'”’»)]」』）")
	if last, _ := utf8.DecodeLastRuneInString(end); end == "" || !text.IsTerminator(last) && last != ':' && last != ';' {
		return true
	}
	f := text.Fold(s)
	if strings.Contains(f, "http") || strings.Contains(f, "www.") || strings.Contains(f, ".com/") ||
		strings.Contains(s, "@") || strings.Contains(s, "|") || strings.Contains(s, "•") ||
		strings.Contains(s, "src=") || strings.Contains(s, "/>") {
		return true
	}
	if hasBoilerplate(f) {
		return true
	}
	if gluedEnds(s) >= maxGluedEnds || cutShort(s) {
		return true
	}
	return strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ")
}

// maxGluedEnds is how many sentence ends glued to the next sentence
// ("effect today.All travelers") make a sentence a scraped block (2): a
// page's teasers or a text that lost its line breaks runs several
// sentences, often of other stories, into one that the splitter cannot
// cut; one such end is as often a typing slip in a real sentence.
const maxGluedEnds = 2

// gluedEnds counts the sentence ends in s with no space before the next
// sentence: a lower-case letter, a full stop, question or exclamation
// mark, and a capitalised word ("today.All").
func gluedEnds(s string) int {
	n := 0
	var prev, cur rune
	for i, r := range s {
		if (cur == '.' || cur == '!' || cur == '?') && unicode.IsLower(prev) && unicode.IsUpper(r) {
			if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); unicode.IsLower(next) {
				n++
			}
		}
		prev, cur = cur, r
	}
	return n
}

// cutShort reports whether a sentence is a teaser cut off mid-sentence:
// it ends with an ellipsis right after a word or a comma ("Nevada became
// the fifth state with...", "Friday,..."), as a page's lists of other
// stories and scraped leads end, rather than after a space (a speaker's
// pause: "in a better place …") or a full stop.
func cutShort(s string) bool {
	s = strings.TrimRight(s, " ")
	e, ok := strings.CutSuffix(s, "...")
	if !ok {
		if e, ok = strings.CutSuffix(s, "…"); !ok {
			return false
		}
	}
	r, _ := utf8.DecodeLastRuneInString(e)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ','
}

// danglingOpeners start a sentence that leans on the one before it.
var danglingOpeners = map[string]bool{
	"he": true, "she": true, "it": true, "they": true, "this": true, "that": true, "these": true,
	"those": true, "his": true, "her": true, "its": true, "their": true, "but": true, "however": true,
	"and": true, "also": true, "so": true, "still": true, "yet": true, "meanwhile": true,
	"nonetheless": true, "nevertheless": true, "instead": true, "then": true,
	"him": true, "them": true, "such": true, "plus": true, "or": true, "moreover": true,
}

// isDangling reports whether a sentence opens with a pronoun or a connective
// ("But", "However", "He") that needs the previous sentence to be understood.
func isDangling(s string) bool {
	s = strings.TrimLeft(s, " \"'“‘«(-—–")
	// The word before an apostrophe: "It's", "They're" lean as "It" does.
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return danglingOpeners[strings.ToLower(s[:end])]
}

// quoteShare is the share of a sentence's bytes inside quotation marks.
func quoteShare(s string) float64 {
	in, n := false, 0
	for _, r := range s {
		switch r {
		case '"':
			in = !in
			continue
		case '“', '«':
			in = true
			continue
		case '”', '»':
			in = false
			continue
		}
		if in {
			n += utf8.RuneLen(r)
		}
	}
	if len(s) == 0 {
		return 0
	}
	return float64(n) / float64(len(s))
}

// isFragment reports whether a sentence is a piece of a longer one: it
// opens in lower case, or ends with a colon (the list it introduces is
// elsewhere). Such sentences may be claims but read badly alone, so the
// summary skips them.
func isFragment(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return true
	}
	if strings.HasSuffix(strings.TrimSpace(s), ":") {
		return true
	}
	return false
}

// openQuote reports whether a text leaves a quotation open: an odd number
// of straight double quotes, or more opening than closing curly ones.
func openQuote(s string) bool {
	return strings.Count(s, "\"")%2 == 1 || strings.Count(s, "“") > strings.Count(s, "”")
}

// joinQuotes merges sentences that a splitter cut inside a quotation
// ("“If it depends on Russia, then there will be no war. | We don’t want
// wars,” Lavrov said.") back into one unit, so that a claim or a summary
// sentence holds the whole quote and its speaker. Only sentences of one
// line are joined, at most four, and only when the join closes the quote.
func joinQuotes(text string, spans []storyline.Span) []storyline.Span {
	out := make([]storyline.Span, 0, len(spans))
	for i := 0; i < len(spans); i++ {
		cur := spans[i]
		if !cur.In(len(text)) {
			continue
		}
		if openQuote(text[cur.Start:cur.End]) {
			for j := i + 1; j < len(spans) && j <= i+3; j++ {
				if !spans[j].In(len(text)) || spans[j].Start < cur.End ||
					strings.Contains(text[cur.End:spans[j].Start], "\n") {
					break
				}
				if !openQuote(text[cur.Start:spans[j].End]) {
					cur.End = spans[j].End
					i = j
					break
				}
			}
		}
		out = append(out, cur)
	}
	return out
}

// maxSubheadWords is the length from which a line of its own is text, not
// a subheading (12 words).
const maxSubheadWords = 12

// isSubheading reports whether sentence sp of text is a subheading: a
// short line of its own that asks a question ("Why the fixation on
// Nato?") or ends without a full stop ("What happens next"). It names a
// section; it says nothing a summary or a claim could use.
func isSubheading(text string, sp storyline.Span) bool {
	lineStart := sp.Start == 0 || text[sp.Start-1] == '\n'
	lineEnd := sp.End == len(text) || text[sp.End] == '\n'
	if !lineStart || !lineEnd {
		return false
	}
	s := strings.TrimSpace(text[sp.Start:sp.End])
	if s == "" || len(strings.Fields(s)) > maxSubheadWords {
		return false
	}
	return strings.HasSuffix(s, "?") || !strings.ContainsAny(s[len(s)-1:], ".!\"'”’)…")
}

// dateline matches the dateline that opens a sentence, with the dash and
// the space after it: a place in capitals (up to four words, a state after
// a comma: "ST. LOUIS, Mo."), an outlet in brackets, or both, then a dash
// ("WASHINGTON (AP) — ", "(CNN) -- ", "DENVER - "); or a dash alone, left
// where a scraper cut the place off.
var dateline = regexp.MustCompile(`^(?:\p{Lu}[\p{Lu}.'’&]+(?:,? \p{Lu}[\p{Lu}.'’&]*){0,3}(?:, \p{Lu}\p{Ll}{1,4}\.)? ?)?(?:\([^()]{2,30}\) ?)?(?:—|–|--|-) `)

// maxDateline bounds the bytes of a dateline; longer openers are not
// looked at.
const maxDateline = 64

// datelineLen returns the length in bytes of the dateline that opens a
// sentence, or 0. A dateline says where a report was filed, not what
// happened: a summary sentence or a claim starts after it, keeping the
// budget for the news (the rest is still copied verbatim).
func datelineLen(s string) int {
	head := s[:min(len(s), maxDateline)]
	if !strings.Contains(head, "- ") && !strings.Contains(head, "— ") && !strings.Contains(head, "– ") {
		return 0
	}
	n := len(dateline.FindString(head))
	// What follows a dateline starts a sentence: "NASA - the agency said"
	// is a sentence with a dash, not a dateline.
	if r, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsLower(r) {
		return 0
	}
	return n
}
