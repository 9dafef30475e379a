package feed

import (
	"context"
	"slices"
	"sync"

	"github.com/storyline/storyline"
)

// memStore is an in-memory storyline.FeedStore for the tests of this
// package; internal/sqlite has the real one.
type memStore struct {
	mu      sync.Mutex
	feeds   map[string]*storyline.Feed
	entries map[[2]string]storyline.FeedEntry
}

func newMemStore() *memStore {
	return &memStore{feeds: map[string]*storyline.Feed{}, entries: map[[2]string]storyline.FeedEntry{}}
}

func (m *memStore) AddFeed(_ context.Context, url string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.feeds[url] != nil {
		return false, nil
	}
	m.feeds[url] = &storyline.Feed{URL: url}
	return true, nil
}

func (m *memStore) Feed(_ context.Context, url string) (*storyline.Feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.feeds[url]
	if f == nil {
		return nil, storyline.Errorf(storyline.ENOTFOUND, "no feed %s", url)
	}
	c := *f
	c.Entries, c.Articles = 0, 0
	for _, e := range m.entries {
		if e.Feed == url && e.Done {
			c.Entries++
			if e.ArticleID != "" {
				c.Articles++
			}
		}
	}
	return &c, nil
}

func (m *memStore) Feeds(ctx context.Context) ([]*storyline.Feed, error) {
	m.mu.Lock()
	var urls []string
	for u := range m.feeds {
		urls = append(urls, u)
	}
	m.mu.Unlock()
	slices.Sort(urls)
	var out []*storyline.Feed
	for _, u := range urls {
		f, _ := m.Feed(ctx, u)
		out = append(out, f)
	}
	return out, nil
}

func (m *memStore) UpdateFeed(_ context.Context, f *storyline.Feed) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *f
	m.feeds[f.URL] = &c
	return nil
}

func (m *memStore) Entries(_ context.Context, feed string, guids, urls []string) ([]storyline.FeedEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []storyline.FeedEntry
	for _, e := range m.entries {
		if e.Feed == feed && slices.Contains(guids, e.GUID) || e.URL != "" && slices.Contains(urls, e.URL) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b storyline.FeedEntry) int {
		if a.Feed != b.Feed {
			return compare(a.Feed, b.Feed)
		}
		return compare(a.GUID, b.GUID)
	})
	return out, nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (m *memStore) PutEntry(_ context.Context, e *storyline.FeedEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries[[2]string{e.Feed, e.GUID}] = *e
	return nil
}
