package cluster

// column is one of the clusterer's store-sized arrays (by key or by
// article): a flat slice in a clusterer in memory, and in a paged one a
// map of chunks holding the entries it loaded or added, so that opening a
// paged clusterer on a large store allocates (and the collector scans)
// nothing in proportion to the store.
type column[T any] struct {
	flat   []T
	sparse map[int32][]T // nil: flat
	n      int           // length when sparse
	chunk  int32         // entries of a chunk when sparse
	// last and lastNo are the chunk at touched last and its number:
	// decoding a page and scoring walk a chunk entry by entry.
	last   []T
	lastNo int32
}

// rowChunk is the entries of one chunk of a sparse column read at
// scattered indexes: articles, stories and the idf caches. A chunk is
// allocated (and zeroed) whole when one of its entries is first touched;
// with 64 entries, a loaded article zeroed 11-12 KB. The columns read a
// page at a time come in chunks of a page: document frequencies (dfPage),
// key texts and posting lists (keyPage).
const rowChunk = 4

// sparseColumn returns a paged column of length n in chunks of chunk
// entries.
func sparseColumn[T any](n int, chunk int32) column[T] {
	return column[T]{sparse: map[int32][]T{}, n: n, chunk: chunk}
}

// size is the column's length.
func (c *column[T]) size() int {
	if c.sparse == nil {
		return len(c.flat)
	}
	return c.n
}

// at returns the entry i, to read or write (a paged column holds a zero
// entry for an index it never saw).
func (c *column[T]) at(i int32) *T {
	if c.sparse == nil {
		return &c.flat[i]
	}
	no := i / c.chunk
	if c.last != nil && c.lastNo == no {
		return &c.last[i%c.chunk]
	}
	ch := c.sparse[no]
	if ch == nil {
		ch = make([]T, c.chunk)
		c.sparse[no] = ch
	}
	c.last, c.lastNo = ch, no
	return &ch[i%c.chunk]
}

// push appends an entry.
func (c *column[T]) push(v T) {
	if c.sparse == nil {
		c.flat = append(c.flat, v)
		return
	}
	*c.at(int32(c.n)) = v
	c.n++
}
