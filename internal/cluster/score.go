package cluster

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"math"
	"slices"
	"sync"
)

// Features of an (article, story) pair, in the order of Model.Weights.
const (
	FCentroid    = iota // TF-IDF cosine of the article's terms to the story centroid
	FMember             // highest TF-IDF cosine to the story's first and latest members
	FNames              // IDF-weighted cosine of the names
	FNameShare          // share of the article's name weight that the story holds
	FFigures            // share of the article's figure weight that the story holds
	FDated              // 1 when both the article and the story have dates
	FGap                // log(1 + days between the article and the story's date range), when dated
	FSize               // log(1 + story size)
	FCentroidSq         // FCentroid squared: lets the model bend the lexical evidence
	FYearSame           // 1 when the article's lead year equals the story's
	FYearClash          // 1 when both have a lead year and they differ
	FLength             // log(1 + tokens of the article) / 10: long texts have lower cosines
	FCentroidLen        // FCentroid * FLength
	FRelative           // FCentroid minus the mean FCentroid of the other candidates
	FLeadIn             // share of the article's lead names (title, first sentences) the story holds
	FStoryLeadIn        // share of the story's first lead names the article holds
	FNoLead             // 1 when the article or the story has no lead names
	FCohesion           // how alike the story's members are: mean cosine of a member to the centroid of the others
	FBelow              // FCohesion minus FCentroid: how much less alike the article is than the members are
	FSingle             // 1 when the story has one member (no cohesion yet)
	FPersonIn           // share of the article's lead persons among the lead persons of the story's compared members
	FPersonClash        // 1 when both have lead persons and none is shared: another protagonist, likely another event
	FPlaceIn            // the same for lead places
	FPlaceClash         // the same for lead places: another place, likely another event
	NumFeatures
)

// FeatureNames names the features for the training report.
var FeatureNames = [NumFeatures]string{"centroid", "member", "names", "name_share", "figures", "dated", "gap", "size", "centroid_sq", "year_same", "year_clash", "length", "centroid_len", "relative", "lead_in", "story_lead_in", "no_lead", "cohesion", "below", "single", "person_in", "person_clash", "place_in", "place_clash"}

// Model is a logistic model of "the article belongs to this story" with
// the probability from which the article joins its best candidate.
type Model struct {
	Weights   [NumFeatures]float64 `json:"weights"`
	Bias      float64              `json:"bias"`
	Threshold float64              `json:"threshold"`
	// Settle is the probability at which Settle moves an article left
	// alone in its story to another story (0: it moves none). It is
	// learned with the join threshold, on the same runs.
	Settle float64 `json:"settle"`
}

