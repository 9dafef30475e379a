package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storetest"
)

// fill sets every field of v, recursively, to a value that is not zero
// (slices get two elements), so that a field the codec forgets fails the
// round trip.
func fill(v reflect.Value, seed *int, depth int) {
	*seed++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(*seed) + "<é>")
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*seed))
	case reflect.Float64:
		v.SetFloat(float64(*seed) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		if depth > 2 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), seed, depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed, depth)
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

func fullBrief() *storyline.Brief {
	b := &storyline.Brief{}
	seed := 0
	fill(reflect.ValueOf(b).Elem(), &seed, 0)
	return b
}

// TestBriefCodecRoundTrip also guards the codec against new fields of the
// brief types: fill sets every field, so one the codec does not write
// comes back zero.
func TestBriefCodecRoundTrip(t *testing.T) {
	full := fullBrief()
	withNils := fullBrief()
	withNils.Claims[0].Articles, withNils.Figures[1].Variants, withNils.Coverage = nil, nil, nil
	for name, b := range map[string]*storyline.Brief{"full": full, "nils": withNils, "empty": {}} {
		got, err := decodeBrief(encodeBrief(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v", name, got, b)
		}
	}
}

func TestDecodeBriefCorrupt(t *testing.T) {
	enc := encodeBrief(fullBrief())
	for _, b := range [][]byte{nil, {0}, {2}, enc[:len(enc)-1], append(bytes.Clone(enc), 0)} {
		if _, err := decodeBrief(b); err == nil {
			t.Errorf("decodeBrief(%d bytes) succeeded", len(b))
		}
	}
}

func FuzzDecodeBrief(f *testing.F) {
	f.Add(encodeBrief(fullBrief()))
	f.Add(encodeBrief(&storyline.Brief{}))
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		br, err := decodeBrief(b)
		if err != nil {
			return
		}
		again, err := decodeBrief(encodeBrief(br))
		if err != nil {
			t.Fatalf("re-encoded brief does not decode: %v", err)
		}
		if !bytes.Equal(encodeBrief(again), encodeBrief(br)) {
			t.Errorf("round trip differs:\n%+v\n%+v", again, br)
		}
	})
}

// BenchmarkBriefCodec compares decoding the binary brief with decoding its
// JSON.
func BenchmarkBriefCodec(b *testing.B) {
	br := fullBrief()
	for range 6 { // a brief of a few hundred items, like a real story's
		more := fullBrief()
		br.Claims = append(br.Claims, more.Claims...)
		br.Quotes = append(br.Quotes, more.Quotes...)
		br.Summary = append(br.Summary, more.Summary...)
	}
	bin := encodeBrief(br)
	js, _ := json.Marshal(br)
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeBrief(bin); err != nil {
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

func TestStoryListAndArticlesLite(t *testing.T) {
	ctx := context.Background()
	db := openMemory(t)
	a := storetest.Sample(1, 300)
	if _, err := db.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	briefed := &storyline.Story{ID: "s1", Headline: "h", Articles: []string{a.ID}, Brief: fullBrief()}
	for i := range 20 {
		briefed.Brief.Entities = append(briefed.Brief.Entities, storyline.Entity{Name: "e" + strconv.Itoa(i)})
	}
	for _, st := range []*storyline.Story{briefed, {ID: "s2", Headline: "no brief"}} {
		if err := db.PutStory(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	// A brief is stored once, in its binary form.
	var jsonNull, binary bool
	if err := db.SQL().QueryRow(`SELECT brief IS NULL, brief_bin IS NOT NULL FROM stories WHERE id = 's1'`).Scan(&jsonNull, &binary); err != nil || !jsonNull || !binary {
		t.Errorf("stored brief: JSON column NULL %v, binary present %v, %v", jsonNull, binary, err)
	}
	full, total, err := db.Stories(ctx, storyline.StoryFilter{})
	if err != nil || total != 2 {
		t.Fatal(total, err)
	}
	if !reflect.DeepEqual(full[0].Brief, briefed.Brief) && !reflect.DeepEqual(full[1].Brief, briefed.Brief) {
		t.Errorf("brief read back differs from the one stored")
	}
	for _, n := range []int{0, 3, 16, 18} {
		list, ltotal, err := db.StoryList(ctx, storyline.StoryFilter{}, n)
		if err != nil || ltotal != total || len(list) != len(full) {
			t.Fatalf("StoryList(%d) = %d stories, total %d, %v", n, len(list), ltotal, err)
		}
		for i, st := range list {
			want := *full[i]
			if want.Brief != nil {
				want.Brief = &storyline.Brief{Entities: want.Brief.Entities[:n]}
			}
			if !reflect.DeepEqual(st, &want) {
				t.Errorf("StoryList(%d)[%d] =\n%+v\nwant\n%+v", n, i, st, &want)
			}
		}
	}

	lite, err := db.ArticlesLite(ctx, storyline.ArticleFilter{IDs: []string{a.ID}})
	if err != nil || len(lite) != 1 {
		t.Fatal(lite, err)
	}
	want := *a
	want.Raw = nil
	analysis{}.setOn(&want)
	if !reflect.DeepEqual(lite[0], &want) {
		t.Errorf("ArticlesLite =\n%+v\nwant\n%+v", lite[0], &want)
	}
}

// TestMigrateListing checks that stories stored before 00003 are listed
// with their entities and read from their JSON.
func TestMigrateListing(t *testing.T) {
	ctx := context.Background()
	path, old := oldStore(t, 3)
	brief := &storyline.Brief{Claims: []storyline.Claim{{Text: "c", Articles: []string{"a"}, Sources: 1}}}
	for i := range 20 {
		brief.Entities = append(brief.Entities, storyline.Entity{Name: "e" + strconv.Itoa(i), Type: storyline.Place, Articles: i})
	}
	js, _ := json.Marshal(brief)
	if _, err := old.Exec(`INSERT INTO stories (id, headline, sources, articles, brief, updated)
		VALUES ('old', 'Old', '["x"]', '["a"]', ?, 1), ('bare', 'Bare', 'null', 'null', NULL, 2)`, string(js)); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Story(ctx, "old")
	if err != nil || !reflect.DeepEqual(st.Brief, brief) {
		t.Errorf("Story after upgrade = %+v, %v", st, err)
	}
	list, _, err := db.StoryList(ctx, storyline.StoryFilter{}, 5)
	if err != nil || len(list) != 2 {
		t.Fatal(list, err)
	}
	for _, st := range list {
		switch st.ID {
		case "old":
			if st.Brief == nil || !reflect.DeepEqual(st.Brief.Entities, brief.Entities[:5]) {
				t.Errorf("listed entities = %+v", st.Brief)
			}
		case "bare":
			if st.Brief != nil {
				t.Errorf("story without brief listed with %+v", st.Brief)
			}
		}
	}
}
