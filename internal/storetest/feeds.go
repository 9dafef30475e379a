package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/storyline/storyline"
)

// FeedStore is a store of watched feeds that can be closed.
type FeedStore interface {
	storyline.FeedStore
	Close() error
}

// Feeds checks a FeedStore: feeds and entries, their upserts, and that
// they survive Close. reopen must open the same underlying database every
// time, empty on the first call.
func Feeds(t *testing.T, reopen func(t *testing.T) FeedStore) {
	ctx := context.Background()
	db := reopen(t)
	const a, b = "https://a.example/feed", "https://b.example/rss"
	for i, u := range []string{a, b, a} {
		created, err := db.AddFeed(ctx, u)
		if err != nil || created != (i < 2) {
			t.Fatalf("AddFeed(%s) = %v, %v", u, created, err)
		}
	}
	if _, err := db.Feed(ctx, "https://none.example/"); storyline.ErrorCode(err) != storyline.ENOTFOUND {
		t.Errorf("missing feed: %v", err)
	}
	if err := db.UpdateFeed(ctx, &storyline.Feed{URL: "https://none.example/"}); storyline.ErrorCode(err) != storyline.ENOTFOUND {
		t.Errorf("update missing feed: %v", err)
	}
	poll := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	want := storyline.Feed{URL: a, Title: "A news", ETag: `"x"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
		LastPoll: poll, LastOK: poll.Add(-time.Hour), LastError: "HTTP 500", Polls: 4}
	if err := db.UpdateFeed(ctx, &want); err != nil {
		t.Fatal(err)
	}
	entries := []storyline.FeedEntry{
		{Feed: a, GUID: "g1", URL: "https://a.example/1", ArticleID: "u1", Attempts: 1, Done: true, Seen: poll},
		{Feed: a, GUID: "g2", URL: "https://a.example/2", Error: "HTTP 500", Attempts: 1, Seen: poll},
		{Feed: b, GUID: "x", URL: "https://a.example/2", ArticleID: "u2", Attempts: 1, Done: true, Seen: poll},
		{Feed: b, GUID: "y", Error: "entry has neither a body nor a link", Attempts: 1, Done: true, Seen: poll},
	}
	for i := range entries {
		if err := db.PutEntry(ctx, &entries[i]); err != nil {
			t.Fatal(err)
		}
	}
	// Upsert: the second attempt replaces the first.
	entries[1].Attempts, entries[1].Error = 2, "timed out"
	if err := db.PutEntry(ctx, &entries[1]); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopen: everything persisted.
	db = reopen(t)
	defer db.Close()
	f, err := db.Feed(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if f.Added.IsZero() {
		t.Error("no Added time")
	}
	want.Added, want.Entries, want.Articles = f.Added, 1, 1
	if *f != want {
		t.Errorf("feed\n got %+v\nwant %+v", *f, want)
	}
	fs, err := db.Feeds(ctx)
	if err != nil || len(fs) != 2 || fs[0].URL != a || fs[1].URL != b || fs[1].Entries != 2 || fs[1].Articles != 1 || !fs[1].LastPoll.IsZero() {
		t.Fatalf("Feeds: %+v %v", fs, err)
	}
	got, err := db.Entries(ctx, a, []string{"g1", "g2", "g3"}, []string{"https://a.example/2", "https://a.example/9"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != entries[0] || got[1] != entries[1] || got[2] != entries[2] {
		t.Errorf("Entries:\n got %+v\nwant %+v", got, entries[:3])
	}
	if got, err := db.Entries(ctx, b, nil, nil); err != nil || len(got) != 0 {
		t.Errorf("no keys: %v %v", got, err)
	}
}
