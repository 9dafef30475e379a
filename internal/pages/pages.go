// Package pages holds the pieces shared by the paged forms of the derived
// indexes (dedup, cluster): a hash directory split into buckets, and a set
// of dirty page numbers.
//
// An index in paged form is a set of pages, each a byte string named by a
// kind and a number, kept in the store in the same transaction as the
// journal entries they reflect (storyline.Page). A process that holds the
// whole index in memory writes the pages its changes touched; a process
// that adds a few articles to a large store reads only the pages those
// articles touch and writes back the ones it changed, so its cost does
// not grow with the store.
package pages

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/binenc"
)

// Reader reads the stored pages of one kind by number; a page never
// written is absent from the map.
type Reader func(kind string, nums []int64) (map[int64][]byte, error)

// Dirty is a set of page numbers.
type Dirty struct {
	on   []bool
	list []int64
	all  bool
}

// Mark adds page n.
func (d *Dirty) Mark(n int64) {
	if d.all {
		return
	}
	if int(n) >= len(d.on) {
		d.on = append(d.on, make([]bool, int(n)+1-len(d.on)+len(d.on)/2)...)
	}
	if !d.on[n] {
		d.on[n] = true
		d.list = append(d.list, n)
	}
}

// MarkAll marks every page: the next Take returns nil with all true.
func (d *Dirty) MarkAll() { d.all = true }

// Take returns the marked pages in ascending order, or all == true when
// every page is to be written, and empties the set.
func (d *Dirty) Take() (nums []int64, all bool) {
	nums, all = d.list, d.all
	for _, n := range nums {
		d.on[n] = false
	}
	d.list, d.all = nil, false
	slices.Sort(nums)
	return nums, all
}

// Buckets is the number of buckets of a Dir: a power of two. Lookups of a
// few hundred keys read as many small buckets; a directory of a million
// keys holds about 60 per bucket (720 bytes).
const Buckets = 1 << 14

// Dir maps 64-bit hashes to int32 values (a key's hash to its index). It
// is split into Buckets buckets by the hash's top bits so that a paged
// process loads the buckets of the hashes it looks up. Callers keep the
// hash of distinct keys distinct in practice (xxh3 of the key) and check
// the key itself where a collision would matter.
type Dir struct {
	bucket [][]entry         // in memory: every bucket
	paged  map[int64][]entry // paged: the buckets loaded (nil in memory)
	dirty  Dirty
}

type entry struct {
	h uint64
	v int32
}

// NewDir returns an empty directory, all of it in memory.
func NewDir() *Dir { return &Dir{bucket: make([][]entry, Buckets)} }

// DirOf returns an in-memory directory holding hs[i] → vs[i].
func DirOf(hs []uint64, vs []int32) *Dir {
	all := make([]entry, len(hs))
	for i, h := range hs {
		all[i] = entry{h, vs[i]}
	}
	slices.SortFunc(all, func(a, b entry) int { return cmpEntry(a, b.h) })
	d := NewDir()
	for len(all) > 0 {
		n := BucketOf(all[0].h)
		k := 1
		for k < len(all) && BucketOf(all[k].h) == n {
			k++
		}
		d.bucket[n] = slices.CompactFunc(all[:k:k], func(a, b entry) bool { return a.h == b.h })
		all = all[k:]
	}
	return d
}

// NewPagedDir returns a directory whose buckets are loaded on demand
// (Load): it holds only those, so that opening one costs nothing in
// proportion to the directory.
func NewPagedDir() *Dir { return &Dir{paged: map[int64][]entry{}} }

func (d *Dir) get(n int64) []entry {
	if d.paged != nil {
		return d.paged[n]
	}
	return d.bucket[n]
}

func (d *Dir) set(n int64, b []entry) {
	if d.paged != nil {
		d.paged[n] = b
	} else {
		d.bucket[n] = b
	}
}

// BucketOf is the bucket (and page number) of a hash.
func BucketOf(h uint64) int64 { return int64(h >> (64 - 14)) }

// Get returns the value of h. In a paged directory the bucket must be
// loaded.
func (d *Dir) Get(h uint64) (int32, bool) {
	b := d.get(BucketOf(h))
	i, ok := slices.BinarySearchFunc(b, h, cmpEntry)
	if !ok {
		return 0, false
	}
	return b[i].v, true
}

