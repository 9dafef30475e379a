package clean

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/hostile"
	"golang.org/x/net/html"
)

// The articles below are written for these tests (invented events), with
// the kinds of junk scrapers leave in real pages.

const storm = `Storm floods the harbour town of Kelby

Storm floods the harbour town of Kelby

A fishing boat rests on the quay in Kelby on March 3, 2019.

A winter storm flooded the harbour town of Kelby on Tuesday, forcing 300 residents from their homes, the mayor said.

Emergency crews worked through the night to pump water out of the old market hall, which was built in 1872.

"We have never seen the water this high," said Mayor Ana Ruiz. "But nobody was hurt, and that is what matters."

Mayor Ana Ruiz (centre) and fire chief Tom Lee

The regional weather office said more rain was expected on Thursday.

Some information for this report came from the Kelby Gazette.

Subscribe to our newsletter
Get the news faster than anyone else

Security Key:
Captcha refresh
Page Generated in 0/4321 sec`

func TestCleanKinds(t *testing.T) {
	tests := []struct {
		name      string
		raw       storyline.RawArticle
		title     string
		published string // RFC 3339, "" for none
		source    string
		mt        bool
		newsID    string
		keep      []string // fragments that must survive
		drop      []string // fragments that must not
	}{
		{
			name:  "scraped page",
			raw:   storyline.RawArticle{Text: storm},
			title: "Storm floods the harbour town of Kelby",
			keep: []string{"Storm floods the harbour town of Kelby\n\nA winter storm", "old market hall",
				"that is what matters.\"", "expected on Thursday."},
			drop: []string{"fishing boat", "(centre)", "Some information", "Subscribe", "news faster",
				"Security Key", "Captcha", "Page Generated"},
		},
		{
			name: "header and footer metadata",
			raw: storyline.RawArticle{Text: "News ID: 12345\nPublished: 0915 GMT March 5, 2019\n\n" +
				"Bridge reopens after repairs\n\nThe Old Mill bridge reopened to traffic on Monday after six months of repairs, the council said.\n\n" +
				"Drivers had used a 20-kilometre detour since September.\n\nUpdated: March 5, 2019, 6:24 PM"},
			title: "Bridge reopens after repairs", published: "2019-03-05T09:15:00Z", newsID: "12345",
			keep: []string{"Old Mill bridge", "detour since September."},
			drop: []string{"News ID", "Published", "Updated"},
		},
		{
			name:  "date prefix and single newlines",
			raw:   storyline.RawArticle{Text: " date 2019-03-05 Council approves new budget\nThe city council approved a budget of $12 million on Tuesday.\nThe vote was 7 to 2.\nваш відгук:"},
			title: "Council approves new budget", published: "2019-03-05T00:00:00Z",
			keep: []string{"Council approves new budget\nThe city council approved", "The vote was 7 to 2."},
			drop: []string{"date 2019", "відгук"},
		},
		{
			name: "machine translation and source credit",
			raw: storyline.RawArticle{Text: "Minister visits the new factory\n\nPowered by automated translation\n\n" +
				"The minister visited the factory on Friday. Follow us on Telegram Get news faster than anyone else\n\n" +
				"Источник example.ru The plant will employ 400 people, the ministry said. New plant ” src=”https://img.example.ru/a.jpg” alt=”New plant” />\n\n" +
				"It cost 2 billion roubles to build, according to the ministry."},
			title: "Minister visits the new factory", source: "example.ru", mt: true,
			keep: []string{"The minister visited the factory on Friday.", "The plant will employ 400 people, the ministry said.", "2 billion roubles"},
			drop: []string{"Powered", "Follow us", "Источник", "src=", "New plant"},
		},
		{
			name: "json article with title and url",
			raw: storyline.RawArticle{Title: "Library opens late", URL: "https://www.example.org/news/1", Published: "2019-03-05T10:00:00+02:00",
				Lang: "en", Text: "Library opens late\n\nThe city library will open until 10 pm from next week, officials said on Monday."},
			title: "Library opens late", source: "example.org", published: "2019-03-05T08:00:00Z",
			keep: []string{"The city library will open"},
			drop: []string{"Library opens late"},
		},
		{
			name: "wayback and twitter boxes",
			raw: storyline.RawArticle{Text: "The town's ferry will stop running in May, its operator said on Wednesday, citing rising fuel costs.\n" +
				"Tweet with a location\nYou can add location information to your Tweets, such as your city or precise location, from the web and via third-party applications.\n" +
				"These crawls are part of an effort to archive pages as they are created.\n" +
				"Passengers will be able to use a bus service instead, the operator said."},
			keep: []string{"ferry will stop running", "bus service instead"},
			drop: []string{"Tweet", "location information", "crawls"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.raw.Input = "test"
			if tt.raw.Format == "" {
				tt.raw.Format = storyline.FormatText
			}
			a, err := Clean(tt.raw, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if tt.title != "" && a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
			var pub string
			if !a.Published.IsZero() {
				pub = a.Published.Format(time.RFC3339)
			}
			if pub != tt.published {
				t.Errorf("published %q, want %q", pub, tt.published)
			}
			if a.Source != tt.source {
				t.Errorf("source %q, want %q", a.Source, tt.source)
			}
			if a.MachineTranslated != tt.mt {
				t.Errorf("machine translated %v, want %v", a.MachineTranslated, tt.mt)
			}
			if a.NewsID != tt.newsID {
				t.Errorf("news id %q, want %q", a.NewsID, tt.newsID)
			}
			if a.Lang != "en" {
				t.Errorf("lang %q", a.Lang)
			}
			for _, k := range tt.keep {
				if !strings.Contains(a.Text, k) {
					t.Errorf("lost %q", k)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(a.Text, d) {
					t.Errorf("kept %q", d)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", a.Text)
			}
			checkIdempotent(t, a)
		})
	}
}

// checkIdempotent cleans a cleaned text again and wants it unchanged.
func checkIdempotent(t *testing.T, a *storyline.Article) {
	t.Helper()
	b, err := Clean(storyline.RawArticle{Input: "again", Format: storyline.FormatText, Text: a.Text}, DefaultOptions())
	if err != nil {
		t.Fatalf("cleaning again: %v", err)
	}
	if b.Text != a.Text {
		t.Errorf("not idempotent:\nonce:  %q\ntwice: %q", a.Text, b.Text)
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Published: 0334 GMT January 28, 2022", "2022-01-28T03:34:00Z"},
		{"Updated: January 28, 2022, 6:24 PM", "2022-01-28T18:24:00Z"},
		{"date 2022-01-28", "2022-01-28T00:00:00Z"},
		{"2022-01-28T10:04:05+03:00", "2022-01-28T07:04:05Z"},
		{"Friday 28 Jan 2022 14:05 GMT", "2022-01-28T14:05:00Z"},
		{"Posted Jan. 28, 2022 at 9:05 a.m. ET", "2022-01-28T14:05:00Z"},
		{"28.01.2022 15:30", "2022-01-28T15:30:00Z"},
		{"14.02.2024, 09:05 Uhr", "2024-02-14T09:05:00Z"},
		{"Posted Wed 14 Feb 2024 09:05 GMT", "2024-02-14T09:05:00Z"},
		{"01/28/2022", "2022-01-28T00:00:00Z"},
		{"Veröffentlicht am 28. Januar 2022, 14:05 Uhr", "2022-01-28T14:05:00Z"},
		{"Publicado el 28 de enero de 2022", "2022-01-28T00:00:00Z"},
		{"Publié le 3 février 2022 à 10:15", "2022-02-03T10:15:00Z"},
		{"Opublikowano 13 października 2019", "2019-10-13T00:00:00Z"},
		{"Опубликовано 28 января 2022 года", "2022-01-28T00:00:00Z"},
		{"28 Ocak 2022 Cuma", "2022-01-28T00:00:00Z"},
		{"发布时间：2022年1月28日 14:05", "2022-01-28T14:05:00Z"},
		{"2022년 1월 28일", "2022-01-28T00:00:00Z"},
		{"Seit 28 Jahren 2022 Mitglieder", ""},
		{"February 30, 2022", ""},
		{"no date here", ""},
	}
	for _, tt := range tests {
		got, _, _ := findDate(tt.in)
		s := ""
		if !got.IsZero() {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("findDate(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
	for in, want := range map[string]string{
		"2022-01-28T10:04:05Z":            "2022-01-28T10:04:05Z",
		"Fri, 28 Jan 2022 10:04:05 +0100": "2022-01-28T09:04:05Z",
		"2022-01-28":                      "2022-01-28T00:00:00Z",
		"1643364245":                      "2022-01-28T10:04:05Z",
		"January 28, 2022":                "2022-01-28T00:00:00Z",
	} {
		if got := parsePublished(in).Format(time.RFC3339); got != want {
			t.Errorf("parsePublished(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestContentID(t *testing.T) {
	r := storyline.RawArticle{Raw: []byte("same bytes"), Text: "same bytes"}
	id := ContentID(r)
	if len(id) != 32 || id != ContentID(storyline.RawArticle{Raw: []byte("same bytes")}) {
		t.Errorf("id %q not stable", id)
	}
	if ContentID(storyline.RawArticle{Raw: []byte("other")}) == id {
		t.Error("different content, same id")
	}
	if ContentID(storyline.RawArticle{ID: " given ", Raw: []byte("x")}) != "given" {
		t.Error("given id not used")
	}
}

func TestEmpty(t *testing.T) {
	for _, s := range []string{"", "   \n\n", "Subscribe to our newsletter\nCaptcha refresh"} {
		_, err := Clean(storyline.RawArticle{Input: "x", Format: storyline.FormatText, Text: s}, DefaultOptions())
		var se *storyline.Error
		if !errors.As(err, &se) || se.Code != storyline.EINVALID {
			t.Errorf("%q: err %v, want EINVALID", s, err)
		}
	}
}

// fakeStore is a Boilerplate with fixed counts.
type fakeStore struct {
	counts map[uint64]int
	n      int
}

func (f fakeStore) LineCounts(source string, hashes []uint64) map[uint64]int {
	out := map[uint64]int{}
	for _, h := range hashes {
		if c, ok := f.counts[h]; ok {
			out[h] = c
		}
	}
	return out
}
func (f fakeStore) SourceArticles(string) int { return f.n }

func TestBoilerplate(t *testing.T) {
	footer := "Kelby Gazette is your home for news from the coast since 1901"
	text := "The ferry will stop running in May, its operator said on Wednesday.\n\n" + footer +
		"\n\nPassengers will be able to use a bus service instead, the operator said."
	raw := storyline.RawArticle{Input: "x", Format: storyline.FormatText, Text: text, Source: "gazette"}
	a, err := Clean(raw, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, footer) {
		t.Fatal("footer dropped without statistics")
	}
	hashes := LineHashes(a)
	if len(hashes) != 3 {
		t.Fatalf("%d hashes", len(hashes))
	}
	h, _ := lineHash("KELBY  Gazette is your home for news from the coast since 1999 ")
	if h != hashes[1] {
		t.Error("normalised hash differs for case, spaces and digits")
	}
	opts := DefaultOptions()
	opts.Boilerplate = fakeStore{counts: map[uint64]int{hashes[1]: 5, hashes[0]: 1}, n: 10}
	a, err = Clean(raw, opts)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Gazette") || !strings.Contains(a.Text, "ferry") {
		t.Errorf("boilerplate: %q", a.Text)
	}
}

const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Kelby harbour flooded | Kelby Gazette</title>
<meta property="og:title" content="Kelby harbour flooded">
<meta property="og:site_name" content="Kelby Gazette">
<meta property="article:published_time" content="2019-03-05T09:15:00+01:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>Kelby harbour flooded</h1>
<p>A winter storm flooded the harbour town of Kelby on Tuesday, forcing 300 residents from their homes, the mayor said.</p>
<p>Emergency crews worked through the night to pump water out of the old market hall, which was built in 1872 and is the oldest building of the town.</p>
<p>"We have never seen the water this high," said Mayor Ana Ruiz. "But nobody was hurt, and that is what matters most to all of us here tonight."</p>
<p>The regional weather office said more rain was expected on Thursday, and asked residents to stay away from the seafront until the weekend.</p>
</article>
<footer><p>© 2019 Kelby Gazette. All rights reserved.</p></footer>
</body></html>`

func TestCleanHTML(t *testing.T) {
	raw := storyline.RawArticle{Input: "page.html", Format: storyline.FormatHTML, HTML: page,
		URL: "https://www.kelbygazette.example/2019/03/05/flood"}
	a, err := Clean(raw, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Kelby harbour flooded" {
		t.Errorf("title %q", a.Title)
	}
	if a.Source != "Kelby Gazette" { // its og:site_name, before the URL's host
		t.Errorf("source %q", a.Source)
	}
	if got := a.Published.Format(time.RFC3339); got != "2019-03-05T08:15:00Z" {
		t.Errorf("published %s", got)
	}
	if !strings.Contains(a.Text, "the mayor said.\n\nEmergency crews") {
		t.Errorf("paragraphs not kept apart:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "rights reserved") || strings.Contains(a.Text, "Sport") {
		t.Errorf("junk kept:\n%s", a.Text)
	}
	// A page with no article text is an error, not a panic.
	if _, err := Clean(storyline.RawArticle{Input: "e.html", Format: storyline.FormatHTML, HTML: "<html><body></body></html>"}, DefaultOptions()); err == nil {
		t.Error("empty page: no error")
	}
}

func TestCreditPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"Источник rbc.ru Putin said it.":  "rbc.ru",
		"Source: example.co.uk The plant": "example.co.uk",
		"Sources: U.S. officials say so":  "",
		"Source: Reuters":                 "",
	} {
		g := creditPrefixRe.FindStringSubmatch(in)
		got := ""
		if g != nil {
			got = g[1]
		}
		if got != want {
			t.Errorf("%q: credit %q, want %q", in, got, want)
		}
	}
}

// TestPageMeta: the page's own metadata gives the title, the canonical URL
// and the publication time, from meta tags first, then JSON-LD, then the
// first <time datetime>.
func TestPageMeta(t *testing.T) {
	tests := []struct {
		name, head, body string
		title, url, date string
	}{
		{"meta", `<meta property="og:title" content="Bridge shut"><meta property="article:published_time" content="2022-01-28T18:24:00+01:00"><link rel="canonical" href="https://news.example/a">`,
			``, "Bridge shut", "https://news.example/a", "2022-01-28T17:24:00Z"},
		{"json-ld graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"Fri, 28 Jan 2022 10:04:05 +0100"}]}</script><meta property="og:url" content="https://news.example/b">`,
			``, "", "https://news.example/b", "2022-01-28T09:04:05Z"},
		{"time element", ``, `<p>By staff</p><time datetime="2022-01-28">28 January</time>`, "", "", "2022-01-28T00:00:00Z"},
		{"meta before time", `<meta name="date" content="2021-05-01">`, `<time datetime="2022-01-28">x</time>`, "", "", "2021-05-01T00:00:00Z"},
		{"nothing", ``, `<p>No date here.</p>`, "", "", ""},
		{"broken json-ld", `<script type="application/ld+json">{"datePublished": </script>`, ``, "", "", ""},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<html><head>" + tt.head + "</head><body>" + tt.body + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		got := pageMeta(doc)
		date := ""
		if !got.published.IsZero() {
			date = got.published.UTC().Format(time.RFC3339)
		}
		if got.title != tt.title || got.url != tt.url || date != tt.date {
			t.Errorf("%s: got %q %q %q, want %q %q %q", tt.name, got.title, got.url, date, tt.title, tt.url, tt.date)
		}
	}
}

// TestPublishedRange: a structured published date before 1800, more than a
// year after the clock, or unreadable is left out with a warning, and the
// date found in the text stands in; dates in range are kept as given.
func TestPublishedRange(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }
	body := "Published 3 March 2024\n\nThe harbour council met on Monday to approve the winter budget for the ferry.\n"
	tests := []struct {
		published string
		want      string // RFC 3339, "" for none
		warn      string // part of the warning, "" for none
	}{
		{"2024-03-02T10:00:00Z", "2024-03-02T10:00:00Z", ""},
		{"1800-01-01T00:00:00Z", "1800-01-01T00:00:00Z", ""},
		{"2027-12-01T00:00:00Z", "2027-12-01T00:00:00Z", ""},
		{"9999-12-31T23:59:59Z", "2024-03-03T00:00:00Z", "outside the years 1800 to 2027"},
		{"1600-01-01T00:00:00Z", "2024-03-03T00:00:00Z", "outside the years"},
		{"2028-01-01T00:00:00Z", "2024-03-03T00:00:00Z", "outside the years"},
		{"not a date", "2024-03-03T00:00:00Z", `"not a date" is not a date`},
	}
	for _, tt := range tests {
		a, err := Clean(storyline.RawArticle{Input: "in", Text: body, Published: tt.published}, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if !a.Published.IsZero() {
			got = a.Published.Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("%q: published %q, want %q", tt.published, got, tt.want)
		}
		switch {
		case tt.warn == "" && len(a.Warnings) > 0:
			t.Errorf("%q: unexpected warnings %q", tt.published, a.Warnings)
		case tt.warn != "" && (len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], tt.warn)):
			t.Errorf("%q: warnings %q, want one with %q", tt.published, a.Warnings, tt.warn)
		}
	}
}

// FuzzPageMeta: any page's head and body parse without a panic, and a
// date read from the page is a real one.
func FuzzPageMeta(f *testing.F) {
	f.Add(`<meta property="article:published_time" content="2022-01-28T18:24:00+01:00"><link rel="canonical" href="https://news.example/2022/01/28/a">`)
	f.Add(`<script type="application/ld+json">[{"@graph":[{"datePublished":"28 Jan 2022"}]}]</script><time datetime="x">`)
	f.Add(`<p>October 12, 2017</p><meta name="sn-post-date" content="2019/11/19">`)
	f.Fuzz(func(t *testing.T, page string) {
		defer hostile.Within(t, len(page))()
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		if got := pageMeta(doc); !got.published.IsZero() && got.published.Year() < minPublishedYear {
			t.Fatalf("date %v from %q", got.published, page)
		}
	})
}

// TestFallbackTitle: a text without a headline is titled by its first
// sentence that can stand for one, not by a dateline, navigation, a time
// stamp or a handle.
func TestFallbackTitle(t *testing.T) {
	tests := []struct{ text, want string }{
		{"PALM COAST, Fla. - A Flagler County woman was arrested after she crashed a wedding, deputies say.",
			"A Flagler County woman was arrested after she crashed a wedding, deputies say."},
		{"2 years ago\n\n(CNN) - The swell of online support for the governor has not gone unnoticed in the state capital.",
			"(CNN) - The swell of online support for the governor has not gone unnoticed in…"},
		{"English >> World\n\nThe river burst its banks on Monday, flooding the lower town and the harbour road.",
			"The river burst its banks on Monday, flooding the lower town and the harbour road."},
		{"(press@example.org; @newsdesk)\n\nThe council approved the new budget for schools and roads on Tuesday.",
			"The council approved the new budget for schools and roads on Tuesday."},
		{"Short. Only short lines. Here.", "Short."},
		// Chinese: no spaces; a word is two characters (text.CountWords).
		{"东桥市议会周三投票决定关闭港口大桥进行维修，检查人员在大桥的钢铁支架上发现了裂缝。维修预计持续三个月。",
			"东桥市议会周三投票决定关闭港口大桥进行维修，检查人员在大桥的…"},
	}
	for _, tt := range tests {
		a, err := Clean(storyline.RawArticle{Input: "t.txt", Text: tt.text}, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != tt.want {
			t.Errorf("%.30q: title %q, want %q", tt.text, a.Title, tt.want)
		}
	}
}

// TestStripControls: a video player's or share box's buttons at the start
// of a paragraph go; prose that names a button stays.
func TestStripControls(t *testing.T) {
	cases := map[string]string{
		"CLOSE Skip in Skip x Embed x Share Late Wednesday afternoon, the mayor spoke.": "Late Wednesday afternoon, the mayor spoke.",
		"Replay Share Embed Close The bridge opened at dawn.":                           "The bridge opened at dawn.",
		"Share this story with a friend.":                                               "Share this story with a friend.",
		"Skip the queue: close to the gate, embed yourself.":                            "Skip the queue: close to the gate, embed yourself.",
		"Close Skip Share Embed":                                                        "Close Skip Share Embed",
	}
	for in, want := range cases {
		l := newLine(in)
		stripControls(l)
		if l.s != want {
			t.Errorf("stripControls(%q) = %q, want %q", in, l.s, want)
		}
	}
}

// TestUnspacedScripts: Chinese and Japanese write no spaces, so a line is
// one field; it is prose all the same, not a short fragment to drop.
// Texts written for this test.
func TestUnspacedScripts(t *testing.T) {
	for _, tt := range []struct{ name, text, title string }{
		{"chinese", "东桥市议会决定关闭港口大桥\n\n东桥市议会周三投票决定关闭港口大桥进行维修。检查人员在大桥的钢铁支架上发现了裂缝。\n\n维修工程预计持续三个月，费用约为1200万元。",
			"东桥市议会决定关闭港口大桥"},
		{"japanese", "港の橋が修理のため閉鎖\n\n市議会は水曜日、港の橋を修理のため閉鎖することを決めた。検査員が鋼鉄の支柱に亀裂を見つけた。\n\n工事は約三か月続く見通しだ。",
			"港の橋が修理のため閉鎖"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Clean(storyline.RawArticle{Input: "t.txt", Text: tt.text}, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
			for _, p := range strings.Split(tt.text, "\n\n")[1:] {
				if !strings.Contains(a.Text, p) {
					t.Errorf("paragraph %q dropped; text %q", p, a.Text)
				}
			}
		})
	}
}
