package analyze

import (
	"strings"

	"github.com/storyline/storyline"
)

// resultVerbs report a match's result between two sides: "Sweden defeated
// South Korea 1 – 0".
var resultVerbs = toSet("defeated", "beat", "beats", "defeats", "faced", "faces", "lost", "loses", "drew",
	"draws", "tied", "edged", "thrashed", "routed", "overcame", "trounced", "whipped", "upset", "eliminated")

// teamPlaces retypes as organisations the places that play as sides in a
// match report (a national team, a city's club): a place next to a score
// ("Sweden 1 – 0 Korea Republic", "lost 1 – 2 to England") or starting a
// sentence with a result verb that holds a score ("Belgium defeated
// Panama 3 – 0"). A place that plays once is a side everywhere in the
// article. A country stays a place: annotations of news disagree on
// national sides (GUM types them organisations, CoNLL places), and a
// country is a place in every other sentence of a sports page; a city's or
// a county's side is an organisation in both.
func teamPlaces(text string, words []word, ms []storyline.Mention) {
	sides := map[string]bool{}
	wi := 0
	for _, m := range ms {
		if m.Type != storyline.Place {
			continue
		}
		for wi < len(words) && words[wi].start < m.Start {
			wi++
		}
		first := wi
		last := first
		for last+1 < len(words) && words[last+1].end <= m.End {
			last++
		}
		if first >= len(words) || words[first].start != m.Start {
			continue
		}
		if scoreAt(text, words, last+1) || scoreBefore(text, words, first) ||
			last+1 < len(words) && resultVerbs[words[last+1].key] && words[last+1].sent == words[first].sent &&
				sentenceHasScore(text, words, last+1) {
			sides[m.Name] = true
		}
	}
	for i := range ms {
		if ms[i].Type == storyline.Place && sides[ms[i].Name] && !countries()[ms[i].Name] {
			ms[i].Type = storyline.Organization
		}
	}
}

// scoreAt reports whether a match score starts at word k: "3-0", or "3 – 0"
// (two numbers joined by a dash).
func scoreAt(text string, words []word, k int) bool {
	if k >= len(words) || !words[k].digit {
		return false
	}
	if isScore(words[k].s) {
		return true
	}
	return k+1 < len(words) && words[k+1].digit && words[k+1].sent == words[k].sent &&
		isDashGap(text[words[k].end:words[k+1].start]) && len(words[k].s) <= maxScoreDigits && len(words[k+1].s) <= maxScoreDigits
}

// scoreBefore reports whether a score ends right before word k ("1 – 0
// Korea Republic", "lost 1 – 2 to England").
func scoreBefore(text string, words []word, k int) bool {
	for back := 1; back <= 2 && k-back >= 0; back++ {
		j := k - back
		if words[j].sent != words[k].sent {
			return false
		}
		if words[j].digit {
			return scoreAt(text, words, j) || j > 0 && scoreAt(text, words, j-1)
		}
		if back == 1 && words[j].key != "to" && words[j].key != "against" && words[j].key != "over" {
			return false
		}
	}
	return false
}

// sentenceHasScore reports whether the sentence of word k holds a score
// after it.
func sentenceHasScore(text string, words []word, k int) bool {
	for j := k; j < len(words) && words[j].sent == words[k].sent; j++ {
		if scoreAt(text, words, j) {
			return true
		}
	}
	return false
}

// maxScoreDigits is the longest side of a score: "3-0", "21-17"; "2014-15"
// is a span of years.
const maxScoreDigits = 2

// isScore reports whether s is two small numbers joined by a dash: "3-0".
func isScore(s string) bool {
	for _, d := range []string{"-", "–", "‐"} {
		if a, b, ok := strings.Cut(s, d); ok {
			return allDigits(a) && allDigits(b) && len(a) <= maxScoreDigits && len(b) <= maxScoreDigits
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// isDashGap reports whether the gap between two numbers is a dash, with or
// without spaces.
func isDashGap(gap string) bool {
	g := strings.TrimSpace(gap)
	return g == "-" || g == "–" || g == "—" || g == "‐"
}