// Prob is the model's probability for a feature vector.
func (m *Model) Prob(f *[NumFeatures]float64) float64 {
	z := m.Bias
	for i, w := range m.Weights {
		z += w * f[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// params.json is learned, not written by hand (a few minutes; needs the
// shared development sets beside the repository):
//
//go:generate go run ../tools/trainclusters -refine 1 -folds 2 -settle 0.1 -o params.json
//go:embed params.json
var paramsJSON []byte

// learned is the model trained by ./internal/tools/trainclusters on the development
// sets (see params.json; a broken file is a build-time mistake that the
// tests catch).
var learned = sync.OnceValue(func() Model {
	var p struct {
		Model Model `json:"model"`
	}
	if err := json.Unmarshal(paramsJSON, &p); err != nil {
		panic("cluster: params.json: " + err.Error())
	}
	return p.Model
})

// hit is a story retrieved for the current article with its summed key
// weight.
type hit struct {
	s   int32
	acc float64
}

// candidate is a story scored for the current article.
type candidate struct {
	s    int32
	acc  float64
	prob float64
	f    [NumFeatures]float64
}

// best returns the most probable story for the profile and its
// probability, or -1.
func (c *Clusterer) best(p *profile, exclude int32) (int32, float64) {
	s, prob, _ := c.bestScored(p, exclude)
	return s, prob
}

// bestScored is best with the features of the best story.
func (c *Clusterer) bestScored(p *profile, exclude int32) (int32, float64, *[NumFeatures]float64) {
	bestS, bestP := int32(-1), -1.0
	var bestF *[NumFeatures]float64
	cands := c.scored(p, exclude)
	for i := range cands {
		if cd := &cands[i]; cd.prob > bestP || cd.prob == bestP && cd.s < bestS {
			bestS, bestP, bestF = cd.s, cd.prob, &cd.f
		}
	}
	return bestS, bestP, bestF
}

// scored returns the candidate stories of a profile other than story
// exclude (-1: none) with their features and probabilities.
func (c *Clusterer) scored(p *profile, exclude int32) []candidate {
	cands := c.candidates(p)
	if exclude >= 0 {
		cands = slices.DeleteFunc(cands, func(cd candidate) bool { return cd.s == exclude })
	}
	an := c.norm(p.terms)
	nn := c.norm(p.names)
	c.scatter(p.terms)
	for i := range cands {
		c.features(p, an, nn, cands[i].s, &cands[i].f)
	}
	c.unscatter(p.terms)
	relative(cands)
	for i := range cands {
		cands[i].prob = c.opts.Model.Prob(&cands[i].f)
	}
	return cands
}

// Candidates returns up to MaxCandidates stories that share salient keys
// with the profile, the strongest first (ties by story index).
func (c *Clusterer) candidates(p *profile) []candidate {
	if len(c.acc) < c.stories.size() {
		c.acc = extend(c.acc, c.stories.size())
		c.stamp = extend(c.stamp, c.stories.size())
	}
	c.touch = c.touch[:0]
	maxDF := math.MaxInt32
	if c.n >= c.opts.MinDFSkip {
		maxDF = int(c.opts.MaxDFShare * float64(c.n))
	}
	keyNo := int32(0)
	for _, v := range [][]kw{p.terms, p.names, p.figs} {
		for _, e := range v {
			if df := *c.df.at(int32(e.K)); int(df) > maxDF || df == 0 {
				continue
			}
			keyNo++
			w := float64(e.W) * c.idf(e.K)
			pl := *c.postings.at(int32(e.K))
			if m := c.opts.MaxPostings; len(pl) > m {
				pl = pl[len(pl)-m:]
			}
			for _, s := range pl {
				if c.stamp[s] == keyNo { // listed twice for this key
					continue
				}
				if c.stamp[s] == 0 {
					c.touch = append(c.touch, s)
					c.acc[s] = 0
				}
				c.stamp[s] = keyNo
				c.acc[s] += w
			}
		}
	}
	// Keep the MaxCandidates strongest (acc descending, then story index)
	// by insertion into a short sorted list: most hits fall below the last
	// kept one and cost one comparison.
	before := func(a, b hit) bool { return a.acc > b.acc || a.acc == b.acc && a.s < b.s }
	k := max(1, c.opts.MaxCandidates)
	hits := c.hits[:0]
	for _, s := range c.touch {
		c.stamp[s] = 0
		h := hit{s, c.acc[s]}
		if len(hits) == k && !before(h, hits[k-1]) {
			continue
		}
		if len(hits) < k {
			hits = append(hits, h)
		} else {
			hits[k-1] = h
		}
		for j := len(hits) - 1; j > 0 && before(hits[j], hits[j-1]); j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	c.hits = hits
	out := make([]candidate, len(hits))
	for i, h := range hits {
		out[i] = candidate{s: h.s, acc: h.acc}
	}
	return out
}

// features fills f for the profile against story s. an and nn are the
// profile's term and name norms; the profile's terms must be scattered
// (see scatter).
func (c *Clusterer) features(p *profile, an, nn float64, s int32, f *[NumFeatures]float64) {
	st := c.stories.at(s)
	*f = [NumFeatures]float64{}
	if an > 0 {
		if c.stale(st.normAt) {
			st.normAt, st.norm = int32(c.n+1), c.norm(st.centroid)
			c.dirty.story.Mark(int64(s))
		}
		if cn := st.norm; cn > 0 {
			f[FCentroid] = c.dotDense(st.centroid) / (an * cn)
		}
		best := 0.0
		for _, m := range reps(st.members, c.opts.Reps) {
			mp := c.profiles.at(m)
			if mn := c.termNorm(m); mn > 0 {
				best = max(best, c.dotDense(mp.terms)/(an*mn))
			}
		}
		f[FMember] = best
	}
	if nn > 0 {
		if c.stale(st.nnormAt) {
			st.nnormAt, st.nnorm = int32(c.n+1), c.norm(st.names)
			c.dirty.story.Mark(int64(s))
		}
		if sn := st.nnorm; sn > 0 {
			f[FNames] = c.dot(p.names, st.names) / (nn * sn)
		}
		f[FNameShare] = c.share(p.names, st.names)
	}
	if first := c.profiles.at(st.members[0]); first.lang != p.lang && nn > 0 {
		w := c.opts.CrossTerms
		if first.lang == "" || p.lang == "" {
			w = 0 // a text of unknown language, likely a few names: they are its words
		}
		c.crossLanguage(p, nn, st, w, f)
	}
	f[FFigures] = c.share(p.figs, st.figs)
	if p.day != noDay && st.first != noDay {
		f[FDated] = 1
		gap := 0
		switch {
		case p.day < st.first:
			gap = int(st.first - p.day)
		case p.day > st.last:
			gap = int(p.day - st.last)
		}
		f[FGap] = math.Log1p(float64(gap))
	}
	f[FSize] = math.Log1p(float64(len(st.members)))
	f[FCentroidSq] = f[FCentroid] * f[FCentroid]
	if sl := c.profiles.at(st.members[0]).lead; len(p.lead) > 0 && len(sl) > 0 {
		f[FLeadIn] = c.share(p.lead, st.names)
		f[FStoryLeadIn] = c.share(sl, p.names)
	} else {
		f[FNoLead] = 1
	}
	if len(st.members) == 1 {
		f[FSingle] = 1
	} else if an > 0 {
		if c.stale(st.cohAt) {
			st.cohAt, st.coh = int32(c.n+1), c.cohesion(st)
			c.dirty.story.Mark(int64(s)) // cohesion may renew the norm too
		}
		f[FCohesion] = st.coh
		f[FBelow] = st.coh - f[FCentroid]
	}
	f[FPersonIn], f[FPersonClash] = c.leadOverlap(p.persons, st, func(q *profile) []kw { return q.persons })
	f[FPlaceIn], f[FPlaceClash] = c.leadOverlap(p.places, st, func(q *profile) []kw { return q.places })
	f[FLength] = math.Log1p(float64(p.ntok)) / 10
	f[FCentroidLen] = f[FCentroid] * f[FLength]
	if p.year != 0 && st.year != 0 {
		if p.year == st.year {
			f[FYearSame] = 1
		} else {
			f[FYearClash] = 1
		}
	}
}

// crossLanguage mixes the names' cosines into the lexical features of an
// article against a story in another language: few of their terms meet
// (the words written alike: names in lower case, figures, loan words), so
// the names (transliterated, places in English) weigh 1 - w of FCentroid
// and FMember (w: Options.CrossTerms). nn is the norm of the article's
// names.
func (c *Clusterer) crossLanguage(p *profile, nn float64, st *story, w float64, f *[NumFeatures]float64) {
	best := 0.0
	for _, m := range reps(st.members, c.opts.Reps) {
		mn := c.profiles.at(m).names
		if n := c.norm(mn); n > 0 {
			best = max(best, c.dot(p.names, mn)/(nn*n))
		}
	}
	f[FCentroid] = (1-w)*f[FNames] + w*f[FCentroid]
	f[FMember] = (1-w)*best + w*f[FMember]
}

// relative sets FRelative: how much a candidate stands out from the
// others retrieved for the same article.
func relative(cands []candidate) {
	sum := 0.0
	for i := range cands {
		sum += cands[i].f[FCentroid]
	}
	for i := range cands {
		f := &cands[i].f
		mean := 0.0
		if len(cands) > 1 {
			mean = (sum - f[FCentroid]) / float64(len(cands)-1)
		}
		f[FRelative] = f[FCentroid] - mean
	}
}

// reps returns the members an article is compared to: the first and the
// n-1 most recent.
func reps(members []int32, n int) []int32 {
	if len(members) <= n {
		return members
	}
	out := make([]int32, 0, n)
	out = append(out, members[0])
	return append(out, members[len(members)-n+1:]...)
}

// dot is the IDF-weighted dot product of two sparse vectors (each weight
// times the key's IDF, so IDF enters squared as in TF-IDF cosine).
func (c *Clusterer) dot(a, b []kw) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].K < b[j].K:
			i++
		case a[i].K > b[j].K:
			j++
		default:
			idf := c.idf(a[i].K)
			s += float64(a[i].W) * float64(b[j].W) * idf * idf
			i++
			j++
		}
	}
	return s
}

