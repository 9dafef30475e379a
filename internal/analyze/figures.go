package analyze

import (
	"slices"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
)

// multipliers scale a number: "$650 million", "£8bn".
var multipliers = map[string]float64{
	"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
	"bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "millions": 1e6, "billions": 1e9,
}

// currencySymbols written before a number.
var currencySymbols = []struct{ sym, unit string }{
	{"US$", "USD"}, {"$", "USD"}, {"£", "GBP"}, {"€", "EUR"}, {"¥", "JPY"}, {"₽", "RUB"}, {"₴", "UAH"},
}

// unitWords normalise units of measure and currencies written after a
// number; anything else is a counted noun and is kept as written.
var unitWords = map[string]string{
	"km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
	"mile": "miles", "miles": "miles", "mi": "miles", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
	"kg": "kg", "kilograms": "kg", "kilogrammes": "kg", "tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes",
	"ft": "feet", "feet": "feet", "foot": "feet", "sq": "sq", "mph": "mph", "kmh": "km/h", "cm": "cm", "mm": "mm",
	"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "rubles": "RUB",
	"roubles": "RUB", "yuan": "CNY", "yen": "JPY", "hryvnias": "UAH", "hryvnia": "UAH", "percent": "%",
	"barrels": "barrels", "gw": "GW", "mw": "MW", "bcm": "bcm",
	"celsius": "C", "fahrenheit": "F", "degrees": "degrees", "hz": "Hz", "khz": "kHz", "mhz": "MHz", "ghz": "GHz",
	"kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "hp": "hp", "mpg": "mpg", "w": "W", "kw": "kW",
}

// numberWords are counts written in letters ("three rounds").
var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// figureAdjectives may stand between a number and what it counts ("100,000
// Russian troops", "8,500 combat-ready troops").
var figureAdjectives = toSet("more", "additional", "extra", "new", "other", "armed", "active",
	"foreign", "civilian", "military", "regular", "reserve", "elite", "local", "fresh", "heavy", "light",
	"registered", "eligible", "confirmed", "reported", "estimated", "total", "young", "old")

// notCounted are lower-case words that are not what a number counts.
var notCounted = toSet("of", "in", "to", "the", "a", "an", "and", "or", "are", "is", "were", "was",
	"have", "has", "had", "on", "at", "for", "from", "with", "by", "as", "that", "this", "than", "more",
	"per", "each", "who", "which", "will", "would", "could", "can", "may", "might", "be", "been", "said",
	"but", "after", "before", "since", "until", "into", "over", "under", "about", "out", "up", "down",
	"it", "its", "their", "his", "her", "our", "so", "if", "when", "while", "not", "no", "also", "times",
	"percent", "per", "cent", "year", "old")

// notDuration are words after "N years" that make it a date or an age,
// not a quantity ("three years ago", "45 years old").
var notDuration = toSet("ago", "old", "earlier", "later", "before", "after", "since")

// approximators may capitalise the word before a number at a sentence start.
var approximators = toSet("about", "some", "nearly", "around", "almost", "over", "more", "fewer",
	"roughly", "only", "just", "least", "than", "up", "approximately", "and", "with", "another", "all", "the",
	"a", "an", "by", "to", "at", "under", "below", "above", "exactly", "almost")

