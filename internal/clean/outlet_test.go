package clean

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/storyline/storyline"
)

// The lines below are written for these tests (an invented town, invented
// outlets); they are members of the junk families of outlet.go, and real
// sentences that look a little like them.

// family builds a small article around one line: a headline, a lead, the
// line, two body paragraphs.
func family(line string) string {
	return "Tram line to Kelby reopens after a month of repairs\n\n" +
		"The tram line between Kelby and Norham reopened on Monday after a month of track repairs, the transport authority said.\n\n" +
		line + "\n\n" +
		"Trams will run every eight minutes at peak times, and the first service leaves Kelby at 5.40am.\n\n" +
		"The authority said the repairs had cost 2.1 million euros, slightly less than planned."
}

func TestJunkFamilies(t *testing.T) {
	tests := []struct {
		line string
		junk bool
	}{
		// Consent banners, any length.
		{"Your privacy matters. This website uses cookies and similar tools, shared with third parties, to measure traffic and show personalized ads. Accept all / Reject all", true},
		{"Cookie notice: by clicking OK you agree to our use of cookies.", true},
		{"Regulators fined the retailer 40,000 euros for setting cookies without asking shoppers first, the commission said on Monday.", false},
		// Breadcrumbs and listening prompts.
		{"News › Europe › Politics", true},
		{"Start » Lokales » Verkehr", true},
		{"Listen to this story · 5 minutes", true},
		{"4 min read", true},
		// Long bylines with a role and an outlet.
		{"By Tomas Vreel, Senior transport correspondent, Lakeside Herald", true},
		{"By Mira Holt and Jon Ek, Kelby bureau", true},
		// Corrections, standards, credits.
		{"Suggest a correction to this story", true},
		{"Read our editorial standards", true},
		{"Reporting by Ana Pell; additional reporting by Karl Moor; editing by Ruth Stone", true},
		// Link lines.
		{"See also: Harbour fees to rise next spring", true},
		{"Read also: Why the night buses are late again", true},
		{"Mehr zum Thema: Neue Brücke über die Lenne geplant", true},
		{"Topics: transport, trams, Kelby", true},
		{"Read more about the timetable on the authority's website, the spokeswoman said, adding that it changes on Sunday.", false},
		// Prompts to follow and comment.
		{"Follow the Norham Courier for updates", true},
		{"Add a comment", true},
		{"Commuters left hundreds of comments on the authority's page, most of them praising the quick work.", false},
		// Captions closed by a photo credit.
		{"Workers lay new rails near Norham station on Sunday. Photo: Kelby Transport Authority", true},
		{"Workers lay new rails near Norham station on Sunday. Image: Norham Courier archive", true},
		{"Commuters wait for the first tram at Kelby. Photograph: Ivo Brandt/Lakeside Herald", true},
		// Rights lines, relative times, widget prompts.
		{"© 2024 Norham Courier Ltd", true},
		{"Copyright 2024 Lakeside Media Group. All use subject to terms.", true},
		{"Copyright law protects the photographers who took the pictures, the court said.", false},
		{"Updated 3 hours ago", true},
		{"Image source, Kelby Transport Authority", true},
		{"Story continues below advertisement", true},
		{"Share on Facebook (opens in new window)", true},
	}
	for _, tt := range tests {
		ls := traceLines(family(tt.line), false)
		var got *line
		for _, l := range ls {
			if strings.HasPrefix(tt.line, l.s) || l.s == tt.line {
				got = l
			}
		}
		if got == nil {
			t.Errorf("%q: line not found", tt.line)
			continue
		}
		if got.junk != tt.junk {
			t.Errorf("%q: junk %v (%s), want %v", tt.line, got.junk, got.why, tt.junk)
		}
		for _, l := range ls {
			if l != got && l.junk {
				t.Errorf("%q: body line dropped (%s): %q", tt.line, l.why, l.s)
			}
		}
	}
}

