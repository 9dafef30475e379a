package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
	"github.com/storyline/storyline/internal/distrib"
	"github.com/storyline/storyline/internal/fetch"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/postgres"
)

// natsFlags are the flags of the commands that can hand their work to a
// distributed pipeline (internal/distrib).
type natsFlags struct {
	url     string
	prefix  string
	ackWait time.Duration
}

// addNatsFlags adds --nats and --queue-prefix; usage says what --nats
// does for the command.
func (a *app) addNatsFlags(c *cobra.Command, f *natsFlags, usage string) {
	c.Flags().StringVar(&f.url, "nats", a.getenv("STORYLINE_NATS"), usage+" (default $STORYLINE_NATS)")
	c.Flags().StringVar(&f.prefix, "queue-prefix", distrib.DefaultOptions().Prefix,
		"names the deployment's streams on the NATS server (PREFIX_raw, PREFIX_analyzed, PREFIX_brief)")
}

// connect connects to the deployment's streams, creating them when absent.
func (f *natsFlags) connect(ctx context.Context, log *slog.Logger) (*distrib.Queue, error) {
	opts := distrib.DefaultOptions()
	opts.Prefix = f.prefix
	if f.ackWait > 0 {
		opts.AckWait = f.ackWait
	}
	opts.Logger = log
	return distrib.Connect(ctx, f.url, opts)
}

// newWorkerCmd is `storyline worker`: one process of the distributed
// pipeline.
func newWorkerCmd(a *app) *cobra.Command {
	var (
		nf   natsFlags
		db   string
		role string
	)
	c := &cobra.Command{
		Use:   "worker --nats URL --db postgres://… --role analyze|cluster|brief",
		Short: "Run one worker of the distributed pipeline (NATS JetStream and a Postgres store)",
		Long: `Run one worker of the distributed pipeline until SIGINT or SIGTERM:
  analyze  clean and analyse the raw articles that ingest, watch and serve publish
           with --nats (run as many as the machines allow);
  cluster  place the analysed articles into stories, in order; one is active at a
           time, others stand by and take over within seconds of its death;
  brief    rebuild the briefs of the stories that changed (run several).
See README.md, "Scaling out".`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if nf.url == "" {
				return usageError{errors.New("worker needs --nats URL (or $STORYLINE_NATS)")}
			}
			if !postgres.IsURL(db) {
				return usageError{errors.New("worker needs a shared store: --db postgres://… (or $STORYLINE_DB)")}
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.runWorker(ctx, role, db, nf)
		},
	}
	c.Flags().StringVar(&db, "db", a.defaultDB(), "the shared store: postgres:// URL")
	c.Flags().StringVar(&role, "role", "", "analyze, cluster or brief")
	a.addNatsFlags(c, &nf, "NATS server URL")
	c.Flags().DurationVar(&nf.ackWait, "ack-wait", distrib.DefaultOptions().AckWait,
		"how long a message held by a worker that stopped answering waits before another worker gets it")
	return c
}

// runWorker opens the store and the queue and runs one role.
func (a *app) runWorker(ctx context.Context, role, db string, nf natsFlags) error {
	a.longLived = true
	log := slog.New(slog.NewTextHandler(a.stderr, nil)).With("role", role, "pid", os.Getpid())
	st, err := postgres.Open(ctx, db)
	if err != nil {
		return fmt.Errorf("worker: open store: %w", err)
	}
	defer st.Close()
	q, err := nf.connect(ctx, log)
	if err != nil {
		return err
	}
	defer q.Close()
	opts := a.pipelineOptions()
	opts.Notice = func(msg string) { log.Info(msg) }
	log.Info("worker started")
	switch role {
	case "analyze":
		return q.Analyze(ctx, pipeline.OpenEmpty(st, opts))
	case "brief":
		// A brief worker follows the clusterer's journal only to list
		// related stories.
		opts.Cluster.Follow = true
		return q.Brief(ctx, st, pipeline.OpenEmpty(st, opts))
	case "cluster":
		opts.Settle, opts.Speculate, opts.Paged = true, false, false
		lease := st.Lease("cluster "+q.StreamPosName(), distrib.DefaultOptions().LeasePoll)
		return q.Cluster(ctx, st, lease, func(ctx context.Context) (*pipeline.Pipeline, error) {
			return pipeline.Open(ctx, st, opts)
		})
	}
	return usageError{fmt.Errorf("--role %q: want analyze, cluster or brief", role)}
}

// natsIngester publishes articles to the raw stream instead of running
// the pipeline in the process (ingest, watch and serve with --nats).
type natsIngester struct{ q *distrib.Queue }

// publish publishes raw articles and returns the ids of those the stream
// took (or had already), and an error per article it could not publish.
func (n natsIngester) publish(ctx context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	pub := n.q.Publisher()
	for _, r := range raws {
		if err := pub.Add(ctx, r); err != nil {
			return nil, nil, err
		}
	}
	res, err := pub.Wait(ctx)
	if err != nil {
		return nil, nil, err
	}
	failed := map[string]bool{}
	for _, e := range res.Errors {
		failed[e.Input] = true
	}
	var ids []string
	for _, r := range raws {
		if !failed[r.Input] {
			ids = append(ids, clean.ContentID(r))
		}
	}
	return ids, res.Errors, nil
}

// Ingest is web.Ingester: a POST's articles are queued, so no story has
// changed yet when it answers.
func (n natsIngester) Ingest(ctx context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	_, errs, err := n.publish(ctx, raws)
	return nil, errs, err
}

// ingestToQueue is `storyline ingest --nats`: the inputs are read (and
// page URLs fetched) here and published to the raw stream, for the
// workers to process; it prints how many were queued.
func (a *app) ingestToQueue(ctx context.Context, nf natsFlags, f runFlags, client *fetch.Client, args []string) error {
	q, err := nf.connect(ctx, nil)
	if err != nil {
		return err
	}
	defer q.Close()
	pub := q.Publisher()
	var readErrs []storyline.InputError
	var files, urls []string
	for _, arg := range args {
		if isURL(arg) {
			urls = append(urls, arg)
		} else {
			files = append(files, arg)
		}
	}
	if len(urls) > 0 {
		raws, ferrs := fetchArticles(ctx, client, urls)
		readErrs = append(readErrs, ferrs...)
		for _, r := range raws {
			if err := pub.Add(ctx, r); err != nil {
				return err
			}
		}
	}
	if len(files) > 0 {
		err := ingest.Read(ctx, files, a.stdin, a.pipelineOptions().Ingest,
			func(r storyline.RawArticle) error { return pub.Add(ctx, r) },
			func(e storyline.InputError) { readErrs = append(readErrs, e) })
		if err != nil {
			return err
		}
	}
	res, err := pub.Wait(ctx)
	if err != nil {
		return err
	}
	errs := append(readErrs, res.Errors...)
	if f.json {
		return writeJSON(a.stdout, map[string]any{"queued": res.New, "duplicate": res.Duplicate,
			"rejected": len(errs), "errors": nonNil(errs)})
	}
	printErrors(a.stderr, errs)
	if !f.quiet {
		fmt.Fprintf(a.stdout, "%d queued, %d duplicate, %d rejected\n", res.New, res.Duplicate, len(errs))
	}
	if len(errs) > 0 && res.New+res.Duplicate == 0 {
		return fmt.Errorf("no input could be queued: all %d were rejected (see the errors above)", len(errs))
	}
	return nil
}
