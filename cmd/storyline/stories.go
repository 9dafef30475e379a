package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
)

// parseDay reads a --since/--until value: a date or an RFC 3339 time.
func parseDay(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageError{fmt.Errorf("--%s %q: want a date like 2022-01-28 or an RFC 3339 time", flag, v)}
}

func (a *app) newStoriesCmd() *cobra.Command {
	var db, since, until, source, lang, q string
	var asJSON bool
	var limit, offset int
	c := &cobra.Command{
		Use:   "stories [flags]",
		Short: "List the stories in the store, newest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			f := storyline.StoryFilter{Q: q, Source: source, Lang: lang, Limit: limit, Offset: offset}
			var err error
			if f.Since, err = parseDay("since", since); err != nil {
				return err
			}
			if f.Until, err = parseDay("until", until); err != nil {
				return err
			}
			store, err := a.openExisting(ctx, db)
			if err != nil {
				return err
			}
			defer store.Close()
			stories, total, err := store.Stories(ctx, f)
			if err != nil {
				return err
			}
			if asJSON {
				type row struct {
					ID       string              `json:"id"`
					Headline string              `json:"headline"`
					Articles int                 `json:"articles"`
					Sources  []string            `json:"sources"`
					Outlets  int                 `json:"outlets"`
					First    *time.Time          `json:"first"`
					Last     *time.Time          `json:"last"`
					Related  []storyline.Related `json:"related"`
				}
				rows := []row{}
				for _, s := range stories {
					var rel []storyline.Related
					if s.Brief != nil {
						rel = s.Brief.Related
					}
					rows = append(rows, row{s.ID, s.Headline, len(s.Articles), nonNil(s.Sources), s.Outlets(), timePtr(s.First), timePtr(s.Last), nonNil(rel)})
				}
				return writeJSON(a.stdout, map[string]any{"stories": rows, "total": total})
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "STORY\tARTICLES\tOUTLETS\tFIRST\tLAST\tHEADLINE")
			for _, s := range stories {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", s.ID, len(s.Articles), s.Outlets(), day(s.First), day(s.Last), clip(s.Headline, 70))
			}
			tw.Flush()
			fmt.Fprintf(a.stdout, "%d of %d stories\n", len(stories), total)
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&since, "since", "", "only stories with articles published at or after this date")
	c.Flags().StringVar(&until, "until", "", "only stories with articles published before this date")
	c.Flags().StringVar(&source, "source", "", "only stories with an article of this outlet")
	c.Flags().StringVar(&lang, "lang", "", "only stories with an article in this language")
	c.Flags().StringVar(&q, "q", "", "full-text query")
	c.Flags().IntVar(&limit, "limit", 50, "at most this many stories")
	c.Flags().IntVar(&offset, "offset", 0, "skip this many stories")
	return c
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func (a *app) newShowCmd() *cobra.Command {
	var db string
	var asJSON, withText bool
	c := &cobra.Command{
		Use:   "show [flags] STORY",
		Short: "Show one story's brief",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("show needs exactly one story id")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			store, err := a.openExisting(ctx, db)
			if err != nil {
				return err
			}
			defer store.Close()
			id, err := resolveStory(ctx, store, args[0])
			if err != nil {
				return err
			}
			v, err := storyView(ctx, store, id, withText)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, v)
			}
			heads, err := relatedHeadlines(ctx, store, v.Related)
			if err != nil {
				return err
			}
			printBrief(a.stdout, v, heads)
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.Flags().BoolVar(&asJSON, "json", false, "print the contract's story object")
	c.Flags().BoolVar(&withText, "with-text", false, "include cleaned texts in JSON")
	return c
}

// relatedHeadlines reads the headlines of related stories; one no longer
// stored is left out.
func relatedHeadlines(ctx context.Context, store storyline.Store, rel []storyline.Related) (map[string]string, error) {
	heads := map[string]string{}
	for _, r := range rel {
		s, err := store.Story(ctx, r.Story)
		if storyline.ErrorCode(err) == storyline.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		heads[r.Story] = s.Headline
	}
	return heads, nil
}

