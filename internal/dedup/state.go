package dedup

import (
	"encoding/binary"
	"math"

	"github.com/storyline/storyline"
)

// stateMagic starts the persisted form; the byte after it is the version.
const stateMagic = "SLDD"

const stateVersion = 1

// MarshalBinary writes the index compactly: the options, then per article
// its id, root, shingle count, exact hash and signature (Bands*Rows 32-bit
// values). The band buckets are not stored; UnmarshalBinary rebuilds them
// in the original order, so a restored index answers exactly as the one
// that was saved.
func (x *Index) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 64+len(x.ids)*(x.k*4+40))
	b = append(b, stateMagic...)
	b = append(b, stateVersion)
	o := x.opts
	for _, v := range []int{o.Shingle, o.Bands, o.Rows, o.MinShingles} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	for _, f := range []float64{o.Threshold, o.Containment, o.MinShare} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.AppendUvarint(b, uint64(len(x.ids)))
	for i, id := range x.ids {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
		b = binary.AppendUvarint(b, uint64(x.root[i]))
		b = binary.AppendUvarint(b, uint64(x.size[i]))
		b = binary.LittleEndian.AppendUint64(b, x.hash[i])
		for _, v := range x.sigs[i*x.k : (i+1)*x.k] {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	return b, nil
}

// UnmarshalBinary replaces the index by a saved one. The saved options win
// over those given to New: signatures are only comparable under the
// options that made them.
func (x *Index) UnmarshalBinary(data []byte) error {
	r := reader{b: data}
	if len(data) < len(stateMagic)+1 || string(data[:len(stateMagic)]) != stateMagic {
		return bad("not a dedup index")
	}
	r.b = r.b[len(stateMagic):]
	if v := r.byte(); v != stateVersion {
		return bad("unknown dedup index version %d", v)
	}
	var o Options
	o.Shingle, o.Bands, o.Rows, o.MinShingles = r.int(), r.int(), r.int(), r.int()
	o.Threshold, o.Containment, o.MinShare = r.float(), r.float(), r.float()
	if r.err != nil || o.Shingle <= 0 || o.Shingle > 64 || o.Bands <= 0 || o.Rows <= 0 || o.Rows > 16 || o.Bands*o.Rows > 4096 {
		return bad("bad dedup options")
	}
	n := r.int()
	k := o.Bands * o.Rows
	if r.err != nil || n < 0 || n > len(r.b)/(k*4+10) {
		return bad("bad dedup article count")
	}
	y := New(o)
	y.ids = make([]string, 0, n)
	y.sigs = make([]uint32, 0, n*k)
	for i := 0; i < n; i++ {
		id := r.str()
		root, size := r.int(), r.int()
		h := r.u64()
		if r.err != nil || root > i || root < 0 {
			return bad("bad dedup article %d", i)
		}
		if len(r.b) < 4*k {
			return bad("short dedup signature %d", i)
		}
		for j := 0; j < k; j++ {
			y.sigs = append(y.sigs, binary.LittleEndian.Uint32(r.b[4*j:]))
		}
		r.b = r.b[4*k:]
		if _, dup := y.byID[id]; dup {
			return bad("duplicate id %q in dedup index", id)
		}
		y.ids = append(y.ids, id)
		y.root = append(y.root, int32(root))
		y.size = append(y.size, int32(size))
		y.hash = append(y.hash, h)
		y.byID[id] = int32(i)
		if _, ok := y.exact[h]; !ok && h != 0 {
			y.exact[h] = int32(i)
		}
		y.link(int32(i), size)
	}
	if len(r.b) != 0 {
		return bad("trailing bytes after dedup index")
	}
	*x = *y
	return nil
}

func bad(format string, args ...any) error {
	e := storyline.Errorf(storyline.EINVALID, format, args...)
	e.Op = "dedup.UnmarshalBinary"
	return e
}

// reader decodes the persisted form; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = bad("truncated dedup index")
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) int() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt32 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) u64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) float() float64 { return math.Float64frombits(r.u64()) }

func (r *reader) str() string {
	n := r.int()
	if n > len(r.b) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
