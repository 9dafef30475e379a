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
	// IDPrefix keeps the stories whose id starts with it (a shortened id,
	// as git takes).
	IDPrefix string
	Q        string
	Source   string
	Lang     string
	Since    time.Time
	Until    time.Time
	Offset   int
	Limit    int
}

// Search limits. Every word of a query must match, so a reader learns
// nothing more from the 33rd word, while each one adds a pass over the
// full-text index: a query of 1,000 words made one search take minutes.
const (
	MaxQueryBytes = 1024
	MaxQueryTerms = 32
)

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
// default) and internal/postgres (shared by several processes and
// machines). All of them pass the conformance suite in internal/storetest.
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
	// dates, sources, brief), unless the stored one has a later AsOf.
	PutStory(ctx context.Context, s *Story) error
	// Story returns one story; ENOTFOUND if absent.
	Story(ctx context.Context, id string) (*Story, error)
	// Stories lists stories and the total number the filter matches.
	Stories(ctx context.Context, f StoryFilter) ([]*Story, int, error)
	// Search finds articles by full text over their stemmed text. A word
	// given twice is searched once; a query longer than MaxQueryBytes or
	// with more than MaxQueryTerms distinct words is refused (EINVALID).
	Search(ctx context.Context, q string, limit int) ([]SearchHit, error)

	// LineCounts returns, for each line hash, the number of distinct stored
	// articles of the source that contain the line; AddLines records the
	// line hashes of one article. The cleaner learns boilerplate from them.
	LineCounts(ctx context.Context, source string, hashes []uint64) (map[uint64]int, error)
	AddLines(ctx context.Context, source, articleID string, hashes []uint64) error
	// SourceArticles is the number of articles stored for a source.
	SourceArticles(ctx context.Context, source string) (int, error)

	Journal

	Close() error
}

// Journal is the part of a Store that keeps the derived indexes (dedup
// and cluster) in step with the articles. The store is the truth: every
// change the indexes make is a LogEntry appended in the same transaction
// as the articles or assignments it describes, and an index is a
// Checkpoint (a snapshot as of one log position) plus the log after it.
// A process brings its in-memory index up to date by replaying the log
// after the position it has applied; a crash loses nothing, since what
// is not in the log was not committed either. Repair starts a new Epoch:
// a process that sees the epoch change reloads instead of replaying.
//
// Stories whose membership changed are marked dirty in the same
// transaction, with the log position of the change; whoever writes their
// brief afterwards clears the mark unless a later change renewed it.
type Journal interface {
	// AppendLog appends entries in order and returns the position of the
	// last one (the current last position when entries is empty).
	AppendLog(ctx context.Context, entries []LogEntry) (int64, error)
	// LastLSN is the position of the last entry ever appended.
	LastLSN(ctx context.Context) (int64, error)
	// ReadLog returns up to limit entries after position after, in order.
	ReadLog(ctx context.Context, after int64, limit int) ([]LogEntry, error)
	// Checkpoint returns the stored checkpoint (a zero one, epoch 0 at
	// position 0, when there is none); without data, only its Epoch and
	// LSN are read.
	Checkpoint(ctx context.Context, withData bool) (*Checkpoint, error)
	// PutCheckpoint stores cp when it is of the stored epoch and later in
	// the log than the stored one, and reports whether it did.
	PutCheckpoint(ctx context.Context, cp *Checkpoint) (bool, error)
	// ResetLog empties the log and stores cp as the checkpoint of a new
	// epoch (one more than the stored one, set in cp) at the current last
	// position (set in cp.LSN). Repair uses it after re-deriving every
	// assignment.
	ResetLog(ctx context.Context, cp *Checkpoint) error

	// MarkDirty marks stories as changed at log position lsn.
	MarkDirty(ctx context.Context, stories []string, lsn int64) error
	// Dirty returns the dirty stories among ids (all of them when ids is
	// nil, up to limit when limit > 0) with the position of their last
	// change, sorted by id.
	Dirty(ctx context.Context, ids []string, limit int) (map[string]int64, error)
	// ClearDirty removes the mark of a story unless it was renewed after
	// position lsn.
	ClearDirty(ctx context.Context, story string, lsn int64) error
	// DeleteStory removes a story (its articles all moved to others)
	// unless the stored one has an AsOf later than asOf.
	DeleteStory(ctx context.Context, id string, asOf int64) error

	// AddPending records articles that a run placed alone and must look
	// at again when it ends (cluster.Settle); Pending lists them in
	// arrival order; DropPending forgets them.
	AddPending(ctx context.Context, ids []string) error
	Pending(ctx context.Context) ([]string, error)
	DropPending(ctx context.Context, ids []string) error

	// StreamPos is the position in an outside stream (the sequence of a
	// NATS JetStream stream) up to which the consumer named name has
	// applied the stream to this store: 0 when it never did. SetStreamPos
	// records it; called in the transaction of the writes it applied, it
	// makes the position and those writes one commit, so a consumer that
	// restarts resumes exactly after what it stored (internal/distrib).
	StreamPos(ctx context.Context, name string) (int64, error)
	SetStreamPos(ctx context.Context, name string, pos int64) error

	// Pages returns the stored index pages of one kind among nums (a page
	// never written is absent from the map).
	Pages(ctx context.Context, kind string, nums []int64) (map[int64][]byte, error)
	// PutPages stores pages, each replacing the stored page of its kind and
	// number, and records that the pages reflect position at; with reset,
	// every stored page is removed first (a full write of the indexes).
	PutPages(ctx context.Context, pages []Page, at PagesAt, reset bool) error
	// PagesAt is the position the stored pages reflect (zero when none).
	PagesAt(ctx context.Context) (PagesAt, error)
}

// Page is one page of a derived index in paged form (internal/pages): the
// indexes as rows that a process reads by key, so that adding an article
// to a large store reads and writes only the pages it touches. Page
// numbers are at least 0 and below MaxPageNum.
type Page struct {
	Kind string
	Num  int64
	Data []byte
}

// MaxPageNum bounds page numbers (2^40: far above any count of articles,
// keys or buckets).
const MaxPageNum = 1 << 40

// PagesAt is the journal position of one epoch that the stored pages
// reflect: everything up to LSN applied, nothing after.
type PagesAt struct {
	Epoch int64
	LSN   int64
}

// LogEntry is one decision of the derived indexes: the article Article
// added to story Story (the story it joined then, which a later settling
// may have changed; its duplicate link is the article's own), or, when
// Settle is set, the second look that settling gave it at the end of a
// run, Story being the story it moved to ("" when it stayed).
type LogEntry struct {
	LSN     int64
	Article string
	Story   string
	Settle  bool
}

// Checkpoint is a snapshot of the derived indexes as of log position
// LSN of epoch Epoch: everything up to LSN applied, nothing after.
type Checkpoint struct {
	Epoch   int64
	LSN     int64
	Dedup   []byte
	Cluster []byte
}

// LiteReader is a Store that can read articles without their original
// input and analysis: metadata and cleaned text only (internal/sqlite,
// internal/postgres).
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