// findFigures finds numbers with their unit or counted noun, skipping the
// numbers inside dates, years, ordinals, times, identifiers and names
// ("Nord Stream 2").
func findFigures(text string, words []word, dates []storyline.DateMention) []storyline.FigureMention {
	var out []storyline.FigureMention
	di := 0
	for i := 0; i < len(words); i++ {
		w := words[i]
		for di < len(dates) && dates[di].End <= w.start {
			di++
		}
		if di < len(dates) && dates[di].Start < w.end {
			continue // part of a date
		}
		if f, ok := figureAt(text, words, i); ok {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(x, y storyline.FigureMention) int { return x.Start - y.Start })
	return out
}

func figureAt(text string, words []word, i int) (storyline.FigureMention, bool) {
	return figure(text, words, i, true)
}

// figure reads the figure at word i; with ranges, a number without a unit
// may take the unit of a range's second bound ("300 to 500 hires"), read
// without ranges, so that a chain "1 to 2 to 3 … km" costs each number
// one look ahead, not one per later number.
func figure(text string, words []word, i int, ranges bool) (storyline.FigureMention, bool) {
	w := words[i]
	var none storyline.FigureMention
	before := text[:w.start]
	if i > 0 {
		before = text[words[i-1].end:w.start]
	}
	after := text[w.end:]
	if i+1 < len(words) {
		after = text[w.end:words[i+1].start]
	}
	start := w.start
	unit := ""
	var value float64
	numeric := w.digit
	j := i // last word of the figure
	end := w.end
	if numeric {
		num, suffix := splitNumber(w.s)
		if num == "" || strings.HasSuffix(num, ".") {
			return none, false
		}
		plain := strings.ReplaceAll(num, ",", "")
		v, err := strconv.ParseFloat(plain, 64)
		if err != nil {
			return none, false
		}
		value = v
		for _, c := range currencySymbols {
			if strings.HasSuffix(before, c.sym) {
				unit, start = c.unit, w.start-len(c.sym)
				break
			}
		}
		// Ordinals, times, ids, fractions and codes are not figures.
		switch {
		case suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th":
			return none, false
		case len(plain) > 1 && plain[0] == '0' && !strings.Contains(plain, "."):
			return none, false
		case strings.HasPrefix(after, ":") || strings.HasPrefix(after, "/") || strings.HasSuffix(before, ":") && i > 0 && words[i-1].digit,
			strings.HasSuffix(before, "/") || strings.HasSuffix(before, "#") || strings.HasSuffix(before, "."):
			return none, false
		case unit == "" && !strings.Contains(num, ",") && !strings.Contains(num, ".") && len(plain) >= 5:
			return none, false
		}
		if i > 0 && onlySpace(before) && capLike(words[i-1]) && !approximators[strings.ToLower(words[i-1].s)] {
			return none, false // "Nord Stream 2", "Boeing 737"
		}
		// Years (written without a thousands separator) and decades.
		if len(plain) == 4 && value >= 1000 && value <= 2100 && unit == "" && (suffix == "" || suffix == "s") &&
			!strings.HasPrefix(after, "%") {
			return none, false
		}
		switch ls := strings.ToLower(suffix); {
		case ls == "s" || ls == "am" || ls == "pm" || ls == "'s" || ls == "’s":
			return none, false // "the 20s", "8.10am"
		case len(ls) > 1 && ls[0] == '-' && ls[1] >= '0' && ls[1] <= '9':
			// A range with its unit ("5-10W", "15-22 miles per hour") gives
			// its first bound that unit; a score ("396-9") has none.
			_, rest := splitNumber(ls[1:])
			if rest == "" && !rangeUnitAfter(text, words, i) || rest != "" && unitWords[rest] == "" {
				return none, false
			}
			suffix = suffix[len(suffix)-len(rest):]
		case strings.HasPrefix(ls, "st-") || strings.HasPrefix(ls, "nd-") || strings.HasPrefix(ls, "rd-") || strings.HasPrefix(ls, "th-"):
			return none, false // "14th-century"
		}
		suffix = strings.TrimLeft(suffix, "-‐‑")
		if m, ok := multipliers[strings.ToLower(suffix)]; ok && (unit != "" || suffix != "m" || countedAfter(text, words, i)) {
			value *= m
			suffix = ""
		}
		if suffix != "" {
			if u, ok := unitWords[strings.ToLower(suffix)]; ok {
				if unit == "" {
					unit = u
				}
			} else if unit == "" {
				unit = strings.ToLower(suffix) // "760-mile" is handled above; "5-year" → "year"
				if u, ok := unitWords[unit+"s"]; ok {
					unit = u
				}
			}
		}
		if sign := minusBefore(text, words, i); sign > 0 {
			value, start = -value, start-sign
		}
		if strings.HasPrefix(after, "%") {
			return storyline.FigureMention{Span: storyline.Span{Start: start, End: w.end + 1}, Value: value, Unit: "%", Text: text[start : w.end+1]}, true
		}
	} else {
		v, ok := numberWords[strings.ToLower(w.s)]
		if !ok {
			return none, false
		}
		value = v
	}
	// A multiplier word: "$650 million", "1.5 billion people", "eight
	// million bottles".
	if j+1 < len(words) && onlySpace(text[words[j].end:words[j+1].start]) {
		if m, ok := multipliers[words[j+1].s]; ok && len(words[j+1].s) > 2 {
			value *= m
			j++
			end = words[j].end
		}
	}
	if unit == "" {
		// A unit or what the number counts, after any adjectives.
		k := j + 1
		for n := 0; k < len(words) && n < 3 && onlySpace(text[words[k-1].end:words[k].start]); n++ {
			key := strings.ToLower(words[k].s)
			if strings.HasSuffix(key, "-old") {
				break // "60 year-old": an age
			}
			if demonyms[key] || figureAdjectives[key] || words[k].upper && gazetteer()[gazKey(words[k].s)].typ == storyline.Place ||
				strings.ContainsAny(key, "-‐") && !words[k].digit && unitWords[key] == "" {
				k++
				continue
			}
			break
		}
		if k < len(words) && onlySpace(text[words[k-1].end:words[k].start]) {
			key := strings.ToLower(words[k].s)
			if words[k].s == "per" && k+1 < len(words) && words[k+1].s == "cent" {
				unit, end = "%", words[k+1].end
			} else if u, ok := unitWords[key]; ok {
				unit, end = u, words[k].end
			} else if strings.HasSuffix(key, "-old") && isAlpha(key) {
				unit, end = key, words[k].end
			} else if key == "years" && k+1 < len(words) && notDuration[strings.ToLower(words[k+1].s)] {
				// a date or an age, not a quantity
			} else if adj := describesPlural(text, words, k); countable(words[k]) && (numeric || strings.HasSuffix(key, "s")) && !adj {
				unit, end = key, words[k].end
			} else if adj {
				// "four different bosses", "two smaller tenancies"
				unit, end = strings.ToLower(words[k+1].s), words[k+1].end
			}
		}
		if unit == "" && numeric && ranges {
			if f, ok := rangeEnd(text, words, j); ok {
				unit = f.Unit
			}
		}
		if unit == "" {
			return none, false
		}
	} else if end == w.end && numeric {
		// "1,225km": unit attached; a following currency word may also name it.
		if j+1 < len(words) && onlySpace(text[words[j].end:words[j+1].start]) {
			if u, ok := unitWords[strings.ToLower(words[j+1].s)]; ok && (u == "USD" || u == "EUR" || u == "GBP") && unit == u {
				end = words[j+1].end
			}
		}
	}
	return storyline.FigureMention{Span: storyline.Span{Start: start, End: end}, Value: value, Unit: unit, Text: text[start:end]}, true
}

// splitNumber splits "1,225km" into "1,225" and "km".
func splitNumber(s string) (num, suffix string) {
	k := 0
	for k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] == ',' || s[k] == '.') {
		k++
	}
	return s[:k], s[k:]
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-' || r == '\'' || r > 127) {
			return false
		}
	}
	return s != ""
}

