package brief

import (
	"fmt"
	"strings"
	"testing"

	"github.com/storyline/storyline"
)

func TestBounded(t *testing.T) {
	mk := func(n int, dupEvery int) []*storyline.Article {
		var out []*storyline.Article
		for i := 0; i < n; i++ {
			a := &storyline.Article{ID: fmt.Sprintf("a%02d", i)}
			if dupEvery > 0 && i%dupEvery == 1 {
				a.DuplicateOf = "a00"
			}
			out = append(out, a)
		}
		return out
	}
	ids := func(arts []*storyline.Article) string {
		var s []string
		for _, a := range arts {
			s = append(s, a.ID)
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		name     string
		arts     []*storyline.Article
		max      int
		want     string
		wantSize int
	}{
		{"small story kept whole", mk(3, 0), 4, "a00 a01 a02", 3},
		{"earliest and latest halves", mk(10, 0), 4, "a00 a01 a08 a09", 4},
		{"originals before copies", mk(10, 2), 4, "a00 a02 a06 a08", 4},
		{"copies fill the gap", mk(5, 2), 4, "a00 a02 a03 a04", 4},
	}
	for _, tt := range tests {
		got := bounded(tt.arts, tt.max)
		if len(got) != tt.wantSize || ids(got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, ids(got), tt.want)
		}
	}
}
