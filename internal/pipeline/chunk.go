package pipeline

import (
	"context"
	"fmt"
	"sort"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
)

// decision is what the sequential stage made of one input of a chunk.
type decision int

const (
	rejected decision = iota // it.err says why
	repeated                 // the same id earlier in this run
	stored                   // stored before this chunk
	added                    // stored by this chunk
)

// placed is one input's decision, with the story it is in.
type placed struct {
	what  decision
	id    string
	story string
}

// commitChunk places and stores the articles of one cleaned chunk in one
// write transaction, on a context that outlives a cancelled run (so that
// a chunk is committed whole or not at all, and the in-memory indexes
// never run ahead of the store): it catches up with the journal, skips
// the ids already stored, marks copies and assigns stories, stores the
// new articles with their journal entries, marks their stories dirty
// and, when the run settles, records its lone articles as pending. The
// run's counts are updated only once the transaction commits.
func (p *Pipeline) commitChunk(ctx context.Context, rs *runState, c *stageChunk) (linesJob, error) {
	wctx := context.WithoutCancel(ctx)
	var out []placed
	var news []*storyline.Article
	err := p.batch(wctx, func(tx storyline.Store) error {
		var err error
		out, news, err = p.placeChunk(wctx, tx, rs, c.items)
		return err
	})
	if err != nil {
		p.idx = nil // may hold what was rolled back: load again next run
		return linesJob{}, err
	}
	job := linesJob{chunk: c}
	for i, pl := range out {
		rs.read++
		switch pl.what {
		case rejected:
			rs.res.Rejected++
			rs.res.Errors = append(rs.res.Errors, *c.items[i].err)
			continue
		case repeated:
			rs.res.Duplicate++
			continue
		case stored:
			rs.res.Duplicate++
		case added:
			rs.res.New++
			if !p.opts.SingleStory {
				rs.changed[pl.story] = true
			}
		}
		rs.res.Articles = append(rs.res.Articles, pl.id)
		p.member(rs, pl.id, pl.story)
	}
	for _, a := range news {
		if a.Source != "" {
			job.lines = append(job.lines, lineRecord{a.Source, a.ID, clean.LineHashes(a)})
		}
	}
	if p.opts.Progress != nil && len(news) > 0 {
		p.opts.Progress(rs.res.New)
	}
	return job, nil
}

// placeChunk is the body of commitChunk's transaction.
func (p *Pipeline) placeChunk(ctx context.Context, tx storyline.Store, rs *runState, items []item) ([]placed, []*storyline.Article, error) {
	if err := p.catchUp(ctx, tx); err != nil {
		return nil, nil, err
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		switch {
		case it.article != nil:
			ids = append(ids, it.article.ID)
		case it.stored != "":
			ids = append(ids, it.stored)
		}
	}
	has, err := tx.HasArticles(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: %w", err)
	}
	out := make([]placed, len(items))
	seen := map[string]bool{}
	var (
		news    []*storyline.Article
		entries []storyline.LogEntry
		old     []string
		lone    []string
	)
	for i, it := range items {
		id := it.stored
		if it.article != nil {
			id = it.article.ID
		}
		switch {
		case it.err != nil:
			out[i] = placed{what: rejected}
		case rs.seen[id] || seen[id]:
			out[i] = placed{what: repeated}
		case has[id]:
			seen[id] = true
			out[i] = placed{what: stored, id: id}
			old = append(old, id)
		default:
			seen[id] = true
			a := it.article
			p.add(a)
			if _, err := tx.PutArticle(ctx, a); err != nil {
				return nil, nil, fmt.Errorf("pipeline: store %s: %w", a.Input, err)
			}
			news = append(news, a)
			entries = append(entries, storyline.LogEntry{Article: a.ID, Story: a.StoryID})
			out[i] = placed{what: added, id: id, story: a.StoryID}
			if p.opts.Settle && !p.opts.SingleStory && a.DuplicateOf == "" {
				lone = append(lone, a.ID)
			}
		}
	}
	if err := p.storiesOf(ctx, tx, out, old); err != nil {
		return nil, nil, err
	}
	if err := p.journal(ctx, tx, entries, lone); err != nil {
		return nil, nil, err
	}
	for id := range seen {
		rs.seen[id] = true
	}
	return out, news, nil
}

// catchUp brings the in-memory indexes up to the store's journal
// (loading them when a failed write dropped them).
func (p *Pipeline) catchUp(ctx context.Context, st storyline.Store) error {
	var err error
	if p.idx == nil {
		p.idx, err = loadIndex(ctx, st, p.opts)
		return err
	}
	p.idx, err = p.idx.catchUp(ctx, st, p.opts)
	return err
}

