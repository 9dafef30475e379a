package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/web"
)

// Server timeouts. Reads are short (bodies are at most --max-body); writes
// allow for an ingest of many articles through the whole pipeline.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 5 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
)

// newServeCmd is `storyline serve`: the JSON API and the web pages over the
// store. The write token comes from --token or STORYLINE_TOKEN (prefer the
// variable: a flag is visible to every user in the process list); without
// one, the server is read-only.
func newServeCmd(app *app) *cobra.Command {
	var addr, db, token string
	var maxBody int64
	var nf natsFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--db PATH] [--token T]",
		Short: "Serve the JSON API and the web pages over the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if token == "" {
				token = app.getenv("STORYLINE_TOKEN")
			}
			if db == "" {
				db = app.defaultDB()
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			return serve(cmd.Context(), app, ln, db, nf, web.Options{Token: token, MaxBody: maxBody})
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.StringVar(&db, "db", "", "store: SQLite file, :memory: for none, or postgres:// URL (default $STORYLINE_DB or storyline.db)")
	f.StringVar(&token, "token", "", "bearer token that POST /api/articles requires (default $STORYLINE_TOKEN; none: read-only)")
	f.Int64Var(&maxBody, "max-body", web.DefaultMaxBody, "largest request body accepted, in bytes")
	app.addNatsFlags(cmd, &nf, "publish POSTed articles to the distributed pipeline's queue on this NATS server instead of processing them here")
	return cmd
}

// serve runs the server on ln until ctx is done or SIGINT/SIGTERM arrives,
// then drains the open requests. With nf.url set, POSTed articles go to
// the distributed pipeline's queue.
func serve(ctx context.Context, app *app, ln net.Listener, db string, nf natsFlags, opts web.Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	app.longLived = true
	open := app.openStore
	if opts.Token == "" {
		open = app.openExisting // read-only: nothing to create a store for
	}
	store, err := open(ctx, db)
	if err != nil {
		ln.Close()
		return err
	}
	defer store.Close()

	log := slog.New(slog.NewTextHandler(app.stderr, nil))
	opts.Logger = log
	ing := &pipelineIngester{streamIngester{store: store, opts: app.streamOptions()}}
	defer ing.close(context.WithoutCancel(ctx))
	opts.Ingester = ing
	if nf.url != "" {
		q, err := nf.connect(ctx, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer q.Close()
		opts.Ingester = natsIngester{q}
	} else if opts.Token != "" {
		// Writes are enabled: load the indexes while the pages are served
		// (a POST arriving first waits for them, and reports a failure).
		go func() {
			if err := ing.open(ctx); err != nil {
				log.Error("loading the indexes", "err", err)
			}
		}()
	}
	srv := &http.Server{
		Handler:           web.New(store, opts),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	mode := "read-only (no token)"
	if opts.Token != "" {
		mode = "writes need the bearer token"
	}
	fmt.Fprintf(app.stdout, "storyline: serving %s on http://%s (%s)\n", db, ln.Addr(), mode)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(app.stdout, "storyline: shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// pipelineIngester runs POSTed articles through the server's one
// pipeline (streamIngester), one request at a time.
type pipelineIngester struct {
	streamIngester
}

func (p *pipelineIngester) Ingest(ctx context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	res, err := p.ingest(ctx, raws)
	if err != nil {
		return nil, nil, err
	}
	return res.Changed, res.Errors, nil
}
