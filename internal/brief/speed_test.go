package brief

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// TestHasBoilerplateIsContains checks the one-pass phrase search against
// one strings.Contains per phrase.
func TestHasBoilerplateIsContains(t *testing.T) {
	texts := []string{"", "a", "the minister said on friday that talks would go on.",
		"click here to subscribe", "xx copyrightx", "related: more news", "ваш відгук важливий",
		"tweet with a locatio", "you can sign in later", "sig nup", "the wayback machine archived it"}
	for _, p := range boilerplate {
		texts = append(texts, p, "x"+p+"y", p[:len(p)-1])
	}
	for _, s := range texts {
		want := false
		for _, p := range boilerplate {
			if strings.Contains(s, p) {
				want = true
			}
		}
		if got := hasBoilerplate(s); got != want {
			t.Errorf("hasBoilerplate(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCosineDenseIsCosine checks that the scattered cosine adds exactly the
// same products as the merge: equal to the bit.
func TestCosineDenseIsCosine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vec := func() []tw {
		ids := map[int32]bool{}
		for range r.IntN(30) {
			ids[int32(r.IntN(60))] = true
		}
		var v []tw
		for id := range ids {
			v = append(v, tw{id, r.Float32()})
		}
		sort.Slice(v, func(i, j int) bool { return v[i].id < v[j].id })
		return v
	}
	dense := make([]float64, 60)
	for range 2000 {
		a, b := vec(), vec()
		for _, t := range a {
			dense[t.id] = float64(t.w)
		}
		if got, want := cosineDense(dense, b), cosine(a, b); got != want {
			t.Fatalf("cosineDense = %v, cosine = %v", got, want)
		}
		for _, t := range a {
			dense[t.id] = 0
		}
	}
}

func BenchmarkHasBoilerplate(b *testing.B) {
	s := "the minister said on friday that the talks would continue next week in geneva, officials confirmed."
	for i := 0; i < b.N; i++ {
		hasBoilerplate(s)
	}
}