// Put sets the value of h and marks its bucket dirty.
func (d *Dir) Put(h uint64, v int32) {
	n := BucketOf(h)
	b := d.get(n)
	i, ok := slices.BinarySearchFunc(b, h, cmpEntry)
	if ok {
		if b[i].v == v {
			return
		}
		b[i].v = v
	} else {
		d.set(n, slices.Insert(b, i, entry{h, v}))
	}
	d.dirty.Mark(n)
}

// Delete removes h and marks its bucket dirty.
func (d *Dir) Delete(h uint64) {
	n := BucketOf(h)
	b := d.get(n)
	if i, ok := slices.BinarySearchFunc(b, h, cmpEntry); ok {
		d.set(n, slices.Delete(b, i, i+1))
		d.dirty.Mark(n)
	}
}

func cmpEntry(e entry, h uint64) int {
	switch {
	case e.h < h:
		return -1
	case e.h > h:
		return 1
	}
	return 0
}

// Load reads the buckets of the hashes that are not loaded yet.
func (d *Dir) Load(read Reader, kind string, hashes []uint64) error {
	if d.paged == nil {
		return nil
	}
	var nums []int64
	for _, h := range hashes {
		if n := BucketOf(h); d.paged[n] == nil {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums) // not a scan per hash: an article may hold 100k words
	nums = slices.Compact(nums)
	if len(nums) == 0 {
		return nil
	}
	got, err := read(kind, nums)
	if err != nil {
		return err
	}
	for _, n := range nums {
		b, err := decodeBucket(got[n], n)
		if err != nil {
			return fmt.Errorf("%s page %d: %w", kind, n, err)
		}
		if b == nil {
			b = []entry{} // loaded, and empty
		}
		d.paged[n] = b
	}
	return nil
}

// MarkAll marks every bucket dirty (the first write of an index that has
// no pages yet).
func (d *Dir) MarkAll() { d.dirty.MarkAll() }

// AppendDirty appends the dirty buckets as pages of the kind and forgets
// that they were dirty. After MarkAll it appends every bucket that holds
// something: a full write replaces all stored pages, and an absent page
// is an empty bucket.
func (d *Dir) AppendDirty(dst []storyline.Page, kind string) []storyline.Page {
	nums, all := d.dirty.Take()
	if all {
		nums = nums[:0]
		for n := range int64(Buckets) {
			if len(d.get(n)) > 0 {
				nums = append(nums, n)
			}
		}
	}
	for _, n := range nums {
		dst = append(dst, storyline.Page{Kind: kind, Num: n, Data: encodeBucket(d.get(n))})
	}
	return dst
}

// encodeBucket writes a bucket: its length, then each hash (8 bytes, little
// endian) and value (uvarint).
func encodeBucket(b []entry) []byte {
	out := binary.AppendUvarint(make([]byte, 0, 1+len(b)*10), uint64(len(b)))
	for _, e := range b {
		out = binary.LittleEndian.AppendUint64(out, e.h)
		out = binary.AppendUvarint(out, uint64(e.v))
	}
	return out
}

// decodeBucket reads a bucket written by encodeBucket (an absent page is an
// empty bucket); its hashes must be ascending and belong to bucket n.
func decodeBucket(data []byte, n int64) ([]entry, error) {
	if data == nil {
		return nil, nil
	}
	r := binenc.NewReader(data, nil)
	k := r.Int()
	if r.Err() != nil || k > r.Len()/9 {
		return nil, storyline.Errorf(storyline.EINVALID, "bad directory bucket")
	}
	b := make([]entry, 0, k)
	for i := 0; i < k; i++ {
		h := r.Uint64()
		v := r.Int()
		if r.Err() != nil || BucketOf(h) != n || v > 1<<31-1 || (i > 0 && h <= b[i-1].h) {
			return nil, storyline.Errorf(storyline.EINVALID, "bad directory bucket")
		}
		b = append(b, entry{h, int32(v)})
	}
	if r.Len() != 0 {
		return nil, storyline.Errorf(storyline.EINVALID, "trailing bytes in directory bucket")
	}
	return b, nil
}
