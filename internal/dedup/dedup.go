// Package dedup finds exact and near-duplicate articles: the same wire text
// syndicated by several outlets, perhaps under another headline or with a
// trimmed ending. Copies stay in their story but must not count as
// independent corroboration, so the brief needs to know them.
//
// Method: every article is signed with a MinHash signature over its word
// shingles (k consecutive folded tokens, hashed with xxh3 so signatures are
// stable across runs and machines). Locality-sensitive hashing splits the
// signature into bands; articles sharing a band bucket are candidates, and a
// candidate is a copy when the estimated Jaccard similarity of the shingle
// sets, or the estimated containment of the smaller text in the larger, is
// high. Independent reports of one event share few 4-word shingles
// (Jaccard well under 0.1), so they stay apart. Exact copies (the same
// folded token sequence) are found by one hash. A copy also names the same
// people and places: texts cut from one template (results, earnings,
// weather alerts) share most shingles but not their names, and are
// different events, so a candidate whose names mostly differ is no copy.
//
// The cost per article is one pass over its tokens plus a bounded number of
// bucket look-ups: nothing is quadratic in the number of articles.
//
// The index is kept in the store as pages (paged.go): a process holding it
// in memory writes the pages its additions changed, and a process adding
// a few articles to a large store opens it paged and reads only the pages
// those articles touch.
package dedup

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pages"
)

// Options tunes the detector. The defaults catch copies with an estimated
// Jaccard similarity of 0.6 with probability 0.93 and of 0.7 with 0.99,
// while pairs under 0.3 become candidates less than 15% of the time (and
// are then rejected by the verification).
type Options struct {
	// Shingle is the number of consecutive tokens in a shingle (4). Shorter
	// shingles make independent reports look alike through stock phrases.
	Shingle int
	// Bands and Rows split the signature of Bands*Rows hashes (20 x 4).
	Bands, Rows int
	// Threshold is the estimated Jaccard similarity of the shingle sets
	// from which two articles are copies (0.5).
	Threshold float64
	// Containment is the estimated share of the smaller article's shingles
	// found in the larger from which it is a trimmed copy (0.8), provided
	// the smaller holds at least MinShare of the larger's shingles (0.25).
	Containment float64
	MinShare    float64
	// MinShingles is the number of shingles below which an article is
	// only compared exactly (5): very short texts say too little.
	MinShingles int
	// NameShare is the share of the names (capitalised words inside a
	// sentence) of the article with fewer names that the other must have
	// too (0.5), checked when both have at least MinNames names (3).
	NameShare float64
	MinNames  int
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{Shingle: 4, Bands: 20, Rows: 4, Threshold: 0.5, Containment: 0.8, MinShare: 0.25, MinShingles: 5,
		NameShare: 0.5, MinNames: 3}
}

// Index holds the signatures of the articles added so far. It is not safe
// for concurrent use: the pipeline adds articles one at a time, in arrival
// order, which is what makes "earliest copy" well defined.
//
// An index is either in memory, every article in the flat slices below,
// or paged (OpenPaged): its articles are rows read on demand into pg, and
// the slices stay empty. Both keep their directories in pages.Dir, so that
// they write the same pages (paged.go).
type Index struct {
	opts Options
	k    int      // hashes per signature
	ids  []string // article ids in order of addition
	root []int32  // index of the earliest copy of each article (itself when original)
	size []int32  // number of shingles (with repeats) of each article
	sigs []uint32 // signatures, k per article
	hash []uint64 // exact hash of each article (0: none)
	// names holds each article's name hashes (sorted, at most maxNames):
	// article i's are names[nameAt[i]:nameAt[i+1]].
	names  []uint32
	nameAt []int32
	// next chains the articles of a band bucket (one entry per article
	// and band, -1 at the end); buckets maps a band key to the latest
	// article in it, so a bucket is a linked list without a slice per key.
	next    []int32
	buckets *pages.Dir
	// exact maps an exact hash to the first article with it.
	exact *pages.Dir
	// byID maps the hash of an article id (idHash) to its index. An id
	// whose hash an earlier id already holds goes to clash instead, so
	// the index answers exactly as a map of ids would.
	byID   *pages.Dir
	clash  map[string]int32
	idHash func(string) uint64 // xxh3; tests force collisions

	pg *paged // nil in memory
	// What AppendDirtyPages wrote last: the article rows before rowsOut,
	// the meta page as of metaOut articles (-1: to be written).
	rowsOut, metaOut int

	seeds []uint64 // multipliers of the k hash functions (odd)
	sig   []uint32 // scratch signature
	nm    []uint32 // scratch names
	seen  []int32  // scratch: candidates already verified
}

