package ftsquery

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	var got []string
	Words("Dock-workers' «strike»: U.S. crème, Путин's 3.5%", func(w string) { got = append(got, w) })
	want := []string{"Dock", "workers", "strike", "U", "S", "crème", "Путин", "s", "3", "5"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
	got = nil
	Words("港口大桥G20峰会，港の橋", func(w string) { got = append(got, w) })
	want = []string{"港口", "口大", "大桥", "G20", "峰会", "港", "の", "橋"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// TestChars: a run of Chinese characters in a query is the pairs of
// characters the stores index, whatever surrounds it.
func TestChars(t *testing.T) {
	terms, n := Parse(`港口大桥 bridge "关闭 port"  港`, nil)
	want := []Term{
		{Kind: Chars, Words: []string{"港口", "口大", "大桥"}},
		{Kind: Word, Words: []string{"bridge"}},
		{Kind: Chars, Words: []string{"关闭"}},
		{Kind: Phrase, Words: []string{"port"}},
		{Kind: Chars, Words: []string{"港"}},
	}
	if len(terms) != len(want) || n != 7 {
		t.Fatalf("Parse = %+v (%d words), want %+v (7)", terms, n, want)
	}
	for i := range want {
		if terms[i].Kind != want[i].Kind || !slices.Equal(terms[i].Words, want[i].Words) {
			t.Errorf("term %d = %+v, want %+v", i, terms[i], want[i])
		}
	}
	if got := Pairs("东桥市 Eastbridge 大桥。港"); got != "东桥 桥市 大桥 港" {
		t.Errorf("Pairs = %q", got)
	}
}
