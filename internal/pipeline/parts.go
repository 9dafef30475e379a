package pipeline

import (
	"context"
	"fmt"
	"sort"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/clean"
)

// The stages of a run, callable one at a time, for the distributed
// pipeline (internal/distrib): analyze workers Prepare raw articles,
// one clusterer Commits the prepared ones in stream order and settles,
// brief workers Refresh the stories that changed. Each is the code a run
// uses, not a copy of it.

// Prepared is one raw article after Prepare: the cleaned and analysed
// article, or the id under which it is stored already, or the error that
// rejected it.
type Prepared struct {
	Article *storyline.Article
	Stored  string
	Err     *storyline.InputError
}

// Prepare cleans and analyses raw articles in parallel, as a run does
// (the cleaner learning boilerplate from the lines stored so far), and
// looks up which of them are stored already, by their id before cleaning
// and again after: those are not returned as articles. The result is in
// the order of raws.
func (p *Pipeline) Prepare(ctx context.Context, raws []storyline.RawArticle) ([]Prepared, error) {
	items := make([]item, len(raws))
	for i, r := range raws {
		items[i] = item{raw: r}
	}
	p.prepare(ctx, items)
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if it.article != nil {
			ids = append(ids, it.article.ID)
		}
	}
	has, err := p.store.HasArticles(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	out := make([]Prepared, len(items))
	for i, it := range items {
		switch {
		case it.err != nil:
			out[i].Err = it.err
		case it.stored != "":
			out[i].Stored = it.stored
		case has[it.article.ID]:
			out[i].Stored = it.article.ID
		default:
			out[i].Article = it.article
		}
	}
	return out, nil
}

// Commit places articles that were prepared elsewhere and stores them as
// a run stores a chunk: in one write transaction that catches up with the
// journal, skips the ids already stored (so committing the same article
// twice stores it once, in one story), marks copies, assigns stories and
// stores the new articles with their journal entries, dirty marks,
// pending records (for SettlePending) and the lines the cleaner learns
// from. inTx, when set, runs last in that transaction with the articles
// it adds, so that a caller's own state (a stream position) commits with
// them. It writes no brief: Result.Changed lists the stories to brief.
func (p *Pipeline) Commit(ctx context.Context, arts []*storyline.Article, inTx func(tx storyline.Store, added []*storyline.Article) error) (*Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rs := newRunState()
	c := &stageChunk{items: commitItems(arts)}
	_, err := p.commitChunkWith(ctx, rs, c, func(tx storyline.Store, added []*storyline.Article) error {
		return commitInTx(ctx, tx, added, inTx)
	})
	if err != nil {
		return nil, err
	}
	return rs.result(), p.maybeCheckpoint(ctx, checkpointShareInRun)
}

// commitItems are the items of a chunk of articles prepared elsewhere.
func commitItems(arts []*storyline.Article) []item {
	items := make([]item, len(arts))
	for i, a := range arts {
		items[i] = item{raw: storyline.RawArticle{Input: a.Input}, article: a}
	}
	return items
}

// commitInTx is what Commit adds to a chunk's transaction: the lines the
// cleaner learns from of the articles added, then the caller's inTx.
func commitInTx(ctx context.Context, tx storyline.Store, added []*storyline.Article, inTx func(tx storyline.Store, added []*storyline.Article) error) error {
	for _, a := range added {
		if a.Source == "" {
			continue
		}
		if err := tx.AddLines(ctx, a.Source, a.ID, clean.LineHashes(a)); err != nil {
			return fmt.Errorf("pipeline: store lines of %s: %w", a.ID, err)
		}
	}
	if inTx != nil {
		return inTx(tx, added)
	}
	return nil
}

// SettlePending gives the pending articles (those Commit placed alone
// in a story, and any an interrupted run left) their second look
// (cluster.Settle) in one write transaction, and returns the stories it
// changed, sorted: a moved article's old story (now empty, to delete)
// and its new one. The caller decides when a batch has ended.
func (p *Pipeline) SettlePending(ctx context.Context) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	moves, err := p.settleStored(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var changed []string
	for _, m := range moves {
		for _, id := range []string{m.from, m.to} {
			if !seen[id] {
				seen[id] = true
				changed = append(changed, id)
			}
		}
	}
	sort.Strings(changed)
	return changed, nil
}