// New returns an empty index.
func New(opts Options) *Index { return newIndex(withDefaults(opts), pages.NewDir) }

// withDefaults fills the options that signing cannot do without.
func withDefaults(opts Options) Options {
	d := DefaultOptions()
	if opts.Shingle <= 0 {
		opts.Shingle = d.Shingle
	}
	if opts.Bands <= 0 || opts.Rows <= 0 {
		opts.Bands, opts.Rows = d.Bands, d.Rows
	}
	if opts.MinShingles <= 0 {
		opts.MinShingles = d.MinShingles
	}
	return opts
}

// newIndex returns an empty index whose directories newDir makes (in
// memory or paged).
func newIndex(opts Options, newDir func() *pages.Dir) *Index {
	x := &Index{opts: opts, k: opts.Bands * opts.Rows, nameAt: []int32{0},
		exact: newDir(), byID: newDir(), buckets: newDir(), idHash: xxh3.HashString}
	x.seeds = make([]uint64, x.k)
	for i := range x.seeds {
		// Fixed, well-mixed odd multipliers derived from the index: the
		// signature of a text must not change between runs.
		x.seeds[i] = xxh3.HashSeed([]byte("storyline-minhash"), uint64(i)) | 1
	}
	x.sig = make([]uint32, x.k)
	return x
}

// Len is the number of articles added.
func (x *Index) Len() int {
	if x.pg != nil {
		return x.pg.n
	}
	return len(x.ids)
}

// Add signs the article, looks up its band buckets, verifies the
// candidates and returns the id of the earliest article it copies, or ""
// when it is original. The earliest copy is the root of the first
// (earliest added) verified candidate, so chains of copies all point to one
// article. Adding an id again changes nothing and returns the first answer.
//
// A paged index must have prefetched the article (Prefetch) and panics
// otherwise: the pages Add would read are not there, and the pages it
// would write would lose entries.
func (x *Index) Add(a *storyline.Article) (duplicateOf string) {
	if x.pg != nil {
		x.pg.mustBeReady(a.ID)
	}
	if i, ok := x.lookupID(a.ID); ok {
		return x.answer(i, x.rootOf(i))
	}
	me := int32(x.Len())
	n := x.sign(a)
	x.nm = appendNames(x.nm[:0], a)
	ex := x.exactHash(a)
	root := me
	if j, ok := x.exactMatch(ex); ok {
		root = x.rootOf(j)
	} else if n >= x.opts.MinShingles {
		if j := x.bestCandidate(n); j >= 0 {
			root = x.rootOf(j)
		}
	}
	x.push(a.ID, root, n, ex)
	return x.answer(me, root)
}

// answer is what Add returns for article i of root r.
func (x *Index) answer(i, r int32) string {
	if r != i {
		return x.idOf(r)
	}
	return ""
}

// exactMatch returns the first article with the exact hash ex; empty
// articles (ex 0) match nothing.
func (x *Index) exactMatch(ex uint64) (int32, bool) {
	if ex == 0 {
		return 0, false
	}
	return x.exact.Get(ex)
}

// lookupID returns the index of an article id, as a map of ids would.
func (x *Index) lookupID(id string) (int32, bool) {
	if i, ok := x.byID.Get(x.idHash(id)); ok && x.idOf(i) == id {
		return i, true
	}
	i, ok := x.clash[id]
	return i, ok
}

// push appends article me = Len() with the scratch signature and names,
// and enters it in the directories.
func (x *Index) push(id string, root int32, n int, ex uint64) {
	me := int32(x.Len())
	x.putID(id, me)
	if _, ok := x.exactMatch(ex); !ok && ex != 0 {
		x.exact.Put(ex, me)
	}
	if x.pg != nil {
		x.pg.add(me, &row{id: id, root: root, size: int32(n), hash: ex,
			sig: slices.Clone(x.sig), names: slices.Clone(x.nm), next: x.link(me, n, x.sig, nil)})
		return
	}
	x.ids = append(x.ids, id)
	x.root = append(x.root, root)
	x.size = append(x.size, int32(n))
	x.hash = append(x.hash, ex)
	x.sigs = append(x.sigs, x.sig...)
	x.names = append(x.names, x.nm...)
	x.nameAt = append(x.nameAt, int32(len(x.names)))
	x.next = x.link(me, n, x.sig, x.next)
}

