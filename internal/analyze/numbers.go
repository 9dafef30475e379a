package analyze

// Numbers in other languages. Most languages of the news write a decimal
// comma and group thousands with a point or a space ("5,3 Prozent", "3.500
// Soldaten", "3 500 soldats"), where English writes "5.3" and "3,500".
// Figures are read from an English-numbered copy of such a text: every
// number rewritten in place, byte for byte, so that the spans found in the
// copy are the spans of the original (englishNumbers). The words that
// scale, measure or count in those languages are in the tables of
// figures.go beside the English ones.

// decimalComma are the languages (ISO 639-1) that write a decimal comma.
var decimalComma = toSet("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "be", "tr", "sv", "da", "no",
	"nb", "fi", "cs", "sk", "sl", "hr", "sr", "bg", "ro", "hu", "el", "id", "et", "lv", "lt", "ca", "gl")

// spaceGrouping are those of them that group thousands with a space.
var spaceGrouping = toSet("fr", "pl", "ru", "uk", "be", "sv", "no", "nb", "fi", "cs", "sk", "et", "lv", "lt", "bg")

// englishNumbers returns text with the numbers of a decimal-comma language
// written the English way, at the same byte offsets: "5,3" → "5.3",
// "1.234,5" → "1,234.5", "3.500" → "3,500" (a point before groups of three
// digits groups thousands), and, in languages that group with a space,
// "3 500" → "3,500". A number written the English way already ("3.5") is
// left alone. It reports whether anything changed.
func englishNumbers(text, lang string) (string, bool) {
	if !decimalComma[lang] {
		return text, false
	}
	b := []byte(text)
	changed := false
	for i := 0; i < len(b); {
		if !isDigit(b[i]) || i > 0 && (isDigit(b[i-1]) || b[i-1] == '.' || b[i-1] == ',') {
			i++
			continue
		}
		j := numberEnd(b, i, spaceGrouping[lang])
		if rewriteNumber(b[i:j]) {
			changed = true
		}
		i = j
	}
	return string(b), changed
}

// numberEnd is the end of the number starting at i: digits joined by
// points, commas and, where space groups thousands, a space before exactly
// three digits.
func numberEnd(b []byte, i int, spaces bool) int {
	j := i
	for j < len(b) {
		switch {
		case isDigit(b[j]):
			j++
		case (b[j] == '.' || b[j] == ',') && j+1 < len(b) && isDigit(b[j+1]):
			j++
		case spaces && b[j] == ' ' && groupOfThree(b, j+1) && leadGroup(b, i, j):
			j++
		default:
			return j
		}
	}
	return j
}

// groupOfThree reports whether b holds exactly three digits from k.
func groupOfThree(b []byte, k int) bool {
	if k+3 > len(b) || !isDigit(b[k]) || !isDigit(b[k+1]) || !isDigit(b[k+2]) {
		return false
	}
	return k+3 == len(b) || !isDigit(b[k+3])
}

// leadGroup reports whether the digits just before a grouping space at j
// form a group: one to three digits, or a group of three after another.
func leadGroup(b []byte, start, j int) bool {
	k := j
	for k > start && isDigit(b[k-1]) {
		k--
	}
	n := j - k
	return n >= 1 && n <= 3 && (k == start || n == 3)
}

// rewriteNumber writes one number the English way, in place.
func rewriteNumber(n []byte) bool {
	commas, points, spaces := 0, 0, 0
	for _, c := range n {
		switch c {
		case ',':
			commas++
		case '.':
			points++
		case ' ':
			spaces++
		}
	}
	switch {
	case commas == 1 && !(points == 0 && spaces == 0 && groupsOfThree(n, ',')):
		// a decimal comma, with point or space groups before it
	case commas == 0 && points > 0 && spaces == 0 && groupsOfThree(n, '.'):
		// point groups only
	case commas == 0 && points == 0 && spaces > 0:
		// space groups only
	default:
		return false
	}
	for k, c := range n {
		switch c {
		case ',':
			n[k] = '.'
		case '.', ' ':
			n[k] = ','
		}
	}
	return true
}

// groupsOfThree reports whether every separator sep in n is followed by
// exactly three digits ("3.500", "1.234.567").
func groupsOfThree(n []byte, sep byte) bool {
	run, seen := 0, false
	for _, c := range n {
		if c == sep {
			if seen && run != 3 {
				return false
			}
			seen, run = true, 0
			continue
		}
		run++
	}
	return seen && run == 3
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
