package cluster_test

import (
	"math"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

func loadSets(t testing.TB, names ...string) []*devset.Set {
	t.Helper()
	shared := sharedtest.Dir(t)
	var sets []*devset.Set
	for _, n := range names {
		s, err := devset.Load(shared, n)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, s)
	}
	return sets
}

// TestDevSets guards the B-cubed F1 of the learned model on the shared
// development sets, with the minimal analysis of devset (the figures with
// the real cleaner and analyzer come from ./internal/tools/trainclusters -eval; the
// minimal analysis finds no persons or places, so it scores lower).
// basil-dev always runs; the two larger sets only with
// STORYLINE_FULL_EVAL=1, to keep `go test -race ./...` fast.
func TestDevSets(t *testing.T) {
	names := []string{"basil-dev"}
	if os.Getenv("STORYLINE_FULL_EVAL") != "" && !testing.Short() {
		names = devset.Sets
	}
	floor := map[string]float64{"basil-dev": 0.95, "multinews-val": 0.82, "ecbplus-dev": 0.84}
	for _, s := range loadSets(t, names...) {
		sc := devset.BCubed(s.Gold, devset.Run(s.Articles, dedup.DefaultOptions(), cluster.DefaultOptions()))
		t.Logf("%-14s P %.4f R %.4f F1 %.4f stories %d", s.Name, sc.P, sc.R, sc.F1, sc.Stories)
		if sc.F1 < floor[s.Name] {
			t.Errorf("%s: B-cubed F1 %.4f under %.2f", s.Name, sc.F1, floor[s.Name])
		}
	}
}

// TestIncremental checks the incremental property of Add: clustering in
// two batches, with the state saved and restored in between, gives exactly
// the stories of one batch. (Settle, which a pipeline runs at the end of
// each run, is left out here: see TestSettle.)
func TestIncremental(t *testing.T) {
	arts := loadSets(t, "basil-dev")[0].Articles
	opts := cluster.DefaultOptions()
	opts.Model.Settle = 0
	one := devset.Run(arts, dedup.DefaultOptions(), opts)

	half := len(arts) / 2
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	two := map[string]string{}
	for i, a := range arts {
		if i == half {
			x, c = reloadBoth(t, x, c, opts)
		}
		a.DuplicateOf = x.Add(a)
		two[a.ID] = c.Add(a)
	}
	for _, a := range arts {
		if one[a.ID] != two[a.ID] {
			t.Fatalf("article %s: one batch %s, two batches %s", a.ID, one[a.ID], two[a.ID])
		}
	}
}

// reloadBoth saves a dedup index and a clusterer and returns them loaded
// afresh.
func reloadBoth(t *testing.T, x *dedup.Index, c *cluster.Clusterer, opts cluster.Options) (*dedup.Index, *cluster.Clusterer) {
	t.Helper()
	xb, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("state: dedup %d bytes, cluster %d bytes", len(xb), len(cb))
	x, c = dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	if err := x.UnmarshalBinary(xb); err != nil {
		t.Fatal(err)
	}
	if err := c.UnmarshalBinary(cb); err != nil {
		t.Fatal(err)
	}
	return x, c
}

