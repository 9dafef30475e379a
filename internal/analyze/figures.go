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
	// Other languages (after a number, in any case): German, French,
	// Spanish, Italian, Portuguese, Polish, Russian, Turkish.
	"tausend": 1e3, "mil": 1e3, "mille": 1e3, "tysięcy": 1e3, "tysiące": 1e3, "tys": 1e3, "тысяч": 1e3,
	"тысячи": 1e3, "тыс": 1e3, "millionen": 1e6, "mio": 1e6, "millones": 1e6, "millón": 1e6,
	"milioni": 1e6, "milione": 1e6, "milhões": 1e6, "milhão": 1e6, "milion": 1e6, "miliony": 1e6,
	"milionów": 1e6, "miliona": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млн": 1e6,
	"milyon": 1e6, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "milliard": 1e9, "milliards": 1e9,
	"miliardi": 1e9, "miliardo": 1e9, "bilhões": 1e9, "bilhão": 1e9, "miliard": 1e9, "miliardy": 1e9,
	"miliardów": 1e9, "mld": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд": 1e9,
	"milyar": 1e9,
}

// percentAfter are the words that make a number a percentage in other
// languages ("5,3 Prozent"), and percentPhrases the two-word ones ("5,3
// por ciento", "pour cent"); percentBefore precede it ("yüzde 5,3").
var (
	percentAfter = toSet("prozent", "procent", "proc", "процент", "процента", "процентов", "percento",
		"pourcent", "porciento")
	percentPhrases = map[string]string{"per": "cent", "por": "ciento", "pour": "cent"}
	percentBefore  = toSet("yüzde", "%")
)

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
	"watts": "W", "kilowatts": "kW", "megawatts": "MW", "megawatt": "MW", "gigawatts": "GW", "gigawatt": "GW",
	"volts": "V", "amps": "A", "mpa": "MPa", "kpa": "kPa", "psi": "psi", "lb-ft": "lb-ft", "nm": "Nm",
	"litres": "litres", "liters": "litres", "litre": "litres", "liter": "litres", "gallons": "gallons",
	"grams": "g", "gram": "g", "milligrams": "mg", "mg": "mg", "lbs": "lb", "lb": "lb", "ounces": "oz", "oz": "oz",
	"acres": "acres", "hectares": "hectares", "sqm": "sq m", "inches": "inches", "inch": "inches", "yards": "yards",
	"knots": "knots", "calories": "calories", "decibels": "dB", "db": "dB", "gb": "GB", "tb": "TB",
	// Currencies in other languages.
	"dólares": "USD", "dólar": "USD", "dolarów": "USD", "dolary": "USD", "долларов": "USD", "доллара": "USD",
	"доллар": "USD", "dolar": "USD", "евро": "EUR", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB",
	"złotych": "PLN", "złote": "PLN", "zł": "PLN", "lira": "TRY", "lirası": "TRY", "franken": "CHF",
	"kilometern": "km", "kilómetros": "km", "kilomètres": "km", "chilometri": "km",
	"километров": "km", "kilometrów": "km", "tonnen": "tonnes", "toneladas": "tonnes",
}

// currencyCodes are ISO 4217 codes (and the ringgit's "RM") written
// before a number, joined to it or not ("USD1,700", "RM2.05", "EUR 50m"),
// or after it ("108.79 JPY").
var currencyCodes = map[string]string{
	"USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "CNY": "CNY", "RMB": "CNY", "INR": "INR", "RS": "INR",
	"AUD": "AUD", "A$": "AUD", "CAD": "CAD", "C$": "CAD", "NZD": "NZD", "CHF": "CHF", "HKD": "HKD", "HK$": "HKD",
	"SGD": "SGD", "S$": "SGD", "RM": "MYR", "MYR": "MYR", "KRW": "KRW", "BRL": "BRL", "R$": "BRL", "MXN": "MXN",
	"ZAR": "ZAR", "RUB": "RUB", "UAH": "UAH", "TRY": "TRY", "PLN": "PLN", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK",
	"IDR": "IDR", "PHP": "PHP", "THB": "THB", "NGN": "NGN", "PKR": "PKR", "EGP": "EGP", "SAR": "SAR", "AED": "AED",
}

// currencyPrefix splits a word that is a currency code joined to a
// number ("USD1,700", "RM2.05") into the currency and the number.
func currencyPrefix(s string) (unit, rest string, ok bool) {
	k := 0
	for k < len(s) && k < 4 && (s[k] >= 'A' && s[k] <= 'Z' || s[k] == '$') {
		k++
	}
	if k < 2 || k >= len(s) || s[k] < '0' || s[k] > '9' {
		return "", "", false
	}
	unit, ok = currencyCodes[s[:k]]
	return unit, s[k:], ok
}