// putID enters a new id. Its hash may, once in billions of years of
// news, be another id's: then the id goes to the clash list, which the
// meta page keeps, and the first id keeps the directory entry.
func (x *Index) putID(id string, i int32) {
	h := x.idHash(id)
	if _, taken := x.byID.Get(h); taken {
		if x.clash == nil {
			x.clash = map[string]int32{}
		}
		x.clash[id] = i
		return
	}
	x.byID.Put(h, i)
}

// link puts article i of signature sig into its band buckets (only when
// it has enough shingles to be compared at all) and appends its links to
// the earlier articles of each bucket to next.
func (x *Index) link(i int32, n int, sig []uint32, next []int32) []int32 {
	for b := 0; b < x.opts.Bands; b++ {
		nx := int32(-1)
		if n >= x.opts.MinShingles {
			key := x.bandKey(b, sig)
			if h, ok := x.buckets.Get(key); ok {
				nx = h
			}
			x.buckets.Put(key, i)
		}
		next = append(next, nx)
	}
	return next
}

// The accessors of article j's fields read the flat slices in memory and
// the loaded rows of a paged index.

func (x *Index) idOf(j int32) string {
	if x.pg != nil {
		return x.pg.row(j).id
	}
	return x.ids[j]
}

func (x *Index) rootOf(j int32) int32 {
	if x.pg != nil {
		return x.pg.row(j).root
	}
	return x.root[j]
}

func (x *Index) sizeOf(j int32) int32 {
	if x.pg != nil {
		return x.pg.row(j).size
	}
	return x.size[j]
}

func (x *Index) hashOf(j int32) uint64 {
	if x.pg != nil {
		return x.pg.row(j).hash
	}
	return x.hash[j]
}

func (x *Index) sigOf(j int32) []uint32 {
	if x.pg != nil {
		return x.pg.row(j).sig
	}
	return x.sigs[int(j)*x.k : int(j+1)*x.k]
}

func (x *Index) namesOf(j int32) []uint32 {
	if x.pg != nil {
		return x.pg.row(j).names
	}
	return x.names[x.nameAt[j]:x.nameAt[j+1]]
}

// nextOf is the article before j in its bucket of band b (-1: none).
func (x *Index) nextOf(j int32, b int) int32 {
	if x.pg != nil {
		return x.pg.row(j).next[b]
	}
	return x.next[int(j)*x.opts.Bands+b]
}

// bestCandidate returns the earliest verified copy among the articles that
// share a band bucket with the scratch signature, or -1.
func (x *Index) bestCandidate(n int) int32 {
	best := int32(-1)
	x.seen = x.seen[:0]
	for b := 0; b < x.opts.Bands; b++ {
		h, ok := x.buckets.Get(x.bandKey(b, x.sig))
		if !ok {
			continue
		}
		for j := h; j >= 0; j = x.nextOf(j, b) {
			if best >= 0 && j >= best {
				continue // only an earlier copy can improve the answer
			}
			if contains(x.seen, j) {
				continue
			}
			x.seen = append(x.seen, j)
			if x.isCopy(j, n) {
				best = j
			}
		}
	}
	return best
}

func contains(s []int32, v int32) bool {
	for _, w := range s {
		if w == v {
			return true
		}
	}
	return false
}

// isCopy verifies a candidate: estimated Jaccard similarity, or estimated
// containment of the smaller shingle set in the larger one.
func (x *Index) isCopy(j int32, n int) bool {
	other := x.sigOf(j)
	same := 0
	for i, v := range x.sig {
		if other[i] == v {
			same++
		}
	}
	jac := float64(same) / float64(x.k)
	if jac == 0 || !x.sameNames(j) {
		return false
	}
	if jac >= x.opts.Threshold {
		return true
	}
	if x.opts.Containment <= 0 {
		return false
	}
	// |A ∩ B| = J (|A| + |B|) / (1 + J); sizes count repeated shingles,
	// which is close enough for news text.
	m := int(x.sizeOf(j))
	lo, hi := float64(min(n, m)), float64(max(n, m))
	if lo < hi*x.opts.MinShare {
		return false
	}
	inter := jac * (lo + hi) / (1 + jac)
	return inter/lo >= x.opts.Containment
}

