package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/pipeline"
)

// extractRecord is one line of `extract --json`.
type extractRecord struct {
	ID                string     `json:"id"`
	Input             string     `json:"input"`
	Title             string     `json:"title"`
	Source            string     `json:"source"`
	URL               string     `json:"url"`
	Published         *time.Time `json:"published"`
	Lang              string     `json:"lang"`
	MachineTranslated bool       `json:"machine_translated"`
	NewsID            string     `json:"news_id,omitempty"`
	Text              string     `json:"text"`
}

func (a *app) newExtractCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "extract [flags] INPUT...",
		Short: "Clean articles and print their text and metadata (no store)",
		Args:  argsUsage,
		RunE: func(c *cobra.Command, args []string) error {
			enc := json.NewEncoder(a.stdout)
			enc.SetEscapeHTML(false)
			return extract(c.Context(), args, a, func(r extractRecord) error {
				if asJSON {
					return enc.Encode(r)
				}
				pub := "-"
				if r.Published != nil {
					pub = r.Published.Format(time.RFC3339)
				}
				mt := ""
				if r.MachineTranslated {
					mt = " (machine-translated)"
				}
				_, err := fmt.Fprintf(a.stdout, "== %s\ntitle: %s\nsource: %s  published: %s  lang: %s%s\n\n%s\n\n",
					r.Input, r.Title, r.Source, pub, r.Lang, mt, r.Text)
				return err
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per article per line")
	return c
}

// extract cleans every input in parallel and hands the records to out in
// input order; bad inputs go to stderr.
func extract(ctx context.Context, inputs []string, a *app, out func(extractRecord) error) error {
	type job struct {
		raw   storyline.RawArticle
		rec   *extractRecord
		err   error
		warns []storyline.InputError
	}
	opts := clean.DefaultOptions()
	var batch []*job
	flush := func() error {
		pipeline.ForEach(runtime.GOMAXPROCS(0), len(batch), func(i int) {
			j := batch[i]
			var art *storyline.Article
			j.err = pipeline.Safely("clean", j.raw.Input, func() (err error) {
				art, err = clean.Clean(j.raw, opts)
				return err
			})
			if j.err != nil {
				return
			}
			r := extractRecord{ID: art.ID, Input: art.Input, Title: art.Title, Source: art.Source,
				URL: art.URL, Lang: art.Lang, MachineTranslated: art.MachineTranslated,
				NewsID: art.NewsID, Text: art.Text}
			if !art.Published.IsZero() {
				t := art.Published.UTC()
				r.Published = &t
			}
			j.rec = &r
			for _, w := range art.Warnings {
				j.warns = append(j.warns, storyline.InputError{Input: j.raw.Input, Error: w, Warning: true})
			}
		})
		for _, j := range batch {
			if j.err != nil {
				printErrors(a.stderr, []storyline.InputError{{Input: j.raw.Input, Error: storyline.ErrorMessage(j.err)}})
				continue
			}
			printErrors(a.stderr, j.warns)
			if err := out(*j.rec); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := ingest.Read(ctx, inputs, a.stdin, ingest.DefaultOptions(), func(r storyline.RawArticle) error {
		batch = append(batch, &job{raw: r})
		if len(batch) >= 64 {
			return flush()
		}
		return nil
	}, func(e storyline.InputError) {
		printErrors(a.stderr, []storyline.InputError{e})
	})
	if err != nil {
		return err
	}
	return flush()
}
