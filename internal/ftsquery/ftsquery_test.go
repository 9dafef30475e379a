package ftsquery

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	var got []string
	Words("Dock-workers' «strike»: U.S. crème, Путин's 3.5%", func(w string) { got = append(got, w) })
	want := []string{"Dock", "workers", "strike", "U", "S", "crème", "Путин", "s", "3", "5"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}
