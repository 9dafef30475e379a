// Command trainclusters learns the clusterer's model (feature weights, the
// join threshold and the settle threshold) from the shared development
// sets and writes
// internal/cluster/params.json, with in-sample and cross-validated B-cubed
// F1 (train on two sets, score the third).
//
// The articles go through the real cleaner and analyzer (internal/clean,
// internal/analyze), as in `storyline run`, so the figures printed here
// are those of eval-cluster.sh. Method: each training set is streamed in
// file order through a clusterer that follows the gold grouping (teacher
// forcing); the three strongest candidate stories retrieved for each
// article (-top 3: the decisions are made among them, and easy negatives
// would swamp the fit) become examples, labelled by whether each is the
// article's gold story. A logistic model is fitted to these examples
// (Newton's method, small ridge). Then
// the real streaming clusterer is run over the training sets and their
// mix, settling at the end as a run does: the join threshold, then the
// settle threshold (or the fixed one of -settle), are chosen to maximise
// their mean B-cubed F1.
// Optional rounds of coordinate ascent on the weights (-refine N) chase the
// streaming F1 further. They cost a little in the leave-one-set-out
// cross-validation (multinews-val 0.841 -> 0.827 when trained on the other
// two kinds) but not on unseen stories of the kinds trained on (-folds 2:
// mixed run 0.899 -> 0.901), which is what held-out sets of these kinds
// ask; params.json records the command it was trained with.
//
//	go run ./internal/tools/trainclusters -refine 1 -folds 2 -settle 0.1 -o internal/cluster/params.json  # as params.json was trained
//	go run ./internal/tools/trainclusters -nocv -folds 2 -o /tmp/p.json  # cross-validate within the sets
//	go run ./internal/tools/trainclusters -halves        # settling when a set comes in two runs, or in runs of 25
//	go run ./internal/tools/trainclusters -eval          # score the current params only
//	go run ./internal/tools/trainclusters -order         # how much arrival order matters
//	go run ./internal/tools/trainclusters -diag          # retrieval and ranking diagnostics
//	go run ./internal/tools/trainclusters -nocv -drop f1,f2 -o /tmp/p.json  # fit without some features
//
// The strongest candidates (-top) are chosen by the model embedded at build
// time, so a retrain from another params.json can differ in the last digits.
package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/cluster/devset"
	"github.com/storyline/storyline/internal/dedup"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/zeebo/xxh3"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "trainclusters:", err)
		os.Exit(1)
	}
}

type report struct {
	Note      string             `json:"note"`
	Model     cluster.Model      `json:"model"`
	Features  []string           `json:"features"`
	InSample  map[string]float64 `json:"in_sample_bcubed_f1"`
	CrossVal  map[string]float64 `json:"cross_validated_bcubed_f1"`
	FoldCV    map[string]float64 `json:"fold_cross_validated_bcubed_f1,omitempty"`
	Command   string             `json:"command"`
	Threshold string             `json:"threshold_search"`
}

