// Package clean turns a raw article (scraped plain text or an HTML page)
// into a cleaned storyline.Article: the article's own text, paragraph
// structure kept, without the page furniture scrapers leave in (captcha and
// cookie blocks, subscription prompts, image-tag leftovers, photo captions,
// credits, footers in another language), and its metadata: title, published
// date and time, source, language, news id and whether it is a machine
// translation.
//
// Plain text goes through a line classifier that scores each line on
// general features (length, final punctuation, share of letters, script,
// families of boilerplate words, position) rather than a list of known
// strings; HTML goes through go-readability first and the classifier runs
// over its paragraphs in a lighter mode. Lines that recur across many stored
// articles of the same source are boilerplate too: Options.Boilerplate gives
// those statistics (learned with LineHashes). Clean is a pure function:
// no I/O, no shared mutable state.
package clean

import (
	"encoding/hex"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
	"github.com/zeebo/xxh3"
)

// Boilerplate gives line statistics learned from the store.
type Boilerplate interface {
	// LineCounts returns, for each hash, the number of stored articles of
	// the source whose cleaned text holds that normalised line.
	LineCounts(source string, hashes []uint64) map[uint64]int
	// SourceArticles is the number of stored articles of the source.
	SourceArticles(source string) int
}

// Options tune Clean.
type Options struct {
	// Boilerplate, when set, gives line statistics learned from the store:
	// for each hash of a normalised line (see LineHashes), the number of
	// stored articles of that source containing it, and the number of stored
	// articles of the source. Lines seen in many articles of a source are
	// junk.
	Boilerplate Boilerplate
	// DetectLanguage names the language of a text (ISO 639-1, "" when
	// unsure). Default text.DetectLanguage.
	DetectLanguage func(string) string
	// MinRepeat is how many stored articles of one source must hold a line
	// before it counts as that source's boilerplate. Default 3: two articles
	// may share a sentence by chance (an update of a story), three rarely
	// do, and a footer shows up in every article anyway. Lines of more than
	// 40 words are never taken for boilerplate.
	MinRepeat int
	// Now is the clock that bounds published dates (see inRange);
	// default time.Now.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// DefaultOptions returns the documented defaults (no boilerplate store).
func DefaultOptions() Options {
	return Options{DetectLanguage: text.DetectLanguage, MinRepeat: 3}
}

// Clean cleans one raw article. The error, an *storyline.Error with code
// EINVALID, says the article is unusable (no text left after cleaning).
func Clean(raw storyline.RawArticle, opts Options) (*storyline.Article, error) {
	if opts.DetectLanguage == nil {
		opts.DetectLanguage = text.DetectLanguage
	}
	if opts.MinRepeat <= 0 {
		opts.MinRepeat = 3
	}
	a := &storyline.Article{
		ID:     ContentID(raw),
		Input:  raw.Input,
		Format: raw.Format,
		Raw:    raw.Raw,
		Title:  oneLine(raw.Title),
		Source: strings.TrimSpace(raw.Source),
		URL:    strings.TrimSpace(raw.URL),
		Lang:   langHint(raw.Lang),
	}
	if a.Format == "" {
		a.Format = storyline.FormatText
		if raw.Text == "" && raw.HTML != "" {
			a.Format = storyline.FormatHTML
		}
	}
	if raw.Published != "" {
		a.Published = checkPublished(a, raw.Published, opts.now())
	}
	var m meta
	var err error
	if a.Format == storyline.FormatHTML {
		m, err = cleanHTML(raw, a, opts)
		if err != nil {
			return nil, &storyline.Error{Code: storyline.EINVALID, Op: "clean", Input: raw.Input, Err: err}
		}
	} else {
		m = cleanText(raw.Text, a.Title, opts, a.Source, false)
		if m.changed {
			m.text = settle(m.text, opts, a.Source, false)
		}
	}
	a.Text = m.text
	if a.Title == "" {
		a.Title = m.title
	}
	if a.Published.IsZero() && inRange(m.published, opts.now()) {
		a.Published = m.published
	}
	a.NewsID = m.newsID
	a.MachineTranslated = m.machineTranslated
	// The outlet: as given, else the name the page or text gives itself
	// (og:site_name, a publisher, a masthead line), else the URL's host. A
	// page fetched through a proxy or a mirror names its outlet better than
	// the host it came from.
	if a.Source == "" {
		a.Source = m.source
	}
	if a.Source == "" {
		a.Source = hostOf(a.URL)
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, &storyline.Error{Code: storyline.EINVALID, Op: "clean", Input: raw.Input,
			Msg: "no article text left after cleaning"}
	}
	if notPage(a.Text) {
		return nil, &storyline.Error{Code: storyline.EINVALID, Op: "clean", Input: raw.Input,
			Msg: "not an article: an error, video, sign-in, hosting or web-archive notice page"}
	}
	if a.Lang == "" {
		a.Lang = m.lang
	}
	if a.Lang == "" {
		a.Lang = opts.DetectLanguage(head(a.Text, 2000))
	}
	if a.Title == "" {
		a.Title = fallbackTitle(a.Text)
	}
	return a, nil
}

// ContentID returns raw.ID when the input gave one, else a stable hash of
// the input's content: 32 hex digits of xxh3-128 of the raw (decompressed)
// bytes, or of the text or HTML when there are none. Identical inputs get
// identical ids, which makes ingestion idempotent.
func ContentID(raw storyline.RawArticle) string {
	if id := strings.TrimSpace(raw.ID); id != "" {
		return id
	}
	var h xxh3.Uint128
	switch {
	case len(raw.Raw) > 0:
		h = xxh3.Hash128(raw.Raw)
	case raw.Text != "":
		h = xxh3.HashString128(raw.Text)
	default:
		h = xxh3.HashString128(raw.HTML)
	}
	b := h.Bytes()
	return hex.EncodeToString(b[:])
}

// LineHashes returns the hashes of the normalised lines (paragraphs) of a
// cleaned text, in text order and without repeats, for the store to learn
// which lines recur across a source's articles. Normalising folds case and
// accents, collapses spaces and writes every digit as 0, so that "Page
// generated in 0.52 sec" and "… 0.61 sec" are the same line.
func LineHashes(a *storyline.Article) []uint64 {
	var out []uint64
	seen := map[uint64]bool{}
	for _, l := range strings.Split(a.Text, "\n") {
		h, ok := lineHash(l)
		if !ok || seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, h)
	}
	return out
}

