package cluster

import (
	"encoding/binary"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/binenc"
	"github.com/storyline/storyline/internal/pages"
)

const (
	stateMagic = "SLCL"
	// stateVersion 2 added the lead persons and places of every article and
	// the cached cohesion of every story; a version 1 state loads with none
	// (its articles never clash on persons or places). Version 3 may hold
	// stories that Settle emptied (no id, no members), which version 2
	// readers would take for damage.
	stateVersion = 3
)

// MarshalBinary writes the clusterer's state: the vocabulary with its
// document frequencies, every article's bounded profile (not its text;
// empty vectors for the members a story no longer compares, see release),
// every story's bounded centroid, names and figures, and the posting
// lists. Nothing is recomputed on loading, so a restored clusterer answers
// exactly as the saved one would have: two batches give the same stories
// as one. Options are not stored; the caller's options apply.
func (c *Clusterer) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 1024+c.ids.size()*200)
	b = append(b, stateMagic...)
	b = append(b, stateVersion)
	b = binary.AppendUvarint(b, uint64(c.n))
	// vocabulary in id order
	b = binary.AppendUvarint(b, uint64(c.keys.size()))
	for i, k := range c.keys.flat {
		b = binenc.AppendString(b, k)
		b = binary.AppendUvarint(b, uint64(c.df.flat[i]))
		b = binenc.AppendInts(b, c.postings.flat[i])
	}
	b = binary.AppendUvarint(b, uint64(c.stories.size()))
	for i := range c.stories.flat {
		b = appendStory(b, &c.stories.flat[i])
	}
	b = binary.AppendUvarint(b, uint64(c.ids.size()))
	for i := range c.ids.flat {
		b = c.appendArticle(b, i)
	}
	return b, nil
}

// UnmarshalBinary replaces the clusterer's state by a saved one.
func (c *Clusterer) UnmarshalBinary(data []byte) error {
	if len(data) < len(stateMagic)+1 || string(data[:len(stateMagic)]) != stateMagic {
		return bad("not a cluster state")
	}
	version := data[len(stateMagic)]
	if version < 1 || version > stateVersion {
		return bad("unknown cluster state version %d", data[len(stateMagic)])
	}
	r := binenc.NewReader(data[len(stateMagic)+1:], func() error { return bad("truncated cluster state") })
	y := New(c.opts)
	y.n = r.Int()
	nk := r.Int()
	if r.Err() != nil || nk > r.Len() {
		return bad("bad vocabulary size")
	}
	y.df.flat = make([]int32, nk)
	y.postings.flat = make([][]int32, nk)
	for i := 0; i < nk && r.Err() == nil; i++ {
		k := r.Str()
		if k == "" {
			return bad("empty key")
		}
		y.vocab[kindIndex(k[0])][k[1:]] = uint32(i)
		y.keys.push(k)
		y.df.flat[i] = int32(r.Int())
		y.postings.flat[i] = r.Ints()
	}
	ns := r.Int()
	if r.Err() != nil || ns > r.Len() {
		return bad("bad story count")
	}
	y.stories.flat = make([]story, ns)
	for i := 0; i < ns && r.Err() == nil; i++ {
		s := &y.stories.flat[i]
		s.id = r.Str()
		s.first, s.last = int32(r.Varint()), int32(r.Varint())
		s.year = int16(r.Varint())
		s.centroid, s.names, s.figs = readVec(r, nk), readVec(r, nk), readVec(r, nk)
		s.normAt, s.norm = readNorm(r)
		s.nnormAt, s.nnorm = readNorm(r)
		if version >= 2 {
			s.cohAt, s.coh = readNorm(r)
		}
		if s.id != "" {
			y.storyByID[s.id] = int32(i)
		}
	}
	na := r.Int()
	if r.Err() != nil || na > r.Len() {
		return bad("bad article count")
	}
	for i := 0; i < na && r.Err() == nil; i++ {
		id := r.Str()
		s := r.Int()
		cp := r.Int()
		p := readProfile(r, nk, version >= 2)
		if s >= ns {
			return bad("article %d: bad story", i)
		}
		y.ids.push(id)
		y.storyOf.push(int32(s))
		y.copies.push(int32(cp))
		y.profiles.push(p)
		y.byID[id] = int32(i)
		y.stories.flat[s].members = append(y.stories.flat[s].members, int32(i))
	}
	if r.Err() != nil {
		return r.Err()
	}
	for i := range y.stories.flat {
		switch s := &y.stories.flat[i]; {
		case s.id == "" && len(s.members) == 0:
			y.dead++ // emptied by Settle
		case s.id == "" || len(s.members) == 0:
			return bad("story %d has no articles or no id", i)
		}
	}
	for _, pl := range y.postings.flat {
		for _, s := range pl {
			if int(s) >= ns || s < 0 {
				return bad("bad posting")
			}
		}
	}
	if r.Len() != 0 {
		return bad("trailing bytes after cluster state")
	}
	y.buildDirs()
	*c = *y
	return nil
}

