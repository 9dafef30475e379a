package dedup

import (
	"fmt"
	"slices"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pages"
)

// The paged form of an index (internal/pages) is five kinds of pages; their
// formats are in pagefmt.go.
const (
	PageMeta    = "dedup.meta"  // page 0: options, article count, id clashes
	pageArticle = "dedup.art"   // page i: article i (its row)
	pageID      = "dedup.id"    // directory: id hash → article
	pageExact   = "dedup.exact" // directory: exact hash → first article with it
	pageBand    = "dedup.band"  // directory: band key → latest article in the bucket
)

// paged is what a paged index holds instead of the flat slices: the rows
// it read and the rows it added, by article index. Rows never change once
// added, so a loaded row stays valid for the life of the index.
type paged struct {
	read   pages.Reader
	stored int32 // articles in the pages when opened; rows from it on were added here
	n      int   // articles now
	rows   map[int32]*row
	ready  map[string]bool // ids prefetched, which Add may take
}

// row is one article of a paged index.
type row struct {
	id         string
	root, size int32
	hash       uint64
	sig, names []uint32
	next       []int32 // one per band
}

func (p *paged) row(j int32) *row {
	r := p.rows[j]
	if r == nil {
		panic(fmt.Sprintf("dedup: article %d read before it was loaded", j))
	}
	return r
}

func (p *paged) add(i int32, r *row) {
	p.rows[i] = r
	p.n++
}

func (p *paged) mustBeReady(id string) {
	if !p.ready[id] {
		panic(fmt.Sprintf("dedup: Add(%q) on a paged index without Prefetch", id))
	}
}

// Paged reports whether the index reads its pages on demand (OpenPaged).
func (x *Index) Paged() bool { return x.pg != nil }

