package brief

import (
	"slices"
	"sort"

	"github.com/storyline/storyline"
)

// figures groups equal value+unit mentions across articles. Two groups of
// the same unit but different values disagree when a sentence giving one is
// aligned with a sentence of another outlet giving the other: the outlets
// then state the same fact with different numbers ("100,000" vs "120,000"
// troops on the border), whereas "100,000 troops" and "8,500 troops" in
// unrelated sentences are different things. Sorted by articles, then first
// appearance.
// maxVariants bounds the other values listed against one figure (16, the
// first to appear): a reader checks a handful, and a text of thousands of
// distinct figures in aligned sentences would list them all under each.
const maxVariants = 16

func (an *Analysis) figures() []storyline.Figure {
	type grp struct {
		key   figKey
		fig   storyline.Figure
		arts  map[int]bool
		sents []int
		first int
	}
	var groups []*grp
	byKey := map[figKey]*grp{}
	for i, a := range an.arts {
		for _, f := range a.Figures {
			if !f.Span.In(len(a.Text)) || !an.within(i, f.Start) {
				continue
			}
			k := figKey{f.Value, f.Unit}
			g := byKey[k]
			if g == nil {
				txt := f.Text
				if txt == "" {
					txt = a.Slice(f.Span)
				}
				g = &grp{key: k, fig: storyline.Figure{Text: txt, Value: f.Value, Unit: f.Unit}, arts: map[int]bool{}, first: len(groups)}
				byKey[k] = g
				groups = append(groups, g)
			}
			if !g.arts[i] {
				g.arts[i] = true
				g.fig.Articles = append(g.fig.Articles, a.ID)
				g.fig.Citations = append(g.fig.Citations, storyline.Citation{Article: a.ID, Start: f.Start, End: f.End})
			}
			if si := an.sentenceAt(i, f.Start); si >= 0 {
				g.sents = append(g.sents, si)
			}
		}
	}
	// Disagreements among groups of one unit: groups with a figure in two
	// aligned sentences of different outlets (a link from a sentence of the
	// earlier group to one of the later), where each figure is the other's
	// counterpart (see counterparts). Walking the alignment links from
	// each group's sentences finds those pairs without comparing all pairs
	// of groups (a text of thousands of distinct figures).
	inSent := map[int][]int{} // sentence → groups with a figure there
	for x, g := range groups {
		for _, si := range g.sents {
			if l := inSent[si]; len(l) == 0 || l[len(l)-1] != x {
				inSent[si] = append(l, x)
			}
		}
	}
	variants := make([][]int, len(groups))
	for x, gx := range groups {
		if gx.key.unit == "" {
			continue
		}
		for _, si := range gx.sents {
			for _, l := range an.sents[si].aligned {
				if an.docs[an.sents[si].art].outlet == an.docs[an.sents[l.to].art].outlet {
					continue
				}
				for _, y := range inSent[l.to] {
					if y > x && groups[y].key.unit == gx.key.unit && an.counterparts(si, l.to, gx.key, groups[y].key) {
						variants[x] = append(variants[x], y)
						variants[y] = append(variants[y], x)
					}
				}
			}
		}
	}
	for x := range variants {
		slices.Sort(variants[x])
		variants[x] = slices.Compact(variants[x])
		if len(variants[x]) > maxVariants {
			variants[x] = variants[x][:maxVariants]
		}
	}
	out := make([]storyline.Figure, len(groups))
	for i, g := range groups {
		f := g.fig
		for _, v := range variants[i] {
			o := groups[v].fig
			o.Citations = nil
			f.Variants = append(f.Variants, o)
		}
		sort.SliceStable(f.Variants, func(a, b int) bool { return f.Variants[a].Value < f.Variants[b].Value })
		f.Disagreement = len(f.Variants) > 0
		out[i] = f
	}
	sort.SliceStable(out, func(x, y int) bool { return len(out[x].Articles) > len(out[y].Articles) })
	return out
}

// counterparts reports whether figure a of sentence sa and figure b of
// the aligned sentence sb can be two outlets' numbers for one quantity:
// not when either sentence also gives the other's figure. "The 2.3km
// bridge … queues of 6km" against "the 2.3km bridge … tailbacks of more
// than 6km" gives both lengths in both, and 2.3km and 6km are two things,
// not a disagreement; nor are two tariff rates, or two people's ages,
// that both outlets report alike.
func (an *Analysis) counterparts(sa, sb int, a, b figKey) bool {
	return !slices.Contains(an.sents[sb].figs, a) && !slices.Contains(an.sents[sa].figs, b)
}