// anaphoricDeterminers before a small count in letters make it point back
// at what the text has named ("the two leaders", "these three men"):
// maxAnaphoricCount is the largest such count.
var anaphoricDeterminers = map[string]bool{"the": true, "these": true, "those": true}

const maxAnaphoricCount = 3

// numberWords are counts written in letters ("three rounds").
var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// wordNumber is the value of one word of a number written in letters
// ("six", "forty-two", "hundred"), -1 for any other word. "one" counts
// only inside a longer number (see numberInWords): alone it is mostly a
// pronoun.
func wordNumber(s string) float64 {
	key := strings.ToLower(s)
	if v, ok := numberWords[key]; ok {
		return v
	}
	if key == "one" {
		return 1
	}
	if tens, ones, ok := strings.Cut(key, "-"); ok { // "forty-two"
		t, o := numberWords[tens], numberWords[ones]
		if t >= 20 && t <= 90 && int(t)%10 == 0 && o > 0 && o < 10 {
			return t + o
		}
	}
	return -1
}

// numberInWords reads a number written in letters from word i ("three",
// "six hundred forty-two", "one thousand"): its value and last word. A
// lone "one" or "hundred" is no number.
func numberInWords(text string, words []word, i int) (value float64, last int, ok bool) {
	total, cur := 0.0, 0.0
	last = -1
	for k := i; k < len(words) && (k == i || onlySpace(text[words[k-1].end:words[k].start])); k++ {
		key := strings.ToLower(words[k].s)
		v := wordNumber(key)
		switch {
		case key == "hundred" && k > i:
			cur *= 100
		case (key == "thousand" || key == "million" || key == "billion") && k > i:
			total += cur * multipliers[key]
			cur = 0
		case v >= 0 && key != "hundred" && (k == i || cur == 0 || int(cur)%100 == 0 && v < 100):
			cur += v
		default:
			k = len(words) // stop
			continue
		}
		last = k
	}
	if last < 0 || last == i && (strings.EqualFold(words[i].s, "one") || strings.EqualFold(words[i].s, "hundred")) {
		return 0, 0, false
	}
	return total + cur, last, true
}

// denominators are the fractions written in words ("two-thirds", "a
// quarter" is left out: "a" is no number).
var denominators = map[string]float64{
	"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
	"fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10,
}

// fraction reads a fraction written in words at word i, joined by a
// hyphen or a space ("two-thirds", "one fourth"), as its value.
func fraction(text string, words []word, i int) (storyline.FigureMention, bool) {
	w := words[i]
	num, den, ok := strings.Cut(strings.ToLower(w.s), "-")
	end := w.end
	if !ok && i+1 < len(words) && onlySpace(text[w.end:words[i+1].start]) {
		den, end = strings.ToLower(words[i+1].s), words[i+1].end
	}
	n, d := wordNumber(num), denominators[den]
	if n <= 0 || d == 0 || n >= d {
		return storyline.FigureMention{}, false
	}
	return storyline.FigureMention{Span: storyline.Span{Start: w.start, End: end}, Value: n / d, Text: text[w.start:end]}, true
}

// notAfterOne are words before "one" that make it a pronoun or an
// ordinal ("no one", "the one thing", "each one").
var notAfterOne = toSet("no", "any", "every", "each", "the", "this", "that", "which", "someone", "anyone")

// oneCounted reads "one" before a singular noun it counts ("one man", "one
// solution", "one per cent"); "one of", "one another" and "no one" are no
// figures.
func oneCounted(text string, words []word, i int) (storyline.FigureMention, bool) {
	w := words[i]
	if !strings.EqualFold(w.s, "one") || i+1 >= len(words) || !onlySpace(text[w.end:words[i+1].start]) ||
		notAfterOne[strings.ToLower(prevWord(words, i))] {
		return storyline.FigureMention{}, false
	}
	next := words[i+1]
	key := strings.ToLower(next.s)
	unit, end := key, next.end
	if key == "of" {
		return oneOf(text, words, i)
	}
	switch {
	case i+2 < len(words) && isPercentPhrase(key, words[i+2].s):
		unit, end = "%", words[i+2].end
	case key == "percent":
		unit = "%"
	case !countable(next) || strings.HasSuffix(key, "s") || key == "another" || wordNumber(key) >= 0:
		return storyline.FigureMention{}, false
	}
	return storyline.FigureMention{Span: storyline.Span{Start: w.start, End: end}, Value: 1, Unit: unit, Text: text[w.start:end]}, true
}

