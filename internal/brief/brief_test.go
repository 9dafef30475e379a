package brief

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/hostile"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// story builds segmented articles from texts written for these tests (no
// third-party text): id, source, text.
func story(parts ...[3]string) []*storyline.Article {
	var out []*storyline.Article
	for _, p := range parts {
		out = append(out, &storyline.Article{ID: p[0], Source: p[1], Lang: "en", Text: p[2],
			Sentences: text.Sentences(p[2]), Tokens: text.Tokens(p[2], "en")})
	}
	return out
}

// mention returns the span of the first occurrence of sub in a's text.
func mention(t *testing.T, a *storyline.Article, sub string) storyline.Span {
	t.Helper()
	i := strings.Index(a.Text, sub)
	if i < 0 {
		t.Fatalf("%q not in %s", sub, a.ID)
	}
	return storyline.Span{Start: i, End: i + len(sub)}
}

// harbour is a small invented story told by three outlets, one of which
// also publishes a copy of another's article.
func harbour(t *testing.T) []*storyline.Article {
	arts := story(
		[3]string{"a1", "Coast Herald", "Storm closes Lindport harbour\n" +
			"A winter storm closed the harbour of Lindport on Tuesday, stranding 40 fishing boats.\n" +
			"Mayor Anna Berg said the port would reopen when the wind drops below gale force.\n" +
			"\"We will not put crews at risk for a day's catch,\" Berg said.\n" +
			"The harbour last closed for a storm in 2019.\n" +
			"Subscribe to our newsletter for more local news."},
		[3]string{"b1", "Lindport Post", "Forty boats stranded as storm shuts harbour\n" +
			"The storm shut Lindport harbour on Tuesday and left 40 fishing boats stranded at their moorings.\n" +
			"But the mayor said the port would reopen once the wind drops.\n" +
			"\"We won't risk crews for one day of fishing,\" Mayor Anna Berg told reporters.\n" +
			"Fish prices at the market rose by 12% within hours."},
		[3]string{"c1", "North Radio", "Harbour closed\n" +
			"Lindport's harbour was closed on Tuesday by a winter storm, with 45 fishing boats stranded.\n" +
			"Forecasters expect the gale to ease by Thursday evening."},
		[3]string{"c2", "North Radio", "Lindport's harbour was closed on Tuesday by a winter storm, with 45 fishing boats stranded.\n" +
			"Forecasters expect the gale to ease by Thursday evening."},
	)
	arts[3].DuplicateOf = "c1"
	fig := func(a *storyline.Article, sub string, v float64, unit string) storyline.FigureMention {
		return storyline.FigureMention{Span: mention(t, a, sub), Value: v, Unit: unit, Text: sub}
	}
	arts[0].Figures = []storyline.FigureMention{fig(arts[0], "40 fishing boats", 40, "boats")}
	arts[1].Figures = []storyline.FigureMention{fig(arts[1], "40 fishing boats", 40, "boats"), fig(arts[1], "12%", 12, "%")}
	arts[2].Figures = []storyline.FigureMention{fig(arts[2], "45 fishing boats", 45, "boats")}
	arts[0].Quotes = []storyline.QuoteMention{
		{Span: mention(t, arts[0], "We will not put crews at risk for a day's catch,"), Speaker: "Anna Berg", Cue: "said", Direct: true},
		{Span: mention(t, arts[0], "the port would reopen when the wind drops below gale force"), Speaker: "Anna Berg", Cue: "said"},
	}
	arts[1].Quotes = []storyline.QuoteMention{
		{Span: mention(t, arts[1], "We won't risk crews for one day of fishing,"), Speaker: "Mayor Anna Berg", Cue: "told", Direct: true},
		{Span: mention(t, arts[1], "the port would reopen once the wind drops"), Speaker: "", Cue: "said"},
	}
	arts[0].Entities = []storyline.Mention{
		{Span: mention(t, arts[0], "Lindport"), Name: "Lindport", Type: storyline.Place},
		{Span: mention(t, arts[0], "Anna Berg"), Name: "Anna Berg", Type: storyline.Person},
		{Span: firstWord(mention(t, arts[0], "Berg said"), len("Berg")), Name: "Berg", Type: storyline.Person},
	}
	arts[1].Entities = []storyline.Mention{
		{Span: mention(t, arts[1], "Lindport"), Name: "Lindport", Type: storyline.Place},
		{Span: mention(t, arts[1], "Anna Berg"), Name: "Anna Berg", Type: storyline.Person},
	}
	arts[2].Entities = []storyline.Mention{{Span: mention(t, arts[2], "Lindport"), Name: "Lindport", Type: storyline.Organization}}
	arts[0].Dates = []storyline.DateMention{{Span: mention(t, arts[0], "Tuesday"), Date: "2024-01-09"}, {Span: mention(t, arts[0], "2019"), Date: "2019"}}
	arts[1].Dates = []storyline.DateMention{{Span: mention(t, arts[1], "Tuesday"), Date: "2024-01-09"}}
	arts[2].Dates = []storyline.DateMention{{Span: mention(t, arts[2], "Tuesday"), Date: "2024-01-09"}}
	return arts
}