func TestListBlock(t *testing.T) {
	s := family("Trams will also stop at the new Lenne Park station from next week.") + "\n\nMost popular\n\n1. Ten walks along the Lenne\n\n2. Council names new harbour master\n\nShare your story"
	a, err := Clean(storyline.RawArticle{Text: s}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range []string{"Most popular", "Ten walks", "harbour master", "Share your story"} {
		if strings.Contains(a.Text, j) {
			t.Errorf("%q survived", j)
		}
	}
	if !strings.Contains(a.Text, "slightly less than planned.") {
		t.Errorf("lost the last paragraph: %q", a.Text)
	}
}

func TestMasthead(t *testing.T) {
	body := "The tram line between Kelby and Norham reopened on Monday after a month of track repairs, the transport authority said.\n\n" +
		"Trams will run every eight minutes at peak times, the authority said."
	tests := []struct {
		name, text, title, source string
	}{
		{"capitals", "THE NORHAM COURIER\nTransport\n\nTram line to Kelby reopens after repairs\n\n" + body,
			"Tram line to Kelby reopens after repairs", "The Norham Courier"},
		{"title case", "Lakeside Daily\nPosted Wed 14 Feb 2024 09:05 GMT\nTram line to Kelby reopens after repairs\n\n" + body,
			"Tram line to Kelby reopens after repairs", "Lakeside Daily"},
		{"named again", "Kelby Voice\n\nTram line to Kelby reopens after repairs\n\nKELBY (Kelby Voice) - " + body,
			"Tram line to Kelby reopens after repairs", "Kelby Voice"},
		{"section line", "Tram line to Kelby reopens after repairs\nLakeside Herald - Local\n\n" + body,
			"Tram line to Kelby reopens after repairs", "Lakeside Herald"},
		{"navigation", "Norham Courier | Local | Transport\nTram line to Kelby reopens after repairs\n\n" + body,
			"Tram line to Kelby reopens after repairs", "Norham Courier"},
		{"byline outlet", "Tram line to Kelby reopens after repairs\nBy Tomas Vreel, transport reporter, Lakeside Herald\n\n" + body,
			"Tram line to Kelby reopens after repairs", "Lakeside Herald"},
		{"credit wins", "Lakeside Daily\nTram line to Kelby reopens after repairs\n\n" + body + "\n\nSource: norhamcourier.example",
			"Tram line to Kelby reopens after repairs", "norhamcourier.example"},
		// A short headline in title case without an outlet word stays.
		{"short headline", "Kelby Trams Return\n\nThe first trams in a month run to Norham on time\n\n" + body,
			"Kelby Trams Return", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Clean(storyline.RawArticle{Text: tt.text}, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
			if a.Source != tt.source {
				t.Errorf("source %q, want %q", a.Source, tt.source)
			}
			if !strings.Contains(a.Text, "reopened on Monday") || !strings.Contains(a.Text, "every eight minutes") {
				t.Errorf("lost body: %q", a.Text)
			}
			checkIdempotent(t, a)
		})
	}
}

// repoRoot is the folder holding go.mod.
func repoRoot(t *testing.T) string {
	wd, _ := os.Getwd()
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
	}
	t.Skip("no repository root")
	return ""
}

