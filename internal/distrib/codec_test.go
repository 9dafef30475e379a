package distrib

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
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

// TestAnalyzedFirstForm reads a message of the first form (the text and
// input bytes inside the JSON object, no leading byte), as a stream
// written before an upgrade holds them.
func TestAnalyzedFirstForm(t *testing.T) {
	a := sampleArticle()
	a.SearchIndex = []byte(`'bridg':1A`)
	head := *a
	storecodec.Analysis{}.SetOn(&head)
	h, err := json.Marshal(&head)
	if err != nil {
		t.Fatal(err)
	}
	an := storecodec.EncodeAnalysis(nil, storecodec.AnalysisOf(a))
	b := binary.AppendUvarint(nil, uint64(len(h)))
	b = append(b, h...)
	b = binary.AppendUvarint(b, uint64(len(an)))
	b = append(append(b, an...), a.SearchIndex...)
	got, err := decodeAnalyzed(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("first form:\n got %+v\nwant %+v", got, a)
	}
	if v2, _ := encodeAnalyzed(a); bytes.Contains(v2[:bytes.IndexByte(v2, '}')+1], []byte("bridge closed")) {
		t.Error("the second form still carries the text inside its JSON object")
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
