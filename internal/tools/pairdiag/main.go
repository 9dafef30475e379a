// Command pairdiag scores the clusterer on rated article pairs (the
// SemEval-2022 Task 8 pairs of data/dev/semeval8-dev) as eval-pairs.sh
// does, but in-process and with the real cleaner and analyzer, so that
// options can be tried and tuned without a build of the binary:
//
//	go run ./internal/tools/pairdiag                       # P/R/F1 of all, same-language, cross-language and English pairs
//	go run ./internal/tools/pairdiag -dump                 # and every pair it gets wrong
//	go run ./internal/tools/pairdiag -cv lift=0.05,0.06,0.08 # 2-fold cross-validation of Options.SettlePairLift (or cosine=..., crossterms=...)
//	go run ./internal/tools/pairdiag -cv crossterms=0,0.08 -cvon cross # picked on the cross-language pairs' F1
//	go run ./internal/tools/pairdiag -langs                # and each pair of languages
//	go run ./internal/tools/pairdiag -set settle=0.15      # with an option changed (the names of -cv)
//	go run ./internal/tools/pairdiag -feats /tmp/f.jsonl   # features of each pair, every article alone
//
// A pair is gold-same when its mean rating is at most 2 and gold-different
// from 3, as in pair_score.py. Cross-validation splits the pairs in two
// halves (by a hash of their first article); the run over all articles is
// the same for both (it reads no labels), the option value is picked on
// one half and scored on the other, and the two held-out halves are pooled.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/sharedtest"
)

// setName is the pair set under data/dev.
const setName = "semeval8-dev"

type pair struct {
	A, B         string
	LangA, LangB string
	Overall      float64
}