// oneOf reads "one of the" before a plural noun, after at most
// oneOfWords words that describe it ("one of the oldest ballparks"): one
// of a set, which news counts ("one of the five largest banks"). "one of
// them" and "one of the men" are pronouns more than counts and are
// left out: the set must be described.
func oneOf(text string, words []word, i int) (storyline.FigureMention, bool) {
	const oneOfWords = 3
	k := i + 2
	if k >= len(words) || !strings.EqualFold(words[k].s, "the") {
		return storyline.FigureMention{}, false
	}
	for n := 1; n <= oneOfWords+1 && k+n < len(words); n++ {
		w := words[k+n]
		if !onlySpace(text[words[k+n-1].end:w.start]) || !countable(w) && !capLike(w) {
			break
		}
		if key := strings.ToLower(w.s); n > 1 && countable(w) && strings.HasSuffix(key, "s") && !strings.HasSuffix(key, "ss") {
			return storyline.FigureMention{Span: storyline.Span{Start: words[i].start, End: w.end}, Value: 1, Unit: key,
				Text: text[words[i].start:w.end]}, true
		}
	}
	return storyline.FigureMention{}, false
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
	"it", "its", "their", "his", "her", "our", "so", "if", "when", "while", "not", "no", "also",
	"percent", "per", "cent", "year", "old", "last", "next", "within", "during", "through", "against", "across",
	"between", "among", "without", "toward", "towards", "via", "versus", "despite", "because", "then", "now",
	"still", "yet", "already", "even", "only", "just", "again", "ago", "where", "whereas", "both", "all")

// notDuration are words after "N years" that make it a date or an age,
// not a quantity ("three years ago", "45 years old").
var notDuration = toSet("ago", "old", "earlier", "later", "before", "after", "since")

// approximators may capitalise the word before a number at a sentence start.
var approximators = toSet("about", "some", "nearly", "around", "almost", "over", "more", "fewer",
	"roughly", "only", "just", "least", "than", "up", "approximately", "and", "with", "another", "all", "the",
	"a", "an", "by", "to", "at", "under", "below", "above", "exactly", "almost",
	// German, Spanish, French, Italian, Portuguese, Polish, Russian, Turkish.
	"rund", "etwa", "fast", "über", "mehr", "knapp", "mindestens", "insgesamt", "nur", "bis", "ca", "circa",
	"unos", "unas", "casi", "más", "cerca", "alrededor", "hasta", "los", "las", "el", "la",
	"quelque", "quelques", "environ", "près", "plus", "presque", "les", "des", "le",
	"quasi", "oltre", "più", "almeno", "gli", "os", "as", "quase", "mais",
	"około", "prawie", "ponad", "blisko", "niemal", "aż", "tylko",
	"около", "почти", "более", "свыше", "примерно", "порядка", "yaklaşık", "neredeyse", "toplam")

// ofWords stand between a number and what it counts in Romance languages
// ("1,2 millones de personas", "20 milliards de dollars").
var ofWords = toSet("de", "di", "do", "da")

// cutElided returns a word without an elided "d'" before it ("d'euros").
func cutElided(key string) (string, bool) {
	for _, p := range []string{"d'", "d’"} {
		if rest, ok := strings.CutPrefix(key, p); ok && rest != "" {
			return rest, true
		}
	}
	return key, false
}

