package storyline

import (
	"net/url"
	"strings"
	"unicode"
)

// Outlet names the outlet that published an article, and gives the key
// under which two ways of naming one outlet are the same: its Source,
// else the host of its URL without "www.". The key keeps the lower-case
// letters and digits of the name, and of a domain only its registered
// name ("Northgate Tribune", "northgatetribune.example" and
// "www.northgatetribune.example" all give "northgatetribune"; "rbc.ru"
// and "RBC" give "rbc"). Both are empty when the article names no outlet:
// such an article is an outlet of its own, never another's.
func Outlet(a *Article) (name, key string) { return OutletOf(a.Source, a.URL) }

// OutletOf is Outlet of an article's source and URL.
func OutletOf(source, rawURL string) (name, key string) {
	name = strings.TrimSpace(source)
	if name == "" {
		if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
			name = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	return name, outletKey(name)
}

// CountKey is the key under which an article counts as an outlet: its
// outlet's key (see Outlet), or, when it names none, the article itself,
// an outlet of its own that never corroborates another.
func CountKey(source, rawURL, id string) string {
	if _, key := OutletOf(source, rawURL); key != "" {
		return "s:" + key
	}
	return "a:" + id
}

// secondLevel are the labels that stand between a registered name and a
// country's top-level domain ("bbc.co.uk", "abc.net.au").
var secondLevel = map[string]bool{"co": true, "com": true, "org": true, "net": true, "gov": true, "ac": true, "edu": true, "or": true, "ne": true}

// outletKey is the key of an outlet's name (see Outlet).
func outletKey(name string) string {
	if isDomain(name) {
		labels := strings.Split(strings.ToLower(strings.TrimPrefix(name, "www.")), ".")
		labels = labels[:len(labels)-1] // the top-level domain
		if n := len(labels); n > 1 && secondLevel[labels[n-1]] {
			labels = labels[:n-1]
		}
		name = labels[len(labels)-1]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isDomain reports whether an outlet's name is a host name ("rbc.ru"):
// no spaces, a dot between two labels of letters, digits and hyphens.
func isDomain(s string) bool {
	if s == "" || strings.ContainsAny(s, " /:") || !strings.Contains(strings.Trim(s, "."), ".") {
		return false
	}
	for _, r := range s {
		if !(r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// Outlets is the number of outlets that carry a story, the one count the
// run table, `stories`, `show`, the API and the web page give: the
// outlets of its brief's coverage (an unnamed article is an outlet of its
// own, a near-copy counts with its original), or, before it is briefed,
// the outlets it names.
func (s *Story) Outlets() int {
	if s.Brief != nil && len(s.Brief.Coverage) > 0 {
		return len(s.Brief.Coverage)
	}
	return len(s.Sources)
}

// Outlets is Story.Outlets of the contract's view: the outlets of its
// coverage, or, without one, of its articles by CountKey.
func (v *StoryView) Outlets() int {
	if len(v.Coverage) > 0 {
		return len(v.Coverage)
	}
	seen := map[string]bool{}
	for _, a := range v.Articles {
		seen[CountKey(a.Source, a.URL, a.ID)] = true
	}
	return len(seen)
}
