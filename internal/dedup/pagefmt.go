package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/binenc"
)

// Page formats. The directories (dedup.id, dedup.exact, dedup.band) are
// pages.Dir buckets. The others are runs of uvarints, length-prefixed
// strings and little-endian words (binenc), read as untrusted input:
// a bad page is an error, never a panic or a wrong index.
//
//	dedup.meta 0: version (1), options (as in the checkpoint, version 2),
//	    article count, then the ids whose hash another id held when they
//	    were added: a count, then each id and its article, by id.
//	dedup.art i: id, root, shingle count, exact hash (8 bytes), signature
//	    (Bands*Rows 4-byte words), names (a count ≤ maxNames, then 4-byte
//	    hashes), then per band the article before i in its bucket, plus one
//	    (0: none).
//
// metaVersion names the layout of every kind: it changes with any of them,
// and pages of another layout are rewritten whole (PagesCurrent).
const metaVersion = 1

// ErrLayout is the error of OpenPaged on pages of another layout.
var ErrLayout = errors.New("dedup: index pages of another layout")

// PagesCurrent reports whether a stored meta page (nil: none) is of this
// build's layout.
func PagesCurrent(meta []byte) bool { return len(meta) > 0 && meta[0] == metaVersion }

// maxArticles bounds the article count of a meta page: far above any store,
// it leaves room for the int32 article indexes to grow.
const maxArticles = 1 << 30

// meta is the content of the meta page.
type meta struct {
	opts  Options
	n     int32
	clash map[string]int32
}

// encodeMeta writes the meta page; the clash list is sorted so that the
// page is the same bytes whatever the map's order.
func (x *Index) encodeMeta() []byte {
	b := []byte{metaVersion}
	b = appendOptions(b, x.opts)
	b = binary.AppendUvarint(b, uint64(x.Len()))
	ids := make([]string, 0, len(x.clash))
	for id := range x.clash {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = binenc.AppendString(b, id)
		b = binary.AppendUvarint(b, uint64(x.clash[id]))
	}
	return b
}

// decodeMeta reads a meta page; its clash list must be in order and name
// existing articles.
func decodeMeta(data []byte) (meta, error) {
	r := binenc.NewReader(data, nil)
	if !PagesCurrent(data) {
		return meta{}, fmt.Errorf("%w (%s page 0)", ErrLayout, PageMeta)
	}
	r.Byte()
	o, ok := readOptions(r, 2)
	if !ok {
		return meta{}, pageError(PageMeta, 0, "bad options")
	}
	n := r.Int()
	if r.Err() != nil || n > maxArticles {
		return meta{}, pageError(PageMeta, 0, "bad article count")
	}
	m := meta{opts: o, n: int32(n)}
	c := r.Int()
	if r.Err() != nil || c > r.Len()/2 {
		return meta{}, pageError(PageMeta, 0, "bad clash count")
	}
	prev := ""
	for i := 0; i < c; i++ {
		id, j := r.Str(), r.Int()
		if r.Err() != nil || j >= n || (i > 0 && id <= prev) {
			return meta{}, pageError(PageMeta, 0, "bad clash %d", i)
		}
		if m.clash == nil {
			m.clash = make(map[string]int32, c)
		}
		m.clash[id], prev = int32(j), id
	}
	if r.Len() != 0 {
		return meta{}, pageError(PageMeta, 0, "trailing bytes")
	}
	return m, nil
}

// encodeRow writes the row of article i.
func (x *Index) encodeRow(i int32) []byte {
	id, names := x.idOf(i), x.namesOf(i)
	b := make([]byte, 0, len(id)+24+4*(x.k+len(names))+x.opts.Bands*3)
	b = binenc.AppendString(b, id)
	b = binary.AppendUvarint(b, uint64(x.rootOf(i)))
	b = binary.AppendUvarint(b, uint64(x.sizeOf(i)))
	b = binary.LittleEndian.AppendUint64(b, x.hashOf(i))
	for _, v := range x.sigOf(i) {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, v := range names {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	for band := 0; band < x.opts.Bands; band++ {
		b = binary.AppendUvarint(b, uint64(x.nextOf(i, band)+1))
	}
	return b
}

// decodeRow reads the row of article i. Its root and links must be earlier
// articles (or itself, for the root): the chains then end, and every index
// Add follows from it is in range.
func (x *Index) decodeRow(data []byte, i int32) (*row, error) {
	r := binenc.NewReader(data, nil)
	w := &row{id: r.Str()}
	root, size := r.Int(), r.Int()
	w.hash = r.Uint64()
	sig := r.Next(4 * x.k)
	if r.Err() != nil || root > int(i) {
		return nil, pageError(pageArticle, int64(i), "bad article row")
	}
	w.root, w.size, w.sig = int32(root), int32(size), words(sig)
	m := r.Int()
	names := r.Next(4 * m)
	if r.Err() != nil || m > maxNames {
		return nil, pageError(pageArticle, int64(i), "bad names")
	}
	w.names = words(names)
	w.next = make([]int32, x.opts.Bands)
	for b := range w.next {
		nx := r.Int()
		if r.Err() != nil || nx > int(i) {
			return nil, pageError(pageArticle, int64(i), "bad bucket link")
		}
		w.next[b] = int32(nx) - 1
	}
	if r.Len() != 0 {
		return nil, pageError(pageArticle, int64(i), "trailing bytes")
	}
	return w, nil
}

// words decodes little-endian 32-bit words.
func words(b []byte) []uint32 {
	out := make([]uint32, len(b)/4)
	for j := range out {
		out[j] = binary.LittleEndian.Uint32(b[4*j:])
	}
	return out
}

// pageError is the error of a bad page.
func pageError(kind string, num int64, format string, args ...any) error {
	e := storyline.Errorf(storyline.EINVALID, format, args...)
	e.Input = fmt.Sprintf("%s page %d", kind, num)
	return e
}