// scatter writes the weights of the article's terms into a dense array
// indexed by key, so that its dot product with a story's centroid or a
// member costs one pass over the other vector instead of a merge of the
// two. unscatter clears them again.
func (c *Clusterer) scatter(v []kw) {
	c.scattered = v
	if c.pg != nil {
		return // dotDense merges instead: a paged clusterer keeps no store-sized array
	}
	if len(c.dense) < c.df.size() {
		c.dense = extend(c.dense, c.df.size())
	}
	for _, e := range v {
		c.dense[e.K] = e.W
	}
}

func (c *Clusterer) unscatter(v []kw) {
	c.scattered = nil
	if c.pg != nil {
		return
	}
	for _, e := range v {
		c.dense[e.K] = 0
	}
}

// dotDense is dot(scattered terms, b), with the very same products added
// in the same (key) order, so the two agree to the last bit. Scattered
// weights are never 0: a term's weight is 1 + log(count) >= 1.
func (c *Clusterer) dotDense(b []kw) float64 {
	if c.pg != nil {
		return c.dot(c.scattered, b)
	}
	s := 0.0
	for _, e := range b {
		if w := c.dense[e.K]; w != 0 {
			idf := c.idf(e.K)
			s += float64(w) * float64(e.W) * idf * idf
		}
	}
	return s
}

