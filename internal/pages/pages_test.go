package pages

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/storyline/storyline"
)

// store is pages in memory, counting reads.
type store map[int64][]byte

func (s store) reader(reads *int) Reader {
	return func(kind string, nums []int64) (map[int64][]byte, error) {
		out := map[int64][]byte{}
		for _, n := range nums {
			*reads++
			if b, ok := s[n]; ok {
				out[n] = b
			}
		}
		return out, nil
	}
}

func (s store) put(ps []storyline.Page) {
	for _, p := range ps {
		s[p.Num] = bytes.Clone(p.Data)
	}
}

// TestDir checks a directory against a map through puts, overwrites and
// deletes, the dirty buckets it writes, a paged directory reading them
// back on demand (only the buckets looked up) and DirOf.
func TestDir(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d, want, st := NewDir(), map[uint64]int32{}, store{}
	var hs []uint64
	for i := range 5000 {
		h := rng.Uint64()
		if i%7 == 0 && len(hs) > 0 {
			h = hs[rng.IntN(len(hs))] // overwrite
		}
		hs = append(hs, h)
		d.Put(h, int32(i))
		want[h] = int32(i)
		if i%11 == 0 {
			d.Delete(hs[rng.IntN(len(hs))])
		}
		if i%500 == 0 {
			st.put(d.AppendDirty(nil, "k"))
		}
	}
	for h := range want {
		if _, ok := d.Get(h); !ok {
			delete(want, h) // deleted since
		}
	}
	st.put(d.AppendDirty(nil, "k"))
	if ps := d.AppendDirty(nil, "k"); len(ps) != 0 {
		t.Errorf("AppendDirty again wrote %d pages, want none", len(ps))
	}
	reads := 0
	p := NewPagedDir()
	probe := hs[:100]
	if err := p.Load(st.reader(&reads), "k", probe); err != nil {
		t.Fatal(err)
	}
	if reads > len(probe) {
		t.Errorf("loading %d hashes read %d buckets", len(probe), reads)
	}
	for _, h := range probe {
		gv, gok := p.Get(h)
		wv, wok := want[h]
		if gok != wok || gv != wv {
			t.Errorf("paged Get(%x) = %d %v, want %d %v", h, gv, gok, wv, wok)
		}
	}
	var ks []uint64
	var vs []int32
	for h, v := range want {
		ks, vs = append(ks, h), append(vs, v)
	}
	all := DirOf(ks, vs)
	all.MarkAll()
	full := store{}
	full.put(all.AppendDirty(nil, "k"))
	for n, b := range st {
		if !bytes.Equal(full[n], b) && !(full[n] == nil && bytes.Equal(b, []byte{0})) {
			t.Fatalf("bucket %d: DirOf writes %x, the directory wrote %x", n, full[n], b)
		}
	}
}

// TestDirty checks the set of dirty pages.
func TestDirty(t *testing.T) {
	var d Dirty
	for _, n := range []int64{5, 1, 5, 300, 1} {
		d.Mark(n)
	}
	if got, all := d.Take(); all || len(got) != 3 || got[0] != 1 || got[1] != 5 || got[2] != 300 {
		t.Errorf("Take = %v %v, want [1 5 300] false", got, all)
	}
	if again, all := d.Take(); len(again) != 0 || all {
		t.Errorf("Take did not empty the set: then %v %v", again, all)
	}
	d.Mark(2)
	d.MarkAll()
	if _, all := d.Take(); !all {
		t.Error("MarkAll: Take must say all")
	}
}

// FuzzBucket feeds arbitrary bytes to the bucket decoder: an error or a
// bucket whose encoding decodes to the same entries, never a panic.
func FuzzBucket(f *testing.F) {
	d := NewDir()
	for i := range 50 {
		d.Put(uint64(i)*0x9E3779B97F4A7C15, int32(i))
	}
	for _, p := range d.AppendDirty(nil, "k")[:5] {
		f.Add(p.Num, p.Data)
	}
	f.Add(int64(0), []byte{0})
	f.Add(int64(3), []byte{1, 2})
	f.Fuzz(func(t *testing.T, n int64, data []byte) {
		if n < 0 || n >= Buckets {
			return
		}
		b, err := decodeBucket(data, n)
		if err != nil {
			return
		}
		again, err := decodeBucket(encodeBucket(b), n)
		if err != nil || len(again) != len(b) {
			t.Fatalf("re-decoding %x: %v, %d entries of %d", data, err, len(again), len(b))
		}
		for i := range b {
			if again[i] != b[i] {
				t.Fatalf("re-decoding %x: entry %d is %v, want %v", data, i, again[i], b[i])
			}
		}
	})
}
