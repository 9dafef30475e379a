package text

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline/storyline/internal/hostile"
	"github.com/storyline/storyline/internal/sharedtest"
)

func sentenceTexts(s string) []string {
	var out []string
	for _, sp := range Sentences(s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"simple", "The cat sat. The dog ran.", []string{"The cat sat.", "The dog ran."}},
		{"honorific", "Mr. Lavrov spoke. Mrs. Smith left.", []string{"Mr. Lavrov spoke.", "Mrs. Smith left."}},
		{"dotted abbreviation", "Troops from the U.S. and Nato arrived. They stayed.", []string{"Troops from the U.S. and Nato arrived.", "They stayed."}},
		{"dotted abbreviation at end", "He flew to the U.S. The talks failed.", []string{"He flew to the U.S.", "The talks failed."}},
		{"month", "It happened on Jan. 10 in Geneva. Then more.", []string{"It happened on Jan. 10 in Geneva.", "Then more."}},
		{"number abbreviation", "He lives at No. 10 Downing Street. It is old.", []string{"He lives at No. 10 Downing Street.", "It is old."}},
		{"no at end", "The answer was no. Then he left.", []string{"The answer was no.", "Then he left."}},
		{"decimal", "Growth was 3.5 percent. Prices rose.", []string{"Growth was 3.5 percent.", "Prices rose."}},
		{"initial", "J. R. Smith wrote it. It sold.", []string{"J. R. Smith wrote it.", "It sold."}},
		{"quote close", `"We don't want a war." Lavrov said so.`, []string{`"We don't want a war."`, "Lavrov said so."}},
		{"curly quote", "“There won’t be a war,” he said. “But we won’t.”", []string{"“There won’t be a war,” he said.", "“But we won’t.”"}},
		{"lower after period", "e.g. this continues. Fine.", []string{"e.g. this continues.", "Fine."}},
		{"newline", "Headline without stop\nFirst sentence. Second one!", []string{"Headline without stop", "First sentence.", "Second one!"}},
		{"question", "Why the fixation on Nato? In public, officials insist.", []string{"Why the fixation on Nato?", "In public, officials insist."}},
		{"blank lines and spaces", "  One.  \n\n \n Two.  ", []string{"One.", "Two."}},
		{"cyrillic", "Путин заявил это. Макрон ответил.", []string{"Путин заявил это.", "Макрон ответил."}},
		{"ellipsis", "He paused… Then he spoke.", []string{"He paused…", "Then he spoke."}},
		{"chinese", "两国领导人周三通了电话。双方讨论了贸易问题！会谈持续了一小时。", []string{"两国领导人周三通了电话。", "双方讨论了贸易问题！", "会谈持续了一小时。"}},
		{"chinese quote", "他说：“我们不想要战争。”会谈随后结束？是的。", []string{"他说：“我们不想要战争。”", "会谈随后结束？", "是的。"}},
		{"japanese bracket", "首相は「協議を続ける。」と述べた。会談は終わった。", []string{"首相は「協議を続ける。」と述べた。", "会談は終わった。"}},
		{"full-width with latin", "价格上涨了3.5%。 市场下跌。", []string{"价格上涨了3.5%。", "市场下跌。"}},
		{"arabic question", "هل انتهت المحادثات؟ قال الوزير إنها مستمرة.", []string{"هل انتهت المحادثات؟", "قال الوزير إنها مستمرة."}},
		{"danda", "बैठक समाप्त हुई। मंत्री ने बयान दिया।", []string{"बैठक समाप्त हुई।", "मंत्री ने बयान दिया।"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	in := "Russia’s 100,000 troops didn't move; Café ДНР 3.5%"
	toks := Tokens(in, "en")
	var norms, stems []string
	for _, tk := range toks {
		if in[tk.Start:tk.End] == "" {
			t.Fatalf("empty token span %v", tk.Span)
		}
		norms = append(norms, tk.Norm)
		stems = append(stems, tk.Stem)
	}
	wantNorms := "russia's|100,000|troops|didn't|move|cafe|днр|3.5"
	if got := strings.Join(norms, "|"); got != wantNorms {
		t.Errorf("norms = %s, want %s", got, wantNorms)
	}
	wantStems := "russia|100,000|troop|didn't|move|cafe|днр|3.5"
	if got := strings.Join(stems, "|"); got != wantStems {
		t.Errorf("stems = %s, want %s", got, wantStems)
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"en", "negotiations", "negoti"},
		{"en", "invaded", "invad"},
		{"ru", "переговоры", "переговор"},
		{"fr", "négociations", "négoci"},
		{"xx", "words", "words"},
		{"en", "2022", "2022"},
	}
	for _, tt := range tests {
		if got := Stem(tt.lang, tt.in); got != tt.want {
			t.Errorf("Stem(%s, %s) = %s, want %s", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestFoldTranslit(t *testing.T) {
	if got := Fold("Élysée ZELENSKIY’s"); got != "elysee zelenskiy's" {
		t.Errorf("Fold = %q", got)
	}
	if got := Fold("Йошкар"); got != "йошкар" {
		t.Errorf("Fold keeps Cyrillic й: %q", got)
	}
	for in, want := range map[string]string{"Путин": "putin", "Лавров": "lavrov", "Макрон": "makron", "Київ": "kiiv"} {
		if got := Translit(in); got != want {
			t.Errorf("Translit(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The president said on Friday that the talks with the allies would go on for some time.", "en"},
		{"Le président a déclaré vendredi que les discussions avec les alliés allaient continuer pour la paix.", "fr"},
		{"Der Präsident sagte am Freitag, dass die Gespräche mit den Verbündeten weitergehen würden.", "de"},
		{"El presidente dijo el viernes que las conversaciones con los aliados continuarían por un tiempo.", "es"},
		{"Президент заявил в пятницу, что переговоры с союзниками будут продолжены, но это не все.", "ru"},
		{"ваш відгук: що ви думаєте про це і як це буде для всіх", "uk"},
		{"Городской совет Ист-Бриджа в среду проголосовал за закрытие моста через гавань на ремонт. Инспекторы обнаружили трещины в стальных опорах моста.", "ru"},
		{"Міська рада в середу проголосувала за закриття мосту через гавань на ремонт. Інспектори знайшли тріщини в сталевих опорах мосту.", "uk"},
		{"قال الرئيس يوم الجمعة إن المحادثات ستستمر", "ar"},
		{"国家主席周三在北京会见了法国总统。两国领导人讨论了贸易问题。", "zh"},
		{"國家主席週三在北京會見了法國總統。兩國領導人討論了貿易問題。", "zh"},
		{"首相は水曜日、フランスの大統領と電話で会談した。両首脳は貿易問題について話し合った。", "ja"},
		{"日本政府は東京で記者会見を開き、経済対策を発表した。", "ja"},
		{"대통령은 금요일 동맹국들과의 회담이 계속될 것이라고 말했다.", "ko"},
		{"Il presidente ha detto venerdì che i colloqui con gli alleati continueranno ancora per qualche tempo.", "it"},
		{"", ""},
		{"12 34", ""},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.in); got != tt.want {
			t.Errorf("DetectLanguage(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStopword(t *testing.T) {
	if !IsStopword("en", "the") || IsStopword("en", "putin") || !IsStopword("ru", "что") || !IsStopword("zz", "and") {
		t.Error("stop word lists")
	}
}

// TestStopwordAccents: function words written with accents are stop words
// in the folded form that tokens carry (für → fur), and only in their
// language; Arabic has a list.
func TestStopwordAccents(t *testing.T) {
	for _, c := range []struct {
		lang, word string
		want       bool
	}{
		{"de", "für", true}, {"de", "über", true}, {"fr", "été", true}, {"fr", "même", true},
		{"es", "más", true}, {"es", "según", true}, {"pl", "się", true}, {"pl", "że", true},
		{"tr", "için", true}, {"tr", "çok", true}, {"en", "für", false}, {"de", "regierung", false},
		{"de", "während", true}, {"es", "después", true}, {"pl", "który", true}, {"tr", "göre", true},
		{"ar", "في", true}, {"ar", "الذي", true}, {"ar", "وزير", false}, {"en", "في", false},
	} {
		toks := Tokens(c.word, c.lang)
		if len(toks) != 1 {
			t.Fatalf("%q: %d tokens", c.word, len(toks))
		}
		if got := IsStopword(c.lang, toks[0].Norm); got != c.want {
			t.Errorf("IsStopword(%q, %q) = %v, want %v", c.lang, toks[0].Norm, got, c.want)
		}
	}
}

func TestSeedsSentences(t *testing.T) {
	dir := sharedtest.Data(t, "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 5 {
		t.Fatalf("want 5 seeds, got %d", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		sents := Sentences(s)
		prev := 0
		for _, sp := range sents {
			if sp.Start < prev || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("%s: bad span %v", f, sp)
			}
			prev = sp.End
			sent := s[sp.Start:sp.End]
			for _, bad := range []string{"Mr.", "U.S.", "U.N."} {
				if strings.HasSuffix(sent, bad) && sp.End < len(s) && s[sp.End] != '\n' {
					t.Errorf("%s: sentence split after %q: %q", filepath.Base(f), bad, sent)
				}
			}
		}
		if len(sents) < 10 {
			t.Errorf("%s: only %d sentences", filepath.Base(f), len(sents))
		}
	}
}

func FuzzSentencesTokens(f *testing.F) {
	f.Add("Mr. Putin met Mr Macron. “We don’t want a war,” Lavrov said.\nNext line…")
	f.Add("U.S. No. 10 3.5 J. Smith")
	f.Add("\xff\xfe. A")
	f.Fuzz(func(t *testing.T, s string) {
		defer hostile.Within(t, len(s))()
		prev := 0
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("bad sentence span %v in %q", sp, s)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[sp.Start]) || sp.End < len(s) && !utf8.RuneStart(s[sp.End])) {
				t.Fatalf("span %v not on rune boundary", sp)
			}
			prev = sp.End
		}
		for _, tk := range Tokens(s, "en") {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
				t.Fatalf("bad token span %v", tk.Span)
			}
		}
	})
}

func BenchmarkSentencesTokens(b *testing.B) {
	dir := sharedtest.Data(b, "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	data, _ := os.ReadFile(files[len(files)-1])
	s := string(data)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Sentences(s)
		Tokens(s, "en")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// corpusTexts reads the texts of a dev corpus (JSON Lines) for benchmarks.
func corpusTexts(b *testing.B) []string {
	path := filepath.Join(sharedtest.Data(b, "dev", "multinews-val"), "articles.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skip(err)
	}
	var texts []string
	for _, line := range strings.Split(string(data), "\n") {
		var a struct{ Text string }
		if json.Unmarshal([]byte(line), &a) == nil && a.Text != "" {
			texts = append(texts, a.Text)
		}
		if len(texts) == 500 {
			break
		}
	}
	return texts
}

// BenchmarkTokensCorpus tokenises many articles one by one (Tokens) and
// through one worker's StemCache (TokensCached), as the pipeline does.
func BenchmarkTokensCorpus(b *testing.B) {
	texts := corpusTexts(b)
	for _, size := range []int{0, 1 << 12, 1 << 16} {
		name := "Tokens"
		if size > 0 {
			name = fmt.Sprintf("TokensCached%d", size)
		}
		b.Run(name, func(b *testing.B) {
			c := NewStemCache("en", size)
			n := 0
			for i := 0; i < b.N; i++ {
				s := texts[i%len(texts)]
				if size > 0 {
					TokensCached(s, c)
				} else {
					Tokens(s, "en")
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

func TestTokensCachedSameAsTokens(t *testing.T) {
	texts := []string{"The ministers said the talks were going well; talking continues.",
		"Les ministres ont dit que les négociations avançaient.", "Министры заявили, что переговоры идут хорошо.",
		"Talks, talked, talking: the talk of the town. 100,000 troops; 3.5% growth."}
	for _, lang := range []string{"en", "fr", "ru", "xx", ""} {
		c := NewStemCache(lang, 4) // tiny: the cache starts afresh often
		for round := 0; round < 3; round++ {
			for _, s := range texts {
				want, got := Tokens(s, lang), TokensCached(s, c)
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("lang %q: TokensCached(%q) = %v, want %v", lang, s, got, want)
				}
			}
		}
	}
}

// TestIsStopwordMasks checks the combined masks against the lists, whose
// words are compared folded, as tokens are.
func TestIsStopwordMasks(t *testing.T) {
	inList := func(lang, w string) bool {
		list, ok := stopLists[lang]
		if !ok {
			list = stopLists["en"]
		}
		for _, x := range strings.Fields(list) {
			if Fold(x) == w {
				return true
			}
		}
		return false
	}
	words := []string{"", "zebra", "парламент"}
	for _, list := range stopLists {
		for _, w := range strings.Fields(list) {
			words = append(words, Fold(w))
		}
	}
	for _, lang := range []string{"en", "fr", "de", "ru", "uk", "tr", "xx", ""} {
		for _, w := range words {
			if got, want := IsStopword(lang, w), inList(lang, w); got != want {
				t.Errorf("IsStopword(%q, %q) = %v, want %v", lang, w, got, want)
			}
		}
	}
}

func TestCountWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"The storm closed the harbour.", 5},
		{"don't stop-gap 3.5%", 3},
		{"暴风雪关闭了港口", 4},
		{"暴风雪关闭了港口。四十艘船被困", 7},
		{"价格上涨了3.5%", 5},
		{"港の橋が閉鎖", 3},
		{"Trump 访问 北京", 3},
		{"", 0},
	} {
		if got := CountWords(c.s); got != c.want {
			t.Errorf("CountWords(%q) = %d, want %d", c.s, got, c.want)
		}
	}
}
