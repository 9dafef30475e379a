package analyze

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/hostile"
)

// cutsRune reports whether offset p falls inside a valid multi-byte
// character of text (invalid bytes count as one-byte characters).
func cutsRune(text string, p int) bool {
	for k := 1; k < utf8.UTFMax && p-k >= 0; k++ {
		r, size := utf8.DecodeRuneInString(text[p-k:])
		if r != utf8.RuneError && p-k+size > p {
			return true
		}
	}
	return false
}

// checkSpans fails the test when a finding's span is out of bounds or cuts
// a UTF-8 character.
func checkSpans(t testing.TB, a *storyline.Article) {
	t.Helper()
	var spans []storyline.Span
	for _, m := range a.Entities {
		spans = append(spans, m.Span)
	}
	for _, f := range a.Figures {
		spans = append(spans, f.Span)
		if f.Span.In(len(a.Text)) && a.Slice(f.Span) != f.Text {
			t.Errorf("figure text %q != span %q", f.Text, a.Slice(f.Span))
		}
	}
	for _, q := range a.Quotes {
		spans = append(spans, q.Span)
		if q.SpeakerSpan != (storyline.Span{}) {
			spans = append(spans, q.SpeakerSpan)
		}
	}
	for _, d := range a.Dates {
		spans = append(spans, d.Span)
	}
	for _, s := range spans {
		if !s.In(len(a.Text)) || s.Len() == 0 {
			t.Fatalf("span %v out of bounds or empty (text %d bytes)", s, len(a.Text))
		}
		if cutsRune(a.Text, s.Start) || cutsRune(a.Text, s.End) {
			t.Fatalf("span %v cuts a character", s)
		}
	}
}

var published = time.Date(2022, 1, 28, 12, 0, 0, 0, time.UTC) // a Friday

func analyzed(s string, pub time.Time) *storyline.Article {
	a := &storyline.Article{Text: s, Published: pub, Lang: "en"}
	Analyze(a, DefaultOptions())
	return a
}