// sameNames reports whether article j and the scratch names agree: the
// article with fewer names shares at least NameShare of them with the
// other, or one of them has too few names to tell.
func (x *Index) sameNames(j int32) bool {
	a, b := x.namesOf(j), x.nm
	lo := min(len(a), len(b))
	if x.opts.MinNames <= 0 || lo < x.opts.MinNames {
		return true
	}
	common := 0
	for i, k := 0, 0; i < len(a) && k < len(b); {
		switch {
		case a[i] < b[k]:
			i++
		case a[i] > b[k]:
			k++
		default:
			common++
			i++
			k++
		}
	}
	return float64(common) >= x.opts.NameShare*float64(lo)
}

// maxNames bounds the names kept per article: the smallest hashes, a
// consistent sample when an article names more.
const maxNames = 64

// appendNames appends the sorted, distinct hashes of the article's names
// to dst: its capitalised words of three letters or more that do not start
// a sentence, by folded form.
func appendNames(dst []uint32, a *storyline.Article) []uint32 {
	start := len(dst)
	src := a.Text
	for _, t := range a.Tokens {
		if t.Start <= 0 || t.End > len(src) || t.End-t.Start < 3 || len(t.Norm) < 3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(src[t.Start:])
		if !unicode.IsUpper(r) || sentenceStart(src[:t.Start]) {
			continue
		}
		dst = append(dst, uint32(xxh3.HashString(t.Norm)))
	}
	names := dst[start:]
	slices.Sort(names)
	names = slices.Compact(names)
	return dst[:start+min(len(names), maxNames)]
}

// sentenceStart reports whether a word after this text starts a sentence:
// the text ends, past spaces and opening quotes or brackets, in a full
// stop, question or exclamation mark, a line break or nothing.
func sentenceStart(before string) bool {
	for i := len(before); i > 0; {
		r, size := utf8.DecodeLastRuneInString(before[:i])
		switch {
		case r == '\n' || r == '.' || r == '!' || r == '?' || r == ':':
			return true
		case unicode.IsSpace(r) || strings.ContainsRune("\"'“‘«([—–-", r):
			i -= size
		default:
			return false
		}
	}
	return true
}

// bandKey hashes one band of a signature with its band number.
func (x *Index) bandKey(b int, sig []uint32) uint64 {
	var buf [4 + 4*16]byte
	r := x.opts.Rows
	binary.LittleEndian.PutUint32(buf[:4], uint32(b))
	p := buf[:4]
	for _, v := range sig[b*r : (b+1)*r] {
		p = binary.LittleEndian.AppendUint32(p, v)
	}
	return xxh3.Hash(p)
}

// sign computes the MinHash signature of the article into x.sig and returns
// the number of shingles. A shingle's hash combines the xxh3 hashes of its
// tokens' folded forms; the k hash functions are multiply-shift hashes of
// it, which costs one multiplication per function and shingle.
func (x *Index) sign(a *storyline.Article) int {
	for i := range x.sig {
		x.sig[i] = math.MaxUint32
	}
	k := x.opts.Shingle
	toks := a.Tokens
	if len(toks) < k {
		return 0
	}
	var ring [64]uint64
	if k > len(ring) {
		k = len(ring)
	}
	n := 0
	for i, t := range toks {
		ring[i%k] = xxh3.HashString(t.Norm)
		if i < k-1 {
			continue
		}
		var h uint64
		for j := 0; j < k; j++ {
			h = bits.RotateLeft64(h, 23) ^ ring[(i-k+1+j)%k]
			h *= 0x9E3779B97F4A7C15
		}
		h ^= h >> 29
		for f, m := range x.seeds {
			v := uint32((h * m) >> 32)
			if v < x.sig[f] {
				x.sig[f] = v
			}
		}
		n++
	}
	return n
}

// exactHash hashes the folded token sequence (the cleaned text when the
// article has no tokens), so exact copies that differ only in case,
// accents, spacing or punctuation are found. Empty articles get 0: they
// are copies of nothing.
func (x *Index) exactHash(a *storyline.Article) uint64 {
	if len(a.Tokens) == 0 {
		if a.Text == "" {
			return 0
		}
		return xxh3.HashString(a.Text) | 1
	}
	h := xxh3.New()
	for _, t := range a.Tokens {
		h.WriteString(t.Norm)
		h.Write([]byte{0})
	}
	return h.Sum64() | 1
}