// TestExamples cleans the demo corpus (examples/, invented articles written
// for the project): the titles are the headlines, none of the junk listed
// in its README survives, and every real paragraph is kept.
func TestExamples(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "examples")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Skip("no examples")
	}
	var raws []storyline.RawArticle
	for _, f := range files {
		if strings.HasSuffix(f, ".jsonl") {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var o struct{ ID, Title, Text, Source, URL, Published, Lang string }
				if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
					t.Fatal(err)
				}
				raws = append(raws, storyline.RawArticle{Input: f + ":" + o.ID, ID: o.ID, Title: o.Title, Text: o.Text,
					Source: o.Source, URL: o.URL, Published: o.Published, Lang: o.Lang, Format: storyline.FormatText})
			}
			fh.Close()
			continue
		}
		raws = append(raws, readInputs(t, f)...)
	}
	titles := map[string]string{
		"bank/01":   "Estrevia's central bank lifts rate to 4.25% as inflation bites",
		"bank/02":   "Estrevia raises key rate by half a point to fight 5.8% inflation",
		"bank/03":   "Estrevia: Central bank increases the key interest rate on 4.25 percent",
		"bank/04":   "Borrowers brace for higher bills after Estrevia's half-point rate rise",
		"bridge/01": "Fennick Bridge closed after cracks found beneath northern approach",
		"bridge/02": "Port Aldery shuts Fennick Bridge after inspectors find cracks in steel girders",
		"bridge/03": "Cracked girders force closure of Port Aldery's Fennick Bridge",
		"bridge/04": "Port Aldery commuters face weeks of detours as cracked bridge stays shut",
		"robots/01": "Brightwick recalls 12,000 delivery robots after battery fires",
		"robots/02": "Brightwick shares slide as 12,000-robot recall is set to cost $19.5 million",
	}
	// The junk of the README's table, as fragments.
	junk := []string{"Published:", "Updated:", "Posted", "By Lena", "By Selma", "By Noor", "Photo:", "Foto:",
		"Subscribe", "Sign up", "news faster", "Advertisement", "Share this", "Related:", "Read more:",
		"More from", "Lesen Sie", "Ihre Meinung", "©", "Copyright", "Page generated", "cookies", "privacy",
		"Home >", "Listen to this", "Reporting by", "correction", "Story ref", "Source:", "Most read",
		"Tide tables", "Follow", "bell icon", "Tags:", "Powered by", "Some information for this report",
		"Comments (", "Newsletter", "Security Key", "Captcha", "Leave a comment", "Facebook |", "Our standards",
		"CAPITAL MARKETS POST", "Meridian Wire |", "Northgate Tribune -", "Harbourline News\n", "Wirtschaft",
		"Transport\n", "Markets |", "Companies |", ".example", "Email | Copy link"}
	for _, raw := range raws {
		rel, _ := filepath.Rel(dir, raw.Input)
		key := rel
		if len(key) > 9 {
			key = strings.TrimSuffix(key[:strings.IndexByte(key, '-')], "")
		}
		a, err := Clean(raw, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if want, ok := titles[key]; ok && a.Title != want {
			t.Errorf("%s: title %q, want %q", rel, a.Title, want)
		}
		if a.Source == "" {
			t.Errorf("%s: no source", rel)
		}
		for _, j := range junk {
			if strings.Contains(a.Text+"\n", j) {
				t.Errorf("%s: junk %q survived", rel, j)
			}
		}
		checkIdempotent(t, a)
		if raw.Format == storyline.FormatHTML {
			continue
		}
		// Real paragraphs: lines of 12+ words that end like a sentence
		// and are not captions or banners.
		for _, p := range strings.Split(raw.Text, "\n") {
			p = strings.TrimSpace(p)
			if countWords(p) < 12 || !endsSentence(p) || strings.Contains(p, "Photo:") ||
				strings.Contains(p, "Foto:") || strings.Contains(p, "cookies") {
				continue
			}
			if !strings.Contains(a.Text, p) {
				t.Errorf("%s: paragraph lost: %q", rel, p)
			}
		}
	}
}

// A section name above the headline of an extracted page goes; the fast
// parse path (valid UTF-8, decomposed accents composed) gives the text.
func TestCleanHTMLSection(t *testing.T) {
	page := `<html><head><title>Kelby café reopens after the flood | Kelby Gazette</title>
<meta property="og:title" content="Kelby café reopens after the flood"></head><body>
<article><p class="kicker">Local</p><h1>Kelby café reopens after the flood</h1>
<p>The harbour café in Kelby reopened on Saturday, three months after the winter storm filled it with a metre of water, its owner said.</p>
<p>Volunteers repainted the walls and a local carpenter rebuilt the counter free of charge, and the first customers queued from 7am.</p>
<p>"We thought we would never open again," said owner Lena Marsh, who has run the cafe` + "\u0301" + ` since 2009.</p>
</article></body></html>`
	a, err := Clean(storyline.RawArticle{Input: "p.html", Format: storyline.FormatHTML, HTML: page}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(a.Text, "Local") {
		t.Errorf("section kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "reopened on Saturday") || !strings.Contains(a.Text, "café since 2009") {
		t.Errorf("text lost or not composed:\n%s", a.Text)
	}
}