// stale reports whether a norm cached when the clusterer held at-1
// articles must be recomputed: IDF drifts slowly, so a norm is kept until
// the number of articles has grown by 5% (and by 8). This saves most of the
// cost of comparing with members; the cached values are saved with the
// state so that a restored clusterer behaves exactly as the saved one.
func (c *Clusterer) stale(at int32) bool {
	return at == 0 || int32(c.n+1) > at+at/20+8
}

// termNorm is the TF-IDF norm of article m's terms (cached, see stale).
func (c *Clusterer) termNorm(m int32) float64 {
	p := c.profiles.at(m)
	if c.stale(p.normAt) {
		p.normAt, p.norm = int32(c.n+1), c.norm(p.terms)
		c.dirty.art.Mark(int64(m))
	}
	return p.norm
}

func (c *Clusterer) norm(a []kw) float64 {
	s := 0.0
	for _, e := range a {
		w := float64(e.W) * c.idf(e.K)
		s += w * w
	}
	return math.Sqrt(s)
}

// share is the part of a's IDF weight whose keys b also holds.
func (c *Clusterer) share(a, b []kw) float64 {
	tot, in := 0.0, 0.0
	j := 0
	for _, e := range a {
		w := float64(e.W) * c.idf(e.K)
		tot += w
		for j < len(b) && b[j].K < e.K {
			j++
		}
		if j < len(b) && b[j].K == e.K {
			in += w
		}
	}
	if tot == 0 {
		return 0
	}
	return in / tot
}

// cohesion is the mean cosine of the story's compared members to the
// centroid of the other members (the member taken out of the sum): dense
// stories (one event told many times) ask more of a newcomer than loose
// ones (a story told from several angles).
func (c *Clusterer) cohesion(st *story) float64 {
	if c.stale(st.normAt) {
		st.normAt, st.norm = int32(c.n+1), c.norm(st.centroid)
	}
	cn2 := st.norm * st.norm
	sum, n := 0.0, 0
	for _, m := range reps(st.members, c.opts.Reps) {
		mp := c.profiles.at(m)
		mn := c.termNorm(m)
		if mn == 0 {
			continue
		}
		d := c.dot(mp.terms, st.centroid)
		rest := cn2 - 2*d + mn*mn
		if rest <= 1e-12 {
			continue
		}
		sum += max(0, (d-mn*mn)/(mn*math.Sqrt(rest)))
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// leadOverlap compares the lead entities of the article (keys) with those
// of the story's compared members (of(member)): the share of the article's
// keys found there, and 1 when both sides have some and none is shared.
func (c *Clusterer) leadOverlap(keys []kw, st *story, of func(*profile) []kw) (share, clash float64) {
	if len(keys) == 0 {
		return 0, 0
	}
	in, any := 0, false
	rs := reps(st.members, c.opts.Reps)
	for _, e := range keys {
		for _, m := range rs {
			mk := of(c.profiles.at(m))
			any = any || len(mk) > 0
			if _, ok := slices.BinarySearchFunc(mk, e.K, func(x kw, k uint32) int { return cmp.Compare(x.K, k) }); ok {
				in++
				break
			}
		}
	}
	if !any {
		return 0, 0
	}
	if in == 0 {
		clash = 1
	}
	return float64(in) / float64(len(keys)), clash
}
