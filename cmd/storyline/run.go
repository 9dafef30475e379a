package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/ingest"
	"github.com/storyline/storyline/internal/pipeline"
)

// runFlags are the flags of the commands that ingest.
type runFlags struct {
	db       string
	json     bool
	withText bool
	words    int
	quiet    bool
	noSettle bool
}

// noSettleUsage describes --no-settle (run, ingest).
const noSettleUsage = "place each article once, as it arrives: no second look at the run's lone articles when it ends (for runs of a few articles each)"

func (a *app) addRunFlags(c *cobra.Command, f *runFlags) {
	c.Flags().StringVar(&f.db, "db", a.defaultDB(), "store: SQLite file, :memory: for none, or postgres:// URL")
	c.Flags().BoolVar(&f.json, "json", false, "print the contract's JSON object")
	c.Flags().BoolVar(&f.withText, "with-text", false, "include each article's cleaned text in JSON")
	c.Flags().IntVar(&f.words, "words", 120, "summary budget in words")
	c.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors and JSON")
	c.Flags().BoolVar(&f.noSettle, "no-settle", false, noSettleUsage)
}

func (a *app) newRunCmd() *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "run [flags] INPUT...",
		Short: "Ingest articles, group them into stories and brief every story",
		Long: `Ingest articles (files, directories, - for JSON Lines on stdin) into the store,
group them into stories with the stories already stored, and write every changed
story's brief. Prints the stories that hold the inputs.`,
		Args: argsUsage,
		RunE: func(c *cobra.Command, args []string) error {
			return a.runPipeline(c.Context(), f, args, false)
		},
	}
	a.addRunFlags(c, &f)
	return c
}

func (a *app) newBriefCmd() *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "brief [flags] INPUT...",
		Short: "Brief a given set of articles as one story (no clustering)",
		Args:  argsUsage,
		RunE: func(c *cobra.Command, args []string) error {
			return a.runPipeline(c.Context(), f, args, true)
		},
	}
	a.addRunFlags(c, &f)
	c.Flags().Lookup("db").DefValue = ":memory:"
	_ = c.Flags().Set("db", ":memory:")
	return c
}

// runPipeline is `run` and `brief`.
func (a *app) runPipeline(ctx context.Context, f runFlags, inputs []string, single bool) error {
	if f.words <= 0 {
		return usageError{fmt.Errorf("--words must be positive")}
	}
	if err := checkInputs(inputs); err != nil {
		return err
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
	opts.Brief.Words = f.words
	opts.SingleStory = single
	opts.Settle = !f.noSettle
	var out *jsonPrinter
	if f.json {
		out = newJSONPrinter(a.stdout, f.withText)
		opts.Output = out.output()
	}
	res, err := a.withPipeline(ctx, store, opts, f.quiet || f.json, inputs, func(p *pipeline.Pipeline) (*pipeline.Result, error) {
		return p.Ingest(ctx, inputs, a.stdin)
	})
	if err != nil {
		return err
	}
	if f.json {
		if err := out.finish(res.Errors); err != nil {
			return err
		}
		return allRejected(res)
	}
	var views []storyline.StoryView
	for _, id := range res.Stories {
		v, err := storyView(ctx, store, id, false)
		if err != nil {
			return err
		}
		views = append(views, v)
	}
	if !f.quiet && single {
		for _, v := range views {
			printBrief(a.stdout, v, nil) // one story: nothing related
		}
	} else if !f.quiet {
		printStories(a.stdout, views)
		fmt.Fprintf(a.stdout, "\n%d stories, %d new articles, %d already stored, %d rejected\n",
			len(views), res.New, res.Duplicate, res.Rejected)
	}
	printErrors(a.stderr, res.Errors)
	return allRejected(res)
}

// checkInputs makes sure every input path exists before anything runs: a
// mistyped path is an error (exit 1), not an empty run.
func checkInputs(inputs []string) error {
	for _, in := range inputs {
		if in == "-" || isURL(in) {
			continue
		}
		if _, err := os.Stat(in); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("input %s: no such file or directory", in)
			}
			return fmt.Errorf("input %s: %w", in, err)
		}
	}
	return nil
}

