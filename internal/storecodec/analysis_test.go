package storecodec

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storetest"
)

func TestAnalysisRoundTrip(t *testing.T) {
	big := storetest.Sample(3, 8000)
	tests := []struct {
		name string
		an   Analysis
	}{
		{"nil", Analysis{}},
		{"empty", Analysis{Sentences: []storyline.Span{}, Tokens: []storyline.Token{}, Entities: []storyline.Mention{},
			Figures: []storyline.FigureMention{}, Quotes: []storyline.QuoteMention{}, Dates: []storyline.DateMention{}}},
		{"sample", AnalysisOf(big)},
		{"odd values", Analysis{
			Sentences: []storyline.Span{{Start: 10, End: 5}, {Start: -3, End: math.MaxInt}, {Start: math.MinInt, End: math.MaxInt}},
			Tokens: []storyline.Token{
				{Norm: "running", Stem: "run"}, {Norm: "run", Stem: "running"}, {Norm: "", Stem: ""},
				{Norm: "abc", Stem: ""}, {Norm: "é", Stem: "\xc3"}, {Norm: "x", Stem: "x"},
			},
			Figures: []storyline.FigureMention{{Value: math.Inf(1)}, {Value: -0.0}, {Value: math.SmallestNonzeroFloat64, Unit: "%"}},
			Quotes:  []storyline.QuoteMention{{Speaker: "A", SpeakerSpan: storyline.Span{Start: math.MinInt, End: -1}, Direct: true}, {}},
			Dates:   []storyline.DateMention{{Date: "2014"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := EncodeAnalysis(nil, tt.an)
			got, err := DecodeAnalysis(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.an) {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", got, tt.an)
			}
		})
	}
	nan := Analysis{Figures: []storyline.FigureMention{{Value: math.NaN()}}}
	got, err := DecodeAnalysis(EncodeAnalysis(nil, nan))
	if err != nil || !math.IsNaN(got.Figures[0].Value) {
		t.Errorf("NaN round trip: %v, %v", got.Figures, err)
	}
}

func TestDecodeAnalysisCorrupt(t *testing.T) {
	good := EncodeAnalysis(nil, AnalysisOf(storetest.Sample(1, 500)))
	for _, b := range [][]byte{
		{2},                          // unknown version
		{1, 0xff},                    // truncated varint
		{1, 0xff, 0xff, 0xff, 0x0f},  // a count larger than the blob
		append(bytes.Clone(good), 0), // trailing bytes
		good[:len(good)-1],           // truncated
	} {
		if _, err := DecodeAnalysis(b); err == nil {
			t.Errorf("DecodeAnalysis(% x...) succeeded", b[:min(len(b), 8)])
		}
	}
}

// FuzzDecodeAnalysis checks that a corrupt blob never panics and that
// whatever decodes re-encodes to the same analysis.
func FuzzDecodeAnalysis(f *testing.F) {
	f.Add(EncodeAnalysis(nil, AnalysisOf(storetest.Sample(1, 300))))
	f.Add(EncodeAnalysis(nil, Analysis{}))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		an, err := DecodeAnalysis(b)
		if err != nil {
			return
		}
		again, err := DecodeAnalysis(EncodeAnalysis(nil, an))
		if err != nil {
			t.Fatalf("re-encoded analysis does not decode: %v", err)
		}
		// NaN != NaN: compare the encodings instead of the values.
		if !bytes.Equal(EncodeAnalysis(nil, again), EncodeAnalysis(nil, an)) {
			t.Errorf("round trip differs:\n%+v\n%+v", again, an)
		}
	})
}

// BenchmarkAnalysisCodec compares the blob codec with gob and JSON on a
// realistic article (8 KB, about 1,000 tokens).
func BenchmarkAnalysisCodec(b *testing.B) {
	an := AnalysisOf(storetest.Sample(5, 8000))
	codecs := []struct {
		name string
		enc  func(Analysis) []byte
		dec  func([]byte) (Analysis, error)
	}{
		{"binary", func(a Analysis) []byte { return EncodeAnalysis(nil, a) }, DecodeAnalysis},
		{"json", func(a Analysis) []byte { b, _ := json.Marshal(a); return b },
			func(b []byte) (a Analysis, err error) { return a, json.Unmarshal(b, &a) }},
		{"gob", func(a Analysis) []byte {
			var buf bytes.Buffer
			gob.NewEncoder(&buf).Encode(a)
			return buf.Bytes()
		}, func(b []byte) (a Analysis, err error) { return a, gob.NewDecoder(bytes.NewReader(b)).Decode(&a) }},
	}
	for _, c := range codecs {
		blob := c.enc(an)
		b.Run(c.name+"/encode", func(b *testing.B) {
			for b.Loop() {
				c.enc(an)
			}
			b.ReportMetric(float64(len(blob)), "bytes")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
		b.Run(c.name+"/decode", func(b *testing.B) {
			for b.Loop() {
				if _, err := c.dec(blob); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
