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
	for _, loc := range domainRE.FindAllStringIndex(text, -1) {
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
