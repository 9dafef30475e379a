package distrib

import (
	"reflect"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// sampleArticle is an analysed article with every field the messages
// carry.
func sampleArticle() *storyline.Article {
	text := "The bridge closed on Monday. Officials said 12 girders cracked."
	return &storyline.Article{
		ID: "a1", Input: "in.jsonl:3", Format: storyline.Format("jsonl"), Title: "Bridge closed", Source: "Tribune",
		URL: "https://example.org/a1", Published: time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC), Lang: "en",
		NewsID: "n1", Text: text, Raw: []byte(`{"id":"a1"}`),
		Sentences: []storyline.Span{{Start: 0, End: 28}, {Start: 29, End: len(text)}},
		Tokens:    []storyline.Token{{Span: storyline.Span{Start: 4, End: 10}, Norm: "bridge", Stem: "bridg"}},
	}
}

// TestAnalyzedRoundTrip checks that an analysed article crosses the
// analyzed stream whole, with its search-index entry or without one.
func TestAnalyzedRoundTrip(t *testing.T) {
	indexed := sampleArticle()
	indexed.SearchIndex = []byte(`'bridg':1A,4B 'close':2A,5B`)
	for _, a := range []*storyline.Article{sampleArticle(), indexed} {
		b, err := encodeAnalyzed(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeAnalyzed(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, a)
		}
	}
}

// FuzzDecodeAnalyzed feeds arbitrary bytes to the analyzed messages'
// decoder (a message is read from the network): it returns an error or an
// article, and never panics.
func FuzzDecodeAnalyzed(f *testing.F) {
	b, err := encodeAnalyzed(sampleArticle())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
	f.Add(b[:len(b)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = decodeAnalyzed(data)
	})
}