// lineHash hashes a normalised line; ok is false for blank lines.
func lineHash(l string) (uint64, bool) {
	l = strings.TrimSpace(l)
	if l == "" {
		return 0, false
	}
	var b strings.Builder
	b.Grow(len(l))
	space := false
	for _, r := range text.Fold(l) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsDigit(r):
			r = '0'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return xxh3.HashString(b.String()), true
}

// langHint keeps a language hint that looks like an ISO 639-1 code
// ("en", "en-US" → "en").
func langHint(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' {
		return ""
	}
	return s
}

// hostOf returns the host of a URL without "www.", "" when there is none.
func hostOf(u string) string {
	if u == "" {
		return ""
	}
	if !strings.Contains(u, "://") {
		u = "http://" + u
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	h := strings.ToLower(p.Hostname())
	h = strings.TrimPrefix(h, "www.")
	if !strings.Contains(h, ".") {
		return ""
	}
	return h
}

// head returns about the first n bytes of s, cut at a space: enough text to
// tell its language, for a fraction of the cost on long articles.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexAny(s[:n], " \n"); i > n/2 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// oneLine collapses white space (titles come with newlines and tabs).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// fallbackTitle is the first sentence of a text without a headline that
// can stand for one (see titleWorthy), cut to about 15 words; the first
// sentence whatever it is when none of the first fallbackScan bytes can.
// "PALM COAST, Fla. - A Flagler County woman has been arrested …" is
// titled by its second sentence, not by its dateline.
func fallbackTitle(s string) string {
	s = strings.TrimSpace(s)
	head := s[:min(len(s), fallbackScan)]
	for _, sp := range text.Sentences(head) {
		if c := strings.TrimLeft(head[sp.Start:sp.End], "-–—:;,. "); titleWorthy(c) {
			return clipWords(c, 15)
		}
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if sp := text.Sentences(s); len(sp) > 0 {
		s = s[sp[0].Start:sp[0].End]
	}
	return clipWords(s, 15)
}

// fallbackScan is how far into a text fallbackTitle looks for a sentence
// to stand for its headline (2,000 bytes, the first paragraphs).
const fallbackScan = 2000

// minTitleWords is the fewest words of a sentence standing for a headline
// (5): shorter first "sentences" of scraped texts are datelines
// ("PALM COAST, Fla."), navigation ("English >> World"), time stamps
// ("2 years ago") or section names ("Your Health").
const minTitleWords = 5

// titleWorthy reports whether a sentence can stand for a headline.
func titleWorthy(s string) bool {
	return text.CountWords(s) >= minTitleWords && !strings.ContainsAny(s, "@»|\n") &&
		!strings.Contains(s, ">>") && !relativeTimeRe.MatchString(s)
}

// clipWords cuts s to its first n words (text.CountWords), marking the
// cut.
func clipWords(s string, n int) string {
	words := strings.Fields(s)
	for i, w := range words {
		if k := text.FieldWords(w); k <= n {
			n -= k
			if n == 0 && i < len(words)-1 {
				return strings.Join(words[:i+1], " ") + "…"
			}
			continue
		}
		words[i] = cutWords(w, n)
		return strings.Join(words[:i+1], " ") + "…"
	}
	return strings.Join(words, " ")
}

// cutWords is the start of a field without spaces up to its n-th word
// (text.FieldWords).
func cutWords(f string, n int) string {
	var w text.WordCounter
	count := 0
	for i, r := range f {
		if w.Starts(r) {
			if count == n {
				return f[:i]
			}
			count++
		}
	}
	return f
}

// settle cleans a cleaned text again until it no longer changes (rarely
// more than once: removing a line can make its neighbour a caption before
// the lead, or the last line a footer). This makes Clean idempotent:
// cleaning its output gives the same text.
func settle(s string, opts Options, source string, light bool) string {
	opts.Boilerplate = nil // what it dropped is gone already
	for i := 0; i < 4; i++ {
		next := cleanText(s, "", opts, source, light).text
		if next == s {
			break
		}
		s = next
	}
	return s
}

// meta is what cleaning a text finds besides the text.
type meta struct {
	text              string
	title             string
	published         time.Time
	newsID            string
	source            string
	lang              string
	machineTranslated bool
	// outlet, sectionOutlet, bylineOutlet: the outlet a masthead, a
	// section line or a byline names; the source when no credit names one.
	outlet, sectionOutlet, bylineOutlet string
	// changed: a line was dropped or cut. When none was, cleaning the
	// output again classifies the very same lines and changes nothing.
	changed bool
}

// validUTF8 replaces invalid bytes so that every output is valid UTF-8.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