// firstWord cuts a span to its first n bytes: the mention of a word that
// a longer phrase places ("Berg" in "Berg said", not in "Anna Berg").
func firstWord(sp storyline.Span, n int) storyline.Span {
	return storyline.Span{Start: sp.Start, End: sp.Start + n}
}

// TestGolden compares the brief of the invented story with
// testdata/harbour.json (go test -update rewrites it).
func TestGolden(t *testing.T) {
	arts := harbour(t)
	opts := DefaultOptions()
	opts.Words = 60
	b := Build(arts, opts)
	checkCitations(t, arts, b)
	got, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "harbour.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("brief differs from %s (go test -update to accept):\n%s", path, got)
	}
	// Determinism: the same input gives the same bytes.
	again, _ := json.MarshalIndent(Build(harbour(t), opts), "", "  ")
	if !bytes.Equal(append(again, '\n'), got) {
		t.Error("Build is not deterministic")
	}
}

// TestHarbour checks the properties the golden file should show.
func TestHarbour(t *testing.T) {
	arts := harbour(t)
	b := Build(arts, DefaultOptions())
	// The storm claim: three outlets (North Radio's copy counts once).
	c := b.Claims[0]
	if c.Sources != 3 || !strings.Contains(c.Text, "storm") {
		t.Errorf("first claim %+v, want the storm with 3 sources", c)
	}
	for _, c := range b.Claims {
		if strings.Contains(c.Text, "Forecasters") && c.Sources != 1 {
			t.Errorf("copy counted as corroboration: %+v", c)
		}
		if strings.Contains(text.Fold(c.Text), "newsletter") {
			t.Errorf("junk claim %q", c.Text)
		}
	}
	// The summary never opens with a dangling "But".
	for _, s := range b.Summary {
		if strings.HasPrefix(s.Text, "But ") {
			t.Errorf("dangling summary sentence %q", s.Text)
		}
	}
	// Quotes: one group for Berg, her two statements under it, each with
	// both outlets' wordings.
	if len(b.Quotes) != 1 || b.Quotes[0].Speaker != "Anna Berg" || len(b.Quotes[0].Variants) != 4 {
		t.Errorf("quotes %+v", b.Quotes)
	} else {
		direct := map[string]int{}
		for _, v := range b.Quotes[0].Variants {
			direct[fmt.Sprint(v.Direct)]++
		}
		if direct["true"] != 2 || direct["false"] != 2 {
			t.Errorf("Berg's statements %+v", b.Quotes[0].Variants)
		}
	}
	// Figures: 40 boats by two articles, disagreeing with 45 boats.
	f := b.Figures[0]
	if f.Value != 40 || len(f.Articles) != 2 || !f.Disagreement || len(f.Variants) != 1 || f.Variants[0].Value != 45 {
		t.Errorf("figure %+v", f)
	}
	// Entities: Berg merged into Anna Berg; Lindport a place by vote.
	for _, e := range b.Entities {
		if e.Name == "Berg" {
			t.Error("surname not merged into Anna Berg")
		}
		if e.Name == "Lindport" && (e.Type != storyline.Place || e.Articles != 3) {
			t.Errorf("entity %+v", e)
		}
	}
	// Timeline: the closure on 2024-01-09 from three articles, after 2019.
	if len(b.Timeline) < 2 || b.Timeline[0].Date != "2019" || b.Timeline[1].Date != "2024-01-09" || len(b.Timeline[1].Articles) != 3 {
		t.Errorf("timeline %+v", b.Timeline)
	}
	// Coverage: three outlets; North Radio lists both its articles.
	if len(b.Coverage) != 3 || len(b.Coverage[2].Articles) != 2 {
		t.Errorf("coverage %+v", b.Coverage)
	}
	if h := Headline(arts); h == "" {
		t.Error("empty headline")
	}
}