// percentSign is the length of a percent sign right after a number, or
// after a space or a no-break space as French writes it ("5,3 %"), 0 when
// there is none.
func percentSign(after string) int {
	for _, sp := range []string{"", " ", "\u00a0", "\u202f"} {
		if strings.HasPrefix(after, sp+"%") {
			return len(sp) + 1
		}
	}
	return 0
}

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
	tok := w.s
	if !numeric {
		if code, rest, ok := currencyPrefix(tok); ok {
			unit, tok, numeric = code, rest, true
		}
	}
	j := i // last word of the figure
	end := w.end
	if numeric {
		num, suffix := splitNumber(tok)
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
			if unit == "" && strings.HasSuffix(before, c.sym) {
				unit, start = c.unit, w.start-len(c.sym)
				break
			}
			if unit == "" && strings.HasSuffix(before, c.sym+"-") { // "$-50.8bn"
				unit, start, value = c.unit, w.start-len(c.sym)-1, -value
				break
			}
		}
		if code, ok := currencyCodes[prevWord(words, i)]; ok && unit == "" && onlySpace(before) {
			unit, start = code, words[i-1].start // "USD 1,700"
		}
		if unit == "" && onlySpace(before) && percentBefore[strings.ToLower(prevWord(words, i))] {
			unit, start = "%", words[i-1].start // "yüzde 5,3"
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
		if i > 0 && onlySpace(before) && capLike(words[i-1]) && !approximators[strings.ToLower(words[i-1].s)] &&
			currencyCodes[words[i-1].s] == "" && !rangeUnitAfter(text, words, i) {
			return none, false // "Nord Stream 2", "Boeing 737"
		}
		// Years (written without a thousands separator) and decades.
		if len(num) == 4 && value >= 1000 && value <= 2100 && unit == "" && (suffix == "" || suffix == "s") &&
			!strings.HasPrefix(after, "%") && !(suffix == "" && roundCount(text, words, i, value)) {
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
		for _, c := range currencySymbols {
			if unit == "" && suffix == "" && len(c.sym) > 1 && strings.HasPrefix(after, c.sym) { // "1,200€"
				unit, end = c.unit, w.end+len(c.sym)
				break
			}
		}
		if pct := percentSign(after); pct > 0 {
			return storyline.FigureMention{Span: storyline.Span{Start: start, End: w.end + pct}, Value: value, Unit: "%", Text: text[start : w.end+pct]}, true
		}
	} else {
		if prev := strings.ToLower(prevWord(words, i)); onlySpace(before) && (wordNumber(prev) >= 0 || prev == "thousand") {
			return none, false // inside a number in words, read from its first word
		}
		if v, ok := fraction(text, words, i); ok { // "two-thirds", "one fourth"
			return v, true
		}
		v, last, ok := numberInWords(text, words, i)
		if !ok {
			return oneCounted(text, words, i)
		}
		if v <= maxAnaphoricCount && anaphoricDeterminers[strings.ToLower(prevWord(words, i))] {
			return none, false // "the two leaders": those just named, not a count
		}
		value, j, end = v, last, words[last].end
	}
	// A multiplier word: "$650 million", "1.5 billion people", "eight
	// million bottles".
	for j+1 < len(words) && onlySpace(text[words[j].end:words[j+1].start]) {
		m, ok := multipliers[strings.ToLower(words[j+1].s)]
		if words[j+1].s == "hundred" {
			m, ok = 100, true // "4 hundred million people"
		}
		if !ok || len(words[j+1].s) <= 2 {
			break
		}
		value *= m
		j++
		end = words[j].end
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
				capLike(words[k]) && k+1 < len(words) && countable(words[k+1]) && // "five NBA teams"
					strings.HasSuffix(strings.ToLower(words[k+1].s), "s") && onlySpace(text[words[k].end:words[k+1].start]) ||
				strings.ContainsAny(key, "-‐") && !words[k].digit && unitWords[key] == "" {
				k++
				continue
			}
			break
		}
		// "de", "di", "d'": what Romance languages write between a
		// number (or "millones") and what it counts.
		if k+1 < len(words) && ofWords[strings.ToLower(words[k].s)] && onlySpace(text[words[k-1].end:words[k].start]) {
			k++
		}
		if k < len(words) && onlySpace(text[words[k-1].end:words[k].start]) {
			key := strings.ToLower(words[k].s)
			if rest, ok := cutElided(key); ok {
				key = rest // "d'euros"
			}
			if k+1 < len(words) && isPercentPhrase(key, words[k+1].s) {
				unit, end = "%", words[k+1].end
			} else if percentAfter[key] {
				unit, end = "%", words[k].end
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
		if unit == "" && numeric && j+1 < len(words) && onlySpace(text[words[j].end:words[j+1].start]) {
			if c, ok := currencyCodes[words[j+1].s]; ok {
				unit, end = c, words[j+1].end // "108.79 JPY"
			}
		}
		if unit == "" && !(numeric && bareQuantity(tok, j > i)) {
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

// isPercentPhrase reports whether two words say "per cent" in a language
// that writes it in two ("per cent", "por ciento", "pour cent", "per
// cento", "por cento").
func isPercentPhrase(first, second string) bool {
	f, s := strings.ToLower(first), strings.ToLower(second)
	return percentPhrases[f] == s || s == "cento" && (f == "per" || f == "por")
}

// bareQuantity reports whether a number with no unit or counted noun
// still reads as a quantity: it has a decimal point or thousands
// separators ("1,333.18", "2,380,000"), a multiplier word ("280
// million", scaled) or a multiplier suffix ("25k"). A bare integer
// ("66") may be a score, a rank or a page and is left out.
func bareQuantity(tok string, scaled bool) bool {
	num, suffix := splitNumber(tok)
	return scaled || strings.ContainsAny(num, ".,") || multipliers[strings.ToLower(suffix)] > 0 && suffix != "m" && suffix != "M"
}

// roundCount reports whether a year-like number ("1000", "2000") is a
// round count instead: a multiple of a hundred followed by a unit or a
// counted noun ("1000 hp", "2000 customers"), or by a range to one ("1000
// to 2000 hires"). A year that starts a clause ("in 2000 voters chose")
// reads the same and is rarer than a round count.
func roundCount(text string, words []word, i int, value float64) bool {
	if int(value)%100 != 0 {
		return false
	}
	if countedAfter(text, words, i) {
		return true
	}
	f, ok := rangeEnd(text, words, i)
	return ok && f.Value > value
}

// prevWord is the word before word i, "" for the first.
func prevWord(words []word, i int) string {
	if i == 0 {
		return ""
	}
	return words[i-1].s
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
