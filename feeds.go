package storyline

import (
	"context"
	"time"
)

// Feed is a polled RSS, Atom or JSON feed and what storyline remembers of its
// last poll. The validators let the next poll ask "changed since?" so that an
// unchanged feed costs one 304 and no parsing.
type Feed struct {
	URL          string
	Title        string
	ETag         string // validator of the last 200 response
	LastModified string // validator of the last 200 response, as the server wrote it
	Added        time.Time
	LastPoll     time.Time // zero before the first poll
	LastOK       time.Time // last poll that succeeded (200 or 304)
	LastError    string    // reason of the last failed poll, "" after a success
	Polls        int
	Entries      int // entries recorded for the feed (ingested or given up)
	Articles     int // entries that became a stored article
}

// FeedEntry is one entry of a feed as the watcher recorded it. An entry is
// Done once it was ingested or given up on (a permanent failure, or too many
// attempts); entries not Done are tried again on the next poll, which is what
// makes an interrupted poll resume without losing anything.
type FeedEntry struct {
	Feed      string // feed URL
	GUID      string // the entry's id in the feed (its link when it has none)
	URL       string // the article page, "" when the entry has none
	ArticleID string // the stored article, "" when not ingested
	Error     string // reason of the last failure
	Attempts  int
	Done      bool
	Seen      time.Time // last time the entry was recorded
}

// FeedStore keeps the feeds of `storyline watch` and the entries seen. A Store
// that also implements FeedStore can be watched; internal/sqlite and
// internal/postgres do.
type FeedStore interface {
	// AddFeed registers a feed; created is false when it was already known.
	AddFeed(ctx context.Context, url string) (created bool, err error)
	// Feed returns one feed with its status; ENOTFOUND if absent.
	Feed(ctx context.Context, url string) (*Feed, error)
	// Feeds lists every feed by URL.
	Feeds(ctx context.Context) ([]*Feed, error)
	// UpdateFeed records the outcome of a poll: title, validators, LastPoll,
	// LastOK, LastError and Polls are written as given.
	UpdateFeed(ctx context.Context, f *Feed) error
	// Entries returns the recorded entries of a feed whose GUID is one of
	// guids, and the entries of any feed whose URL is one of urls (an article
	// linked from two feeds is fetched once), ordered by feed then GUID.
	Entries(ctx context.Context, feed string, guids, urls []string) ([]FeedEntry, error)
	// PutEntry creates or replaces the entry (Feed, GUID).
	PutEntry(ctx context.Context, e *FeedEntry) error
}
