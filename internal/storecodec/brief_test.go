package storecodec

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storetest"
)

// TestBriefCodecRoundTrip also guards the codec against new fields of the
// brief types: fill sets every field, so one the codec does not write
// comes back zero.
func TestBriefCodecRoundTrip(t *testing.T) {
	full := storetest.FilledBrief()
	withNils := storetest.FilledBrief()
	withNils.Claims[0].Articles, withNils.Figures[1].Variants, withNils.Coverage = nil, nil, nil
	for name, b := range map[string]*storyline.Brief{"full": full, "nils": withNils, "empty": {}} {
		got, err := DecodeBrief(EncodeBrief(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v", name, got, b)
		}
	}
}

func TestDecodeBriefCorrupt(t *testing.T) {
	enc := EncodeBrief(storetest.FilledBrief())
	for _, b := range [][]byte{nil, {0}, {2}, enc[:len(enc)-1], append(bytes.Clone(enc), 0)} {
		if _, err := DecodeBrief(b); err == nil {
			t.Errorf("DecodeBrief(%d bytes) succeeded", len(b))
		}
	}
}

func FuzzDecodeBrief(f *testing.F) {
	f.Add(EncodeBrief(storetest.FilledBrief()))
	f.Add(EncodeBrief(&storyline.Brief{}))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		br, err := DecodeBrief(b)
		if err != nil {
			return
		}
		again, err := DecodeBrief(EncodeBrief(br))
		if err != nil {
			t.Fatalf("re-encoded brief does not decode: %v", err)
		}
		if !bytes.Equal(EncodeBrief(again), EncodeBrief(br)) {
			t.Errorf("round trip differs:\n%+v\n%+v", again, br)
		}
	})
}

// BenchmarkBriefCodec compares decoding the binary brief with decoding its
// JSON.
func BenchmarkBriefCodec(b *testing.B) {
	br := storetest.FilledBrief()
	for range 6 { // a brief of a few hundred items, like a real story's
		more := storetest.FilledBrief()
		br.Claims = append(br.Claims, more.Claims...)
		br.Quotes = append(br.Quotes, more.Quotes...)
		br.Summary = append(br.Summary, more.Summary...)
	}
	bin := EncodeBrief(br)
	js, _ := json.Marshal(br)
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeBrief(bin); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(bin)), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			var x storyline.Brief
			if err := json.Unmarshal(js, &x); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(js)), "bytes")
	})
}

// TestDecodeBriefVersion1 reads a brief stored before related stories:
// the same blob without the last list, under version byte 1.
func TestDecodeBriefVersion1(t *testing.T) {
	b := storetest.FilledBrief()
	b.Related = nil
	enc := EncodeBrief(b)
	old := append([]byte{1}, enc[1:len(enc)-1]...) // the related list was one count byte
	got, err := DecodeBrief(old)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, b) {
		t.Errorf("version 1:\n got %+v\nwant %+v", got, b)
	}
}