// scored reports whether the pair is rated clearly one way.
func (p pair) scored() bool { return p.Overall <= 2 || p.Overall >= 3 }
func (p pair) gold() bool   { return p.Overall <= 2 }

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pairdiag:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("pairdiag", flag.ContinueOnError)
	shared := fs.String("shared", devset.SharedDir(), "shared material directory")
	settlePair := fs.Float64("settlepair", -1, "override Options.SettlePairCosine")
	lift := fs.Float64("lift", -1, "override Options.SettlePairLift")
	dump := fs.Bool("dump", false, "print every pair placed wrongly")
	langs := fs.Bool("langs", false, "print the figures of each pair of languages too")
	feats := fs.String("feats", "", "write the features of each pair (every article alone) to this file")
	cv := fs.String("cv", "", "NAME=V,V...: values of an option to cross-validate (cosine, lift, crossterms, ...; see setters)")
	cvOn := fs.String("cvon", "all", "the pairs whose F1 picks the value in -cv: all, same, cross or en")
	limit := fs.Int("n", 0, "use the first N articles only (smoke tests)")
	var sets []string
	fs.Func("set", "NAME=V: set an option, named as in -cv (repeatable)", func(v string) error {
		sets = append(sets, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := devset.LoadFileWith(filepath.Join(*shared, "data", "dev", setName, "articles.jsonl"), pipeline.PrepareOne)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < len(s.Articles) {
		s.Articles = s.Articles[:*limit]
	}
	pairs, err := loadPairs(filepath.Join(*shared, "data", "dev", setName, "pairs.jsonl"))
	if err != nil {
		return err
	}
	opts := cluster.DefaultOptions()
	if *settlePair >= 0 {
		opts.SettlePairCosine = *settlePair
	}
	if *lift >= 0 {
		opts.SettlePairLift = *lift
	}
	for _, spec := range sets {
		name, v, _ := strings.Cut(spec, "=")
		set := setters[name]
		x, err := strconv.ParseFloat(v, 64)
		if set == nil || err != nil {
			return fmt.Errorf("-set %q: want NAME=NUMBER, NAME one of %v", spec, slices.Sorted(maps.Keys(setters)))
		}
		set(&opts, x)
	}
	switch {
	case *feats != "":
		return pairFeatures(s.Articles, pairs, opts, *feats)
	case *cv != "":
		return crossValidate(s.Articles, pairs, opts, *cv, *cvOn, out)
	}
	pred := devset.Run(s.Articles, dedup.DefaultOptions(), opts)
	report(out, pairs, pred, *langs)
	if *dump {
		dumpErrors(out, s.Articles, pairs, pred)
	}
	return nil
}

func loadPairs(path string) ([]pair, error) {
	var pairs []pair
	err := sharedtest.EachLine(path, func(l []byte) error {
		var p struct {
			A, B    string
			La      string `json:"lang_a"`
			Lb      string `json:"lang_b"`
			Overall float64
		}
		if err := json.Unmarshal(l, &p); err != nil {
			return err
		}
		pairs = append(pairs, pair{p.A, p.B, p.La, p.Lb, p.Overall})
		return nil
	})
	return pairs, err
}

// counts are the same-story decisions on pairs against gold.
type counts struct{ tp, fp, fn int }

func (c *counts) add(same, gold bool) {
	switch {
	case same && gold:
		c.tp++
	case same:
		c.fp++
	case gold:
		c.fn++
	}
}

func (c counts) prf() (p, r, f float64) {
	p = float64(c.tp) / float64(max(1, c.tp+c.fp))
	r = float64(c.tp) / float64(max(1, c.tp+c.fn))
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// together reports whether the prediction put both articles in one story.
func together(pred map[string]string, p pair) bool {
	return pred[p.A] != "" && pred[p.A] == pred[p.B]
}

// groups are the pairs reported apart, as eval-pairs.sh reports them.
var groups = []struct {
	name string
	in   func(pair) bool
}{
	{"all", func(pair) bool { return true }},
	{"same", func(p pair) bool { return p.LangA == p.LangB }},
	{"cross", func(p pair) bool { return p.LangA != p.LangB }},
	{"en", func(p pair) bool { return p.LangA == "en" && p.LangB == "en" }},
}

// report prints P/R/F1 for all, same-language, cross-language and English
// pairs, and with verbose for each pair of languages.
func report(out io.Writer, pairs []pair, pred map[string]string, verbose bool) {
	for _, g := range groups {
		var c counts
		for _, p := range pairs {
			if p.scored() && g.in(p) {
				c.add(together(pred, p), p.gold())
			}
		}
		pr, rc, f := c.prf()
		fmt.Fprintf(out, "%-6s P %.3f R %.3f F1 %.3f  (tp %d fp %d fn %d)\n", g.name, pr, rc, f, c.tp, c.fp, c.fn)
	}
	if verbose {
		byLangs := map[string]*counts{}
		for _, p := range pairs {
			if p.scored() {
				k := p.LangA + "-" + p.LangB
				if byLangs[k] == nil {
					byLangs[k] = &counts{}
				}
				byLangs[k].add(together(pred, p), p.gold())
			}
		}
		for _, k := range slices.Sorted(maps.Keys(byLangs)) {
			c := byLangs[k]
			pr, rc, f := c.prf()
			fmt.Fprintf(out, "  %-6s P %.3f R %.3f F1 %.3f  (tp %d fp %d fn %d)\n", k, pr, rc, f, c.tp, c.fp, c.fn)
		}
	}
}

func dumpErrors(out io.Writer, arts []*storyline.Article, pairs []pair, pred map[string]string) {
	byID := map[string]*storyline.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	head := func(id string) string {
		a := byID[id]
		if a == nil {
			return "(not placed)"
		}
		t := []rune(strings.ReplaceAll(a.Text, "\n", " "))
		return string(t[:min(len(t), 120)])
	}
	size := map[string]int{}
	for _, s := range pred {
		size[s]++
	}
	for _, p := range pairs {
		if same := together(pred, p); p.scored() && same != p.gold() {
			tag := "FP"
			if p.gold() {
				tag = "FN"
			}
			fmt.Fprintf(out, "%s %.2f %s-%s (stories of %d and %d)\n  A: %s\n  B: %s\n", tag, p.Overall, p.LangA, p.LangB, size[pred[p.A]], size[pred[p.B]], head(p.A), head(p.B))
		}
	}
}

// crossValidate runs the clusterer once per value of an option
// ("cosine=V,V..." for SettlePairCosine, "lift=V,V..." for
// SettlePairLift, "crossterms=V,V..." for CrossTerms: see setters), picks the
// value with the best F1 of group on one half of the pairs and scores it
// on the other, both ways, and prints the pooled held-out figures of
// every group.
func crossValidate(arts []*storyline.Article, pairs []pair, opts cluster.Options, spec, group string, out io.Writer) error {
	name, values, _ := strings.Cut(spec, "=")
	set := setters[name]
	if set == nil {
		return fmt.Errorf("-cv %q: want NAME=V,V..., NAME one of %v", spec, slices.Sorted(maps.Keys(setters)))
	}
	in := groupFilter(group)
	if in == nil {
		return fmt.Errorf("-cvon %q: want all, same, cross or en", group)
	}
	var vals []float64
	for _, v := range strings.Split(values, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return fmt.Errorf("-cv: %w", err)
		}
		vals = append(vals, x)
	}
	preds := make([]map[string]string, len(vals))
	cs := make([][3]counts, len(vals)) // per value: half 0, half 1, all (of group)
	for i, v := range vals {
		o := opts
		set(&o, v)
		preds[i] = devset.Run(arts, dedup.DefaultOptions(), o)
		for _, p := range pairs {
			if p.scored() && in(p) {
				same := together(preds[i], p)
				cs[i][half(p)].add(same, p.gold())
				cs[i][2].add(same, p.gold())
			}
		}
		_, _, f := cs[i][2].prf()
		_, _, f0 := cs[i][0].prf()
		_, _, f1 := cs[i][1].prf()
		fmt.Fprintf(out, "%s %.3f: F1 %s %.4f, half 0 %.4f, half 1 %.4f\n", name, v, group, f, f0, f1)
	}
	var picked [2]int
	for h := range 2 {
		for i := range vals {
			_, _, f := cs[i][1-h].prf()
			_, _, fb := cs[picked[h]][1-h].prf()
			if f > fb {
				picked[h] = i
			}
		}
		fmt.Fprintf(out, "half %d: picked %.3f on the other half\n", h, vals[picked[h]])
	}
	fmt.Fprintln(out, "2-fold cross-validated (pooled held-out halves):")
	for _, g := range groups {
		var held counts
		for _, p := range pairs {
			if p.scored() && g.in(p) {
				held.add(together(preds[picked[half(p)]], p), p.gold())
			}
		}
		pr, rc, f := held.prf()
		fmt.Fprintf(out, "%-6s P %.3f R %.3f F1 %.3f  (tp %d fp %d fn %d)\n", g.name, pr, rc, f, held.tp, held.fp, held.fn)
	}
	return nil
}

// setters are the options -cv and -set can change, by name: the pair
// gates of Settle (cosine, lift, and leads: 0 or 1), CrossTerms, the model's settle
// probability (settle) and MaxCandidates (candidates).
var setters = map[string]func(*cluster.Options, float64){
	"cosine":     func(o *cluster.Options, v float64) { o.SettlePairCosine = v },
	"lift":       func(o *cluster.Options, v float64) { o.SettlePairLift = v },
	"crossterms": func(o *cluster.Options, v float64) { o.CrossTerms = v },
	"leads":      func(o *cluster.Options, v float64) { o.SettlePairLeads = v != 0 },
	"settle":     func(o *cluster.Options, v float64) { o.Model.Settle = v },
	"candidates": func(o *cluster.Options, v float64) { o.MaxCandidates = int(v) },
}

// groupFilter is the filter of the named group of pairs, nil if none.
func groupFilter(name string) func(pair) bool {
	for _, g := range groups {
		if g.name == name {
			return g.in
		}
	}
	return nil
}

// half puts a pair in one of two folds by a hash of its first article.
func half(p pair) int { return int(xxh3.HashString(p.A) % 2) }

// pairFeatures adds every article as a story of its own and writes, for
// each pair, the features and probability of the later article against
// the earlier one's story (when retrieved), as JSON lines.
func pairFeatures(arts []*storyline.Article, pairs []pair, opts cluster.Options, path string) error {
	c := cluster.New(opts)
	x := dedup.New(dedup.DefaultOptions())
	pos := map[string]int{}
	storyOf := map[string]string{}
	scored := map[string][]cluster.Scored{}
	for i, a := range arts {
		pos[a.ID] = i
		a.DuplicateOf = x.Add(a)
		scored[a.ID] = c.Score(a)
		storyOf[a.ID] = c.Assign(a, "")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, p := range pairs {
		a, b := p.A, p.B
		if pos[a] > pos[b] {
			a, b = b, a
		}
		rec := map[string]any{"a": a, "b": b, "overall": p.Overall, "la": p.LangA, "lb": p.LangB, "found": false}
		for rank, sc := range scored[b] {
			if sc.Story == storyOf[a] {
				rec["found"], rec["prob"], rec["f"], rec["rank"] = true, sc.Prob, sc.Features, rank
			}
		}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