// storiesOf fills in the stories of the inputs already stored.
func (p *Pipeline) storiesOf(ctx context.Context, tx storyline.Store, out []placed, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	load := tx.Articles
	if l, ok := tx.(storyline.LiteReader); ok {
		load = l.ArticlesLite
	}
	arts, err := load(ctx, storyline.ArticleFilter{IDs: ids})
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	story := make(map[string]string, len(arts))
	for _, a := range arts {
		story[a.ID] = a.StoryID
	}
	for i := range out {
		if out[i].what == stored {
			out[i].story = story[out[i].id]
		}
	}
	return nil
}

// journal appends the entries of new articles, marks their stories
// dirty and records the lone ones for settling.
func (p *Pipeline) journal(ctx context.Context, tx storyline.Store, entries []storyline.LogEntry, lone []string) error {
	if len(entries) == 0 {
		return nil
	}
	lsn, err := tx.AppendLog(ctx, entries)
	if err != nil {
		return fmt.Errorf("pipeline: journal: %w", err)
	}
	p.idx.lsn = lsn
	if !p.opts.SingleStory {
		stories := make([]string, 0, len(entries))
		for _, e := range entries {
			stories = append(stories, e.Story)
		}
		if err := tx.MarkDirty(ctx, stories, lsn); err != nil {
			return fmt.Errorf("pipeline: journal: %w", err)
		}
	}
	if err := tx.AddPending(ctx, lone); err != nil {
		return fmt.Errorf("pipeline: journal: %w", err)
	}
	return nil
}

// add runs the sequential stages on a new article: it marks it as a copy
// and assigns its story.
func (p *Pipeline) add(a *storyline.Article) {
	a.DuplicateOf = p.idx.dedup.Add(a)
	if !p.opts.SingleStory {
		a.StoryID = p.idx.cluster.Add(a)
	}
}

// settle gives the articles left alone in a story a second look
// (cluster.Settle), in one write transaction: the run's own, and those
// of an interrupted run (the store's pending articles, in arrival
// order). Every look is journaled, moves are stored, and the run's
// stories are updated: a moved article's old story is gone and its new
// one changed.
func (p *Pipeline) settle(ctx context.Context, rs *runState) error {
	var moves []moveRecord
	wctx := context.WithoutCancel(ctx)
	err := p.batch(wctx, func(tx storyline.Store) error {
		var err error
		moves, err = p.settleTx(wctx, tx)
		return err
	})
	if err != nil {
		p.idx = nil
		return err
	}
	to := map[string]string{}
	for _, m := range moves {
		delete(rs.changed, m.from)
		rs.changed[m.to] = true
		to[m.from] = m.to
	}
	// The stories in order of first appearance: a moved article now
	// appears in its new story.
	seen := map[string]bool{}
	stories := rs.res.Stories[:0]
	for _, id := range rs.res.Stories {
		if t, ok := to[id]; ok {
			id = t
		}
		if !seen[id] {
			seen[id] = true
			stories = append(stories, id)
		}
	}
	rs.res.Stories = stories
	return nil
}

// moveRecord is one move of settling.
type moveRecord struct{ from, to string }

// settleTx is the body of settle's transaction.
func (p *Pipeline) settleTx(ctx context.Context, tx storyline.Store) ([]moveRecord, error) {
	if err := p.catchUp(ctx, tx); err != nil {
		return nil, err
	}
	pending, err := tx.Pending(ctx)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	var (
		moves   []moveRecord
		entries []storyline.LogEntry
		touched []string
	)
	for _, id := range pending {
		if p.idx.cluster.StoryOf(id) == "" {
			continue // not in the index: nothing to look at
		}
		e := storyline.LogEntry{Article: id, Settle: true}
		for _, m := range p.idx.cluster.Settle([]string{id}) {
			if err := tx.Assign(ctx, m.Article, m.To, ""); err != nil {
				return nil, fmt.Errorf("pipeline: settle %s: %w", m.Article, err)
			}
			e.Story = m.To
			moves = append(moves, moveRecord{m.From, m.To})
			touched = append(touched, m.From, m.To)
		}
		entries = append(entries, e)
	}
	lsn, err := tx.AppendLog(ctx, entries)
	if err != nil {
		return nil, fmt.Errorf("pipeline: journal: %w", err)
	}
	p.idx.lsn = lsn
	sort.Strings(touched)
	if err := tx.MarkDirty(ctx, touched, lsn); err != nil {
		return nil, fmt.Errorf("pipeline: journal: %w", err)
	}
	return moves, tx.DropPending(ctx, pending)
}