// OpenPaged opens the index in the pages read returns, reading only its
// meta page: the rest comes with Prefetch. The stored options win over
// opts, which serve only for a store without pages (no meta page), whose
// index is empty. Pages of another layout give an error wrapping
// ErrLayout: they are to be rewritten whole from an index in memory.
func OpenPaged(opts Options, read pages.Reader) (*Index, error) {
	const op = "dedup.OpenPaged"
	got, err := read(PageMeta, []int64{0})
	if err != nil {
		return nil, fmt.Errorf("%s: reading %s: %w", op, PageMeta, err)
	}
	m := meta{opts: opts}
	if data, ok := got[0]; ok {
		if m, err = decodeMeta(data); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	x := newIndex(withDefaults(m.opts), pages.NewPagedDir)
	x.clash = m.clash
	x.pg = &paged{read: read, stored: m.n, n: int(m.n), rows: map[int32]*row{}, ready: map[string]bool{}}
	x.rowsOut, x.metaOut = int(m.n), int(m.n)
	return x, nil
}

// Prefetch loads every page that Add(a) reads, so that Add answers and
// changes the index exactly as an index in memory would. It reads the id
// bucket (and the rows the id may be), the exact bucket, the band buckets
// of the signature, the rows along their chains (one batch per step down
// the chains) and the row of the root Add will name. On an index in memory
// it does nothing.
//
// Add(a) may only follow a Prefetch(a) that returned nil. Several articles
// may be prefetched before they are added, in any order: rows never
// change, and whatever an Add changes was loaded by its own Prefetch.
func (x *Index) Prefetch(a *storyline.Article) error {
	if x.pg == nil {
		return nil
	}
	if err := x.prefetch(a); err != nil {
		return fmt.Errorf("dedup.Prefetch %q: %w", a.ID, err)
	}
	x.pg.ready[a.ID] = true
	return nil
}

// prefetch follows Add's reads step by step, each step loading what the
// next one looks up.
func (x *Index) prefetch(a *storyline.Article) error {
	if found, err := x.prefetchID(a.ID); found || err != nil {
		return err
	}
	n := x.sign(a)
	x.nm = appendNames(x.nm[:0], a)
	matched, err := x.prefetchExact(x.exactHash(a))
	if err != nil || n < x.opts.MinShingles {
		return err
	}
	if err := x.loadBands(); err != nil {
		return err
	}
	if matched {
		return nil // Add looks for no candidate, and links with the buckets alone
	}
	if err := x.loadChains(); err != nil {
		return err
	}
	if j := x.bestCandidate(n); j >= 0 {
		return x.loadRows(x.rootOf(j))
	}
	return nil
}

// prefetchID loads what lookupID reads and reports whether the id was
// added before; then the row of its root is loaded too, for Add's answer.
func (x *Index) prefetchID(id string) (bool, error) {
	h := x.idHash(id)
	if err := x.loadDir(x.byID, pageID, h); err != nil {
		return false, err
	}
	if i, ok := x.byID.Get(h); ok {
		if err := x.loadRows(i); err != nil {
			return false, err
		}
	}
	i, ok := x.lookupID(id)
	if !ok {
		return false, nil
	}
	if err := x.loadRows(i); err != nil { // a clash, listed in the meta page
		return false, err
	}
	return true, x.loadRows(x.rootOf(i))
}

// prefetchExact loads the exact bucket of ex and reports whether an
// earlier article has the hash; then its row and its root's are loaded.
func (x *Index) prefetchExact(ex uint64) (bool, error) {
	if ex == 0 {
		return false, nil
	}
	if err := x.loadDir(x.exact, pageExact, ex); err != nil {
		return false, err
	}
	j, ok := x.exact.Get(ex)
	if !ok {
		return false, nil
	}
	if err := x.loadRows(j); err != nil {
		return false, err
	}
	return true, x.loadRows(x.rootOf(j))
}

// loadBands loads the band buckets of the scratch signature and checks
// that they name existing articles: a new article links to them, and a
// bad link must not reach the pages it writes.
func (x *Index) loadBands() error {
	keys := make([]uint64, x.opts.Bands)
	for b := range keys {
		keys[b] = x.bandKey(b, x.sig)
	}
	if err := x.loadDir(x.buckets, pageBand, keys...); err != nil {
		return err
	}
	for _, k := range keys {
		if j, ok := x.buckets.Get(k); ok && int(j) >= x.pg.n {
			return pageError(pageBand, pages.BucketOf(k), "article %d out of range (%d articles)", j, x.pg.n)
		}
	}
	return nil
}

// loadChains loads the rows bestCandidate walks: every row of the band
// buckets of the scratch signature. Each round reads, in one batch, the
// first row not loaded yet of each chain; rows only link to earlier ones,
// so the rounds end.
func (x *Index) loadChains() error {
	cur := make([]int32, x.opts.Bands)
	for b := range cur {
		cur[b] = -1
		if h, ok := x.buckets.Get(x.bandKey(b, x.sig)); ok {
			cur[b] = h
		}
	}
	var need []int32
	for {
		need = need[:0]
		for b, j := range cur {
			for j >= 0 && x.pg.rows[j] != nil {
				j = x.pg.rows[j].next[b]
			}
			if cur[b] = j; j >= 0 {
				need = append(need, j)
			}
		}
		if len(need) == 0 {
			return nil
		}
		if err := x.loadRows(need...); err != nil {
			return err
		}
	}
}

// loadDir loads the directory buckets of the hashes.
func (x *Index) loadDir(d *pages.Dir, kind string, hashes ...uint64) error {
	if err := d.Load(x.pg.read, kind, hashes); err != nil {
		return fmt.Errorf("loading %s: %w", kind, err)
	}
	return nil
}

// loadRows reads the rows of articles js that are not loaded yet, in one
// batch. Every stored article has a row: a missing one is a bad store.
func (x *Index) loadRows(js ...int32) error {
	p := x.pg
	var nums []int64
	for _, j := range js {
		if p.rows[j] != nil || slices.Contains(nums, int64(j)) {
			continue
		}
		if j < 0 || j >= p.stored {
			return storyline.Errorf(storyline.EINVALID, "article %d out of range (%d articles)", j, p.n)
		}
		nums = append(nums, int64(j))
	}
	if len(nums) == 0 {
		return nil
	}
	got, err := p.read(pageArticle, nums)
	if err != nil {
		return fmt.Errorf("reading %s: %w", pageArticle, err)
	}
	for _, num := range nums {
		data, ok := got[num]
		if !ok {
			return pageError(pageArticle, num, "missing")
		}
		r, err := x.decodeRow(data, int32(num))
		if err != nil {
			return err
		}
		p.rows[int32(num)] = r
	}
	return nil
}

// AppendDirtyPages appends the pages changed since the last call (every
// page after MarkAllDirty) and forgets that they were dirty. Rows never
// change once added, so the dirty rows are those added since.
func (x *Index) AppendDirtyPages(dst []storyline.Page) []storyline.Page {
	n := x.Len()
	if x.metaOut != n {
		dst = append(dst, storyline.Page{Kind: PageMeta, Num: 0, Data: x.encodeMeta()})
		x.metaOut = n
	}
	for i := x.rowsOut; i < n; i++ {
		dst = append(dst, storyline.Page{Kind: pageArticle, Num: int64(i), Data: x.encodeRow(int32(i))})
	}
	x.rowsOut = n
	dst = x.byID.AppendDirty(dst, pageID)
	dst = x.exact.AppendDirty(dst, pageExact)
	return x.buckets.AppendDirty(dst, pageBand)
}

// MarkAllDirty makes the next AppendDirtyPages return the whole index, for
// a write that replaces every stored page (the first write of a store
// without pages, or after UnmarshalBinary): empty directory buckets are
// left out, as an absent bucket is empty. A paged index never holds the
// whole index, so it ignores the call.
func (x *Index) MarkAllDirty() {
	if x.pg != nil {
		return
	}
	x.rowsOut, x.metaOut = 0, -1
	x.byID.MarkAll()
	x.exact.MarkAll()
	x.buckets.MarkAll()
}