// TestSettle runs a development set in two halves, settling at the end of
// the first as a pipeline run does. Only articles alone in their story
// move, each into a story that then holds it and more; the story it left
// is gone; the state saved after the moves loads into a clusterer that
// treats the second half exactly as the one that made them; and settling
// the whole set does not lower its B-cubed F1.
func TestSettle(t *testing.T) {
	if testing.Short() {
		t.Skip("dev set")
	}
	s := loadSets(t, "multinews-val")[0]
	opts := cluster.DefaultOptions()
	half := len(s.Articles) / 2
	x, c := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	size := map[string]int{}
	var alone []string
	for _, a := range s.Articles[:half] {
		a.DuplicateOf = x.Add(a)
		size[c.Add(a)]++
		if a.DuplicateOf == "" {
			alone = append(alone, a.ID)
		}
	}
	before := c.Stories()
	moves := c.Settle(alone)
	if len(moves) == 0 {
		t.Fatal("no article moved")
	}
	if c.Stories() != before-len(moves) {
		t.Errorf("%d stories after %d moves, want %d", c.Stories(), len(moves), before-len(moves))
	}
	for _, m := range moves {
		if size[m.From] != 1 {
			t.Errorf("%s moved out of a story of %d articles", m.Article, size[m.From])
		}
		if got := c.StoryOf(m.Article); got != m.To || m.To == m.From {
			t.Errorf("%s: in story %s after moving from %s to %s", m.Article, got, m.From, m.To)
		}
		size[m.From]--
		size[m.To]++
	}
	for _, a := range s.Articles[:half] {
		if id := c.StoryOf(a.ID); size[id] < 1 {
			t.Errorf("%s: in story %s, which is gone", a.ID, id)
		}
	}
	moved := map[string]bool{}
	for _, m := range moves {
		moved[m.Article] = true
	}
	for _, m := range c.Settle(alone) {
		if moved[m.Article] {
			t.Errorf("%s moved twice: it is no longer alone", m.Article)
		}
	}

	x2, c2 := reloadBoth(t, x, c, opts)
	for _, a := range s.Articles[half:] {
		a.DuplicateOf = x.Add(a)
		if dup := x2.Add(a); dup != a.DuplicateOf {
			t.Fatalf("%s: copy of %q, after reloading %q", a.ID, a.DuplicateOf, dup)
		}
		if got, want := c2.Add(a), c.Add(a); got != want {
			t.Fatalf("%s: story %s after reloading, %s before", a.ID, got, want)
		}
	}

	off := opts
	off.Model.Settle = 0
	base := devset.BCubed(s.Gold, devset.Run(s.Articles, dedup.DefaultOptions(), off))
	settled := devset.BCubed(s.Gold, devset.Run(s.Articles, dedup.DefaultOptions(), opts))
	t.Logf("B-cubed F1 %.4f, settled %.4f (%d and %d stories)", base.F1, settled.F1, base.Stories, settled.Stories)
	if settled.F1 < base.F1 || settled.Stories >= base.Stories {
		t.Errorf("settling: F1 %.4f → %.4f, stories %d → %d", base.F1, settled.F1, base.Stories, settled.Stories)
	}
}

// TestDeterministic runs the same input twice.
func TestDeterministic(t *testing.T) {
	arts := loadSets(t, "basil-dev")[0].Articles
	a := devset.Run(arts, dedup.DefaultOptions(), cluster.DefaultOptions())
	b := devset.Run(arts, dedup.DefaultOptions(), cluster.DefaultOptions())
	for id, s := range a {
		if b[id] != s {
			t.Fatalf("%s: %s then %s", id, s, b[id])
		}
	}
}

// withBackground is a clusterer that holds a few unrelated reports in a
// language, one a day from the 20th, so that words have document
// frequencies.
func withBackground(lang string, texts ...string) *cluster.Clusterer {
	c := cluster.New(cluster.DefaultOptions())
	for i, s := range texts {
		c.Add(mk(string(rune('p'+i)), lang, s, 20+i))
	}
	return c
}

func mk(id, lang, s string, day int) *storyline.Article {
	a := &storyline.Article{ID: id, Lang: lang, Text: s, Sentences: text.Sentences(s), Tokens: text.Tokens(s, lang)}
	if day > 0 {
		a.Published = time.Date(2022, 1, day, 0, 0, 0, 0, time.UTC)
	}
	return a
}

