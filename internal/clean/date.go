package clean

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// Dates are parsed by a few regular expressions for the forms news pages
// use ("January 28, 2022", "28 Jan 2022", "2022-01-28T10:00:00Z",
// "28.01.2022", and in other languages "28. Januar 2022", "28 de enero
// de 2022", "28 января 2022", "2022年1月28日") with an optional time of day
// and zone. A general date parser
// (go-dateparser) would cover more, but loads tables for 200 languages at
// start-up (0.3 s and 55 MB), which `storyline brief` cannot afford.
// Pages give their dates through pageMeta (meta tags, JSON-LD, <time>, the
// URL, a date line near the top), which reads them with this parser.

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// zones maps the zone abbreviations news sites print to offsets in minutes.
var zones = map[string]int{
	"gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
	"msk": 180, "ist": 330, "jst": 540, "kst": 540, "aest": 600, "et": -300, "est": -300,
	"edt": -240, "ct": -360, "cst": -360, "cdt": -300, "mt": -420, "mst": -420, "mdt": -360,
	"pt": -480, "pst": -480, "pdt": -420,
}

const monthRe = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

// timeRe matches "6:24 PM", "18:24", "18:24:05", "6.24pm", "0334 GMT".
const timeRe = `(?:(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?|(\d{2})(\d{2})\s*(?:hrs\s*)?(?:gmt|utc))(?:\s*\(?(gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|kst|aest|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt)\)?)?`