func TestJunk(t *testing.T) {
	cases := []struct {
		s    string
		junk bool
	}{
		{"The storm closed the harbour on Tuesday, stranding 40 boats.", false},
		{"Tweet with a location", true},
		{"You can add location information to your Tweets, such as your city or precise location, from the web.", true},
		{"Storm Closes Lindport Harbour As Boats Stay Home", true},
		{"READ MORE ABOUT THE STORM IN OUR SPECIAL REPORT TODAY.", true},
		{"Follow the mayor at https://example.org/mayor for updates.", true},
		{"Short line.", true},
		{"The mayor said the port would reopen", true}, // no terminator: a heading or a cut line
		{"\"We will not put crews at risk,\" the mayor said.", false},
		// A page's teasers run together: sentence ends glued to the next.
		{"Boats are stuck in the harbour.The port says crews are safe.Ferries resume on Friday.", true},
		{"Boats are stuck in the harbour.The port says crews are safe, and ferries resume on Friday.", false},
		{"The mayor said the U.S. Coast Guard and Lindport.Gov had helped.", false},
		// A teaser cut off mid-sentence, not a speaker's pause.
		{"The storm closed the harbour on Tuesday, stranding...", true},
		{"The ferry left Lindport on Tuesday,…", true},
		{"\"We will not put crews at risk …\" the mayor said …", false},
		{"The storm closed the harbour on Tuesday, stranding 40 boats ...", false},
		// Scripts without case are prose without lower-case words.
		{"أغلقت العاصفة الميناء يوم الثلاثاء وعلقت أربعون سفينة.", false},
		{"هل سيعاد فتح الميناء يوم الجمعة؟", false},
		{"أغلقت العاصفة الميناء يوم الثلاثاء", true}, // no terminator
		{"暴风雪周二关闭了港口，四十艘船被困。", false},
		{"市长说：“我们不会让船员冒险。”", false},
		{"嵐は火曜日に港を閉鎖し、四十隻の船が足止めされた。", false},
		{"暴风雪周二关闭了港口", true},
	}
	for _, c := range cases {
		toks := text.Tokens(c.s, text.DetectLanguage(c.s))
		if got := isJunk(c.s, 0, toks); got != c.junk {
			t.Errorf("isJunk(%q) = %v, want %v", c.s, got, c.junk)
		}
	}
}

