package analyze

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Dates are found with a handful of word rules rather than go-dateparser:
// its language tables cost more start-up time than `storyline brief` may
// spend, and news prose writes dates in few shapes.

var monthNames = map[string]time.Month{
	"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
	"August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
	"Oct": 10, "Nov": 11, "Dec": 12,
}

var weekdayNames = map[string]time.Weekday{
	"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6,
}

// monthAloneAfter are the words after which a bare month name is a date
// ("in February", "last December").
var monthAloneAfter = toSet("in", "last", "next", "since", "by", "until", "early", "late", "mid",
	"this", "from", "during", "before", "after", "of", "through", "till")

// yearAfter are the words after which a four-digit number is a year.
var yearAfter = toSet("in", "since", "until", "by", "from", "during", "before", "after", "early",
	"late", "mid", "circa", "around", "of", "year", "till", "through", "and", "to")

// notAfterYear are lower-case words that may follow a year; any other
// lower-case word makes the number a count ("2000 troops").
var notAfterYear = toSet("and", "or", "to", "when", "after", "before", "but", "the", "that", "as",
	"at", "in", "on", "with", "for", "from", "is", "was", "were", "has", "had", "it", "by", "which", "election", "elections")

// futureWords mark a date ahead of the publication: a bare weekday is the
// coming one, a year-less date the next (see tenseAt).
var futureWords = toSet("will", "ll", "scheduled", "upcoming", "forward", "forecast", "forecasts",
	"expected", "due", "plans", "planned", "predicted", "tomorrow", "next", "shall", "could", "may",
	"might", "coming", "tonight", "expects", "aims", "intends")