// isURL reports whether an input argument is a page to fetch.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// allRejected is the error of a run in which no input could be used
// (exit 1); a run that used some inputs succeeds whatever it rejected.
func allRejected(res *pipeline.Result) error {
	if res.Rejected > 0 && res.New == 0 && res.Duplicate == 0 {
		return fmt.Errorf("no input could be used: all %d were rejected (see the errors above)", res.Rejected)
	}
	return nil
}

// jsonPrinter prints the contract's run object one story at a time, as the run
// writes each story's brief, so that a run over a large corpus never holds
// its whole output in memory and never reads back what it has just
// computed. Stories are encoded on the brief workers and printed in order;
// the object is opened at the first story and closed, with the input
// errors, once the run has succeeded.
type jsonPrinter struct {
	bw       *bufio.Writer
	withText bool
	n        int
}

func newJSONPrinter(w io.Writer, withText bool) *jsonPrinter {
	return &jsonPrinter{bw: bufio.NewWriterSize(w, 1<<16), withText: withText}
}

func (r *jsonPrinter) output() *pipeline.Output {
	return &pipeline.Output{
		Render: func(s *storyline.Story, members []*storyline.Article) ([]byte, error) {
			return encodeView(s.View(members, r.withText))
		},
		Print: func(story []byte) error {
			r.open()
			if r.n > 0 {
				r.bw.WriteString(",")
			}
			r.bw.WriteString("\n    ")
			_, err := r.bw.Write(story)
			r.n++
			return err
		},
	}
}

func (r *jsonPrinter) open() {
	if r.n == 0 {
		r.bw.WriteString("{\n  \"stories\": [")
	}
}

// finish closes the object after the last story, with the input errors.
func (r *jsonPrinter) finish(inputErrs []storyline.InputError) error {
	r.open()
	if r.n > 0 {
		r.bw.WriteString("\n  ")
	}
	r.bw.WriteString("],\n  \"errors\": ")
	errs, err := json.MarshalIndent(nonNil(inputErrs), "  ", "  ")
	if err != nil {
		return err
	}
	r.bw.Write(errs)
	r.bw.WriteString("\n}\n")
	return r.bw.Flush()
}

// encodeView encodes a story object indented for its place in the run
// object.
func encodeView(v storyline.StoryView) ([]byte, error) {
	e := viewEncoders.Get().(*viewEncoder)
	defer viewEncoders.Put(e)
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.Clone(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))), nil
}

// viewEncoder is an encoder with its buffer, kept across stories: the
// encoder's indentation buffer and the output buffer grow to the size of a
// large story once instead of once per story (at 10k articles they were a
// seventh of all the bytes the run allocated).
type viewEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var viewEncoders = sync.Pool{New: func() any {
	e := &viewEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetIndent("    ", "  ")
	e.enc.SetEscapeHTML(false)
	return e
}}

