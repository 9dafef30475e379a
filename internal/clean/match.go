package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// phraseSet finds lower-case phrases at word boundaries. The families of
// page furniture are phrase lists rather than one regular expression: a
// case-folding alternation of a hundred phrases costs about a microsecond
// per byte in Go's regexp, while a map lookup per word of a lower-cased
// line costs nanoseconds.
//
// Most words of a line start no phrase: a filter on the first byte and
// the byte length of the phrases' first words skips the map look-up for
// them (the look-ups were most of the cost of matching).
type phraseSet struct {
	byWord map[string][]string // first word -> phrases starting with it
	first  [256]bool           // first bytes of those words
	lens   uint64              // their byte lengths (bit min(n, 63))
}

func newPhrases(list ...string) *phraseSet {
	p := &phraseSet{byWord: map[string][]string{}}
	for _, ph := range list {
		w := ph
		if i := strings.IndexFunc(ph, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); i > 0 {
			w = ph[:i]
		}
		if w == "" {
			continue
		}
		p.byWord[w] = append(p.byWord[w], ph)
		p.first[w[0]] = true
		p.lens |= 1 << min(len(w), 63)
	}
	return p
}

// isWordByte reports whether an ASCII byte is a letter or a digit, as
// unicode.IsLetter and unicode.IsDigit would.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// count returns how many phrase occurrences lower holds, stopping at max.
func (p *phraseSet) count(lower string, max int) int {
	n := 0
	for i := 0; i < len(lower); {
		if c := lower[i]; c < utf8.RuneSelf {
			if !isWordByte(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(lower[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i
		for j < len(lower) {
			if c := lower[j]; c < utf8.RuneSelf {
				if !isWordByte(c) {
					break
				}
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(lower[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += size
		}
		if !p.first[lower[i]] || p.lens&(1<<min(j-i, 63)) == 0 {
			i = j
			continue
		}
		for _, ph := range p.byWord[lower[i:j]] {
			if strings.HasPrefix(lower[i:], ph) && wordEdge(lower, i+len(ph), false) {
				n++
				if n >= max {
					return n
				}
			}
		}
		i = j
	}
	return n
}

func (p *phraseSet) match(lower string) bool { return p.count(lower, 1) > 0 }

// wordEdge reports whether position i of s is not inside a word: the rune
// before it (before == true) or at it is not a letter or digit.
func wordEdge(s string, i int, before bool) bool {
	var r rune
	if before {
		if i == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(s[:i])
	} else {
		if i >= len(s) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// furniture: prompts, notices and widgets of web pages. They count on
// short lines, or lines that do not end like a sentence.
var furniture = newPhrases(
	"subscribe", "unsubscribe", "sign up", "sign in", "log in to", "login to", "newsletter", "newsletters",
	"get news faster", "get the news faster", "follow us", "join us on", "like us on", "find us on",
	"download our app", "download the app", "share this", "share on", "captcha", "security key",
	"are you a robot", "cookie", "cookies", "privacy policy", "privacy settings", "terms of use",
	"terms of service", "copyright ©", "click here", "read more", "continue reading", "see also",
	"related articles", "related stories", "related coverage", "related topics", "recommended for you",
	"advertisement", "sponsored content", "text size", "enable javascript", "javascript is disabled",
	"page generated in", "page was generated in", "leave a comment", "post a comment", "report an error",
	"report a typo", "skip to content", "skip to main content", "back to top", "reuse this content",
	"more from", "watch live", "listen live", "play video", "watch video", "you may also like",
	"most read", "most popular", "trending now", "don't miss", "don’t miss",
	"listen to this article", "listen to this story", "listen to article", "min read", "minute read",
	"minutes read", "reading time", "print this article", "email this article", "copy link",
	"report a correction", "submit a correction", "suggest a correction", "corrections policy",
	"our standards", "editorial standards", "editorial guidelines", "trust principles",
	"for updates", "tap the bell", "bell icon", "turn on notifications", "enable notifications",
	"push notifications", "add a comment", "image source", "scroll to continue", "story continues below",
	"article continues below", "opens in new window", "opens in a new window", "write a comment", "your comment",
	"ваш відгук", "ваш отзыв", "подписывайтесь", "подписаться", "подписка", "читайте также",
	"читайте нас", "новости быстрее", "поделиться",
)

// strongFurniture: phrases only page furniture uses. They count on lines of
// up to 60 words, sentence or not.
var strongFurniture = newPhrases(
	"tweet with a location", "location information to your tweets", "add this tweet to your website",
	"wayback machine", "internet archive", "alexa internet", "these crawls are part",
	"media playback is unsupported", "image copyright", "image caption", "hide caption", "toggle caption",
	"story continued below", "verify you're not a robot", "verify you’re not a robot",
	"verify you are not a robot", "verify that you are not a robot", "verify you are human",
	"all rights reserved", "your browser does not support",
)

// translation: notices of machine translation.
var translation = newPhrases(
	"powered by automated translation", "automated translation", "machine translated", "machine-translated",
	"machine translation", "automatically translated", "translated automatically", "translated by google",
	"translated with google", "translated by deepl", "translated with deepl", "translated by machine",
	"translated by a machine",
)

// reportCredit: the end of a "… contributed to this report" line.
var reportCredit = newPhrases("contributed to this report", "contributed to this story", "contributed to this article")

// captionWords gate the caption expression: a line without any of them
// cannot match it.
var captionWords = newPhrases("photo", "photos", "photograph", "photographs", "illustration", "illustrations", "image", "images", "picture", "pictures", "pictured", "foto",
	"фото", "credit", "credits", "getty", "file", "reuters", "video", "epa")
