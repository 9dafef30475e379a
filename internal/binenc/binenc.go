// Package binenc holds the little binary reader and append helpers shared by
// the compact persisted forms (the dedup index, the clusterer state). Each of
// them is a run of uvarints, length-prefixed strings and little-endian words;
// decoding them with one Reader whose first error sticks lets a decoder read
// a whole record and check the error once, and keeps a single, fuzzed
// implementation of the bounds checks on untrusted bytes.
package binenc

import (
	"encoding/binary"
	"errors"
	"math"
)

// ErrTruncated is the error a Reader reports when it runs short and its
// owner gave no error of its own.
var ErrTruncated = errors.New("binenc: truncated input")

// Reader decodes b from the front. The first failure sticks: later reads
// return zero values, and Err reports it.
type Reader struct {
	b           []byte
	err         error
	onTruncated func() error
}

// NewReader reads b. onTruncated, if not nil, makes the error reported when
// the input runs short or is malformed, so each format keeps its own message
// (e.g. "truncated cluster state"); nil means ErrTruncated.
func NewReader(b []byte, onTruncated func() error) *Reader {
	return &Reader{b: b, onTruncated: onTruncated}
}

// Err returns the first error, or nil.
func (r *Reader) Err() error { return r.err }

// Len returns the number of unread bytes.
func (r *Reader) Len() int { return len(r.b) }

// Fail records a decoding failure (the caller's own checks, e.g. a key out
// of range) and drops the rest of the input.
func (r *Reader) Fail() {
	if r.err == nil {
		if r.onTruncated != nil {
			r.err = r.onTruncated()
		}
		if r.err == nil {
			r.err = ErrTruncated
		}
	}
	r.b = nil
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.b) < 1 {
		r.Fail()
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

// Int reads a uvarint that must fit in an int32 (counts, lengths, ids).
func (r *Reader) Int() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt32 {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// Varint reads a zig-zag varint.
func (r *Reader) Varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Uint64 reads a little-endian 64-bit word.
func (r *Reader) Uint64() uint64 {
	if len(r.b) < 8 {
		r.Fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// Float64 reads a float64 stored as its little-endian bits.
func (r *Reader) Float64() float64 { return math.Float64frombits(r.Uint64()) }

// Next returns the next n bytes without copying them (they alias the input).
func (r *Reader) Next(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.Fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// Str reads a uvarint-length-prefixed string (see AppendString).
func (r *Reader) Str() string {
	n := r.Int()
	if n > len(r.b) {
		r.Fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// Ints reads a uvarint count followed by that many uvarints (see AppendInts).
func (r *Reader) Ints() []int32 {
	n := r.Int()
	if r.err != nil || n > len(r.b) {
		r.Fail()
		return nil
	}
	out := make([]int32, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		out = append(out, int32(r.Int()))
	}
	return out
}

// AppendString appends s with its uvarint length in front.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// AppendInts appends len(v) and then each value, all as uvarints; values
// must not be negative.
func AppendInts(b []byte, v []int32) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	for _, x := range v {
		b = binary.AppendUvarint(b, uint64(x))
	}
	return b
}

// AppendFloat64 appends f as its little-endian bits.
func AppendFloat64(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}
