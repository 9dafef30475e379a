package binenc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"
)

var errShort = errors.New("short test record")

func TestReader(t *testing.T) {
	var rec []byte
	rec = append(rec, 7)
	rec = binary.AppendUvarint(rec, 300)
	rec = binary.AppendVarint(rec, -42)
	rec = binary.LittleEndian.AppendUint64(rec, 0xdeadbeefcafe)
	rec = AppendFloat64(rec, 0.125)
	rec = AppendString(rec, "héllo")
	rec = AppendInts(rec, []int32{0, 1, 1 << 20})
	rec = append(rec, 1, 2, 3)

	read := func(r *Reader) []any {
		return []any{r.Byte(), r.Int(), r.Varint(), r.Uint64(), r.Float64(), r.Str(), r.Ints(), r.Next(3)}
	}
	tests := []struct {
		name string
		in   []byte
		on   func() error
		want []any // nil: expect an error
		err  error
	}{
		{"full", rec, nil, []any{byte(7), 300, int64(-42), uint64(0xdeadbeefcafe), 0.125, "héllo", []int32{0, 1, 1 << 20}, []byte{1, 2, 3}}, nil},
		{"empty", nil, nil, nil, ErrTruncated},
		{"cut last byte", rec[:len(rec)-1], func() error { return errShort }, nil, errShort},
		{"cut in string", rec[:14], func() error { return errShort }, nil, errShort},
		{"nil error from hook", rec[:3], func() error { return nil }, nil, ErrTruncated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(tc.in, tc.on)
			got := read(r)
			if !errors.Is(r.Err(), tc.err) {
				t.Fatalf("err = %v, want %v", r.Err(), tc.err)
			}
			if tc.want != nil {
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %#v\nwant %#v", got, tc.want)
				}
				if r.Len() != 0 {
					t.Errorf("%d bytes left", r.Len())
				}
			} else if r.Len() != 0 {
				t.Errorf("failed reader kept %d bytes", r.Len())
			}
		})
	}
}

func TestIntBounds(t *testing.T) {
	tests := []struct {
		v  uint64
		ok bool
	}{{0, true}, {math.MaxInt32, true}, {math.MaxInt32 + 1, false}, {math.MaxUint64, false}}
	for _, tc := range tests {
		r := NewReader(binary.AppendUvarint(nil, tc.v), nil)
		got := r.Int()
		if (r.Err() == nil) != tc.ok || (tc.ok && uint64(got) != tc.v) {
			t.Errorf("Int(%d) = %d, %v", tc.v, got, r.Err())
		}
	}
}

func TestFirstErrorSticks(t *testing.T) {
	n := 0
	r := NewReader([]byte{1}, func() error { n++; return errShort })
	r.Uint64()
	r.Byte() // the byte was dropped with the failure
	r.Fail()
	if r.Err() != errShort || n != 1 {
		t.Fatalf("err = %v after %d hook calls", r.Err(), n)
	}
	if r.Next(-1) != nil || r.Str() != "" || r.Ints() != nil {
		t.Fatal("failed reader returned data")
	}
}

// FuzzReader decodes arbitrary bytes with every method: it must never
// panic, never read past the input, and keep the first error.
func FuzzReader(f *testing.F) {
	f.Add([]byte{}, []byte{0, 1, 2, 3, 4, 5, 6})
	f.Add(AppendInts(AppendString(nil, "abc"), []int32{1, 2}), []byte{5, 6, 5, 2})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, []byte{1, 2, 4})
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		in := bytes.Clone(data)
		r := NewReader(in, func() error { return errShort })
		for _, op := range ops {
			before := r.Len()
			switch op % 8 {
			case 0:
				r.Byte()
			case 1:
				if v := r.Int(); v < 0 || v > math.MaxInt32 {
					t.Fatalf("Int = %d", v)
				}
			case 2:
				r.Varint()
			case 3:
				r.Uint64()
			case 4:
				r.Float64()
			case 5:
				if s := r.Str(); len(s) > before {
					t.Fatalf("Str read %d bytes of %d", len(s), before)
				}
			case 6:
				if v := r.Ints(); len(v) > before {
					t.Fatalf("Ints read %d values from %d bytes", len(v), before)
				}
			case 7:
				if b := r.Next(int(op) % 5); len(b) > before {
					t.Fatal("Next overran")
				}
			}
			if r.Len() > before {
				t.Fatal("reader grew")
			}
			if err := r.Err(); err != nil && (err != errShort || r.Len() != 0) {
				t.Fatalf("err = %v with %d bytes left", err, r.Len())
			}
		}
		if !bytes.Equal(in, data) {
			t.Fatal("reader modified its input")
		}
	})
}
