package cluster

import (
	"encoding/binary"
	"math"

	"github.com/storyline/storyline"
)

const (
	stateMagic   = "SLCL"
	stateVersion = 1
)

// MarshalBinary writes the clusterer's state: the vocabulary with its
// document frequencies, every article's bounded profile (not its text),
// every story's bounded centroid, names and figures, and the posting
// lists. Nothing is recomputed on loading, so a restored clusterer answers
// exactly as the saved one would have: two batches give the same stories
// as one. Options are not stored; the caller's options apply.
func (c *Clusterer) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 1024+len(c.ids)*200)
	b = append(b, stateMagic...)
	b = append(b, stateVersion)
	b = binary.AppendUvarint(b, uint64(c.n))
	// vocabulary in id order
	b = binary.AppendUvarint(b, uint64(len(c.keys)))
	for i, k := range c.keys {
		b = appendString(b, k)
		b = binary.AppendUvarint(b, uint64(c.df[i]))
		b = appendInts(b, c.postings[i])
	}
	b = binary.AppendUvarint(b, uint64(len(c.stories)))
	for _, s := range c.stories {
		b = appendString(b, s.id)
		b = binary.AppendVarint(b, int64(s.first))
		b = binary.AppendVarint(b, int64(s.last))
		b = binary.AppendVarint(b, int64(s.year))
		b = appendVec(b, s.centroid)
		b = appendVec(b, s.names)
		b = appendVec(b, s.figs)
		b = appendNorm(b, s.normAt, s.norm)
		b = appendNorm(b, s.nnormAt, s.nnorm)
	}
	b = binary.AppendUvarint(b, uint64(len(c.ids)))
	for i, id := range c.ids {
		p := &c.profiles[i]
		b = appendString(b, id)
		b = binary.AppendUvarint(b, uint64(c.storyOf[i]))
		b = binary.AppendUvarint(b, uint64(c.copies[i]))
		b = binary.AppendVarint(b, int64(p.day))
		b = appendString(b, p.lang)
		b = binary.AppendVarint(b, int64(p.year))
		b = binary.AppendUvarint(b, uint64(p.ntok))
		b = appendVec(b, p.terms)
		b = appendVec(b, p.names)
		b = appendVec(b, p.figs)
		b = appendVec(b, p.lead)
		b = appendNorm(b, p.normAt, p.norm)
	}
	return b, nil
}

// UnmarshalBinary replaces the clusterer's state by a saved one.
func (c *Clusterer) UnmarshalBinary(data []byte) error {
	if len(data) < len(stateMagic)+1 || string(data[:len(stateMagic)]) != stateMagic {
		return bad("not a cluster state")
	}
	if data[len(stateMagic)] != stateVersion {
		return bad("unknown cluster state version %d", data[len(stateMagic)])
	}
	r := reader{b: data[len(stateMagic)+1:]}
	y := New(c.opts)
	y.n = r.int()
	nk := r.int()
	if r.err != nil || nk > len(r.b) {
		return bad("bad vocabulary size")
	}
	y.df = make([]int32, nk)
	y.postings = make([][]int32, nk)
	for i := 0; i < nk && r.err == nil; i++ {
		k := r.str()
		if k == "" {
			return bad("empty key")
		}
		y.vocab[kindIndex(k[0])][k[1:]] = uint32(i)
		y.keys = append(y.keys, k)
		y.df[i] = int32(r.int())
		y.postings[i] = r.ints()
	}
	ns := r.int()
	if r.err != nil || ns > len(r.b) {
		return bad("bad story count")
	}
	y.stories = make([]story, ns)
	for i := 0; i < ns && r.err == nil; i++ {
		s := &y.stories[i]
		s.id = r.str()
		s.first, s.last = int32(r.varint()), int32(r.varint())
		s.year = int16(r.varint())
		s.centroid, s.names, s.figs = r.vec(nk), r.vec(nk), r.vec(nk)
		s.normAt, s.norm = r.norm()
		s.nnormAt, s.nnorm = r.norm()
		y.storyByID[s.id] = int32(i)
	}
	na := r.int()
	if r.err != nil || na > len(r.b) {
		return bad("bad article count")
	}
	for i := 0; i < na && r.err == nil; i++ {
		id := r.str()
		s := r.int()
		cp := r.int()
		var p profile
		p.day = int32(r.varint())
		p.lang = r.str()
		p.year = int16(r.varint())
		p.ntok = int32(r.int())
		p.terms, p.names, p.figs, p.lead = r.vec(nk), r.vec(nk), r.vec(nk), r.vec(nk)
		p.normAt, p.norm = r.norm()
		if s >= ns {
			return bad("article %d: bad story", i)
		}
		y.ids = append(y.ids, id)
		y.storyOf = append(y.storyOf, int32(s))
		y.copies = append(y.copies, int32(cp))
		y.profiles = append(y.profiles, p)
		y.byID[id] = int32(i)
		y.stories[s].members = append(y.stories[s].members, int32(i))
	}
	if r.err != nil {
		return r.err
	}
	for i := range y.stories {
		if len(y.stories[i].members) == 0 {
			return bad("story %d has no articles", i)
		}
	}
	for _, pl := range y.postings {
		for _, s := range pl {
			if int(s) >= ns || s < 0 {
				return bad("bad posting")
			}
		}
	}
	if len(r.b) != 0 {
		return bad("trailing bytes after cluster state")
	}
	*c = *y
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendInts(b []byte, v []int32) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	for _, x := range v {
		b = binary.AppendUvarint(b, uint64(x))
	}
	return b
}

// appendVec writes a sorted sparse vector with delta-coded keys.
func appendVec(b []byte, v []kw) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	prev := uint32(0)
	for _, e := range v {
		b = binary.AppendUvarint(b, uint64(e.K-prev))
		prev = e.K
		b = binary.AppendUvarint(b, uint64(e.W*256)) // exact: weights are multiples of 1/256
	}
	return b
}

// appendNorm writes a cached norm (see stale).
func appendNorm(b []byte, at int32, v float64) []byte {
	b = binary.AppendUvarint(b, uint64(at))
	if at != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func bad(format string, args ...any) error {
	e := storyline.Errorf(storyline.EINVALID, format, args...)
	e.Op = "cluster.UnmarshalBinary"
	return e
}

// reader decodes the persisted form; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = bad("truncated cluster state")
	}
	r.b = nil
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

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

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

func (r *reader) ints() []int32 {
	n := r.int()
	if n > len(r.b) {
		r.fail()
		return nil
	}
	out := make([]int32, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		out = append(out, int32(r.int()))
	}
	return out
}

func (r *reader) norm() (int32, float64) {
	at := r.int()
	if at == 0 {
		return 0, 0
	}
	if len(r.b) < 8 {
		r.fail()
		return 0, 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return int32(at), v
}

// vec reads a sparse vector whose keys must stay below nk.
func (r *reader) vec(nk int) []kw {
	n := r.int()
	if n > len(r.b)/2 {
		r.fail()
		return nil
	}
	out := make([]kw, 0, n)
	k := uint64(0)
	for i := 0; i < n && r.err == nil; i++ {
		d := r.int()
		k += uint64(d)
		w := r.int()
		if r.err != nil || k >= uint64(nk) || (i > 0 && d == 0) {
			r.fail()
			return nil
		}
		out = append(out, kw{K: uint32(k), W: float32(w) / 256})
	}
	return out
}
