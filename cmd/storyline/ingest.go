package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline/internal/pipeline"
)

func (a *app) newIngestCmd() *cobra.Command {
	var f runFlags
	var ff fetchFlags
	var briefs bool
	var nf natsFlags
	c := &cobra.Command{
		Use:   "ingest [flags] INPUT|URL...",
		Short: "Add articles (files, directories, -, or page URLs) to the store and group them into stories",
		Args:  argsUsage,
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			if err := checkInputs(args); err != nil {
				return err
			}
			client, err := ff.client()
			if err != nil {
				return err
			}
			if nf.url != "" {
				return a.ingestToQueue(ctx, nf, f, client, args)
			}
			store, err := a.openStore(ctx, f.db)
			if err != nil {
				return err
			}
			defer store.Close()
			opts := a.pipelineOptions()
			if f.quiet {
				opts.Notice = nil
			}
			opts.NoBriefs = !briefs
			opts.Settle = !f.noSettle
			var files, urls []string
			for _, arg := range args {
				if isURL(arg) {
					urls = append(urls, arg)
				} else {
					files = append(files, arg)
				}
			}
			res, err := a.withPipeline(ctx, store, opts, f.quiet, files, func(p *pipeline.Pipeline) (*pipeline.Result, error) {
				res := &pipeline.Result{}
				if len(urls) > 0 {
					raws, ferrs := fetchArticles(ctx, client, urls)
					got, err := p.IngestRaw(ctx, raws)
					if err != nil {
						return nil, err
					}
					res = got
					res.Errors = append(ferrs, res.Errors...)
					res.Rejected += len(ferrs)
				}
				if len(files) > 0 {
					more, err := p.Ingest(ctx, files, a.stdin)
					if err != nil {
						return nil, err
					}
					res.New += more.New
					res.Duplicate += more.Duplicate
					res.Rejected += more.Rejected
					res.Errors = append(res.Errors, more.Errors...)
				}
				return res, nil
			})
			if err != nil {
				return err
			}
			if f.json {
				if err := writeJSON(a.stdout, map[string]any{"new": res.New, "duplicate": res.Duplicate,
					"rejected": res.Rejected, "errors": nonNil(res.Errors)}); err != nil {
					return err
				}
				return allRejected(res)
			}
			printErrors(a.stderr, res.Errors)
			if !f.quiet {
				fmt.Fprintf(a.stdout, "%d new, %d duplicate, %d rejected\n", res.New, res.Duplicate, res.Rejected)
			}
			return allRejected(res)
		},
	}
	c.Flags().StringVar(&f.db, "db", a.defaultDB(), "store: SQLite file, :memory: for none, or postgres:// URL")
	c.Flags().BoolVar(&f.json, "json", false, "print counts as JSON")
	c.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors")
	c.Flags().BoolVar(&briefs, "briefs", true, "refresh the briefs of the stories that changed")
	c.Flags().BoolVar(&f.noSettle, "no-settle", false, noSettleUsage)
	addFetchFlags(c, &ff)
	a.addNatsFlags(c, &nf, "publish the articles to the distributed pipeline's queue on this NATS server instead of processing them here")
	return c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