func run(args []string) error {
	fs := flag.NewFlagSet("trainclusters", flag.ContinueOnError)
	shared := fs.String("shared", devset.SharedDir(), "shared material directory")
	out := fs.String("o", "internal/cluster/params.json", "where to write the parameters")
	evalOnly := fs.Bool("eval", false, "only score the current parameters")
	noCV := fs.Bool("nocv", false, "skip cross-validation")
	diag := fs.Bool("diag", false, "print retrieval and ranking diagnostics")
	orders := fs.Int("orders", 1, "arrival orders the training objective averages: the file order and N-1 seeded shuffles")
	diagv := fs.Bool("diagv", false, "print every decision the model gets wrong under teacher forcing, with its features")
	order := fs.Bool("order", false, "measure how much arrival order matters")
	bridge := fs.Bool("bridge", false, "measure what merging the stories that one article joins with high probability would change")
	fs.Float64Var(&fixedSettle, "settle", -1, "the settle threshold, the probability at which an article left alone moves at the end of a run (0: never): fixed instead of learned, and with -eval, -order or -halves instead of the learned one")
	twoRuns := fs.Bool("halves", false, "measure settling when each set arrives in two runs")
	terms := fs.Int("terms", 0, "override MaxTerms (experiments)")
	lead := fs.Float64("lead", -1, "override LeadWeight (experiments)")
	cands := fs.Int("cands", 0, "override MaxCandidates (experiments)")
	reps := fs.Int("reps", 0, "override Reps (experiments)")
	postings := fs.Int("postings", 0, "override MaxPostings (experiments)")
	names := fs.Int("names", 0, "override MaxNames (experiments)")
	prior := fs.Int("prior", -1, "override PriorDocs (experiments)")
	thr := fs.Float64("threshold", 0, "with -eval: override the join threshold")
	simple := fs.Bool("simple", false, "minimal analysis instead of the real cleaner and analyzer")
	fs.IntVar(&refine, "refine", 0, "rounds of coordinate ascent on the streaming F1 after the logistic fit")
	fs.IntVar(&topN, "top", 3, "train on the top N candidates of each article only (0: all)")
	folds := fs.Int("folds", 0, "with N > 1: also report N-fold cross-validation within the sets (train on N-1 folds of the stories of every set, score the held-out fold)")
	drop := fs.String("drop", "", "comma-separated features to leave out of the fit (weight 0; experiments)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	baseOpts = cluster.DefaultOptions()
	shuffles = max(0, *orders-1)
	for _, n := range strings.Split(*drop, ",") {
		if n == "" {
			continue
		}
		i := slices.Index(cluster.FeatureNames[:], n)
		if i < 0 {
			return fmt.Errorf("-drop: no feature %q", n)
		}
		dropped[i] = true
	}
	if *terms > 0 {
		baseOpts.MaxTerms = *terms
	}
	if *lead >= 0 {
		baseOpts.LeadWeight = *lead
	}
	if *cands > 0 {
		baseOpts.MaxCandidates = *cands
	}
	if *postings > 0 {
		baseOpts.MaxPostings = *postings
	}
	if *reps > 0 {
		baseOpts.Reps = *reps
	}
	if *names > 0 {
		baseOpts.MaxNames = *names
	}
	if *prior >= 0 {
		baseOpts.PriorDocs = *prior
	}
	if fixedSettle >= 0 {
		baseOpts.Model.Settle = fixedSettle
	}
	var sets []*devset.Set
	for _, name := range devset.Sets {
		var prep devset.Prepare
		if !*simple {
			prep = pipeline.PrepareOne
		}
		s, err := devset.LoadWith(*shared, name, prep)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	if *bridge {
		bridgeMerges(sets)
		return nil
	}
	if *twoRuns {
		halves(sets)
		return nil
	}
	if *order {
		orderEffects(sets)
		return nil
	}
	if *diagv {
		for _, s := range sets {
			diagVerbose(s, baseOpts.Model)
		}
		return nil
	}
	if *diag {
		for _, s := range sets {
			diagnose(s)
		}
		return nil
	}
	if *evalOnly {
		opts := baseOpts
		if *thr > 0 {
			opts.Model.Threshold = *thr
		}
		for _, s := range append(sets, devset.Merge(sets...)) {
			sc := devset.BCubed(s.Gold, devset.Run(s.Articles, dedup.DefaultOptions(), opts))
			fmt.Printf("%-14s P %.4f R %.4f F1 %.4f stories %d\n", s.Name, sc.P, sc.R, sc.F1, sc.Stories)
		}
		return nil
	}
	rep := report{Note: "learned by go run ./internal/tools/trainclusters; do not edit by hand",
		Command: strings.TrimSpace("go run ./internal/tools/trainclusters " + strings.Join(args, " ")), InSample: map[string]float64{}, CrossVal: map[string]float64{},
		Threshold: "logistic fit on teacher-forced candidates, then threshold 0.02..0.60 step 0.02 and settle threshold (0, 0.05..0.5) (coordinate ascent on the weights only with -refine N), maximising the mean B-cubed F1 of the training sets and of their mixed run"}
	for _, n := range cluster.FeatureNames {
		rep.Features = append(rep.Features, n)
	}
	if !*noCV {
		for i, held := range sets {
			var train []*devset.Set
			for j, s := range sets {
				if j != i {
					train = append(train, s)
				}
			}
			m := fit(train)
			f := score(held, m)
			rep.CrossVal[held.Name] = round(f)
			fmt.Printf("cross-validated: train on the others, score %-14s F1 %.4f (threshold %.2f, settle %.2f)\n", held.Name, f, m.Threshold, m.Settle)
		}
	}
	if *folds > 1 {
		rep.FoldCV = foldCV(sets, *folds)
	}
	m := fit(sets)
	rep.Model = m
	for _, s := range append(sets, devset.Merge(sets...)) {
		f := score(s, m)
		rep.InSample[s.Name] = round(f)
		fmt.Printf("in-sample %-14s F1 %.4f\n", s.Name, f)
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	fmt.Printf("model: weights %v bias %.3f threshold %.2f settle %.2f\n", m.Weights, m.Bias, m.Threshold, m.Settle)
	return os.WriteFile(*out, append(b, '\n'), 0o644)
}

// foldCV estimates how the training does on unseen stories of the same
// kinds, which is what a held-out set of each kind asks of it: the gold
// stories of every set go to k folds; for each fold, fit on the other folds
// of all sets and score the fold of each set (and of all sets mixed). It
// returns the mean F1 over the folds per set.
func foldCV(sets []*devset.Set, k int) map[string]float64 {
	sum := map[string]float64{}
	for f := 0; f < k; f++ {
		var train, test []*devset.Set
		for _, s := range sets {
			train = append(train, fold(s, k, f, false))
			test = append(test, fold(s, k, f, true))
		}
		m := fit(train)
		for _, s := range append(test, devset.Merge(test...)) {
			sc := score(s, m)
			sum[s.Name] += sc
			fmt.Printf("fold %d/%d: %-14s F1 %.4f (threshold %.2f, settle %.2f)\n", f+1, k, s.Name, sc, m.Threshold, m.Settle)
		}
	}
	out := map[string]float64{}
	for name, v := range sum {
		out[name] = round(v / float64(k))
		fmt.Printf("fold-cross-validated %-14s F1 %.4f\n", name, out[name])
	}
	return out
}

// fold returns the articles of s whose gold story is in fold f of k (in)
// or in the other folds. Stories go to folds by a hash of their group: the
// story id without an ECB+ "-ecb"/"-ecbplus" suffix, so that the two
// events of an ECB+ topic, which the clusterer must keep apart, stay in one
// fold.
func fold(s *devset.Set, k, f int, in bool) *devset.Set {
	out := &devset.Set{Name: s.Name, Gold: map[string]string{}}
	for _, a := range s.Articles {
		story, ok := s.Gold[a.ID]
		if !ok {
			continue
		}
		group := strings.TrimSuffix(strings.TrimSuffix(story, "-ecbplus"), "-ecb")
		if (int(xxh3.HashString(group)%uint64(k)) == f) != in {
			continue
		}
		out.Articles = append(out.Articles, a)
		out.Gold[a.ID] = story
	}
	return out
}

// baseOpts are the clusterer options of every run (defaults unless a flag
// overrides them).
var baseOpts cluster.Options

// topN limits the training examples to the strongest candidates; refine
// is the number of coordinate-ascent rounds.
var topN, refine int

// dropped features are zeroed in the training examples, so their weight
// stays 0.
var dropped [cluster.NumFeatures]bool

func round(f float64) float64 { return math.Round(f*10000) / 10000 }

// score runs the streaming clusterer with model m over a set.
func score(s *devset.Set, m cluster.Model) float64 {
	opts := baseOpts
	opts.Model = m
	return devset.BCubed(s.Gold, devset.Run(s.Articles, dedup.DefaultOptions(), opts)).F1
}

// shuffles is the number of seeded shuffles the training objective scores
// besides the file order (-orders N gives N-1), so that the threshold does
// not fit one lucky arrival order.
var shuffles int

// scoreOrders is score averaged over the file order and the shuffles.
func scoreOrders(s *devset.Set, m cluster.Model) float64 {
	f := score(s, m)
	for seed := 1; seed <= shuffles; seed++ {
		f += score(&devset.Set{Name: s.Name, Articles: shuffled(s.Articles, uint64(seed)), Gold: s.Gold}, m)
	}
	return f / float64(1+shuffles)
}

// shuffled returns the articles in a seeded pseudo-random order.
func shuffled(arts []*storyline.Article, seed uint64) []*storyline.Article {
	sh := slices.Clone(arts)
	r := rand.New(rand.NewPCG(seed, 42))
	r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
	return sh
}

// fit learns the weights from teacher-forced examples of the sets, then
// the threshold from real runs over them.
func fit(sets []*devset.Set) cluster.Model {
	var X [][cluster.NumFeatures]float64
	var Y []float64
	for _, s := range sets {
		x, y := examples(s)
		X = append(X, x...)
		Y = append(Y, y...)
	}
	m := logistic(X, Y, 1e-3)
	merged := devset.Merge(sets...)
	objective := func(m cluster.Model) float64 {
		f := 0.0
		for _, s := range sets {
			f += scoreOrders(s, m)
		}
		f += scoreOrders(merged, m) // the sets mixed in one run, as eval-cluster.sh --all
		return f / float64(len(sets)+1)
	}
	if fixedSettle >= 0 {
		m.Settle = fixedSettle // the join threshold is tuned with it in place
	}
	bestF := tuneThreshold(&m, objective)
	if f := tuneSettle(&m, objective); f > bestF {
		bestF = f
	}
	// Coordinate ascent on the real streaming objective: the logistic fit
	// sees teacher-forced pairs, while errors in a stream compound.
	for round := 0; round < refine; round++ {
		improved := false
		for j := 0; j <= cluster.NumFeatures; j++ {
			for _, sign := range []float64{1, -1} {
				try := m
				w := &try.Bias
				if j < cluster.NumFeatures {
					w = &try.Weights[j]
				}
				*w = round4(*w + sign*(0.3*math.Abs(*w)+0.2))
				if f := objective(try); f > bestF+1e-4 {
					m, bestF, improved = try, f, true
					break
				}
			}
		}
		if f := tuneThreshold(&m, objective); f > bestF {
			bestF = f
		}
		if f := tuneSettle(&m, objective); f > bestF {
			bestF = f
		}
		if !improved {
			break
		}
	}
	return m
}

// tuneThreshold sets the join threshold that maximises the objective and
// returns its value.
func tuneThreshold(m *cluster.Model, objective func(cluster.Model) float64) float64 {
	bestT, bestF := m.Threshold, -1.0
	for t := 0.02; t < 0.605; t += 0.02 {
		m.Threshold = math.Round(t*100) / 100
		if f := objective(*m); f > bestF+1e-9 {
			bestT, bestF = m.Threshold, f
		}
	}
	m.Threshold = bestT
	return bestF
}

// fixedSettle, when not negative, is the settle threshold (-settle)
// instead of a learned one.
var fixedSettle = -1.0

// tuneSettle sets the settle threshold (0, off, or 0.05..0.5) that
// maximises the objective, or the fixed one, and returns its value.
func tuneSettle(m *cluster.Model, objective func(cluster.Model) float64) float64 {
	bestS, bestF := m.Settle, -1.0
	grid := []float64{0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}
	if fixedSettle >= 0 {
		grid = []float64{fixedSettle}
	}
	for _, t := range grid {
		m.Settle = t
		if f := objective(*m); f > bestF+1e-9 {
			bestS, bestF = t, f
		}
	}
	m.Settle = bestS
	return bestF
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

// examples streams a set through a clusterer that follows the gold
// grouping and returns the features of every retrieved candidate with its
// label (1 when it is the article's gold story).
func examples(s *devset.Set) ([][cluster.NumFeatures]float64, []float64) {
	x := dedup.New(dedup.DefaultOptions())
	c := cluster.New(baseOpts)
	storyOfGold := map[string]string{}
	goldOfStory := map[string]string{}
	var X [][cluster.NumFeatures]float64
	var Y []float64
	for _, a := range s.Articles {
		a.DuplicateOf = x.Add(a)
		g := s.Gold[a.ID]
		if a.DuplicateOf == "" {
			cands := c.Score(a)
			if topN > 0 {
				// the strongest candidates by the current model: the
				// decisions are made among them
				slices.SortStableFunc(cands, func(p, q cluster.Scored) int { return cmp.Compare(q.Prob, p.Prob) })
				cands = cands[:min(topN, len(cands))]
			}
			for _, cd := range cands {
				for i, d := range dropped {
					if d {
						cd.Features[i] = 0
					}
				}
				X = append(X, cd.Features)
				y := 0.0
				if goldOfStory[cd.Story] == g {
					y = 1
				}
				Y = append(Y, y)
			}
		}
		sid := c.Assign(a, storyOfGold[g])
		storyOfGold[g] = sid
		goldOfStory[sid] = g
	}
	return X, Y
}

// logistic fits weights and bias by Newton's method with an L2 penalty
// lambda on the weights.
func logistic(X [][cluster.NumFeatures]float64, Y []float64, lambda float64) cluster.Model {
	const d = cluster.NumFeatures + 1
	w := make([]float64, d) // last is the bias
	row := func(i int) []float64 {
		r := make([]float64, d)
		copy(r, X[i][:])
		r[d-1] = 1
		return r
	}
	for iter := 0; iter < 50; iter++ {
		var g [d]float64
		var h [d][d]float64
		for i := range X {
			r := row(i)
			z := 0.0
			for j := range r {
				z += w[j] * r[j]
			}
			p := 1 / (1 + math.Exp(-z))
			for j := range r {
				g[j] += (p - Y[i]) * r[j]
				for k := range r {
					h[j][k] += p * (1 - p) * r[j] * r[k]
				}
			}
		}
		n := float64(len(X))
		for j := 0; j < d; j++ {
			for k := 0; k < d; k++ {
				h[j][k] /= n
			}
			g[j] /= n
			if j < d-1 {
				g[j] += lambda * w[j]
				h[j][j] += lambda
			} else {
				h[j][j] += 1e-9
			}
		}
		step := solve(h, g)
		delta := 0.0
		for j := range w {
			w[j] -= step[j]
			delta = math.Max(delta, math.Abs(step[j]))
		}
		if delta < 1e-8 {
			break
		}
	}
	var m cluster.Model
	for j := 0; j < cluster.NumFeatures; j++ {
		m.Weights[j] = round(w[j])
	}
	m.Bias = round(w[d-1])
	return m
}

// solve solves h x = g by Gaussian elimination with partial pivoting.
func solve(h [cluster.NumFeatures + 1][cluster.NumFeatures + 1]float64, g [cluster.NumFeatures + 1]float64) []float64 {
	const d = cluster.NumFeatures + 1
	for col := 0; col < d; col++ {
		p := col
		for r := col + 1; r < d; r++ {
			if math.Abs(h[r][col]) > math.Abs(h[p][col]) {
				p = r
			}
		}
		h[col], h[p] = h[p], h[col]
		g[col], g[p] = g[p], g[col]
		if h[col][col] == 0 {
			continue
		}
		for r := col + 1; r < d; r++ {
			f := h[r][col] / h[col][col]
			for k := col; k < d; k++ {
				h[r][k] -= f * h[col][k]
			}
			g[r] -= f * g[col]
		}
	}
	x := make([]float64, d)
	for r := d - 1; r >= 0; r-- {
		s := g[r]
		for k := r + 1; k < d; k++ {
			s -= h[r][k] * x[k]
		}
		if h[r][r] != 0 {
			x[r] = s / h[r][r]
		}
	}
	return x
}
