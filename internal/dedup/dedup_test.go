package dedup

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/text"
)

// wire is a made-up wire story, written for these tests.
const wire = `The city council of Eastbridge voted on Tuesday to close the old harbour bridge for repairs after inspectors found deep cracks in two of its steel supports.
The bridge, built in 1931, carries about 40,000 vehicles a day between the port district and the northern suburbs.
Mayor Helen Cardew said the closure would last at least nine months and that a temporary ferry service would start next week.
Engineers warned in March that corrosion had spread faster than expected, and the council set aside 12 million dollars for the work.
Local businesses in the port district said they feared losing customers during the closure and asked for help with parking.
The transport authority will add extra buses on the two remaining river crossings during peak hours.`

// independent is another outlet's own report of the same event.
const independent = `Eastbridge will shut its ageing harbour crossing for most of next year, councillors decided in a vote this week.
Inspectors had discovered cracking in a pair of steel columns holding up the 1931 structure, which some 40,000 cars use daily.
Cardew, the mayor, promised a stopgap ferry from next week and said work could take nine months or more.
Shop owners near the docks are worried about lost trade, while the transport agency plans more buses on the other bridges.`

// twin is the wire story cut from the same template about another town,
// people and bridge: most of its shingles are the wire's, its names are not.
var twin = strings.NewReplacer("Eastbridge", "Marlow Bay", "Helen Cardew", "Tomas Varga", "Tuesday", "Friday",
	"March", "June", "harbour", "canal").Replace(wire)

func art(id, s string) *storyline.Article {
	return &storyline.Article{ID: id, Text: s, Lang: "en", Tokens: text.Tokens(s, "en")}
}