// withPipeline opens a pipeline over the store, shows a progress bar on a
// terminal unless quiet, runs fn and saves the pipeline's indexes.
func (a *app) withPipeline(ctx context.Context, store storyline.Store, opts pipeline.Options, quiet bool, inputs []string, fn func(*pipeline.Pipeline) (*pipeline.Result, error)) (*pipeline.Result, error) {
	bar := a.runBar(ctx, quiet, inputs)
	if bar != nil {
		opts.Progress = bar.update
	}
	opts.Paged = true // a one-shot process: reads the pages it needs
	p, err := pipeline.Open(ctx, store, opts)
	if err != nil {
		return nil, err
	}
	res, err := fn(p)
	if bar != nil {
		bar.finish()
		fmt.Fprintln(a.stderr)
	}
	if err != nil {
		return nil, err
	}
	if err := p.Close(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// storyView loads a story and its articles as the contract's object.
func storyView(ctx context.Context, store storyline.Store, id string, withText bool) (storyline.StoryView, error) {
	s, arts, err := storyline.LoadStory(ctx, store, id)
	if err != nil {
		return storyline.StoryView{}, err
	}
	return s.View(arts, withText), nil
}

// maxMatches is how many stories an ambiguous id prefix lists.
const maxMatches = 10

// resolveStory turns a story id, or a unique prefix of one (with or
// without its "st-"), into the stored story's id.
func resolveStory(ctx context.Context, store storyline.Store, id string) (string, error) {
	for _, prefix := range []string{id, "st-" + id} {
		list, total, err := store.Stories(ctx, storyline.StoryFilter{IDPrefix: prefix, Limit: maxMatches})
		if err != nil {
			return "", err
		}
		for _, s := range list {
			if s.ID == prefix {
				return s.ID, nil
			}
		}
		switch {
		case total == 1:
			return list[0].ID, nil
		case total > 1:
			ids := make([]string, len(list))
			for i, s := range list {
				ids[i] = s.ID
			}
			slices.Sort(ids)
			more := ""
			if total > len(ids) {
				more = fmt.Sprintf(" and %d more", total-len(ids))
			}
			return "", storyline.Errorf(storyline.EINVALID, "story id %s is ambiguous: %s%s", id, strings.Join(ids, ", "), more)
		}
		if strings.HasPrefix(id, "st-") || strings.HasPrefix(id, "b-") {
			break
		}
	}
	return "", storyline.Errorf(storyline.ENOTFOUND, "no story %s", id)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// progress returns a progress bar on a terminal, nil elsewhere (a pipe, a
// file, --quiet): the stage, a count of the units and their rate, and
// once max is known (-1: not yet) a bar and the time left.
func (a *app) progress(quiet bool, what string) *progressbar.ProgressBar {
	if quiet || !a.onTerminal() {
		return nil
	}
	return newBar(a.stderr, what, "articles", -1)
}

func (a *app) onTerminal() bool {
	fd, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(fd.Fd()))
}

func newBar(w io.Writer, what, units string, max int) *progressbar.ProgressBar {
	return progressbar.NewOptions(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(units),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

// runProgress shows a run's stages one bar each: reading, whose total is
// the number of inputs once a scan beside the run has counted them, then
// briefing, over the stories to brief.
type runProgress struct {
	w     io.Writer
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	stage string
}

// runBar starts the reading bar and the count of the inputs; nil when no
// bar is shown.
func (a *app) runBar(ctx context.Context, quiet bool, inputs []string) *runProgress {
	if quiet || !a.onTerminal() {
		return nil
	}
	rp := &runProgress{w: a.stderr, stage: pipeline.StageReading, bar: newBar(a.stderr, pipeline.StageReading, "articles", -1)}
	go func() {
		n, ok := ingest.Count(ctx, inputs)
		if !ok || n == 0 {
			return
		}
		rp.mu.Lock()
		defer rp.mu.Unlock()
		if rp.stage == pipeline.StageReading {
			rp.bar.ChangeMax(n)
		}
	}()
	return rp
}

// update shows how far the run has got.
func (rp *runProgress) update(p pipeline.Progress) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if p.Stage != rp.stage {
		_ = rp.bar.Finish()
		fmt.Fprintln(rp.w)
		rp.stage = p.Stage
		units := "articles"
		if p.Stage == pipeline.StageBriefing {
			units = "stories"
		}
		total := p.Total
		if total <= 0 {
			total = -1
		}
		rp.bar = newBar(rp.w, p.Stage, units, total)
	}
	_ = rp.bar.Set(p.Done)
}

func (rp *runProgress) finish() {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	_ = rp.bar.Finish()
}

// printStories writes a table of stories for people.
func printStories(w io.Writer, stories []storyline.StoryView) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tARTICLES\tOUTLETS\tFIRST\tLAST\tHEADLINE")
	for _, s := range stories {
		first, last := span(s.Articles)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", s.ID, len(s.Articles), s.Outlets(), first, last, clip(s.Headline, 70))
	}
	tw.Flush()
}

func span(arts []storyline.ArticleRef) (first, last string) {
	var f, l time.Time
	for _, a := range arts {
		if a.Published != nil {
			if f.IsZero() || a.Published.Before(f) {
				f = *a.Published
			}
			if a.Published.After(l) {
				l = *a.Published
			}
		}
	}
	return day(f), day(l)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func printErrors(w io.Writer, errs []storyline.InputError) {
	for _, e := range errs {
		what := "rejected"
		if e.Warning {
			what = "warning"
		}
		fmt.Fprintf(w, "%s %s: %s\n", what, e.Input, e.Error)
	}
}