func dayNumber(s string) (int, bool) {
	s = strings.TrimRight(s, "stndrh") // "28th", "1st", "2nd", "3rd"
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

func yearNumber(s string) (int, bool) {
	if len(s) != 4 || s[0] < '1' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2100 {
		return 0, false
	}
	return n, true
}

// tense is what the words nearest a date say of when it is: before the
// publication (said, met, was, -ed), after it (will, forecast, could), or
// nothing.
type tense int

const (
	tenseNone tense = iota
	tensePast
	tenseFuture
)

// pastWords are irregular past forms and other past markers; regular
// verbs in -ed are found by their ending (isPastForm).
var pastWords = toSet("said", "was", "were", "had", "did", "met", "told", "took", "came", "went",
	"gave", "made", "held", "began", "spoke", "wrote", "won", "lost", "left", "saw", "sent", "fell",
	"rose", "ran", "paid", "sold", "found", "brought", "thought", "knew", "got", "became", "ago",
	"yesterday", "earlier", "last", "previously", "been")

// notPastForms end in -ed without being past forms.
var notPastForms = toSet("need", "needed", "indeed", "speed", "proceed", "exceed", "succeed", "breed",
	"feed", "seed", "embed", "shed", "bed", "red", "led", "fed", "wed", "hundred")

// isPastForm reports whether a lower-case word is a regular past form
// ("announced", "stopped"); the future words ending in -ed ("expected",
// "scheduled", "planned") are checked before it.
func isPastForm(k string) bool {
	return len(k) > 4 && strings.HasSuffix(k, "ed") && !notPastForms[k]
}

// tenseAt returns the tense of the marker nearest word i in its sentence
// (within sentenceScan words either way, the nearer side first): in "He
// said the talks will resume on May 3" the "will" next to the date wins
// over the reporting "said".
func tenseAt(words []word, i int) tense {
	s := words[i].sent
	for d := 1; d <= sentenceScan; d++ {
		for _, k := range [2]int{i - d, i + d} {
			if k < 0 || k >= len(words) || words[k].sent != s {
				continue
			}
			if t := tenseOf(words, k); t != tenseNone {
				return t
			}
		}
	}
	return tenseNone
}

// passiveAux are the words before a participle that make it passive
// ("will be held", "has been signed"): the tense is the auxiliary's.
var passiveAux = toSet("be", "been", "being", "is", "are")

// tenseOf is the tense word k marks. A participle after a passive
// auxiliary marks none: the auxiliary before it says when.
func tenseOf(words []word, k int) tense {
	w := words[k]
	switch {
	case hasWord(w, futureWords):
		return tenseFuture
	case k > 0 && passiveAux[words[k-1].key] && w.key != "been":
		return tenseNone
	case hasWord(w, pastWords) || isPastForm(w.key):
		return tensePast
	}
	return tenseNone
}

// futurePenalty weighs the distance of a year-less date after the
// publication date when its sentence has no tense marker (news reports
// what happened): "on October 5" in an April article is last October.
const futurePenalty = 2

// closestYear picks the year of month m, day d: with a past tense the
// latest on or before the publication date, with a future tense the
// earliest on or after it, and with neither the nearest, a date after
// publication counting futurePenalty times as far.
func closestYear(pub time.Time, m time.Month, d int, t tense) int {
	at := func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	switch t {
	case tensePast:
		if at(pub.Year()).After(pub) {
			return pub.Year() - 1
		}
		return pub.Year()
	case tenseFuture:
		if at(pub.Year()).Before(pub) {
			return pub.Year() + 1
		}
		return pub.Year()
	}
	best, bestDiff := pub.Year(), time.Duration(1<<62)
	for y := pub.Year() - 1; y <= pub.Year()+1; y++ {
		diff := at(y).Sub(pub)
		if diff < 0 {
			diff = -diff
		} else {
			diff *= futurePenalty
		}
		if diff < bestDiff {
			best, bestDiff = y, diff
		}
	}
	return best
}

// monthYear picks the year of a month named alone ("in June"): this
// year's when the tense allows it (past: it has begun; future: it has not
// ended), else the year before or after; with no tense the nearest.
func monthYear(pub time.Time, m time.Month, t tense) int {
	y := pub.Year()
	switch {
	case t == tensePast && m > pub.Month():
		return y - 1
	case t == tenseFuture && m < pub.Month():
		return y + 1
	case t == tenseNone:
		return closestYear(pub, m, 15, t)
	}
	return y
}

// relativeYear reads "of last year", "last year", "next year", "this
// year" at word j (after a month or a day): the year it names and the
// index of its last word, or ok false.
func relativeYear(text string, words []word, j int, pub time.Time) (year, last int, ok bool) {
	if j < len(words) && words[j].key == "of" && onlySpace(text[words[j-1].end:words[j].start]) {
		j++
	}
	if j+1 >= len(words) || words[j+1].key != "year" || !onlySpace(text[words[j-1].end:words[j].start]) ||
		!onlySpace(text[words[j].end:words[j+1].start]) {
		return 0, 0, false
	}
	switch words[j].key {
	case "last":
		return pub.Year() - 1, j + 1, true
	case "next":
		return pub.Year() + 1, j + 1, true
	case "this":
		return pub.Year(), j + 1, true
	}
	return 0, 0, false
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func monthStr(y int, m time.Month) string { return fmt.Sprintf("%04d-%02d", y, int(m)) }

// findDates finds explicit and relative dates. Relative ones (weekdays,
// "last month", "yesterday", year-less days) need the publication date and
// are skipped without it.
func findDates(text, lang string, words []word, pub time.Time) []storyline.DateMention {
	var out []storyline.DateMention
	hasPub := !pub.IsZero()
	var pubDay time.Time
	if hasPub {
		pubDay = time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	}
	emit := func(start, end int, date string) {
		out = append(out, storyline.DateMention{Span: storyline.Span{Start: start, End: end}, Date: date})
	}
	gap := func(i int) string { return text[words[i-1].end:words[i].start] }
	prevLower := func(i int) string {
		if i == 0 || !onlySpace(gap(i)) {
			return ""
		}
		return words[i-1].key
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		// ISO dates: "2022-01-28".
		if w.digit && len(w.s) == 10 && w.s[4] == '-' && w.s[7] == '-' {
			if t, err := time.Parse("2006-01-02", w.s); err == nil {
				emit(w.start, w.end, day(t))
			}
			continue
		}
		if m, ok := monthNames[w.s]; ok {
			abbrev := len(w.s) <= 4 && w.s != "June" && w.s != "July" && w.s != "May"
			j := i + 1
			sep := func(j int) string {
				if j >= len(words) {
					return "\x00"
				}
				return gap(j)
			}
			// "Jan. 10", "January 28, 2022", "January 10, 12 and 13".
			if d, ok := dayNumberAt(words, j); ok && (onlySpace(sep(j)) || abbrev && sep(j) == ". ") {
				end := words[j].end
				year := 0
				if j+1 < len(words) && (sep(j+1) == ", " || sep(j+1) == " ") {
					if y, ok := yearNumber(words[j+1].s); ok {
						year, end = y, words[j+1].end
						j++
					}
				}
				days := []storyline.Span{{Start: w.start, End: end}}
				dnums := []int{d}
				// "January 10, 12 and 13": more days of the same month.
				for year == 0 {
					k := j + 1
					if k < len(words) && words[k].s == "and" && (sep(k) == " " || sep(k) == ", ") {
						k++
					} else if k >= len(words) || sep(k) != ", " {
						break
					}
					if k < len(words) && words[k].s != "and" && k != j+1 && sep(k) != " " {
						break
					}
					d2, ok := dayNumberAt(words, k)
					if !ok || k+1 < len(words) && (monthNames[words[k+1].s] != 0 && onlySpace(sep(k+1)) || strings.HasPrefix(sep(k+1), ":")) {
						break
					}
					days = append(days, storyline.Span{Start: words[k].start, End: words[k].end})
					dnums = append(dnums, d2)
					j = k
				}
				if year == 0 && j+1 < len(words) && sep(j+1) == ", " {
					if y, ok := yearNumber(words[j+1].s); ok {
						year = y
						j++
					}
				}
				if year == 0 && hasPub {
					if y, last, ok := relativeYear(text, words, j+1, pubDay); ok {
						year, j = y, last
					} else {
						year = closestYear(pubDay, m, d, tenseAt(words, i))
					}
				}
				if year != 0 {
					for k, sp := range days {
						if dnums[k] <= daysIn(year, m) {
							emit(sp.Start, sp.End, fmt.Sprintf("%04d-%02d-%02d", year, int(m), dnums[k]))
						}
					}
				}
				i = j
				continue
			}
			// "January 2022".
			if j < len(words) && onlySpace(sep(j)) {
				if y, ok := yearNumber(words[j].s); ok {
					emit(w.start, words[j].end, monthStr(y, m))
					i = j
					continue
				}
			}
			// A month alone: "in February", "last December".
			p := prevLower(i)
			if hasPub && !abbrev && w.s != "May" && w.s != "March" && monthAloneAfter[p] {
				var y int
				switch p {
				case "last":
					y = pub.Year()
					if m >= pub.Month() {
						y--
					}
				case "next":
					y = pub.Year()
					if m <= pub.Month() {
						y++
					}
				case "this":
					y = pub.Year()
				default:
					y = monthYear(pubDay, m, tenseAt(words, i))
				}
				start, end := w.start, w.end
				if p == "last" || p == "next" || p == "this" {
					start = words[i-1].start
				} else if ry, last, ok := relativeYear(text, words, i+1, pubDay); ok {
					y, end, i = ry, words[last].end, last
				}
				emit(start, end, monthStr(y, m))
			}
			continue
		}
		// "28 January", "28 January 2022".
		if d, ok := dayNumberAt(words, i); ok && i+1 < len(words) && onlySpace(gap(i+1)) {
			if m, ok := monthNames[words[i+1].s]; ok && len(words[i+1].s) > 3 {
				end, year := words[i+1].end, 0
				if i+2 < len(words) && (gap(i+2) == " " || gap(i+2) == ", ") {
					if y, ok := yearNumber(words[i+2].s); ok {
						year, end = y, words[i+2].end
					}
				}
				if year == 0 && hasPub {
					if y, last, ok := relativeYear(text, words, i+2, pubDay); ok {
						year, end = y, words[last].end
					} else {
						year = closestYear(pubDay, m, d, tenseAt(words, i))
					}
				}
				if year != 0 && d <= daysIn(year, m) {
					emit(w.start, end, fmt.Sprintf("%04d-%02d-%02d", year, int(m), d))
				}
				i++
				if end > words[i].end {
					i++
				}
				continue
			}
		}
		if lang != "en" {
			if j, ok := foreignDate(text, words, i, pubDay, emit); ok {
				i = j
				continue
			}
		}
		// Years: "in 2014".
		if y, ok := yearNumber(w.s); ok && yearAfter[prevLower(i)] {
			next := i + 1
			if next < len(words) && onlySpace(gap(next)) && !words[next].upper && !words[next].digit &&
				!notAfterYear[strings.ToLower(words[next].s)] {
				continue
			}
			if i > 0 && (strings.HasSuffix(gap(i), "$") || strings.HasSuffix(gap(i), "£") || strings.HasSuffix(gap(i), "€")) {
				continue
			}
			emit(w.start, w.end, strconv.Itoa(y))
			continue
		}
		if !hasPub {
			continue
		}
		// Weekdays: "on Friday", "Thursday", "last Monday", "Friday's call".
		if wd, ok := weekdayNames[w.s[:stripPossessive(w)-w.start]]; ok {
			p := prevLower(i)
			start := w.start
			var t time.Time
			back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
			fwd := (int(wd) - int(pubDay.Weekday()) + 7) % 7
			switch {
			case p == "last":
				if back == 0 {
					back = 7
				}
				t, start = pubDay.AddDate(0, 0, -back), words[i-1].start
			case p == "next":
				if fwd == 0 {
					fwd = 7
				}
				t, start = pubDay.AddDate(0, 0, fwd), words[i-1].start
			case tenseAt(words, i) == tenseFuture:
				t = pubDay.AddDate(0, 0, fwd)
			default:
				t = pubDay.AddDate(0, 0, -back)
			}
			emit(start, stripPossessive(w), day(t))
			continue
		}
		lw := w.key
		switch lw {
		case "yesterday":
			emit(w.start, w.end, day(pubDay.AddDate(0, 0, -1)))
			continue
		case "today", "tonight":
			emit(w.start, w.end, day(pubDay))
			continue
		case "tomorrow":
			emit(w.start, w.end, day(pubDay.AddDate(0, 0, 1)))
			continue
		}
		// "last month", "next year", "last week", "this month".
		if (lw == "last" || lw == "next" || lw == "this") && i+1 < len(words) && onlySpace(gap(i+1)) {
			dir := map[string]int{"last": -1, "next": 1, "this": 0}[lw]
			end := words[i+1].end
			switch words[i+1].s {
			case "week":
				if dir != 0 {
					emit(w.start, end, day(pubDay.AddDate(0, 0, 7*dir)))
					i++
				}
			case "month":
				t := time.Date(pub.Year(), pub.Month()+time.Month(dir), 1, 0, 0, 0, 0, time.UTC)
				emit(w.start, end, monthStr(t.Year(), t.Month()))
				i++
			case "year":
				emit(w.start, end, strconv.Itoa(pub.Year()+dir))
				i++
			}
		}
	}
	slices.SortStableFunc(out, func(x, y storyline.DateMention) int { return x.Start - y.Start })
	return out
}

// foreignDate reads a date written in another language than English at
// words[i], day first ("28. Januar 2022", "28 de enero de 2022", "28
// stycznia", "28 января 2022") or a month and a year ("Januar 2022",
// "enero de 2022"), with the month names of text.Month. A day without a
// year takes the year closest to the publication (none without one). It
// reports the index of the date's last word.
func foreignDate(s string, words []word, i int, pubDay time.Time, emit func(start, end int, date string)) (int, bool) {
	gap := func(k int) string { return s[words[k-1].end:words[k].start] }
	// after is the index of the word after k, skipping a Spanish or
	// Portuguese "de", or 0 when no word follows k after a space.
	after := func(k int) int {
		if k+1 >= len(words) || !onlySpace(gap(k+1)) {
			return 0
		}
		if strings.EqualFold(words[k+1].s, "de") && k+2 < len(words) && onlySpace(gap(k+2)) {
			return k + 2
		}
		return k + 1
	}
	w := words[i]
	if d, ok := dayNumberAt(words, i); ok {
		k := after(i)
		if k == 0 && i+1 < len(words) && gap(i+1) == ". " {
			k = i + 1 // German: "28. Januar"
		}
		m, ok := time.Month(0), false
		if k > 0 && !words[k].digit {
			m, ok = text.Month(words[k].s)
		}
		if !ok {
			return 0, false
		}
		end, year := k, 0
		if y := after(k); y > 0 {
			if n, ok := yearNumber(words[y].s); ok {
				end, year = y, n
			}
		}
		if year == 0 && !pubDay.IsZero() {
			year = closestYear(pubDay, m, d, tenseNone)
		}
		if year != 0 && d <= daysIn(year, m) {
			emit(w.start, words[end].end, fmt.Sprintf("%04d-%02d-%02d", year, int(m), d))
		}
		return end, true
	}
	if w.digit {
		return 0, false
	}
	m, ok := text.Month(w.s)
	if !ok {
		return 0, false
	}
	if y := after(i); y > 0 {
		if n, ok := yearNumber(words[y].s); ok {
			emit(w.start, words[y].end, monthStr(n, m))
			return y, true
		}
	}
	return 0, false
}

func dayNumberAt(words []word, j int) (int, bool) {
	if j >= len(words) || !words[j].digit {
		return 0, false
	}
	return dayNumber(words[j].s)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// sentenceScan bounds how far tenseAt looks from the word, either way (40
// words): a sentence is rarely longer, and a text without a sentence end
// must not make every date scan all of it.
const sentenceScan = 40

// hasWord reports whether a word is in a set (lower case; the part after
// an apostrophe counts: "we'll").
func hasWord(w word, set map[string]bool) bool {
	l := w.key
	if set[l] {
		return true
	}
	if k := strings.LastIndexAny(l, "'’"); k >= 0 {
		return set[strings.TrimLeft(l[k:], "'’")]
	}
	return false
}
