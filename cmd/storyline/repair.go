package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline/internal/pipeline"
)

func (a *app) newRepairCmd() *cobra.Command {
	var (
		db    string
		quiet bool
	)
	c := &cobra.Command{
		Use:   "repair [--db PATH]",
		Short: "Derive every story, copy link, index and brief again from the stored articles",
		Long: `Place every stored article again, in arrival order, with the current model:
its copy link and story, the dedup and cluster indexes, then every brief. Use it
after a change of the clustering model, or to mend a store. Other writers wait
while the articles are placed; readers do not.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			store, err := a.openStore(ctx, db)
			if err != nil {
				return err
			}
			defer store.Close()
			// Repair derives the indexes from the articles alone: loading the
			// stored ones first would only be thrown away (and fails on the
			// damaged stores repair is for).
			p := pipeline.OpenEmpty(store, a.pipelineOptions())
			bar := a.progress(quiet, "placing")
			var progress func(int)
			if bar != nil {
				progress = func(n int) { _ = bar.Set(n) }
			}
			res, err := p.Repair(ctx, progress)
			if bar != nil {
				_ = bar.Finish()
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(a.stdout, "%d articles placed again, %d changed story or copy link, %d stories briefed\n",
					res.Articles, res.Moved, res.Stories)
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", a.defaultDB(), "store: SQLite file or postgres:// URL")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return c
}