// Texts written for this test: one event told in English and in Russian,
// and an unrelated event.
func TestCrossLanguageNames(t *testing.T) {
	c := withBackground("en",
		"The national orchestra announced a new season with three premieres by young composers and a tour of five cities.",
		"Farmers in the southern valley expect a record harvest of apples after a mild spring and a dry summer.",
		"The central bank kept interest rates unchanged and said inflation would ease by the end of the year.",
		"A new museum of modern design opened its doors in the old railway station, with free entry for a month.",
		"Scientists reported that the glacier lost more ice this summer than in any year since records began.")
	s1 := c.Add(mk("en1", "en", "President Vladimir Putin told Emmanuel Macron by phone that NATO had ignored Russia's concerns. Putin and Macron agreed to keep talking. Lavrov said Moscow wanted no war with Ukraine.", 28))
	s2 := c.Add(mk("ru1", "ru", "Владимир Путин в телефонном разговоре с Эммануэлем Макроном заявил, что НАТО проигнорировало озабоченности России. Путин и Макрон договорились продолжить контакты. Лавров заявил, что Москва не хочет войны с Украиной.", 28))
	s3 := c.Add(mk("en2", "en", "The city council of Eastbridge voted to close the harbour bridge for repairs after inspectors found cracks in its steel supports.", 28))
	if s1 != s2 {
		t.Errorf("Russian report opened story %s, want %s", s2, s1)
	}
	if s3 == s1 {
		t.Errorf("unrelated report joined %s", s1)
	}
	if got := c.Add(mk("ru1", "ru", "anything", 1)); got != s2 {
		t.Errorf("re-adding an id moved it to %s", got)
	}
	d := mk("dup", "en", "copy", 29)
	d.DuplicateOf = "en2"
	if got := c.Add(d); got != s3 {
		t.Errorf("duplicate joined %s, want the story of its original %s", got, s3)
	}
	if c.Len() != 9 || c.Stories() != 7 {
		t.Errorf("Len %d Stories %d, want 9 and 7", c.Len(), c.Stories())
	}
}

