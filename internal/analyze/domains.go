package analyze

import (
	"regexp"
	"strings"

	"github.com/storyline/storyline"
)

// domainRE finds web site names: labels joined by dots, ending in a common
// top-level domain ("Gawker.com", "CBC.ca", "www.example.govt.nz").
var domainRE = regexp.MustCompile(`\b(?:www\.)?[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.` +
	`(?:com|org|net|edu|gov|info|io|tv|biz|ca|uk|nz|au|ie|in|de|fr|it|es|ru|cn|jp|eu|us)\b`)

// domainNames finds the web sites a text names. A site named by its
// address alone ("www.…") is a thing; a name such as "Gawker.com" is most
// often the business behind it. An e-mail address or a path is no name,
// nor a one-letter label before a domain's ending, which is an
// abbreviation's dots.
func domainNames(text string) []storyline.Mention {
	var out []storyline.Mention
	for _, loc := range domainSpans(text) {
		s, e := loc[0], loc[1]
		if s > 0 && strings.ContainsRune("@/.:", rune(text[s-1])) || e < len(text) && strings.ContainsRune("@/", rune(text[e])) {
			continue
		}
		name := text[s:e]
		if strings.IndexByte(name, '.') == 1 {
			continue // "m.in." (Polish "among others"): an abbreviation, no site
		}
		t := storyline.Organization
		if strings.HasPrefix(strings.ToLower(name), "www.") {
			t = storyline.OtherEntity
		}
		out = append(out, storyline.Mention{Span: storyline.Span{Start: s, End: e}, Name: name, Type: t})
	}
	return out
}

// domainSpans is domainRE.FindAllStringIndex(text, -1), found by running
// the expression only on the runs of host characters around a dot
// followed by a letter or digit: run on a whole text it tried every word
// and was most of the entity rules' time. A run is bounded by characters
// that are neither host nor word characters, so the expression's word
// boundaries fall where they would in the whole text.
func domainSpans(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '.')
		if j < 0 {
			break
		}
		dot := i + j
		if dot == 0 || dot+1 == len(text) || !isHostByte(text[dot-1]) || !isHostByte(text[dot+1]) || text[dot+1] == '.' {
			i = dot + 1
			continue
		}
		s, e := dot, dot
		for s > 0 && isHostByte(text[s-1]) {
			s--
		}
		for e < len(text) && isHostByte(text[e]) {
			e++
		}
		for _, loc := range domainRE.FindAllStringIndex(text[s:e], -1) {
			out = append(out, []int{s + loc[0], s + loc[1]})
		}
		i = e
	}
	return out
}

// isHostByte reports whether b can be part of a host name's run: an ASCII
// letter or digit, '-', '.', or '_' (a word character to the expression).
func isHostByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '.' || b == '_'
}

// withDomains adds the web sites of a text to its mentions, dropping the
// mentions inside them ("Gawker" in "Gawker.com").
func withDomains(text string, ms []storyline.Mention) []storyline.Mention {
	ds := domainNames(text)
	if len(ds) == 0 {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		inside := false
		for _, d := range ds {
			if m.Start < d.End && d.Start < m.End {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return append(out, ds...)
}
