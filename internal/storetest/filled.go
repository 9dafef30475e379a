package storetest

import (
	"reflect"
	"strconv"

	"github.com/storyline/storyline"
)

// fill sets every field of v, recursively, to a value that is not zero
// (slices get two elements), so that a field the codec forgets fails the
// round trip.
func fill(v reflect.Value, seed *int, depth int) {
	*seed++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(*seed) + "<é>")
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*seed))
	case reflect.Float64:
		v.SetFloat(float64(*seed) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		if depth > 2 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), seed, depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed, depth)
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// FilledBrief is a brief with every field of every type set (slices of
// two elements), for codec tests that must notice a forgotten field.
func FilledBrief() *storyline.Brief {
	b := &storyline.Brief{}
	seed := 0
	fill(reflect.ValueOf(b).Elem(), &seed, 0)
	return b
}
