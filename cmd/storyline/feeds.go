package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
)

// feedJSON is one feed as `storyline feeds --json` prints it.
type feedJSON struct {
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Status    string     `json:"status"` // "new" (never polled), "ok" or "failed"
	LastPoll  *time.Time `json:"last_poll"`
	LastOK    *time.Time `json:"last_ok"`
	LastError string     `json:"last_error,omitempty"`
	Polls     int        `json:"polls"`
	Entries   int        `json:"entries"`
	Articles  int        `json:"articles"`
}

func feedStatus(f *storyline.Feed) string {
	switch {
	case f.LastPoll.IsZero():
		return "new"
	case f.LastError != "":
		return "failed"
	}
	return "ok"
}

// newFeedsCmd is `storyline feeds`: the feeds of the store with their
// status; `storyline feeds add URL...` registers feeds without polling.
func newFeedsCmd(a *app) *cobra.Command {
	var db string
	var asJSON bool
	c := &cobra.Command{
		Use:   "feeds [flags]",
		Short: "List the watched feeds with their status",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			store, fs, err := a.openFeedStore(ctx, db, true)
			if err != nil {
				return err
			}
			defer store.Close()
			list, err := fs.Feeds(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]feedJSON, 0, len(list))
				for _, f := range list {
					out = append(out, feedJSON{URL: f.URL, Title: f.Title, Status: feedStatus(f),
						LastPoll: timePtr(f.LastPoll), LastOK: timePtr(f.LastOK), LastError: f.LastError,
						Polls: f.Polls, Entries: f.Entries, Articles: f.Articles})
				}
				return writeJSON(a.stdout, out)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.stdout, "no feeds; add one with: storyline watch --feed URL")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "STATUS\tLAST POLL\tPOLLS\tENTRIES\tARTICLES\tFEED\tTITLE")
			for _, f := range list {
				last := "never"
				if !f.LastPoll.IsZero() {
					last = f.LastPoll.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\n", feedStatus(f), last, f.Polls, f.Entries, f.Articles,
					f.URL, clip(f.Title, 40))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			for _, f := range list {
				if f.LastError != "" {
					fmt.Fprintf(a.stdout, "%s: %s\n", f.URL, f.LastError)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.Flags().BoolVar(&asJSON, "json", false, "print the feeds as a JSON array")

	add := &cobra.Command{
		Use:   "add URL...",
		Short: "Register feeds for storyline watch without polling them",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			store, fs, err := a.openFeedStore(ctx, db, false)
			if err != nil {
				return err
			}
			defer store.Close()
			for _, u := range args {
				if _, err := checkFeedURL(u); err != nil {
					return usageError{err}
				}
				created, err := fs.AddFeed(ctx, u)
				if err != nil {
					return err
				}
				if !created {
					fmt.Fprintf(a.stdout, "%s: already watched\n", u)
				}
			}
			return nil
		},
	}
	add.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.AddCommand(add)
	return c
}

// openFeedStore opens the store at db for the commands that keep feeds
// (feeds, feeds add, watch), which all need the FeedStore side of it. The
// caller closes the store; on error it is already closed.
func (a *app) openFeedStore(ctx context.Context, db string, existing bool) (storyline.Store, storyline.FeedStore, error) {
	open := a.openStore
	if existing {
		open = a.openExisting
	}
	store, err := open(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	fs, ok := store.(storyline.FeedStore)
	if !ok {
		store.Close()
		return nil, nil, fmt.Errorf("store %s cannot keep feeds", db)
	}
	return store, fs, nil
}
