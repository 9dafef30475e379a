package brief

import (
	"sort"
	"strings"

	"github.com/storyline/storyline"
)

// typeOrder breaks ties in the type vote.
var typeOrder = []storyline.EntityType{storyline.Person, storyline.Organization, storyline.Place, storyline.OtherEntity}

// entities merges the articles' entity mentions by name key, then folds a
// one-word person name ("Lavrov") into the one fuller person name with that
// surname ("Sergei Lavrov"). A person has its fullest name form; a place,
// a body or a thing the form the articles write most ("UK" where they
// write it five times and "United Kingdom" once); the other forms are
// aliases. Each has the type most mentions give, and the number of
// articles naming it; sorted by articles, then mentions, then name.
func (an *Analysis) entities() []storyline.Entity {
	type agg struct {
		forms    map[string]int
		types    map[storyline.EntityType]int
		arts     map[int]bool
		mentions int
	}
	byKey := map[string]*agg{}
	var keys []string
	for i, a := range an.arts {
		for _, m := range a.Entities {
			if !an.within(i, m.Start) {
				continue
			}
			name := strings.TrimSpace(m.Name)
			if name == "" {
				name = strings.TrimSpace(a.Slice(m.Span))
			}
			k := an.nameKey(name)
			if k == "" {
				continue
			}
			g := byKey[k]
			if g == nil {
				g = &agg{forms: map[string]int{}, types: map[storyline.EntityType]int{}, arts: map[int]bool{}}
				byKey[k] = g
				keys = append(keys, k)
			}
			g.forms[surfaceForm(name, a.Slice(m.Span))]++
			g.types[m.Type]++
			g.arts[i] = true
			g.mentions++
		}
	}
	sort.Strings(keys)
	typeOf := func(g *agg) storyline.EntityType {
		best, bn := storyline.OtherEntity, 0
		for _, t := range typeOrder {
			if g.types[t] > bn {
				best, bn = t, g.types[t]
			}
		}
		return best
	}
	// Fold surname-only persons into their unique fuller form.
	bySurname := map[string][]string{}
	for _, k := range keys {
		if strings.Contains(k, " ") && typeOf(byKey[k]) == storyline.Person {
			s := k[strings.LastIndexByte(k, ' ')+1:]
			bySurname[s] = append(bySurname[s], k)
		}
	}
	for _, k := range keys {
		g := byKey[k]
		if strings.Contains(k, " ") || g.types[storyline.Person] == 0 {
			continue
		}
		if full := bySurname[k]; len(full) == 1 {
			h := byKey[full[0]]
			for f, n := range g.forms {
				h.forms[f] += n
			}
			for t, n := range g.types {
				h.types[t] += n
			}
			for a := range g.arts {
				h.arts[a] = true
			}
			h.mentions += g.mentions
			delete(byKey, k)
		}
	}
	var out []storyline.Entity
	mentions := map[string]int{}
	for _, k := range keys {
		g := byKey[k]
		if g == nil {
			continue
		}
		t := typeOf(g)
		name := fullest(g.forms)
		if t != storyline.Person {
			name = commonest(g.forms)
		}
		e := storyline.Entity{Name: name, Type: t, Articles: len(g.arts)}
		for f := range g.forms {
			if f != name {
				e.Aliases = append(e.Aliases, f)
			}
		}
		sort.Strings(e.Aliases)
		mentions[name] = g.mentions
		out = append(out, e)
	}
	sort.SliceStable(out, func(x, y int) bool {
		if out[x].Articles != out[y].Articles {
			return out[x].Articles > out[y].Articles
		}
		if mx, my := mentions[out[x].Name], mentions[out[y].Name]; mx != my {
			return mx > my
		}
		return out[x].Name < out[y].Name
	})
	return out
}

// surfaceForm is the form of a mention an entity's name is chosen from:
// the name the analysis gave it, unless the text wrote another name for
// it ("US" for the gazetteer's "United States", "Sergei" for "Sergey"),
// which is then the form, so that an entity is shown as the articles name
// it. A shorter mention inside the name ("Lavrov" for "Sergei Lavrov")
// keeps the name.
func surfaceForm(name, surface string) string {
	surface = strings.Join(strings.Fields(surface), " ")
	if surface == "" || strings.Contains(name, surface) {
		return name
	}
	return surface
}

// commonest returns the form written most often, the fullest among ties.
func commonest(forms map[string]int) string {
	most := 0
	for _, n := range forms {
		most = max(most, n)
	}
	tied := map[string]int{}
	for f, n := range forms {
		if n == most {
			tied[f] = n
		}
	}
	return fullest(tied)
}