// minusBefore is the length in bytes of a minus sign written before word
// i ("-1.3%", "−40C", "minus 387"), 0 when there is none. A hyphen counts
// only when it touches the number and follows a space or an opening
// bracket, not a word or a number ("COVID-19", "5 -10").
func minusBefore(text string, words []word, i int) int {
	w := words[i]
	prevEnd := 0
	if i > 0 {
		prevEnd = words[i-1].end
		if strings.EqualFold(words[i-1].s, "minus") && onlySpace(text[prevEnd:w.start]) {
			return w.start - words[i-1].start
		}
	}
	for _, sign := range []string{"-", "−"} {
		if !strings.HasSuffix(text[prevEnd:w.start], sign) {
			continue
		}
		k := w.start - len(sign)
		if k == 0 || strings.ContainsAny(text[k-1:k], " \t\n([") && (i == 0 || !words[i-1].digit || !onlySpace(text[prevEnd:k])) {
			return len(sign)
		}
	}
	return 0
}

// rangeConnectors join the bounds of a range written in words.
var rangeConnectors = toSet("to", "-", "–", "and")

// rangeEnd reads the second bound of a range after word j ("1000 to 2000
// hires", "2000 - 2500 Calories"): the figure that follows the connector,
// with its unit.
func rangeEnd(text string, words []word, j int) (storyline.FigureMention, bool) {
	between := ""
	k := j + 1
	if k < len(words) && rangeConnectors[strings.ToLower(words[k].s)] && onlySpace(text[words[j].end:words[k].start]) {
		between = words[k].s
		k++
	} else if k < len(words) {
		between = strings.TrimSpace(text[words[j].end:words[k].start])
	}
	if !rangeConnectors[between] || k >= len(words) || !words[k].digit {
		return storyline.FigureMention{}, false
	}
	f, ok := figure(text, words, k, false)
	return f, ok && f.Unit != ""
}

// rangeUnitAfter reports whether a range written as one word ("15-22")
// is followed by a unit of measure ("miles per hour").
func rangeUnitAfter(text string, words []word, i int) bool {
	return i+1 < len(words) && onlySpace(text[words[i].end:words[i+1].start]) && unitWords[strings.ToLower(words[i+1].s)] != ""
}

// countedAfter reports whether a unit or a counted noun follows word i,
// which makes a trailing "m" a million ("12.3m tonnes"), not metres.
func countedAfter(text string, words []word, i int) bool {
	if i+1 >= len(words) || !onlySpace(text[words[i].end:words[i+1].start]) {
		return false
	}
	key := strings.ToLower(words[i+1].s)
	return unitWords[key] != "" || countable(words[i+1]) && strings.HasSuffix(key, "s")
}

// countable reports whether a word can be what a number counts: a
// lower-case word of letters that is not a function word ("troops", not
// "of" or "Nato").
func countable(w word) bool {
	key := strings.ToLower(w.s)
	return !w.upper && !w.digit && !notCounted[key] && isAlpha(key)
}

// describesPlural reports whether word k is a lower-case word that is not
// plural itself and stands before a plural noun ("different bosses"): an
// adjective of what the number counts.
func describesPlural(text string, words []word, k int) bool {
	if k+1 >= len(words) || !onlySpace(text[words[k].end:words[k+1].start]) {
		return false
	}
	key, next := strings.ToLower(words[k].s), strings.ToLower(words[k+1].s)
	return countable(words[k]) && !strings.HasSuffix(key, "s") &&
		countable(words[k+1]) && strings.HasSuffix(next, "s") && !strings.HasSuffix(next, "ss")
}