func TestDangling(t *testing.T) {
	cases := map[string]bool{
		"But the mayor said no.":          true,
		"However, prices rose.":           true,
		"\"He said it would,\" she said.": true,
		"The mayor said no.":              false,
		"Butter prices rose.":             false,
		"Thereafter the port closed.":     false,
		"It's called the Scoff-ee Cup.":   true,
		"They’re working on it.":          true,
		"Itself a port, Kelby waits.":     false,
	}
	for s, want := range cases {
		if got := isDangling(s); got != want {
			t.Errorf("isDangling(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFullest: the display name of a speaker or an entity.
func TestFullest(t *testing.T) {
	cases := []struct {
		forms map[string]int
		want  string
	}{
		{map[string]int{"Lavrov": 3, "Sergei Lavrov": 1, "Sergey Lavrov": 2}, "Sergey Lavrov"},
		{map[string]int{"Mayor Anna Berg": 1, "Anna Berg": 1, "Berg": 4}, "Anna Berg"},
		{map[string]int{}, ""},
	}
	for _, c := range cases {
		if got := fullest(c.forms); got != c.want {
			t.Errorf("fullest(%v) = %q, want %q", c.forms, got, c.want)
		}
	}
}

// TestCommonest: the display name of a place, a body or a thing is the
// form written most, the fullest among ties.
func TestCommonest(t *testing.T) {
	cases := []struct {
		forms map[string]int
		want  string
	}{
		{map[string]int{"UK": 5, "United Kingdom": 1}, "UK"},
		{map[string]int{"US": 2, "United States": 2, "America": 1}, "United States"},
		{map[string]int{}, ""},
	}
	for _, c := range cases {
		if got := commonest(c.forms); got != c.want {
			t.Errorf("commonest(%v) = %q, want %q", c.forms, got, c.want)
		}
	}
}

// TestEmpty: no articles, articles without text or analysis.
func TestEmpty(t *testing.T) {
	for _, arts := range [][]*storyline.Article{nil, {nil}, {{ID: "x"}}, {{ID: "x", Text: "Hi."}, {ID: "y", Text: "\n\n"}}} {
		b := Build(arts, DefaultOptions())
		if b.Summary == nil || b.Claims == nil || b.Coverage == nil {
			t.Errorf("nil fields for %v", arts)
		}
		_ = Headline(arts)
	}
}

// FuzzBuild feeds arbitrary texts (the brief reads untrusted article text)
// and checks that Build does not panic, keeps the budget, and cites every
// summary sentence verbatim.
func FuzzBuild(f *testing.F) {
	f.Add("The storm closed the harbour on Tuesday, stranding 40 boats.\nBut it will reopen.", "A storm closed the harbour on Tuesday and 40 boats were stranded.")
	f.Add("\"We won't,\" he said. «Non», dit-il.\n\n", "Путин сказал, что войны не будет. Лавров тоже.")
	f.Fuzz(func(t *testing.T, x, y string) {
		defer hostile.Within(t, len(x)+len(y))()
		arts := []*storyline.Article{{ID: "x", Text: x, Source: "X"}, {ID: "y", Text: y}}
		opts := DefaultOptions()
		opts.Words = 30
		b := Build(arts, opts)
		n := 0
		for _, s := range b.Summary {
			n += len(strings.Fields(s.Text))
			c := s.Citations[0]
			a := arts[0]
			if c.Article == "y" {
				a = arts[1]
			}
			if c.End > len(a.Text) || a.Text[c.Start:c.End] != s.Text {
				t.Fatalf("bad citation %+v for %q", c, s.Text)
			}
		}
		if n > opts.Words {
			t.Fatalf("%d words over a budget of %d", n, opts.Words)
		}
	})
}

// BenchmarkBrief builds the brief of a story made of dev articles
// (segmented beforehand, as the pipeline does): 20 Multi-News articles of
// unrelated stories, and the 64 articles (the bound of a brief) of the
// largest ECB+ stories, whose sentences share many terms: the dense case
// of align.
func BenchmarkBrief(b *testing.B) {
	for _, bc := range []struct {
		name, set string
		n         int
		grouped   bool
	}{{"multinews-20", "multinews-val", 20, false}, {"ecbplus-64", "ecbplus-dev", 64, true}} {
		b.Run(bc.name, func(b *testing.B) {
			arts := devArticles(b, bc.set, bc.n, bc.grouped)
			opts := DefaultOptions()
			opts.Words = 260
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				Build(arts, opts)
			}
			b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// devArticles reads n articles of a dev set, segmented: the first n, or
// with grouped those of its largest gold stories, story by story.
func devArticles(b *testing.B, set string, n int, grouped bool) []*storyline.Article {
	dir := sharedtest.Data(b, "dev", set)
	var arts []*storyline.Article
	if err := sharedtest.EachLine(filepath.Join(dir, "articles.jsonl"), func(line []byte) error {
		var a struct{ ID, Text string }
		if err := json.Unmarshal(line, &a); err != nil {
			return err
		}
		t := trimLines(a.Text)
		arts = append(arts, &storyline.Article{ID: a.ID, Lang: "en", Text: t,
			Sentences: text.Sentences(t), Tokens: text.Tokens(t, "en")})
		return nil
	}); err != nil {
		b.Skip(err)
	}
	if grouped {
		story, err := devset.LoadGold(sharedtest.Dir(b), set)
		if err != nil {
			b.Fatal(err)
		}
		size := map[string]int{}
		for _, a := range arts {
			size[story[a.ID]]++
		}
		slices.SortStableFunc(arts, func(x, y *storyline.Article) int {
			sx, sy := story[x.ID], story[y.ID]
			return cmp.Or(cmp.Compare(size[sy], size[sx]), cmp.Compare(sx, sy))
		})
	}
	return arts[:min(n, len(arts))]
}

func TestJoinQuotes(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"\"If it rains, we stay. We will not sail,\" the captain said. The crew agreed.",
			[]string{"\"If it rains, we stay. We will not sail,\" the captain said.", "The crew agreed."}},
		{"“We wait. We see.” She left.", []string{"“We wait. We see.”", "She left."}},
		{"He said \"no.\nThen he left.", []string{"He said \"no.", "Then he left."}}, // never across lines
		{"Plain one. Plain two.", []string{"Plain one.", "Plain two."}},
	}
	for _, c := range cases {
		var got []string
		for _, sp := range joinQuotes(c.text, text.Sentences(c.text)) {
			got = append(got, c.text[sp.Start:sp.End])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("joinQuotes(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	// Spans out of range are dropped, not trusted.
	if got := joinQuotes("abc", []storyline.Span{{Start: 0, End: 9}, {Start: 1, End: 2}}); len(got) != 1 {
		t.Errorf("bad spans kept: %v", got)
	}
}

func TestFragment(t *testing.T) {
	for s, want := range map[string]bool{
		"and then the port closed.":       true,
		"Here are the boats that stayed:": true,
		"The port closed on Tuesday.":     false,
		"\"We stay,\" the captain said.":  false,
	} {
		if got := isFragment(s); got != want {
			t.Errorf("isFragment(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFigureCounterparts: figures in aligned sentences disagree only when
// neither sentence gives the other's number too. Both outlets give the
// bridge's 2.3km and the queue's 6km: two quantities, no disagreement;
// they differ on the traffic: 38,000 against 52,000 vehicles.
func TestFigureCounterparts(t *testing.T) {
	arts := story(
		[3]string{"a", "Coast Ledger", "Port Aldery closed the 2.3km Fennick Bridge on Tuesday, and queues on the detour reached 6km by the evening rush.\n" +
			"The bridge carries about 38,000 vehicles a day over the channel, the city said."},
		[3]string{"b", "Meridian Wire", "Port Aldery shut the 2.3km Fennick Bridge on Tuesday, and queues on the detour reached 6km in the evening rush.\n" +
			"The bridge carries some 52,000 vehicles a day over the channel, the city said."},
	)
	fig := func(a *storyline.Article, sub string, v float64, unit string) storyline.FigureMention {
		return storyline.FigureMention{Span: mention(t, a, sub), Value: v, Unit: unit, Text: sub}
	}
	for i, a := range arts {
		cars := []string{"38,000 vehicles", "52,000 vehicles"}[i]
		a.Figures = []storyline.FigureMention{fig(a, "2.3km", 2.3, "km"), fig(a, "6km", 6, "km"), fig(a, cars, []float64{38000, 52000}[i], "vehicles")}
	}
	b := Build(arts, DefaultOptions())
	for _, f := range b.Figures {
		want := f.Unit == "vehicles"
		if f.Disagreement != want {
			t.Errorf("%s: disagreement %v, want %v (variants %+v)", f.Text, f.Disagreement, want, f.Variants)
		}
	}
}

func TestIsSubheading(t *testing.T) {
	text := "The talks ended late.\nWhy the fixation on Nato?\nWhat happens next\n\"We will not give in.\"\n" +
		"Is this a question put inside a paragraph? It is.\nA long line of its own that has no full stop at the end but runs on for many words"
	tests := []struct {
		sub  string
		want bool
	}{
		{"The talks ended late.", false},
		{"Why the fixation on Nato?", true},
		{"What happens next", true},
		{"\"We will not give in.\"", false},
		{"Is this a question put inside a paragraph?", false},
		{"A long line of its own that has no full stop at the end but runs on for many words", false},
	}
	for _, tt := range tests {
		i := strings.Index(text, tt.sub)
		if got := isSubheading(text, storyline.Span{Start: i, End: i + len(tt.sub)}); got != tt.want {
			t.Errorf("%q: subheading %v, want %v", tt.sub, got, tt.want)
		}
	}
}

// TestDatelineLen: a summary sentence or a claim starts after the dateline
// (place in capitals, outlet in brackets, dash); a dash inside a sentence,
// or after words that are no place, is left alone.
func TestDatelineLen(t *testing.T) {
	for s, want := range map[string]string{
		"WASHINGTON (AP) — The Senate voted.":                          "WASHINGTON (AP) — ",
		"KATHMANDU (Reuters) - The bodies of two climbers were found.": "KATHMANDU (Reuters) - ",
		"(CNN) -- As the death toll rose, it went.":                    "(CNN) -- ",
		"DENVER – A woman faces charges.":                              "DENVER – ",
		"ST. LOUIS, Mo. (AP) — A jury said.":                           "ST. LOUIS, Mo. (AP) — ",
		"FT LAUDERDALE (CBSMiami) – A man was held.":                   "FT LAUDERDALE (CBSMiami) – ",
		"— For years, the weather has been blamed.":                    "— ",
		"The senator - a Democrat - voted no.":                         "",
		"NASA - the agency - said it would wait.":                      "",
		"A - B testing is common.":                                     "",
		"NASA said on Monday - in a statement - that it would.":        "",
		"SOME VERY LONG HEADLINE IN CAPITALS HERE - and text.":         "",
	} {
		if got := s[:datelineLen(s)]; got != want {
			t.Errorf("datelineLen(%q) cuts %q, want %q", s, got, want)
		}
	}
}

// TestSummaryAfterDateline: the summary and the claims quote a report from
// after its dateline, and the citation points at those bytes.
func TestSummaryAfterDateline(t *testing.T) {
	arts := story(
		[3]string{"a", "Coast Ledger", "PORT ALDERY (Coast Wire) — The harbour bridge closed on Tuesday after inspectors found cracks in two girders.\n" +
			"Traffic was sent over the old ferry road, officials said."},
		[3]string{"b", "Meridian Wire", "PORT ALDERY — Inspectors found cracks in two girders of the harbour bridge, which closed on Tuesday.\n" +
			"The detour adds half an hour to the commute, drivers said."},
	)
	b := Build(arts, DefaultOptions())
	checkCitations(t, arts, b)
	if len(b.Summary) == 0 || len(b.Claims) == 0 {
		t.Fatalf("no summary or claims: %+v", b)
	}
	for _, s := range b.Summary {
		if strings.Contains(s.Text, "PORT ALDERY") || strings.HasPrefix(s.Text, "—") {
			t.Errorf("summary sentence %q keeps its dateline", s.Text)
		}
	}
	for _, c := range b.Claims {
		if strings.Contains(c.Text, "PORT ALDERY") {
			t.Errorf("claim %q keeps its dateline", c.Text)
		}
	}
}

// TestEntityTerms: a person's or organisation's mention adds a name term
// to its sentence's vector (so that name variants across outlets match);
// a people's, faith's or other thing's does not, its words being matched
// as words already.
func TestEntityTerms(t *testing.T) {
	const body = "Americans cheered loudly when Smith arrived in the square."
	terms := func(ms ...storyline.Mention) int {
		a := &storyline.Article{ID: "a", Title: "Crowds", Text: body, Lang: "en", Entities: ms}
		an := Analyze([]*storyline.Article{a}, DefaultOptions())
		if len(an.sents) != 1 {
			t.Fatalf("%d sentences, want 1", len(an.sents))
		}
		return len(an.sents[0].vec)
	}
	americans := storyline.Mention{Span: storyline.Span{Start: 0, End: 9}, Name: "Americans", Type: storyline.OtherEntity}
	smith := storyline.Mention{Span: storyline.Span{Start: 30, End: 35}, Name: "Anna Smith", Type: storyline.Person}
	bare := terms()
	if got := terms(americans); got != bare {
		t.Errorf("a people's mention gave %d terms, want %d (none added)", got, bare)
	}
	// "Smith" writes the surname of Anna Smith: its word is the name.
	if got := terms(smith); got != bare {
		t.Errorf("a mention writing its surname gave %d terms, want %d (none added)", got, bare)
	}
	// Written as someone else's name, the mention adds the surname.
	kowalska := smith
	kowalska.Name = "Anna Kowalska"
	if got := terms(kowalska); got != bare+1 {
		t.Errorf("a mention not writing its surname gave %d terms, want %d", got, bare+1)
	}
}

// TestWrites: a mention writes its name's key when the key's words stand
// in a row among its folded words.
func TestWrites(t *testing.T) {
	cases := []struct {
		mention, key string
		want         bool
	}{
		{"Sergei Lavrov", "lavrov", true},
		{"the European Union", "european union", true},
		{"Sergei", "lavrov", false},
		{"United Kingdom", "uk", false},
		{"Union European", "european union", false},
	}
	for _, c := range cases {
		if got := writes(text.Tokens(c.mention, "en"), c.key); got != c.want {
			t.Errorf("writes(%q, %q) = %v, want %v", c.mention, c.key, got, c.want)
		}
	}
}
