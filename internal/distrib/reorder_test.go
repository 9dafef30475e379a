package distrib

import (
	"slices"
	"testing"

	"github.com/storyline/storyline"
)

// TestReorder feeds the buffer analyzed messages as workers finishing in
// any order publish them, and checks what the clusterer may apply after
// each step.
func TestReorder(t *testing.T) {
	art := func(id string) *storyline.Article { return &storyline.Article{ID: id} }
	type msg struct {
		raw, seq uint64
		id       string // "" for a marker
	}
	tests := []struct {
		name     string
		next     uint64
		msgs     []msg
		floor    uint64 // passOver(floor) before taking, when > 0
		want     []string
		wantNext uint64
		resume   uint64 // resumeAfter(last seq read)
	}{
		{"in order", 1, []msg{{1, 1, "a"}, {2, 2, "b"}}, 0, []string{"a", "b"}, 3, 2},
		{"restored", 1, []msg{{2, 1, "b"}, {3, 2, "c"}, {1, 3, "a"}}, 0, []string{"a", "b", "c"}, 4, 3},
		{"waits for a gap", 1, []msg{{2, 1, "b"}, {3, 2, "c"}}, 0, nil, 1, 0},
		{"marker passed", 1, []msg{{2, 1, "b"}, {1, 2, ""}}, 0, []string{"b"}, 3, 2},
		{"marker then article: article kept", 1, []msg{{1, 1, ""}, {1, 2, "a"}}, 0, []string{"a"}, 2, 2},
		{"second copy dropped", 1, []msg{{1, 1, "a"}, {1, 2, "a2"}}, 0, []string{"a"}, 2, 2},
		{"applied before: dropped", 5, []msg{{3, 7, "x"}, {5, 8, "e"}}, 0, []string{"e"}, 6, 8},
		{"gap acknowledged: passed over", 1, []msg{{3, 1, "c"}}, 2, []string{"c"}, 4, 1},
		{"floor below the gap: waits", 1, []msg{{3, 1, "c"}}, 0, nil, 1, 0},
		{"pass over stops at a held one", 1, []msg{{2, 4, "b"}, {4, 5, "d"}}, 4, []string{"b"}, 3, 4},
		{"unranked in stream order", 1, []msg{{0, 1, "u"}, {2, 2, "b"}, {0, 3, "v"}}, 0, []string{"u", "v"}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReorder(tt.next)
			var last uint64
			for _, m := range tt.msgs {
				var a *storyline.Article
				if m.id != "" {
					a = art(m.id)
				}
				r.add(m.raw, m.seq, a)
				last = m.seq
			}
			if tt.floor > 0 {
				r.passOver(tt.floor)
			}
			var got []string
			for _, a := range r.take(100) {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("took %v, want %v (held %v)", got, tt.want, r.held)
			}
			if r.next != tt.wantNext {
				t.Errorf("next %d, want %d", r.next, tt.wantNext)
			}
			if got := r.resumeAfter(last); got != tt.resume {
				t.Errorf("resume after %d, want %d", got, tt.resume)
			}
		})
	}
}

// TestReorderTakeBounded takes at most n articles at a time, markers not
// counted, and leaves the rest for the next take.
func TestReorderTakeBounded(t *testing.T) {
	r := newReorder(1)
	r.add(1, 1, &storyline.Article{ID: "a"})
	r.add(2, 2, nil)
	r.add(3, 3, &storyline.Article{ID: "c"})
	r.add(4, 4, &storyline.Article{ID: "d"})
	if got := r.take(2); len(got) != 2 || got[1].ID != "c" {
		t.Fatalf("first take: %v", got)
	}
	if r.stalled() || r.empty() {
		t.Fatalf("after the first take: stalled %v, empty %v", r.stalled(), r.empty())
	}
	if got := r.take(2); len(got) != 1 || got[0].ID != "d" || !r.empty() {
		t.Fatalf("second take: %v, empty %v", got, r.empty())
	}
}
