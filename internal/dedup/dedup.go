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
	exact  map[uint64]int32
	byID   map[string]int32
	// buckets maps a band key to the latest article in it; next chains
	// the earlier ones (one entry per article and band), so a bucket is a
	// linked list without a slice per key.
	buckets map[uint64]int32
	next    []int32

	seeds []uint64 // multipliers of the k hash functions (odd)
	sig   []uint32 // scratch signature
	nm    []uint32 // scratch names
	seen  []int32  // scratch: candidates already verified
}

// New returns an empty index.
func New(opts Options) *Index {
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
	x := &Index{opts: opts, k: opts.Bands * opts.Rows,
		exact: map[uint64]int32{}, byID: map[string]int32{}, buckets: map[uint64]int32{}, nameAt: []int32{0}}
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
func (x *Index) Len() int { return len(x.ids) }

// Add signs the article, looks up its band buckets, verifies the
// candidates and returns the id of the earliest article it copies, or ""
// when it is original. The earliest copy is the root of the first
// (earliest added) verified candidate, so chains of copies all point to one
// article. Adding an id again changes nothing and returns the first answer.
func (x *Index) Add(a *storyline.Article) (duplicateOf string) {
	if i, ok := x.byID[a.ID]; ok {
		if r := x.root[i]; r != i {
			return x.ids[r]
		}
		return ""
	}
	me := int32(len(x.ids))
	n := x.sign(a)
	x.nm = appendNames(x.nm[:0], a)
	ex := x.exactHash(a)
	root := me
	if ex != 0 {
		if j, ok := x.exact[ex]; ok {
			root = x.root[j]
		} else {
			x.exact[ex] = me
		}
	}
	if root == me && n >= x.opts.MinShingles {
		if j := x.bestCandidate(n); j >= 0 {
			root = x.root[j]
		}
	}
	x.ids = append(x.ids, a.ID)
	x.root = append(x.root, root)
	x.size = append(x.size, int32(n))
	x.hash = append(x.hash, ex)
	x.sigs = append(x.sigs, x.sig...)
	x.names = append(x.names, x.nm...)
	x.nameAt = append(x.nameAt, int32(len(x.names)))
	x.byID[a.ID] = me
	x.link(me, n)
	if root != me {
		return x.ids[root]
	}
	return ""
}

// link puts article i into its band buckets (only when it has enough
// shingles to be compared at all).
func (x *Index) link(i int32, n int) {
	for b := 0; b < x.opts.Bands; b++ {
		nx := int32(-1)
		if n >= x.opts.MinShingles {
			key := x.bandKey(b, x.sigs[int(i)*x.k:])
			if h, ok := x.buckets[key]; ok {
				nx = h
			}
			x.buckets[key] = i
		}
		x.next = append(x.next, nx)
	}
}

// bestCandidate returns the earliest verified copy among the articles that
// share a band bucket with the scratch signature, or -1.
func (x *Index) bestCandidate(n int) int32 {
	best := int32(-1)
	x.seen = x.seen[:0]
	for b := 0; b < x.opts.Bands; b++ {
		h, ok := x.buckets[x.bandKey(b, x.sig)]
		if !ok {
			continue
		}
		for j := h; j >= 0; j = x.next[int(j)*x.opts.Bands+b] {
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
	other := x.sigs[int(j)*x.k : int(j+1)*x.k]
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
	m := int(x.size[j])
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
	a, b := x.names[x.nameAt[j]:x.nameAt[j+1]], x.nm
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