// printBrief writes a story's brief for people to read; heads holds the
// headlines of its related stories (those missing are not shown).
func printBrief(w io.Writer, v storyline.StoryView, heads map[string]string) {
	index := map[string]int{}
	for i, a := range v.Articles {
		index[a.ID] = i + 1
	}
	fmt.Fprintf(w, "%s\n%s\n\n", v.Headline, strings.Repeat("=", min(len([]rune(v.Headline)), 78)))
	outlets := "outlets"
	if v.Outlets() == 1 {
		outlets = "outlet"
	}
	fmt.Fprintf(w, "Articles (%d %s)\n", v.Outlets(), outlets)
	for i, a := range v.Articles {
		src, _ := storyline.OutletOf(a.Source, a.URL)
		if src == "" {
			src = "unknown outlet"
		}
		dup := ""
		if a.DuplicateOf != nil {
			dup = fmt.Sprintf("  [copy of %d]", index[*a.DuplicateOf])
		}
		fmt.Fprintf(w, "  [%d] %s: %s%s\n", i+1, src, clip(a.Title, 60), dup)
	}
	if len(v.Summary) > 0 {
		fmt.Fprintln(w, "\nSummary")
		for _, s := range v.Summary {
			var refs []string
			for _, c := range s.Citations {
				refs = append(refs, fmt.Sprint(index[c.Article]))
			}
			fmt.Fprintf(w, "  %s [%s]\n", s.Text, strings.Join(refs, ","))
		}
	}
	var corroborated, single []storyline.Claim
	for _, c := range v.Claims {
		if c.Sources > 1 {
			corroborated = append(corroborated, c)
		} else {
			single = append(single, c)
		}
	}
	if len(corroborated) > 0 {
		fmt.Fprintln(w, "\nCorroborated claims")
		for _, c := range corroborated {
			fmt.Fprintf(w, "  (%d outlets) %s\n", c.Sources, clip(c.Text, 150))
		}
	}
	if len(single) > 0 {
		fmt.Fprintf(w, "\nSingle-source claims: %d\n", len(single))
	}
	if len(v.Quotes) > 0 {
		fmt.Fprintln(w, "\nQuotes")
		for _, q := range v.Quotes {
			fmt.Fprintf(w, "  %s\n", q.Speaker)
			for _, qv := range q.Variants {
				fmt.Fprintf(w, "    [%d] “%s”\n", index[qv.Article], clip(qv.Quoted(), 140))
			}
		}
	}
	if len(v.Figures) > 0 {
		fmt.Fprintln(w, "\nFigures")
		for _, f := range v.Figures {
			flag := ""
			if f.Disagreement {
				flag = "  (outlets disagree)"
			}
			fmt.Fprintf(w, "  %s: %d articles%s\n", f.Text, len(f.Articles), flag)
		}
	}
	if len(v.Timeline) > 0 {
		fmt.Fprintln(w, "\nTimeline")
		for _, t := range v.Timeline {
			fmt.Fprintf(w, "  %s  %s\n", t.Date, clip(t.Text, 110))
		}
	}
	if len(v.Entities) > 0 {
		var names []string
		for i, e := range v.Entities {
			if i == 15 {
				break
			}
			names = append(names, fmt.Sprintf("%s (%d)", e.Name, e.Articles))
		}
		fmt.Fprintf(w, "\nEntities: %s\n", strings.Join(names, ", "))
	}
	var rel []storyline.Related
	for _, r := range v.Related {
		if _, ok := heads[r.Story]; ok {
			rel = append(rel, r)
		}
	}
	if len(rel) > 0 {
		fmt.Fprintln(w, "\nRelated stories")
		for _, r := range rel {
			fmt.Fprintf(w, "  %s  %s\n      %.2f: %s\n", r.Story, clip(heads[r.Story], 80), r.Score, r.Reason)
		}
	}
}
