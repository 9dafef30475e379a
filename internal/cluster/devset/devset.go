// Package devset reads the shared clustering development sets
// (articles.jsonl + gold.jsonl, see ../shared/data/README.md) into analysed
// articles, runs dedup and clustering over them and scores the result with
// B-cubed F1. It is the evaluation harness of internal/cluster: the tests,
// the benchmarks and ./internal/tools/trainclusters use it, and it stands in for
// `storyline run` where the whole pipeline is not needed.
//
// The analysis is the minimum the clusterer reads: the title (the first
// line of the text when the set has none), the date, sentences and English
// tokens from internal/text. Entities and figures are left empty, as when
// the analyzer finds none.
package devset

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"time"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/text"
)

// Set is one development set: its articles in file order and the gold story
// of each article id.
type Set struct {
	Name     string
	Articles []*storyline.Article
	Gold     map[string]string
}

// Sets lists the clustering sets under data/dev.
var Sets = []string{"basil-dev", "multinews-val", "ecbplus-dev"}

// SharedDir returns the shared material: $STORYLINE_SHARED (a relative
// path is taken from the repository root), else ../shared beside it.
func SharedDir() string { return sharedtest.Path() }

// Prepare turns one input line into an analysed article; an error drops
// the article (it then scores as a singleton, as in eval-cluster.sh).
type Prepare func(raw storyline.RawArticle) (*storyline.Article, error)

// Load reads the set called name from shared/data/dev with the minimal
// analysis of Analyse.
func Load(shared, name string) (*Set, error) { return LoadWith(shared, name, nil) }

// LoadWith reads a set and prepares every article with prep (nil: the
// minimal analysis). ./internal/tools/trainclusters passes the real cleaner and
// analyzer so that the model learns from what the pipeline produces.
func LoadWith(shared, name string, prep Prepare) (*Set, error) {
	dir := filepath.Join(shared, "data", "dev", name)
	s, err := loadArticles(filepath.Join(dir, "articles.jsonl"), name, prep)
	if err != nil {
		return nil, err
	}
	s.Gold, err = LoadGold(shared, name)
	return s, err
}

// LoadGold reads only the gold story of each article id of a set.
func LoadGold(shared, name string) (map[string]string, error) {
	gold := map[string]string{}
	err := sharedtest.EachLine(filepath.Join(shared, "data", "dev", name, "gold.jsonl"), func(line []byte) error {
		var g struct{ ID, Story string }
		if err := json.Unmarshal(line, &g); err != nil {
			return err
		}
		gold[g.ID] = g.Story
		return nil
	})
	return gold, err
}

// LoadFile reads the articles of one JSON Lines file (a scale corpus of
// ./internal/tools/scalecorpus, say) with the minimal analysis; Gold stays empty.
func LoadFile(path string) (*Set, error) { return loadArticles(path, filepath.Base(path), nil) }

// LoadFileWith reads the articles of one JSON Lines file, each prepared by
// prep (a set of rated pairs has no gold stories, so Gold stays empty).
func LoadFileWith(path string, prep Prepare) (*Set, error) {
	return loadArticles(path, filepath.Base(filepath.Dir(path)), prep)
}

func loadArticles(path, name string, prep Prepare) (*Set, error) {
	s := &Set{Name: name, Gold: map[string]string{}}
	err := sharedtest.EachLine(path, func(line []byte) error {
		var r struct {
			ID, Title, Text, Source, URL string
			Published                    *string
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		if prep != nil {
			raw := storyline.RawArticle{ID: r.ID, Input: name + ":" + r.ID, Format: storyline.FormatText,
				Title: r.Title, Text: r.Text, Source: r.Source, URL: r.URL, Raw: line}
			if r.Published != nil {
				raw.Published = *r.Published
			}
			if a, err := prep(raw); err == nil {
				s.Articles = append(s.Articles, a)
			}
			return nil
		}
		a := &storyline.Article{ID: r.ID, Title: r.Title, Text: r.Text, Source: r.Source, URL: r.URL, Lang: "en"}
		if r.Published != nil {
			if t, err := time.Parse("2006-01-02", *r.Published); err == nil {
				a.Published = t
			}
		}
		Analyse(a)
		s.Articles = append(s.Articles, a)
		return nil
	})
	return s, err
}

// Analyse fills the title (from the first line when empty), sentences and
// tokens of an article whose Text and Lang are set.
func Analyse(a *storyline.Article) {
	if a.Title == "" {
		first, _, _ := strings.Cut(strings.TrimSpace(a.Text), "\n")
		if len(first) < 200 {
			a.Title = strings.TrimSpace(first)
		}
	}
	a.Sentences = text.Sentences(a.Text)
	a.Tokens = text.Tokens(a.Text, a.Lang)
}

// Merge concatenates sets into one (the `--all` run of eval-cluster.sh).
func Merge(sets ...*Set) *Set {
	m := &Set{Name: "all", Gold: map[string]string{}}
	for _, s := range sets {
		m.Articles = append(m.Articles, s.Articles...)
		for k, v := range s.Gold {
			m.Gold[k] = v
		}
	}
	return m
}

// Scores are B-cubed precision, recall and F1 over the gold articles.
type Scores struct {
	P, R, F1 float64
	Stories  int
}

// BCubed scores predicted stories (article id → story id) against gold;
// only gold ids count, and gold ids without a prediction are singletons.
func BCubed(gold, pred map[string]string) Scores {
	gsize := map[string]int{}
	psize := map[string]int{}
	both := map[[2]string]int{}
	pl := func(id string) string {
		if p, ok := pred[id]; ok {
			return p
		}
		return "\x00" + id
	}
	for id, g := range gold {
		p := pl(id)
		gsize[g]++
		psize[p]++
		both[[2]string{g, p}]++
	}
	var sp, sr float64
	for id, g := range gold {
		p := pl(id)
		n := float64(both[[2]string{g, p}])
		sp += n / float64(psize[p])
		sr += n / float64(gsize[g])
	}
	n := float64(len(gold))
	s := Scores{P: sp / n, R: sr / n, Stories: len(psize)}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// Run passes the articles, in order, through a fresh dedup index and
// clusterer and returns each article's story, after settling the articles
// left alone (as the pipeline does at the end of a run). It sets
// DuplicateOf on the articles, as the pipeline does.
func Run(articles []*storyline.Article, dopts dedup.Options, copts cluster.Options) map[string]string {
	return RunBatches(articles, dopts, copts, len(articles))
}

// RunBatches is Run with the articles coming in runs of n, each settled at
// its end as a pipeline run is.
func RunBatches(articles []*storyline.Article, dopts dedup.Options, copts cluster.Options, n int) map[string]string {
	x := dedup.New(dopts)
	c := cluster.New(copts)
	for lo := 0; lo < len(articles); lo += max(n, 1) {
		var alone []string
		for _, a := range articles[lo:min(lo+max(n, 1), len(articles))] {
			a.DuplicateOf = x.Add(a)
			c.Add(a)
			if a.DuplicateOf == "" {
				alone = append(alone, a.ID)
			}
		}
		c.Settle(alone)
	}
	pred := make(map[string]string, len(articles))
	for _, a := range articles {
		pred[a.ID] = c.StoryOf(a.ID)
	}
	return pred
}