func TestAdd(t *testing.T) {
	lines := strings.Split(wire, "\n")
	tests := []struct {
		name, text, want string
	}{
		{"original", wire, ""},
		{"independent report", independent, ""},
		{"exact copy, other case and spacing", strings.ToUpper(strings.ReplaceAll(wire, " ", "  ")), "a0"},
		{"other headline", "Harbour bridge to close for nine months\n" + wire, "a0"},
		{"trimmed ending", strings.Join(lines[:4], "\n"), "a0"},
		{"trimmed and retitled", "Eastbridge bridge shut\n" + strings.Join(lines[:5], "\n"), "a0"},
		{"lead sentence only: contained in the trimmed copy", strings.Join(lines[:1], "\n"), "a0"},
		{"half the lead sentence", strings.Join(strings.Fields(lines[0])[:12], " "), ""},
		{"same template, other names", twin, ""},
		{"unrelated", "The national orchestra announced a new season of concerts with three premieres by young composers and a tour of five cities.", ""},
		{"empty", "", ""},
	}
	x := New(DefaultOptions())
	for i, tc := range tests {
		got := x.Add(art(fmt.Sprintf("a%d", i), tc.text))
		if got != tc.want {
			t.Errorf("%s: duplicate_of = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEarliestAndIdempotent(t *testing.T) {
	x := New(DefaultOptions())
	x.Add(art("first", wire))
	x.Add(art("second", "Breaking: "+wire))
	wantCopy(t, x, "third", wire+"\nMore to follow.", "first", "third")
	wantCopy(t, x, "second", "anything", "first", "re-adding second")
	if x.Len() != 3 {
		t.Errorf("Len = %d, want 3", x.Len())
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	x := New(DefaultOptions())
	x.Add(art("a", wire))
	x.Add(art("b", independent))
	data, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	y := load(t, data)
	// The names survive the reload: the template twin is still no copy.
	wantCopy(t, y, "t", "Retitled\n"+twin, "", "after reload, template twin")
	wantCopy(t, y, "c", "Retitled\n"+wire, "a", "after reload")
	wantCopy(t, y, "d", independent, "b", "after reload, exact")
	z := reload(t, y)
	if z.Len() != 5 {
		t.Fatalf("second reload: len %d", z.Len())
	}
	if err := z.UnmarshalBinary(data[:len(data)-3]); err == nil {
		t.Error("truncated state accepted")
	}
}

// wantCopy adds an article and checks the copy it is found to be ("":
// none).
func wantCopy(t *testing.T, x *Index, id, text, want, what string) {
	t.Helper()
	if got := x.Add(art(id, text)); got != want {
		t.Errorf("%s: duplicate_of = %q, want %q", what, got, want)
	}
}

// load returns a default index replaced by the saved one.
func load(t *testing.T, data []byte) *Index {
	t.Helper()
	x := New(DefaultOptions())
	if err := x.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	return x
}

// reload returns the index x saves, loaded into a new one.
func reload(t *testing.T, x *Index) *Index {
	t.Helper()
	data, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return load(t, data)
}

// TestLoadVersion1 loads an index saved before names were kept (by the
// code of that version): its articles are still found, by shingles alone.
func TestLoadVersion1(t *testing.T) {
	data, err := os.ReadFile("testdata/state-v1.bin")
	if err != nil {
		t.Fatal(err)
	}
	x := load(t, data)
	if x.Len() != 3 {
		t.Fatalf("Len = %d, want 3", x.Len())
	}
	wantCopy(t, x, "d", "Breaking\n"+wire, "a", "copy of a v1 article")
	// a v1 article has no names to compare: the shingles decide
	wantCopy(t, x, "e", twin, "a", "template twin of a v1 article")
	y := reload(t, x)
	if y.Len() != 5 {
		t.Fatalf("reload as version 2: len %d", y.Len())
	}
	wantCopy(t, y, "f", twin+"\nMore to follow.", "a", "after reload, copy of the twin (a copy of a)")
	// New articles are checked by name.
	z := load(t, data)
	const match = `Riverside United beat Northgate Rovers by two goals to one on Saturday at the Old Mill ground, with Samuel Okafor scoring twice in the second half in front of a crowd of 12,000.
Northgate manager Peter Lindqvist said his side had missed too many chances, while Riverside coach Anna Berg praised her defenders for holding on in the closing minutes.
The win lifts Riverside United to third in the league table, four points behind the leaders with six games left to play.
Both teams started slowly on a heavy pitch after a week of rain, and the first half produced only two shots on target.
The visitors took the lead against the run of play early in the second half when a corner was headed in at the near post.
The home side then pressed high, won the ball back repeatedly in midfield and levelled within ten minutes from a low cross.
The winning goal came from a penalty after a clumsy challenge in the area, and the visitors finished with ten men after a second yellow card.
Ticket sales for the next home game are already above the average for the season, the club said after the match.`
	other := strings.NewReplacer("Riverside", "Castleford", "Northgate", "Millbrook", "Samuel Okafor", "Daniel Reyes",
		"Peter Lindqvist", "Marco Bellini", "Anna Berg", "Ruth Adler", "Old Mill", "Quarry Lane").Replace(match)
	z.Add(art("m", match))
	wantCopy(t, z, "n", other, "", "template twin of a new article")
	wantCopy(t, z, "o", "Match report\n"+other, "n", "copy of a new article")
}

func FuzzUnmarshal(f *testing.F) {
	x := New(DefaultOptions())
	x.Add(art("a", wire))
	x.Add(art("b", independent))
	data, _ := x.MarshalBinary()
	f.Add(data)
	f.Add([]byte("SLDD\x01"))
	if v1, err := os.ReadFile("testdata/state-v1.bin"); err == nil {
		f.Add(v1)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		y := New(DefaultOptions())
		if err := y.UnmarshalBinary(b); err != nil {
			return
		}
		y.Add(art("z", wire)) // a loaded index must work
		if _, err := y.MarshalBinary(); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkDedup(b *testing.B) {
	var arts []*storyline.Article
	for i := 0; i < 200; i++ {
		// distinct texts of realistic length: the wire story with a
		// different numbered paragraph order and an id line
		lines := strings.Split(wire+"\n"+independent, "\n")
		r := i % len(lines)
		s := fmt.Sprintf("Report %d of %d\n", i, i*7) + strings.Join(append(lines[r:], lines[:r]...), "\n")
		arts = append(arts, art(fmt.Sprint(i), s))
	}
	b.ReportAllocs()
	b.ResetTimer()
	x := New(DefaultOptions())
	for i := 0; i < b.N; i++ {
		a := *arts[i%len(arts)]
		a.ID = fmt.Sprint("n", i)
		x.Add(&a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
