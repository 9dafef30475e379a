package cluster

// column is one of the clusterer's store-sized arrays (by key or by
// article): a flat slice in a clusterer in memory, and in a paged one a
// map of the entries it loaded or added, so that opening a paged
// clusterer on a large store allocates (and the collector scans) nothing
// in proportion to the store.
type column[T any] struct {
	flat   []T
	sparse map[int32]*T // nil: flat
	n      int          // length when sparse
}

// sparseColumn returns a paged column of length n.
func sparseColumn[T any](n int) column[T] { return column[T]{sparse: map[int32]*T{}, n: n} }

// size is the column's length.
func (c *column[T]) size() int {
	if c.sparse == nil {
		return len(c.flat)
	}
	return c.n
}

// at returns the entry i, to read or write (a paged column makes a zero
// entry for an index it never saw).
func (c *column[T]) at(i int32) *T {
	if c.sparse == nil {
		return &c.flat[i]
	}
	p := c.sparse[i]
	if p == nil {
		p = new(T)
		c.sparse[i] = p
	}
	return p
}

// push appends an entry.
func (c *column[T]) push(v T) {
	if c.sparse == nil {
		c.flat = append(c.flat, v)
		return
	}
	p := new(T)
	*p = v
	c.sparse[int32(c.n)] = p
	c.n++
}
