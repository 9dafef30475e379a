package analyze

import (
	"slices"
	"testing"
)

// FuzzDomainSpans checks that running the expression on the runs around
// dots finds what it finds on the whole text.
func FuzzDomainSpans(f *testing.F) {
	for _, s := range []string{
		"Read Gawker.com and www.example.govt.nz today.", "mail me@site.org or see http://a.b.com/x.",
		"U.S. officials. The end.", "foo_bar.com é-shop.de x.y.z.uk.", "..com .com a..com a.-com a-.com",
		"Ends with site.io", "CBC.ca.", "1.5 per cent, 3.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := domainRE.FindAllStringIndex(s, -1)
		got := domainSpans(s)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q: got %v, want %v", s, got, want)
		}
	})
}

func TestDomainNames(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Shares of Gawker.com fell; see www.example.govt.nz.", []string{"Gawker.com", "www.example.govt.nz"}},
		{"Write to news@paper.com or read http://paper.com/x.", nil},
		{"U.S. officials met on Monday. The talks ended.", nil},
	} {
		var got []string
		for _, m := range domainNames(c.text) {
			got = append(got, m.Name)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}
