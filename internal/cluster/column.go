package cluster

// column is one of the clusterer's store-sized arrays (by key or by
// article): a flat slice in a clusterer in memory, and in a paged one a
// map of chunks holding the entries it loaded or added, so that opening a
// paged clusterer on a large store allocates (and the collector scans)
// nothing in proportion to the store.
type column[T any] struct {
	flat   []T
	sparse map[int32]*[chunkLen]T // nil: flat
	n      int                    // length when sparse
	// last and lastNo are the chunk at touched last and its number:
	// decoding a page and scoring walk a chunk entry by entry.
	last   *[chunkLen]T
	lastNo int32
}

// chunkLen is the entries of one chunk of a sparse column: a page's worth
// of document frequencies fills 16 of them, a loaded profile one.
const chunkLen = 64

// sparseColumn returns a paged column of length n.
func sparseColumn[T any](n int) column[T] { return column[T]{sparse: map[int32]*[chunkLen]T{}, n: n} }

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
	no := i / chunkLen
	if c.last != nil && c.lastNo == no {
		return &c.last[i%chunkLen]
	}
	ch := c.sparse[no]
	if ch == nil {
		ch = new([chunkLen]T)
		c.sparse[no] = ch
	}
	c.last, c.lastNo = ch, no
	return &ch[i%chunkLen]
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
