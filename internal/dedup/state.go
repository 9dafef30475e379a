package dedup

import (
	"encoding/binary"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/binenc"
)

// stateMagic starts the persisted form; the byte after it is the version.
const stateMagic = "SLDD"

// stateVersion 2 added the name options and each article's names; a
// version 1 index loads with no names (its articles' names go unchecked).
const stateVersion = 2

// MarshalBinary writes the index compactly: the options, then per article
// its id, root, shingle count, exact hash, signature (Bands*Rows 32-bit
// values) and names (a count, then 32-bit hashes). The band buckets are
// not stored; UnmarshalBinary rebuilds them in the original order, so a
// restored index answers exactly as the one that was saved. A paged index
// holds too little to be saved this way.
func (x *Index) MarshalBinary() ([]byte, error) {
	if x.pg != nil {
		e := storyline.Errorf(storyline.EINVALID, "a paged index has no checkpoint form")
		e.Op = "dedup.MarshalBinary"
		return nil, e
	}
	b := make([]byte, 0, 64+len(x.ids)*(x.k*4+40))
	b = append(b, stateMagic...)
	b = append(b, stateVersion)
	b = appendOptions(b, x.opts)
	b = binary.AppendUvarint(b, uint64(len(x.ids)))
	for i, id := range x.ids {
		b = binenc.AppendString(b, id)
		b = binary.AppendUvarint(b, uint64(x.root[i]))
		b = binary.AppendUvarint(b, uint64(x.size[i]))
		b = binary.LittleEndian.AppendUint64(b, x.hash[i])
		for _, v := range x.sigs[i*x.k : (i+1)*x.k] {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
		names := x.names[x.nameAt[i]:x.nameAt[i+1]]
		b = binary.AppendUvarint(b, uint64(len(names)))
		for _, v := range names {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	return b, nil
}

// appendOptions writes the options of the checkpoint (version 2) and of
// the meta page.
func appendOptions(b []byte, o Options) []byte {
	for _, v := range []int{o.Shingle, o.Bands, o.Rows, o.MinShingles} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	for _, f := range []float64{o.Threshold, o.Containment, o.MinShare} {
		b = binenc.AppendFloat64(b, f)
	}
	b = binenc.AppendFloat64(b, o.NameShare)
	return binary.AppendUvarint(b, uint64(o.MinNames))
}

// readOptions reads what appendOptions wrote (without the name options
// before version 2: those are left zero) and checks that signing and band
// keys can work with them.
func readOptions(r *binenc.Reader, version byte) (Options, bool) {
	var o Options
	o.Shingle, o.Bands, o.Rows, o.MinShingles = r.Int(), r.Int(), r.Int(), r.Int()
	o.Threshold, o.Containment, o.MinShare = r.Float64(), r.Float64(), r.Float64()
	if version >= 2 {
		o.NameShare, o.MinNames = r.Float64(), r.Int()
	}
	ok := r.Err() == nil && o.Shingle > 0 && o.Shingle <= 64 && o.Bands > 0 && o.Rows > 0 && o.Rows <= 16 &&
		o.Bands*o.Rows <= 4096
	return o, ok
}

// UnmarshalBinary replaces the index by a saved one. The saved options win
// over those given to New: signatures are only comparable under the
// options that made them. A version 1 index takes its name options from
// New. The restored index has every page dirty (MarkAllDirty).
func (x *Index) UnmarshalBinary(data []byte) error {
	if len(data) < len(stateMagic)+1 || string(data[:len(stateMagic)]) != stateMagic {
		return bad("not a dedup index")
	}
	r := binenc.NewReader(data[len(stateMagic):], func() error { return bad("truncated dedup index") })
	version := r.Byte()
	if version != 1 && version != stateVersion {
		return bad("unknown dedup index version %d", version)
	}
	o, ok := readOptions(r, version)
	if !ok {
		return bad("bad dedup options")
	}
	if version < 2 {
		// Names do not change signatures: new articles of an old index
		// are checked with the options given to New.
		o.NameShare, o.MinNames = x.opts.NameShare, x.opts.MinNames
	}
	n := r.Int()
	k := o.Bands * o.Rows
	if r.Err() != nil || n < 0 || n > r.Len()/(k*4+10) {
		return bad("bad dedup article count")
	}
	y := New(o)
	y.MarkAllDirty() // first: the directories then skip marking each bucket
	y.ids = make([]string, 0, n)
	y.sigs = make([]uint32, 0, n*k)
	for i := 0; i < n; i++ {
		if err := y.readArticle(r, version); err != nil {
			return err
		}
	}
	if r.Len() != 0 {
		return bad("trailing bytes after dedup index")
	}
	*x = *y
	return nil
}

// readArticle reads the next saved article into the scratch signature and
// names and appends it.
func (x *Index) readArticle(r *binenc.Reader, version byte) error {
	i := x.Len()
	id := r.Str()
	root, size := r.Int(), r.Int()
	h := r.Uint64()
	if r.Err() != nil || root > i || root < 0 {
		return bad("bad dedup article %d", i)
	}
	if r.Len() < 4*x.k {
		return bad("short dedup signature %d", i)
	}
	sig := r.Next(4 * x.k)
	for j := range x.sig {
		x.sig[j] = binary.LittleEndian.Uint32(sig[4*j:])
	}
	x.nm = x.nm[:0]
	if version >= 2 {
		m := r.Int()
		if r.Err() != nil || m < 0 || m > maxNames || r.Len() < 4*m {
			return bad("bad dedup names %d", i)
		}
		names := r.Next(4 * m)
		for j := 0; j < m; j++ {
			x.nm = append(x.nm, binary.LittleEndian.Uint32(names[4*j:]))
		}
	}
	if _, dup := x.lookupID(id); dup {
		return bad("duplicate id %q in dedup index", id)
	}
	x.push(id, int32(root), size, h)
	return nil
}

func bad(format string, args ...any) error {
	e := storyline.Errorf(storyline.EINVALID, format, args...)
	e.Op = "dedup.UnmarshalBinary"
	return e
}