var (
	// "2022-01-28", "2022-01-28T10:04:05+03:00", "2022-01-28 10:04".
	isoDateRe = regexp.MustCompile(`(?i)\b(\d{4})-(\d{2})-(\d{2})(?:[t\s]+(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2}|gmt|utc)?)?\b`)
	// "January 28, 2022", "Jan. 28 2022", "Friday, January 28, 2022".
	mdyRe = regexp.MustCompile(`(?i)\b` + monthRe + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// "28 January 2022", "28 Jan, 2022".
	dmyRe = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthRe + `,?\s+(\d{4})\b`)
	// "28.01.2022", "28/01/2022" (day first when it can only be a day,
	// else month first as in the US).
	numDateRe = regexp.MustCompile(`\b(\d{1,2})([./])(\d{1,2})([./])(\d{4})\b`)
	// "28. Januar 2022", "28 de enero de 2022", "28 января 2022": a month
	// name of another language (text.Month) between day and year.
	foreignDmyRe = regexp.MustCompile(`(?i)\b(\d{1,2})\.?\s+(?:de\s+)?(\pL+)\.?,?\s+(?:de\s+)?(\d{4})\b`)
	// "2022年1月28日" (Chinese, Japanese), "2022년 1월 28일" (Korean).
	cjkDateRe = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`)
	clockRe   = regexp.MustCompile(`(?i)(?:^|[\s,(@|-]|at\s)` + timeRe + `(?:$|[\s,)|.])`)
)

// findDate finds the first date in s, with the time of day written next to
// it (before or after) when there is one. It returns the zero time when s
// holds no date, and the byte range of what it read.
func findDate(s string) (time.Time, int, int) {
	type cand struct {
		t          time.Time
		start, end int
	}
	var best *cand
	consider := func(t time.Time, start, end int) {
		if t.IsZero() {
			return
		}
		if best == nil || start < best.start {
			best = &cand{t, start, end}
		}
	}
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		y, mo, d := atoi(s, m, 1), atoi(s, m, 2), atoi(s, m, 3)
		t := mkDate(y, mo, d)
		if !t.IsZero() && m[8] >= 0 {
			h, mi, sec := atoi(s, m, 4), atoi(s, m, 5), 0
			if m[12] >= 0 {
				sec = atoi(s, m, 6)
			}
			off := 0
			if m[14] >= 0 {
				off = zoneOffset(s[m[14]:m[15]])
			}
			t = withClock(t, h, mi, sec, off)
		}
		consider(t, m[0], m[1])
	}
	if m := mdyRe.FindStringSubmatchIndex(s); m != nil {
		consider(mkDate(atoi(s, m, 3), int(months[strings.ToLower(s[m[2]:m[3]])]), atoi(s, m, 2)), m[0], m[1])
	}
	if m := dmyRe.FindStringSubmatchIndex(s); m != nil {
		consider(mkDate(atoi(s, m, 3), int(months[strings.ToLower(s[m[4]:m[5]])]), atoi(s, m, 1)), m[0], m[1])
	}
	for _, m := range foreignDmyRe.FindAllStringSubmatchIndex(s, 4) {
		if mo, ok := text.Month(s[m[4]:m[5]]); ok {
			consider(mkDate(atoi(s, m, 3), int(mo), atoi(s, m, 1)), m[0], m[1])
			break
		}
	}
	if m := cjkDateRe.FindStringSubmatchIndex(s); m != nil {
		consider(mkDate(atoi(s, m, 1), atoi(s, m, 2), atoi(s, m, 3)), m[0], m[1])
	}
	if m := numDateRe.FindStringSubmatchIndex(s); m != nil && s[m[4]:m[5]] == s[m[8]:m[9]] {
		a, b, y := atoi(s, m, 1), atoi(s, m, 3), atoi(s, m, 5)
		var t time.Time
		if s[m[4]:m[5]] == "." || a > 12 {
			t = mkDate(y, b, a)
		} else {
			t = mkDate(y, a, b)
		}
		consider(t, m[0], m[1])
	}
	if best == nil {
		return time.Time{}, -1, -1
	}
	t := best.t
	if t.Hour() == 0 && t.Minute() == 0 {
		// A clock time close to the date: "0334 GMT January 28, 2022",
		// "January 28, 2022, 6:24 PM".
		lo, hi := best.start-24, best.end+24
		if lo < 0 {
			lo = 0
		}
		if hi > len(s) {
			hi = len(s)
		}
		for lo > 0 && !isBoundary(s, lo) {
			lo--
		}
		for hi < len(s) && !isBoundary(s, hi) {
			hi++
		}
		if h, mi, off, ok := findClock(s[lo:best.start]); ok {
			t = withClock(t, h, mi, 0, off)
		} else if h, mi, off, ok := findClock(s[best.end:hi]); ok {
			t = withClock(t, h, mi, 0, off)
		}
	}
	return t, best.start, best.end
}

func isBoundary(s string, i int) bool { return s[i] < 0x80 || s[i] >= 0xc0 }

// findClock finds a time of day ("6:24 PM", "0334 GMT") in s.
func findClock(s string) (h, m, off int, ok bool) {
	g := clockRe.FindStringSubmatchIndex(s)
	if g == nil {
		return 0, 0, 0, false
	}
	if g[2] >= 0 {
		h, m = atoi(s, g, 1), atoi(s, g, 2)
		if g[8] >= 0 {
			ampm := strings.ToLower(s[g[8]:g[9]])
			if h == 12 {
				h = 0
			}
			if ampm[0] == 'p' {
				h += 12
			}
		}
	} else {
		h, m = atoi(s, g, 5), atoi(s, g, 6)
	}
	if g[14] >= 0 {
		off = zoneOffset(s[g[14]:g[15]])
	}
	if h > 23 || m > 59 {
		return 0, 0, 0, false
	}
	return h, m, off, true
}

func zoneOffset(z string) int {
	z = strings.ToLower(z)
	if off, ok := zones[z]; ok {
		return off
	}
	if len(z) >= 5 && (z[0] == '+' || z[0] == '-') {
		digits := strings.ReplaceAll(z[1:], ":", "")
		if len(digits) == 4 {
			h, _ := strconv.Atoi(digits[:2])
			m, _ := strconv.Atoi(digits[2:])
			off := h*60 + m
			if z[0] == '-' {
				off = -off
			}
			return off
		}
	}
	return 0
}

func atoi(s string, m []int, g int) int {
	if m[2*g] < 0 {
		return 0
	}
	n, _ := strconv.Atoi(s[m[2*g]:m[2*g+1]])
	return n
}

// mkDate returns midnight UTC of a valid calendar date, else the zero time.
func mkDate(y, m, d int) time.Time {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}
	}
	return t
}

// withClock sets the time of day of a date, written in a zone offOffset
// minutes east of UTC, and returns it in UTC.
func withClock(t time.Time, h, m, sec, off int) time.Time {
	if h > 23 || m > 59 || sec > 60 {
		return t
	}
	loc := time.FixedZone("", off*60)
	return time.Date(t.Year(), t.Month(), t.Day(), h, m, sec, 0, loc).UTC()
}

// Published dates a reader would accept: from minPublishedYear (1800) to
// maxAhead (a year) after the clock. Others are typing or unit mistakes
// (milliseconds read as seconds, the year 9999 of "no date"), and would
// not survive the store's nanosecond times (9999 came back as 1816).
const (
	minPublishedYear = 1800
	maxAhead         = 365 * 24 * time.Hour
)

// inRange reports whether t is a published date to keep (see
// minPublishedYear).
func inRange(t time.Time, now time.Time) bool {
	return !t.IsZero() && t.Year() >= minPublishedYear && !t.After(now.Add(maxAhead))
}

// checkPublished reads the published date given by a structured input.
// One it cannot read, or out of range, is left out with a warning on the
// article: the article is kept, and the date found in its text, if any,
// stands in.
func checkPublished(a *storyline.Article, s string, now time.Time) time.Time {
	t := parsePublished(s)
	switch {
	case t.IsZero():
		a.Warnings = append(a.Warnings, fmt.Sprintf("published: %q is not a date; the article is kept without it", clip(s, 64)))
	case !inRange(t, now):
		a.Warnings = append(a.Warnings, fmt.Sprintf("published: %s is outside the years %d to %d; the article is kept without it",
			t.Format(time.RFC3339), minPublishedYear, now.Add(maxAhead).Year()))
		t = time.Time{}
	}
	return t
}

// clip cuts s to at most n bytes (on a rune boundary) for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// parsePublished reads a published date given by a structured input
// (RFC 3339 and the other usual machine forms, then any form findDate
// knows).
func parsePublished(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, time.RFC1123Z, time.RFC1123,
		time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 && len(s) <= 13 {
		if len(s) == 13 {
			return time.UnixMilli(n).UTC()
		}
		return time.Unix(n, 0).UTC()
	}
	t, _, _ := findDate(s)
	return t
}