func FuzzUnmarshal(f *testing.F) {
	c := cluster.New(cluster.DefaultOptions())
	c.Add(mk("a", "en", "Putin told Macron that NATO ignored Russia's concerns about 100,000 troops.", 28))
	c.Add(mk("b", "en", "Macron and Putin spoke by phone about 100,000 troops near Ukraine.", 0))
	data, _ := c.MarshalBinary()
	f.Add(data)
	f.Add([]byte("SLCL\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c := cluster.New(cluster.DefaultOptions())
		if err := c.UnmarshalBinary(b); err != nil {
			return
		}
		c.Add(mk("z", "en", "Putin and Macron spoke again about 100,000 troops.", 29))
		if _, err := c.MarshalBinary(); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkCluster measures Add per article over the three development
// sets mixed (dedup excluded; see internal/dedup's BenchmarkDedup).
func BenchmarkCluster(b *testing.B) {
	arts := devset.Merge(loadSets(b, devset.Sets...)...).Articles
	b.ReportAllocs()
	b.ResetTimer()
	var c *cluster.Clusterer
	for i := 0; i < b.N; i++ {
		if i%len(arts) == 0 {
			c = cluster.New(cluster.DefaultOptions())
		}
		c.Add(arts[i%len(arts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkScale runs dedup and clustering over a scale corpus built by
// ./internal/tools/scalecorpus (STORYLINE_SCALE=/tmp/scale-10k.jsonl), once, and
// reports articles/s and the heap in use after the run.
func BenchmarkScale(b *testing.B) {
	path := os.Getenv("STORYLINE_SCALE")
	if path == "" {
		b.Skip("set STORYLINE_SCALE to a corpus of ./internal/tools/scalecorpus")
	}
	set, err := devset.LoadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var x *dedup.Index
	var c *cluster.Clusterer
	for i := 0; i < b.N; i++ {
		x, c = dedup.New(dedup.DefaultOptions()), cluster.New(cluster.DefaultOptions())
		for _, a := range set.Articles {
			a.DuplicateOf = x.Add(a)
			c.Add(a)
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	xb, _ := x.MarshalBinary()
	cb, _ := c.MarshalBinary()
	b.ReportMetric(float64(b.N*len(set.Articles))/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "indexHeapMB")
	b.ReportMetric(float64(len(xb))/(1<<20), "dedupStateMB")
	b.ReportMetric(float64(len(cb))/(1<<20), "clusterStateMB")
	b.ReportMetric(float64(c.Stories()), "stories")
}

// TestLoadStateV1 loads a state written by the version 1 format (before
// lead persons and places were kept; testdata/state-v1.bin, three articles
// we wrote: two reports of a tram opening and a harvest festival): its
// stories are kept and new articles still join them.
func TestLoadStateV1(t *testing.T) {
	b, err := os.ReadFile("testdata/state-v1.bin")
	if err != nil {
		t.Fatal(err)
	}
	c := cluster.New(cluster.DefaultOptions())
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 3 || c.Stories() != 2 {
		t.Fatalf("Len %d Stories %d, want 3 and 2", c.Len(), c.Stories())
	}
	tram := c.StoryOf("v1-a")
	if tram == "" || c.StoryOf("v1-b") != tram || c.StoryOf("v1-c") == tram {
		t.Fatalf("stories of the saved articles: %q %q %q", tram, c.StoryOf("v1-b"), c.StoryOf("v1-c"))
	}
	if got := c.Add(mk("v2-d", "en", "Riders praised the Eastbridge tram line that Mayor Alma Ruiz opened on Monday; all 12 stops were busy.", 4)); got != tram {
		t.Errorf("a third tram report opened %s, want %s", got, tram)
	}
	again, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d := cluster.New(cluster.DefaultOptions())
	if err := d.UnmarshalBinary(again); err != nil {
		t.Fatalf("reloading as version 2: %v", err)
	}
	if d.StoryOf("v2-d") != tram {
		t.Errorf("after a version 2 round trip v2-d is in %q", d.StoryOf("v2-d"))
	}
}

// TestSettleLonePair: Settle pairs two lone articles only when their
// terms' cosine reaches SettlePairCosine and, when both are short, when it
// stands out from the other candidates by SettlePairLift and (with
// SettlePairLeads) each holds a name of the other's lead; it moves a lone
// article into a story of several articles whatever these. The model is
// set to join nothing on arrival and to settle on any probability, so that
// the gates alone decide. Texts written for this test.
func TestSettleLonePair(t *testing.T) {
	lone := "The harbour bridge of Eastbridge closed for repairs after inspectors found cracks in its steel."
	other := "Eastbridge council debated the school budget and a new ferry for the harbour."
	// The same kind of event in another town: no lead name in common.
	elsewhere := "The harbour bridge of Westmoor closed for repairs after inspectors found cracks in its steel."
	for _, c := range []struct {
		name        string
		cosine      float64
		lift        float64
		shortTokens int32
		noLeads     bool // SettlePairLeads off
		elsewhere   bool // the second article is elsewhere, not other
		twoFirst    bool // the first story holds two articles
		together    bool
	}{
		{"no gate", 0, 0, 300, true, false, false, true},
		{"cosine shuts a pair of lone articles", 0.99, 0, 300, false, false, false, false},
		{"cosine leaves a story of two alone", 0.99, 0, 300, false, false, true, true},
		{"lift shuts a pair of short articles", 0, 0.99, 300, false, false, false, false},
		{"lift leaves long articles alone", 0, 0.99, 5, false, false, false, true},
		{"lift leaves a story of two alone", 0, 0.99, 300, false, false, true, true},
		{"leads let a pair naming one town meet", 0, 0, 300, false, false, false, true},
		{"leads shut a pair of short articles naming two towns", 0, 0, 300, false, true, false, false},
		{"without the leads gate the two towns meet", 0, 0, 300, true, true, false, true},
		{"leads leave long articles alone", 0, 0, 5, false, true, false, true},
		{"leads leave a story of two alone", 0, 0, 300, false, true, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := cluster.DefaultOptions()
			opts.Model.Threshold = 2 // no join on arrival
			opts.Model.Settle = 1e-12
			opts.SettlePairCosine, opts.SettlePairLift, opts.ShortTokens = c.cosine, c.lift, c.shortTokens
			opts.SettlePairLeads = !c.noLeads
			cl := cluster.New(opts)
			first := cl.Assign(mk("a", "en", lone, 0), "")
			if c.twoFirst {
				cl.Assign(mk("a2", "en", lone+" Traffic was diverted.", 0), first)
			}
			second := other
			if c.elsewhere {
				second = elsewhere
			}
			cl.Add(mk("b", "en", second, 0))
			cl.Settle([]string{"b"})
			if got := cl.StoryOf("b") == first; got != c.together {
				t.Errorf("together %v, want %v", got, c.together)
			}
		})
	}
}

// Texts written for this test: one invented event told in German and in
// English. Across languages the lexical features mix the names' cosine
// (1 - CrossTerms) with the terms' (CrossTerms); a text of unknown
// language is compared on its names alone.
func TestCrossTerms(t *testing.T) {
	de := "Die Stadt Eastbridge schließt die Hafenbrücke nach dem Fund von Rissen. Bürgermeisterin Karla Ostrowski sagte, die Reparatur dauere 14 Wochen und koste 3,2 Millionen Euro."
	en := "Eastbridge closes its harbour bridge after inspectors found cracks. Mayor Karla Ostrowski said the repairs would take 14 weeks and cost 3.2 million euros."
	features := func(w float64, lang string) [cluster.NumFeatures]float64 {
		opts := cluster.DefaultOptions()
		opts.CrossTerms = w
		cl := cluster.New(opts)
		story := cl.Assign(mk("de", "de", de, 0), "")
		for _, s := range cl.Score(mk("en", lang, en, 0)) {
			if s.Story == story {
				return s.Features
			}
		}
		t.Fatalf("CrossTerms %v, lang %q: the German story was not a candidate", w, lang)
		return [cluster.NumFeatures]float64{}
	}
	names, terms := features(0, "en"), features(1, "en")
	for _, c := range []struct {
		name string
		w    float64
		lang string
		want float64
	}{
		{"names alone", 0, "en", names[cluster.FNames]},
		{"terms alone", 1, "en", terms[cluster.FCentroid]},
		{"half and half", 0.5, "en", (names[cluster.FCentroid] + terms[cluster.FCentroid]) / 2},
		{"unknown language: names alone", 1, "", names[cluster.FNames]},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := features(c.w, c.lang)[cluster.FCentroid]; math.Abs(got-c.want) > 1e-9 {
				t.Errorf("FCentroid %v, want %v", got, c.want)
			}
		})
	}
	if terms[cluster.FCentroid] <= 0 || terms[cluster.FCentroid] == names[cluster.FCentroid] {
		t.Errorf("terms' cosine %v, names' %v: want a cosine of its own above 0", terms[cluster.FCentroid], names[cluster.FCentroid])
	}
}

// Texts written for this test: Chinese has no spaces, so each character is
// a token; two reports of one event must meet on the characters they
// share in pairs, and a report of another event must not.
func TestChineseBigrams(t *testing.T) {
	c := withBackground("zh",
		"国家交响乐团宣布了新的演出季，将首演三部青年作曲家的作品，并在五个城市巡演。",
		"南方山谷的农民预计，在温和的春天和干燥的夏天之后，苹果将迎来创纪录的丰收。",
		"中央银行维持利率不变，并表示通货膨胀将在年底前有所缓解。",
		"一座现代设计博物馆在旧火车站开馆，首月免费参观。")
	s1 := c.Add(mk("zh1", "zh", "东桥市议会周三投票决定关闭港口大桥进行维修。检查人员在大桥的钢铁支架上发现了裂缝。维修工程预计持续三个月。", 28))
	s2 := c.Add(mk("zh2", "zh", "检查人员发现钢铁支架出现裂缝后，东桥市议会决定关闭港口大桥。市议会表示，维修将持续约三个月。", 28))
	s3 := c.Add(mk("zh3", "zh", "一场暴风雪袭击了北部山区，数千户家庭断电，多条公路被迫关闭。", 28))
	if s1 != s2 {
		t.Errorf("second report of the bridge closure opened story %s, want %s", s2, s1)
	}
	if s3 == s1 {
		t.Errorf("report of a snowstorm joined the bridge story %s", s1)
	}
}