// buildDirs makes the directories of the paged form from the keys, the
// article ids and the live stories.
func (c *Clusterer) buildDirs() {
	dir := func(n int, key func(int) string, skip func(int) bool) *pages.Dir {
		hs, vs := make([]uint64, 0, n), make([]int32, 0, n)
		for i := range n {
			if !skip(i) {
				hs, vs = append(hs, xxh3.HashString(key(i))), append(vs, int32(i))
			}
		}
		return pages.DirOf(hs, vs)
	}
	none := func(int) bool { return false }
	c.vocabDir = dir(c.keys.size(), func(i int) string { return c.keys.flat[i] }, none)
	c.artDir = dir(c.ids.size(), func(i int) string { return *c.ids.at(int32(i)) }, none)
	c.storyDir = dir(c.stories.size(), func(i int) string { return c.stories.at(int32(i)).id }, func(i int) bool { return c.stories.at(int32(i)).id == "" })
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
		b = binenc.AppendFloat64(b, v)
	}
	return b
}

func bad(format string, args ...any) error {
	e := storyline.Errorf(storyline.EINVALID, format, args...)
	e.Op = "cluster.UnmarshalBinary"
	return e
}

// readProfile reads a profile written by appendProfile (a state of
// version 1 has no lead persons and places: leads says whether they are
// there), with keys below nk.
func readProfile(r *binenc.Reader, nk int, leads bool) profile {
	var p profile
	p.day = int32(r.Varint())
	p.lang = r.Str()
	p.year = int16(r.Varint())
	p.ntok = int32(r.Int())
	p.terms, p.names, p.figs, p.lead = readVec(r, nk), readVec(r, nk), readVec(r, nk), readVec(r, nk)
	p.normAt, p.norm = readNorm(r)
	if leads {
		p.persons, p.places = readVec(r, nk), readVec(r, nk)
	}
	return p
}

// readNorm reads a cached norm written by appendNorm.
func readNorm(r *binenc.Reader) (int32, float64) {
	at := r.Int()
	if at == 0 {
		return 0, 0
	}
	v := r.Float64()
	if r.Err() != nil {
		return 0, 0
	}
	return int32(at), v
}

// readVec reads a sparse vector written by appendVec whose keys must stay
// below nk.
func readVec(r *binenc.Reader, nk int) []kw {
	n := r.Int()
	if n > r.Len()/2 {
		r.Fail()
		return nil
	}
	out := make([]kw, 0, n)
	k := uint64(0)
	for i := 0; i < n && r.Err() == nil; i++ {
		d := r.Int()
		k += uint64(d)
		w := r.Int()
		if r.Err() != nil || k >= uint64(nk) || (i > 0 && d == 0) {
			r.Fail()
			return nil
		}
		out = append(out, kw{K: uint32(k), W: float32(w) / 256})
	}
	return out
}
