package storyline

import (
	"context"
	"time"
)

// ArticleFilter selects articles. Zero values mean "no restriction".
type ArticleFilter struct {
	IDs    []string
	Story  string
	Source string
	Lang   string
	Since  time.Time // published at or after
	Until  time.Time // published before
	After  int64     // Seq greater than this
	Limit  int
}

// StoryFilter selects stories, newest (by last published date, then last
// change) first. Q is a full-text query over the stories' articles.
type StoryFilter struct {
	Q      string
	Source string
	Lang   string
	Since  time.Time
	Until  time.Time
	Offset int
	Limit  int
}

// SearchHit is one article matching a full-text query.
type SearchHit struct {
	Article string  `json:"article"`
	Story   string  `json:"story"`
	Title   string  `json:"title"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// Store keeps articles, their analysis, stories and briefs. Every method is
// safe for concurrent use. Implementations: internal/sqlite (embedded, the
// default). All of them pass the conformance suite in internal/storetest.
type Store interface {
	// PutArticle stores a cleaned, analysed article and sets its Seq. When an
	// article with the same ID is already stored it changes nothing and
	// reports created == false.
	PutArticle(ctx context.Context, a *Article) (created bool, err error)
	// Article returns one article with its analysis; ENOTFOUND if absent.
	Article(ctx context.Context, id string) (*Article, error)
	// Articles returns the articles a filter selects, in Seq order.
	Articles(ctx context.Context, f ArticleFilter) ([]*Article, error)
	// HasArticles reports which of the ids are stored.
	HasArticles(ctx context.Context, ids []string) (map[string]bool, error)
	// Assign records the story and the duplicate link of an article.
	Assign(ctx context.Context, articleID, storyID, duplicateOf string) error

	// PutStory creates or replaces a story (membership order, headline,
	// dates, sources, brief).
	PutStory(ctx context.Context, s *Story) error
	// Story returns one story; ENOTFOUND if absent.
	Story(ctx context.Context, id string) (*Story, error)
	// Stories lists stories and the total number the filter matches.
	Stories(ctx context.Context, f StoryFilter) ([]*Story, int, error)
	// Search finds articles by full text over their stemmed text.
	Search(ctx context.Context, q string, limit int) ([]SearchHit, error)

	// LineCounts returns, for each line hash, the number of distinct stored
	// articles of the source that contain the line; AddLines records the
	// line hashes of one article. The cleaner learns boilerplate from them.
	LineCounts(ctx context.Context, source string, hashes []uint64) (map[uint64]int, error)
	AddLines(ctx context.Context, source, articleID string, hashes []uint64) error
	// SourceArticles is the number of articles stored for a source.
	SourceArticles(ctx context.Context, source string) (int, error)

	// GetState and PutState keep opaque state blobs of the stages (the
	// clusterer's index, the dedup signatures), keyed by name.
	GetState(ctx context.Context, key string) ([]byte, error)
	PutState(ctx context.Context, key string, value []byte) error

	Close() error
}

// LiteReader is a Store that can read articles without their original
// input and analysis: metadata and cleaned text only (internal/sqlite).
type LiteReader interface {
	ArticlesLite(ctx context.Context, f ArticleFilter) ([]*Article, error)
}

// LoadStory reads a stored story and its articles in the story's order,
// without the articles' input and analysis when the store is a
// LiteReader: a story's page or printed object needs only metadata and
// text.
func LoadStory(ctx context.Context, st Store, id string) (*Story, []*Article, error) {
	s, err := st.Story(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	load := st.Articles
	if l, ok := st.(LiteReader); ok {
		load = l.ArticlesLite
	}
	arts, err := load(ctx, ArticleFilter{IDs: s.Articles})
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	ordered := make([]*Article, 0, len(s.Articles))
	for _, aid := range s.Articles {
		if a := byID[aid]; a != nil {
			ordered = append(ordered, a)
		}
	}
	return s, ordered, nil
}