func TestFigures(t *testing.T) {
	tests := []figureCase{
		{"Russia has deployed about 100,000 Russian troops near the border.", "100,000 Russian troops", 100000, "troops"},
		{"NATO has put 8,500 troops on standby.", "8,500 troops", 8500, "troops"},
		{"It follows $650 million in military aid.", "$650 million", 650e6, "USD"},
		{"The pipeline cost £8bn to build.", "£8bn", 8e9, "GBP"},
		{"The 1,225km pipeline is long.", "1,225km", 1225, "km"},
		{"A 760-mile pipeline was built.", "760-mile", 760, "miles"},
		{"Only 6% of the border touches it.", "6%", 6, "%"},
		{"Some 14,000 people have died in fighting.", "14,000 people", 14000, "people"},
		{"Inflation rose 2.5 per cent in May.", "2.5 per cent", 2.5, "%"},
		{"They held three rounds of talks.", "three rounds", 3, "rounds"},
		{"About 1.5 million people fled.", "1.5 million people", 1.5e6, "people"},
		// Minus signs, ranges with their unit, "m" before a counted noun,
		// spans of years and ages.
		{"In Europe the index fell -1.3% on Monday.", "-1.3%", -1.3, "%"},
		{"It cools to minus 233 Celsius at night.", "minus 233 Celsius", -233, "C"},
		{"The company plans 300 to 500 hires next year.", "300", 300, "hires"},
		{"Winds of 15-22 miles per hour are expected.", "15-22 miles", 15, "miles"},
		{"Exports reached 12.3m tonnes last year.", "12.3m tonnes", 12.3e6, "tonnes"},
		{"The dispute has lasted 16 years in all.", "16 years", 16, "years"},
		{"Police said a 60 year-old man was hurt.", "60 year-old", 60, "year-old"},
		{"She has worked for four different bosses.", "four different bosses", 4, "bosses"},
		{"The plant bottles eight million bottles a year.", "eight million bottles", 8e6, "bottles"},
	}
	checkFigures(t, tests)
	none := []string{
		"Russia annexed Crimea in 2014.",
		"The talks were held on January 10, 12 and 13.",
		"Updated: January 28, 2022, 6:24 PM",
		"It was the 28th meeting.",
		"Published 0334 GMT, News ID: 319716.",
		"The Nord Stream 2 pipeline is finished.",
		"Page Generated in 0/5278 sec",
		"It bought S-400 systems.",
		"During the call, the two leaders agreed on de-escalation.",
		"Those three men were questioned.",
	}
	for _, in := range none {
		if a := analyzed(in, published); len(a.Figures) != 0 {
			t.Errorf("%q: want no figures, got %+v", in, a.Figures)
		}
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		in   string
		want []string // "text=date"
	}{
		{"Mr Putin spoke to Mr Macron on Friday.", []string{"Friday=2022-01-28"}},
		{"Biden spoke Thursday by telephone.", []string{"Thursday=2022-01-27"}},
		{"The demands were delivered last month.", []string{"last month=2021-12"}},
		{"Russia might invade next month.", []string{"next month=2022-02"}},
		{"Russia annexed Crimea in 2014.", []string{"2014=2014"}},
		{"Talks were held on January 10, 12 and 13.", []string{"January 10=2022-01-10", "12=2022-01-12", "13=2022-01-13"}},
		{"It was signed on 28 January 2022 in Paris.", []string{"28 January 2022=2022-01-28"}},
		{"The reply came on Jan. 26.", []string{"Jan. 26=2022-01-26"}},
		{"Updated: January 28, 2022, 6:24 PM", []string{"January 28, 2022=2022-01-28"}},
		{"The file 2022-01-28 was read.", []string{"2022-01-28=2022-01-28"}},
		{"He arrived yesterday.", []string{"yesterday=2022-01-27"}},
		{"They met in Geneva last week.", []string{"last week=2022-01-21"}},
		{"Regulators ruled in November.", []string{"November=2021-11"}},
		{"We will meet on Monday.", []string{"Monday=2022-01-31"}},
		{"It has 2000 troops.", nil},
		// A year-less date is more likely past than ahead, unless the
		// sentence looks ahead; a forecast weekday is the coming one.
		{"The trial opened on July 20.", []string{"July 20=2021-07-20"}},
		{"The summit will be held on July 20.", []string{"July 20=2022-07-20"}},
		{"A high tide is forecast for Thursday evening.", []string{"Thursday=2022-02-03"}},
		{"The vote was held in June.", []string{"June=2021-06"}},
		// The tense marker nearest the date decides: "will" over the
		// reporting "said", "was" over a later "will".
		{"Putin said Russia will decide on February 3.", []string{"February 3=2022-02-03"}},
		{"The summit, which was held on July 20, will be reviewed.", []string{"July 20=2021-07-20"}},
		{"The talks have been held on 20 July.", []string{"20 July=2021-07-20"}},
		// "of last year", "last year", "next year" after a month or a day.
		{"The vote was held in June of last year.", []string{"June of last year=2021-06"}},
		{"It opens in September next year.", []string{"September next year=2023-09"}},
		{"The deal was signed on 3 June last year.", []string{"3 June last year=2021-06-03"}},
	}
	for _, tc := range tests {
		a := analyzed(tc.in, published)
		checkSpans(t, a)
		var got []string
		for _, d := range a.Dates {
			got = append(got, a.Slice(d.Span)+"="+d.Date)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	// Published on Wednesday 2 April 2025: a past event of October is
	// last October, never six months ahead; a forecast Thursday is the
	// next day; nothing said in the past tense lands after publication.
	april := time.Date(2025, 4, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ in, want string }{
		{"The company said the plant closed on October 5.", "October 5=2024-10-05"},
		{"Officials said it would open on October 5.", "October 5=2024-10-05"},
		{"The plant will open on October 5.", "October 5=2025-10-05"},
		{"The high tide on Thursday evening could flood the quay.", "Thursday=2025-04-03"},
		{"The high tide flooded the quay on Thursday.", "Thursday=2025-03-27"},
		{"The minister met the unions on April 20.", "April 20=2024-04-20"},
		{"The minister meets the unions on April 20.", "April 20=2025-04-20"},
	} {
		a := analyzed(tc.in, april)
		var got []string
		for _, d := range a.Dates {
			got = append(got, a.Slice(d.Span)+"="+d.Date)
		}
		if !slices.Equal(got, []string{tc.want}) {
			t.Errorf("published %s, %q: got %q, want %q", april.Format("2006-01-02"), tc.in, got, tc.want)
		}
	}
	// Without a publication date only explicit dates remain.
	a := analyzed("On Friday, last month, on January 28, 2022 and in 2014.", time.Time{})
	var got []string
	for _, d := range a.Dates {
		got = append(got, d.Date)
	}
	if want := []string{"2022-01-28", "2014"}; !slices.Equal(got, want) {
		t.Errorf("no published date: got %q, want %q", got, want)
	}
	// Other languages: day, month name (a genitive in Polish and Russian)
	// and year, in each one's own order and words.
	for _, tc := range []struct {
		lang, in string
		want     []string
	}{
		{"de", "Das Treffen fand am 28. Januar 2022 in Berlin statt.", []string{"28. Januar 2022=2022-01-28"}},
		{"de", "Die Wahl ist im März 2021 gewesen.", []string{"März 2021=2021-03"}},
		{"fr", "Le sommet s'est tenu le 3 février à Paris.", []string{"3 février=2022-02-03"}},
		{"es", "El acuerdo se firmó el 28 de enero de 2022 en Madrid.", []string{"28 de enero de 2022=2022-01-28"}},
		{"it", "Il vertice si è tenuto il 20 luglio 2021 a Roma.", []string{"20 luglio 2021=2021-07-20"}},
		{"pl", "Wybory odbyły się 13 października 2019 roku.", []string{"13 października 2019=2019-10-13"}},
		{"ru", "Переговоры прошли 28 января в Москве.", []string{"28 января=2022-01-28"}},
		{"tr", "Toplantı 28 Ocak 2022 tarihinde yapıldı.", []string{"28 Ocak 2022=2022-01-28"}},
		{"de", "Er kam mit 28 Mann.", nil},
		{"es", "Tiene 31 de febrero de 2022.", nil},
	} {
		a := &storyline.Article{Text: tc.in, Published: published, Lang: tc.lang}
		Analyze(a, DefaultOptions())
		checkSpans(t, a)
		var got []string
		for _, d := range a.Dates {
			got = append(got, a.Slice(d.Span)+"="+d.Date)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: got %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}

func TestEntities(t *testing.T) {
	in := "Russian Foreign Minister Sergey Lavrov met Nato Secretary-General Jens Stoltenberg in Brussels. " +
		"Mr Lavrov said the talks with NATO were useful. Lavrov's aide agreed. " +
		"US Secretary of State Antony Blinken spoke to intelligence chief Bruno Kahl. " +
		"Nonetheless, the Kremlin and the White House disagreed. Current talks continue."
	a := analyzed(in, published)
	checkSpans(t, a)
	got := map[string]storyline.EntityType{}
	var lavrov []string
	for _, m := range a.Entities {
		got[a.Slice(m.Span)+"="+m.Name] = m.Type
		if m.Name == "Sergey Lavrov" {
			lavrov = append(lavrov, a.Slice(m.Span))
		}
	}
	want := map[string]storyline.EntityType{
		"Sergey Lavrov=Sergey Lavrov": storyline.Person, "Lavrov=Sergey Lavrov": storyline.Person,
		"Nato=NATO": storyline.Organization, "NATO=NATO": storyline.Organization,
		"Jens Stoltenberg=Jens Stoltenberg": storyline.Person, "Brussels=Brussels": storyline.Place,
		"US=United States": storyline.Place, "Antony Blinken=Antony Blinken": storyline.Person,
		"Bruno Kahl=Bruno Kahl": storyline.Person, "Kremlin=Kremlin": storyline.Organization,
		"White House=White House": storyline.Organization,
	}
	for k, typ := range want {
		if got[k] != typ {
			t.Errorf("entity %s: got type %q, want %q", k, got[k], typ)
		}
	}
	if len(lavrov) != 3 {
		t.Errorf("Sergey Lavrov mentions %q, want 3 (full, Mr, possessive)", lavrov)
	}
	for k := range got {
		if strings.HasPrefix(k, "Nonetheless") || strings.HasPrefix(k, "Current") || strings.HasPrefix(k, "Secretary") {
			t.Errorf("non-entity found: %s", k)
		}
	}
}

// TestEntityParticles: a name's particles ("de la", "von der", "bin") stay
// inside it, a sentence-initial particle does not start one, and a
// connector that does not lead to a capitalised word ends the name. Roles
// are no names.
func TestEntityParticles(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // "mention=name"; every person found, in order
	}{
		{"Maria de la Cruz won the vote. De la Cruz thanked her voters.",
			[]string{"Maria de la Cruz=Maria de la Cruz", "Cruz=Maria de la Cruz"}},
		{"The commission head Ursula von der Leyen spoke on Monday, and Mohammed bin Salman listened.",
			[]string{"Ursula von der Leyen=Ursula von der Leyen", "Mohammed bin Salman=Mohammed bin Salman"}},
		{"Police saw Maria Garcia de facto leading the group.",
			[]string{"Maria Garcia=Maria Garcia"}},
		// A chunk that ends in a role names no one; a role before a name
		// is a title.
		// A short abbreviation inside a name is part of the name.
		{"North Korean leader Kim Jong Un said the Fed and the UN were wrong.",
			[]string{"Kim Jong Un=Kim Jong Un"}},
		{"The Hollywood Reporter said on Friday that campaign manager Stephanie Cutter and the Assistant Editor left.",
			[]string{"Stephanie Cutter=Stephanie Cutter"}},
	} {
		a := analyzed(tc.in, published)
		checkSpans(t, a)
		var got []string
		for _, m := range a.Entities {
			if m.Type == storyline.Person {
				got = append(got, a.Slice(m.Span)+"="+m.Name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: persons %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	type q struct {
		text, speaker, cue string
		direct             bool
	}
	tests := []struct {
		in   string
		want []q
	}{
		{`Foreign Minister Sergei Lavrov spoke on radio. “We don’t want a war,” Lavrov said. “But we won’t let our interests be ignored.”`,
			// One quotation broken by its attribution is one quote.
			[]q{{"We don’t want a war,” Lavrov said. “But we won’t let our interests be ignored.", "Sergei Lavrov", "said", true}}},
		{`NATO Secretary-General Jens Stoltenberg spoke. "We are ready to respond to any attack", said Stoltenberg.`,
			[]q{{"We are ready to respond to any attack", "Jens Stoltenberg", "said", true}}},
		{`President Joe Biden said: «We stand with Ukraine today.»`,
			[]q{{"We stand with Ukraine today.", "Joe Biden", "said", true}}},
		{`According to a French official, the Russian leader said "very clearly that he did not want confrontation".`,
			[]q{{"very clearly that he did not want confrontation", "a French official", "according to", true}}},
		{`Russian Foreign Minister Sergey Lavrov said Russia does not want war.`,
			[]q{{"Russia does not want war", "Sergey Lavrov", "said", false}}},
		{`But on Friday, Russian Foreign Minister Sergey Lavrov insisted his country didn’t want war.`,
			[]q{{"his country didn’t want war", "Sergey Lavrov", "insisted", false}}},
		{`President Vladimir Putin met Emmanuel Macron. He said the talks would "continue in the coming weeks with our allies".`,
			// The direct words inside reported speech are not a second quote.
			[]q{{`the talks would "continue in the coming weeks with our allies"`, "Vladimir Putin", "said", false}}},
		{`Foreign Minister Sergei Lavrov spoke on Friday. Russia’s top diplomat said Moscow will not start a war.`,
			[]q{{"Moscow will not start a war", "Sergei Lavrov", "said", false}}},
		{`The talks were described as "serious and respectful" by the French side.`, nil},
		{"Mayor Alice Moreau spoke at length.\n\n“We have waited for this bridge for thirty years.\n\n“Today the long wait finally ends,” Ms Moreau said.",
			[]q{{"We have waited for this bridge for thirty years.", "Alice Moreau", "said", true}, {"Today the long wait finally ends", "Alice Moreau", "said", true}}},
		{`Putin told Macron that the West ignored Russia's concerns, the Kremlin said.`,
			[]q{{"Putin told Macron that the West ignored Russia's concerns", "Kremlin", "said", false}, {"the West ignored Russia's concerns", "Putin", "told", false}}},
		{`“Bread costs more every single month,” said Lena Hoff, who runs a bakery in the old town.`,
			[]q{{"Bread costs more every single month", "Lena Hoff", "said", true}}},
		{`“The council promised help and never delivered,” Brandvik fumed on Tuesday.`,
			[]q{{"The council promised help and never delivered", "Brandvik", "fumed", true}}},
		{`“We will reopen the harbour by spring,” Ms Duarte told reporters, “and the ferries will run again.”`,
			[]q{{"We will reopen the harbour by spring,” Ms Duarte told reporters, “and the ferries will run again.", "Duarte", "told", true}}},
		// A second statement after "adding that" is not the first one's piece.
		{`“The budget is balanced at last,” Hoff said, adding that the town “will not raise taxes again this year.”`,
			[]q{{"The budget is balanced at last", "Hoff", "said", true}, {"will not raise taxes again this year.", "Hoff", "said", true}}},
		// A quotation ending its sentence is not attributed by the next one.
		{`Mayor Ana Duarte called the plan “a waste of money for the whole town.” Oskar Brandvik said nothing.`,
			[]q{{"a waste of money for the whole town.", "Ana Duarte", "", true}}},
		// A new paragraph of narrative breaks the voice of the last speaker.
		{"“We are ready for the storm,” said Lena Hoff.\n\nThe harbour master, Oskar Brandvik, disagreed.\n\n“Nobody in this town is ready for a storm like this one.”",
			[]q{{"We are ready for the storm", "Lena Hoff", "said", true}, {"Nobody in this town is ready for a storm like this one.", "", "", true}}},
		// A quotation over two paragraphs keeps its speaker.
		{"“We are ready for the storm,” said Lena Hoff.\n\n“Every boat in the harbour has been tied down twice.”",
			[]q{{"We are ready for the storm", "Lena Hoff", "said", true}, {"Every boat in the harbour has been tied down twice.", "Lena Hoff", "said", true}}},
		// A short quotation in a sentence about a person is that person's words.
		{`Mayor Ana Duarte called the ferry plan “a costly mistake” on Monday.`,
			[]q{{"a costly mistake", "Ana Duarte", "", true}}},
		// A title of a show is no quote.
		{`Mayor Ana Duarte spoke on Monday on “Morning Harbour Radio” about the ferries.`, nil},
		// Quoted fragments of one sentence are one statement.
		{`Mayor Ana Duarte called the plan “costly” and “a waste of the town’s money.”`,
			[]q{{"costly” and “a waste of the town’s money.", "Ana Duarte", "", true}}},
		// A long description of the speaker between two pieces.
		{`“We are ready,” said Lena Hoff, a spokeswoman for the committee raising funds for the harbour festival. “Every stall is booked.”`,
			[]q{{"We are ready,” said Lena Hoff, a spokeswoman for the committee raising funds for the harbour festival. “Every stall is booked.", "Lena Hoff", "said", true}}},
		// The title of a show beside a speech verb is no quote either.
		{`“The ferries will run,” Ana Duarte said on “Morning Harbour Radio.”`,
			[]q{{"The ferries will run", "Ana Duarte", "said", true}}},
		// One sentence about no one else between two pieces of a quotation.
		{`“Those are small towns,” Hoff said. They lie far from any city. “That is a hard area.”`,
			[]q{{"Those are small towns,” Hoff said. They lie far from any city. “That is a hard area.", "Hoff", "said", true}}},
		// An attribution with "when asked" still joins the pieces.
		{`“Nobody gets it perfect,” Hoff said when she visited the harbour. “We keep trying.”`,
			[]q{{"Nobody gets it perfect,” Hoff said when she visited the harbour. “We keep trying.", "Hoff", "said", true}}},
		// A subject set off from its verb by commas.
		{`Ana Duarte, at a town meeting in Lindport, Westshire, said the ferries “will run again in May.”`,
			[]q{{"the ferries “will run again in May.”", "Ana Duarte", "said", false}}},
		{`Oskar Brandvik, a pilot who works with the harbour board, said the channel was too shallow.`,
			[]q{{"the channel was too shallow", "Oskar Brandvik", "said", false}}},
		// A second statement joined after a comma ends the first clause.
		{`Mayor Ana Duarte said the ferries would run on Monday, and Oskar Brandvik warned that the channel was too shallow.`,
			[]q{{"the ferries would run on Monday", "Ana Duarte", "said", false}, {"the channel was too shallow", "Oskar Brandvik", "warned", false}}},
		// The name before a description, after the quotation.
		{`“The ferries will not run this winter,” Oskar Brandvik, the head of the harbour board, told reporters.`,
			[]q{{"The ferries will not run this winter", "Oskar Brandvik", "told", true}}},
		// A capitalised cue, and an outlet that printed the quotation.
		{`“The ferries will not run this winter,” the Harbour Gazette reported.`,
			[]q{{"The ferries will not run this winter", "Harbour Gazette", "reported", true}}},
		// A short sentence introducing the quotation after it.
		{"Harbour master Oskar Brandvik agreed. “The channel is far too shallow for the new ferries.”",
			[]q{{"The channel is far too shallow for the new ferries.", "Oskar Brandvik", "", true}}},
		// A pronoun with no one named before it still attributes the pieces.
		{`“Winning is not what matters,” she said. “How we win and lose is what matters.”`,
			[]q{{"Winning is not what matters,” she said. “How we win and lose is what matters.", "", "said", true}}},
		// A cue in a relative clause about the speaker does not split the pieces.
		{`“The ferries are late,” said Captain Oskar Brandvik, who said he would not sail. “The channel is too shallow.”`,
			[]q{{"The ferries are late,” said Captain Oskar Brandvik, who said he would not sail. “The channel is too shallow.", "Oskar Brandvik", "said", true}}},
		// Attribute values of a tag left in the text, and bare numbers, are no quotes.
		{`<tweet tweet-author="the whole harbour is waiting for the ferries">Mayor Ana Duarte is “99.9” percent sure.`, nil},
		// A phrasal cue: the particle and the person addressed are not the statement.
		{`Mayor Ana Duarte pointed out to Oskar Brandvik the cost of the new bridge.`,
			[]q{{"the cost of the new bridge", "Ana Duarte", "pointed", false}}},
		// "According to <description>, <name>, …": the name is the source.
		{`According to the head of the port authority, Oskar Brandvik, the ferries will run again in May.`,
			[]q{{"the ferries will run again in May", "Oskar Brandvik", "according to", false}}},
		// No speech verb: the person the sentence is about.
		{`Mayor Ana Duarte called the ruling “a huge win for every family in town.”`,
			[]q{{"a huge win for every family in town.", "Ana Duarte", "", true}}},
		// A cue right after a quotation attributes it, not the next one to
		// a name inside it; the pieces are one quote.
		{`Mayor Ana Duarte spoke. "Oskar Brandvik says the ferries are late," said Sen. Lena Hoff, R-S.C. "I know that. But they will run."`,
			[]q{{`Oskar Brandvik says the ferries are late," said Sen. Lena Hoff, R-S.C. "I know that. But they will run.`, "Lena Hoff", "said", true}}},
		// A long description of the speaker, and a participle clause in the
		// attribution's sentence, still join the pieces when the next piece
		// opens a sentence.
		{`“We are ready,” said Lena Hoff, the harbour master of the old port who has run the ferries since the war ended and who will retire at the end of the coming summer season. “Every boat is tied down.”`,
			[]q{{"We are ready,” said Lena Hoff, the harbour master of the old port who has run the ferries since the war ended and who will retire at the end of the coming summer season. “Every boat is tied down.", "Lena Hoff", "said", true}}},
		// A speech verb's participle starts a statement of its own.
		{`“We are ready,” Hoff said, explaining that the town “has waited for this bridge for years.”`,
			[]q{{"We are ready", "Hoff", "said", true}, {"has waited for this bridge for years.", "Hoff", "said", true}}},
		// So does a cue in a relative clause that goes on into the next
		// quotation.
		{`“The ferries are late,” said Captain Oskar Brandvik, who said there were “too many storms this winter.”`,
			[]q{{"The ferries are late", "Oskar Brandvik", "said", true}, {"too many storms this winter.", "Oskar Brandvik", "said", true}}},
		// What follows the cue of a direct quote's attribution is its
		// circumstance, not a statement.
		{`“The ferries will run,” Ana Duarte said happily on the radio as the results came in.`,
			[]q{{"The ferries will run", "Ana Duarte", "said", true}}},
		// A speech verb followed by an object is no attribution of the
		// clause before it.
		{`In her book about the harbour, Ana Duarte noted the ferry's age.`,
			[]q{{"the ferry's age", "Ana Duarte", "noted", false}}},
		{`In a speech in 1963, Ana Duarte declared:`, nil},
		{`When reached by reporters, Ana Duarte had little to say.`, nil},
		// The source named after the cue starts right after it.
		{`Among the voters of the old town, about two-thirds, say they will vote for Ana Duarte.`, nil},
		{`The ferries will run again in May, said harbour master Oskar Brandvik.`,
			[]q{{"The ferries will run again in May", "Oskar Brandvik", "said", false}}},
		// A sentence of only a speaker and a cue attributes the quotation
		// before it, and so does "according to" after it.
		{`“The ferries will run again in May.” Brandvik said.`,
			[]q{{"The ferries will run again in May.", "Brandvik", "said", true}}},
		{`“The ferries will run again in May.” Brandvik said nothing more about it on Friday.`,
			[]q{{"The ferries will run again in May.", "", "", true}}},
		{`“The ferries will run again in May,” according to the harbour board.`,
			[]q{{"The ferries will run again in May", "the harbour board", "according to", true}}},
		// A speech verb after a possessive is a noun, and a clause opening
		// with a verb is a relative clause's.
		{`These days, Mayor Duarte's remarks can be plodding.`, nil},
		{`Everything Oskar Brandvik says is a lie unless proven otherwise.`, nil},
		{`Asked about it, Oskar Brandvik said that was a natural part of the job.`,
			[]q{{"that was a natural part of the job", "Oskar Brandvik", "said", false}}},
	}
	for _, tc := range tests {
		a := analyzed(tc.in, published)
		checkSpans(t, a)
		var got []q
		for _, x := range a.Quotes {
			got = append(got, q{a.Slice(x.Span), x.Speaker, x.Cue, x.Direct})
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

// TestQuotesNotHeadline: the headline repeats a statement of the body in
// other words; it is no quote of its own.
func TestQuotesNotHeadline(t *testing.T) {
	a := &storyline.Article{Title: "Harbour to reopen in spring, mayor says", Lang: "en", Published: published,
		Text: "Harbour to reopen in spring, mayor says\n\nMayor Ana Duarte said the harbour would reopen in spring."}
	Analyze(a, DefaultOptions())
	checkSpans(t, a)
	if len(a.Quotes) != 1 || a.Slice(a.Quotes[0].Span) != "the harbour would reopen in spring" {
		for _, q := range a.Quotes {
			t.Errorf("quote %q (%s)", a.Slice(q.Span), q.Speaker)
		}
		t.Fatalf("want only the body's statement, got %d quotes", len(a.Quotes))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		`“We don’t want a war,” Lavrov said on Friday. "x`, "Mr Putin told Mr Macron that 100,000 troops cost $650 million.",
		"January 10, 12 and 13, 2022-01-28, last month", "«»\"\"“”", "U.S. 1,225km (760-mile) 6% £8bn",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer hostile.Within(t, len(s))()
		for _, pub := range []time.Time{{}, published} {
			a := &storyline.Article{Text: s, Published: pub}
			Analyze(a, DefaultOptions())
			checkSpans(t, a)
		}
	})
}

// TestEntityRules: the typing rules for names no list holds.
func TestEntityRules(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]storyline.EntityType // name -> type; "" must be absent
	}{
		{"The second goal came when Dries Mertens crossed from the left.", map[string]storyline.EntityType{"Dries Mertens": storyline.Person}},
		{"The team met in Evanston, Illinois, last year.", map[string]storyline.EntityType{"Evanston": storyline.Place, "Illinois": storyline.Place}},
		{"It went to the Evergreen Aviation & Space Museum in 2012.", map[string]storyline.EntityType{"Evergreen Aviation & Space Museum": storyline.Place}},
		{"The orbiter stays at the National Air and Space Museum near the airport.", map[string]storyline.EntityType{"National Air and Space Museum": storyline.Place}},
		{"The talks between Britain and France ended.", map[string]storyline.EntityType{"United Kingdom": storyline.Place, "France": storyline.Place}},
		{"A portrait of Queen Victoria was sold.", map[string]storyline.EntityType{"Victoria": storyline.Person}},
		{"Visitors crowded the Grand Mosque at dawn.", map[string]storyline.EntityType{"Grand Mosque": storyline.Place}},
		{"Rolling Stone Magazine praised the album.", map[string]storyline.EntityType{"Rolling Stone Magazine": storyline.Organization}},
		// An organisation named after a place is no place.
		{"The story ran in the Toronto Star on Monday.", map[string]storyline.EntityType{"Toronto Star": storyline.Organization, "Toronto": ""}},
		{"She studied at the Massachusetts Institute of Technology for years.", map[string]storyline.EntityType{"Massachusetts Institute of Technology": storyline.Organization, "Massachusetts": ""}},
		{"He flew from Toronto to Paris.", map[string]storyline.EntityType{"Toronto": storyline.Place, "Paris": storyline.Place}},
		{"An editor at the Saudi Gazette said so.", map[string]storyline.EntityType{"Saudi Gazette": storyline.Organization}},
		{"Requests came from the Municipality of Lindport last week.", map[string]storyline.EntityType{"Municipality of Lindport": storyline.Organization}},
		// Capitals that name no organisation: a rank, a numeral, a word.
		{"The prosecutor, Mark Tedeschi QC, spoke to the MP about Pope Pius XVII and the ICI tax.", map[string]storyline.EntityType{"QC": "", "MP": "", "XVII": "", "ICI": storyline.Organization}},
		{"Come UNLESS you are ill, unless the ferry is late.", map[string]storyline.EntityType{"UNLESS": ""}},
		// Peoples and faiths are other named things; a language is a name
		// after "in" or "speak", a demonym before a noun.
		{"About 9,000 Greeks and many Muslims marked the Hajj.", map[string]storyline.EntityType{"Greeks": storyline.OtherEntity, "Muslims": storyline.OtherEntity, "Hajj": storyline.OtherEntity}},
		{"The form must be filled in English, or the claim fails.", map[string]storyline.EntityType{"English": storyline.OtherEntity}},
		{"The English captain scored in English weather.", map[string]storyline.EntityType{"English": ""}},
		// A first name of any country makes a pair a person, even when the
		// surname is a place.
		{"Later Valeska Paris left the ship with Farouk Ben Mustapha.", map[string]storyline.EntityType{"Valeska Paris": storyline.Person, "Paris": "", "Farouk Ben Mustapha": storyline.Person}},
		// A word the text keeps capitalising mid-sentence is a name; once
		// is not enough.
		{"He joined Zorbex in May. Critics of Zorbex spoke. Nobody left Zorbex since.", map[string]storyline.EntityType{"Zorbex": storyline.Organization}},
		{"It went to the Charter office.", map[string]storyline.EntityType{"Charter": ""}},
		// Places that play a match are sides, in every mention.
		{"Sweden defeated Norway 1 – 0 on Monday. Sweden 1 – 0 Norway. Fans in Norway wept.", map[string]storyline.EntityType{"Sweden": storyline.Place, "Norway": storyline.Place}},
		{"Barcelona defeated Liverpool 2 – 1 on Monday. Fans in Liverpool wept.", map[string]storyline.EntityType{"Barcelona": storyline.Organization, "Liverpool": storyline.Organization}},
		{"Sweden sent 1 – 2 ships to Norway in 2014-15.", map[string]storyline.EntityType{"Sweden": storyline.Place, "Norway": storyline.Place}},
		// A lone name that a title made a person stays one.
		{"President Zorba spoke. Critics of Zorba left. Aides to Zorba and friends of Zorba met.", map[string]storyline.EntityType{"Zorba": storyline.Person}},
		// A nationality after a first name is a surname.
		{"The owner, Mark Cuban, sold. Many Cuban voters stayed.", map[string]storyline.EntityType{"Mark Cuban": storyline.Person, "Cuban": ""}},
		// Outlets, sects and sites by their heads.
		{"He wrote to the Globe and Mail about the Sea Org near Masjid al Haram.", map[string]storyline.EntityType{"Globe and Mail": storyline.Organization, "Sea Org": storyline.Organization, "Masjid al Haram": storyline.Place}},
		// A role before a name makes a person; a role's word as a surname
		// stays a name.
		{"The goal came from striker Zed Obolo, and Adam Driver watched.", map[string]storyline.EntityType{"Zed Obolo": storyline.Person, "Adam Driver": storyline.Person}},
		// Capitals and cities of every continent.
		{"Flights from Tashkent and Ouagadougou resumed.", map[string]storyline.EntityType{"Tashkent": storyline.Place, "Ouagadougou": storyline.Place}},
		// A chunk ending in a role's acronym names no one; a first name
		// before ", Place" is a person; a corps is a body.
		{"The Green Party MP left. Later Maria Ortega, Panama coach, joined the Peace Corps of Lindport.", map[string]storyline.EntityType{"Green Party MP": "", "Maria Ortega": storyline.Person, "Peace Corps of Lindport": storyline.Organization}},
		// A lone name a speech verb made a person is one in its other
		// mentions too.
		{"Zorba said no. Critics of Zorba left. Aides to Zorba and friends of Zorba met.", map[string]storyline.EntityType{"Zorba": storyline.Person}},
		// Web sites: a name's is its business, an address a thing; an
		// e-mail address is none.
		{"Traffic to Zorbex.com rose, www.zorbex.co.nz said; write to ann@zorbex.org.", map[string]storyline.EntityType{"Zorbex.com": storyline.Organization, "www.zorbex.co.nz": storyline.OtherEntity, "zorbex.org": "", "Zorbex": ""}},
		// A one-letter label before a domain's ending is an abbreviation.
		{"Guests came from many towns, m.in. from Lindport.", map[string]storyline.EntityType{"m.in": ""}},
		// A person right after an organisation whose role was dropped.
		{"The head of the Lindport Council Maria Ortega spoke.", map[string]storyline.EntityType{"Lindport Council": storyline.Organization, "Maria Ortega": storyline.Person}},
		// A currency's prefix is no place; a team named after a country is
		// a side.
		{"Bail was set at US$ 20,000. Team Norway arrived.", map[string]storyline.EntityType{"United States": "", "Team Norway": storyline.Organization, "Norway": ""}},
		// A sentence run into the last line's name.
		{"Ann Chiang of DAB In the Kowloon West seat, James To won.", map[string]storyline.EntityType{"DAB In": "", "James To": storyline.Person}},
	}
	for _, tc := range tests {
		a := analyzed(tc.in, published)
		checkSpans(t, a)
		got := map[string]storyline.EntityType{}
		for _, m := range a.Entities {
			got[m.Name] = m.Type
		}
		for name, typ := range tc.want {
			if g, ok := got[name]; typ == "" && ok || typ != "" && g != typ {
				t.Errorf("%q: %q typed %q, want %q (all: %v)", tc.in, name, g, typ, got)
			}
		}
	}
}

// TestPersonLikeGerman: German writes every noun with a capital, so two
// capitalised words are no person's name there.
func TestPersonLikeGerman(t *testing.T) {
	a := &storyline.Article{Text: "Die Regierung sagte, dass Bundeswehr Soldaten helfen.", Lang: "de"}
	Analyze(a, DefaultOptions())
	for _, m := range a.Entities {
		if m.Type == storyline.Person {
			t.Errorf("German %q typed person", m.Name)
		}
	}
}

// TestLoneNameGerman: a noun German writes with a capital, however often it
// stands alone, is no name, nor a first name with the capitalised words
// after it a person's, while the same rules make names in English.
func TestLoneNameGerman(t *testing.T) {
	tests := []struct {
		lang, in string
		want     storyline.EntityType // of the mention holding "Zorbex"; "" must be absent
	}{
		{"de", "Die Stadt baut ein Zorbex. Das alte Zorbex steht leer, das neue Zorbex kostet viel.", ""},
		{"en", "He joined Zorbex in May. Critics of Zorbex spoke. Nobody left Zorbex since.", storyline.Organization},
		{"de", "Im Mai erschien der neue Roman Zorbex Verlag in kleiner Auflage.", storyline.OtherEntity},
		{"en", "In May the writer Roman Zorbex left the firm.", storyline.Person},
	}
	for _, tc := range tests {
		a := &storyline.Article{Text: tc.in, Lang: tc.lang}
		Analyze(a, DefaultOptions())
		var got storyline.EntityType
		for _, m := range a.Entities {
			if strings.Contains(m.Name, "Zorbex") {
				got = m.Type
			}
		}
		if got != tc.want {
			t.Errorf("%s %q: Zorbex typed %q, want %q (all: %v)", tc.lang, tc.in, got, tc.want, a.Entities)
		}
	}
}

// TestForeignTitles: a title of another language before a name is no part
// of the person's name. Texts written for this test.
func TestForeignTitles(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "Bundeskanzlerin Angela Merkel warnte am Montag vor einer neuen Welle.", "Angela Merkel"},
		{"fr", "Le président Emmanuel Macron a appelé au calme lundi.", "Emmanuel Macron"},
		{"es", "La ministra Carmen Calvo habló el lunes en Madrid.", "Carmen Calvo"},
		{"pl", "Prezydent Andrzej Duda spotkał się w poniedziałek z premierem.", "Andrzej Duda"},
		{"ru", "Президент Владимир Путин в понедельник призвал к спокойствию.", "Владимир Путин"},
		{"tr", "Cumhurbaşkanı Recep Tayyip Erdoğan pazartesi günü konuştu.", "Recep Tayyip Erdoğan"},
	} {
		a := &storyline.Article{Text: tc.in, Published: published, Lang: tc.lang}
		Analyze(a, DefaultOptions())
		checkSpans(t, a)
		var people []string
		for _, e := range a.Entities {
			if e.Type == storyline.Person {
				people = append(people, e.Name)
			}
		}
		if !slices.Contains(people, tc.want) {
			t.Errorf("%s %q: people %q, want %q", tc.lang, tc.in, people, tc.want)
		}
	}
}
