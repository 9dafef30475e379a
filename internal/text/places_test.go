package text

import (
	"strings"
	"testing"
)

func TestEnglishName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Deutschland", "germany"},
		{"Niemczech", "germany"},
		{"Германии", "germany"},
		{"ألمانيا", "germany"},
		{"Almanya'nın", "germany"},
		{"وروسيا", "russia"},
		{"Москве", "moscow"},
		{"Pékin", "beijing"},
		{"Türkiye", "turkey"},
		{"EEUU", "usa"},
		{"Hongkongs", "hong"},
		{"Russia", ""},  // the English name is the key already
		{"Francis", ""}, // a name that only looks like a form (Francia)
		{"estados", ""}, // words of a name of several words are not forms
		{"gran", ""},
	} {
		got, ok := EnglishName(Translit(Fold(c.in)))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("EnglishName(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// TestPlaceFormsUnique: no form names two places.
func TestPlaceFormsUnique(t *testing.T) {
	seen := map[string]string{}
	for en, forms := range placeForms {
		for _, f := range strings.Fields(forms) {
			k := Translit(Fold(f))
			if k == en {
				continue
			}
			if o, ok := seen[k]; ok && o != en {
				t.Errorf("%q is a form of %s and of %s", f, o, en)
			}
			seen[k] = en
		}
	}
}
