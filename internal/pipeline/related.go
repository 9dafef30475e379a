package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
)

// Related stories are found when a story's brief is written, from the
// cluster index as it stands then (cluster.Related: candidates from the
// inverted index, a bounded number per story), and stored with the brief.
// A story that is not briefed again learns of a newer story that links to
// it (linkBack): the newer one joins its list when it scores above the
// weakest there, so that an older event lists its follow-up.

// relatedLinks returns the related stories of the stories that refresh
// briefs (all of them when changed is nil), by story id: every story
// briefed has an entry. The index is brought up to the store's journal
// first; a paged index reads its pages from the store, outside any
// transaction (pages another writer commits meanwhile send the next write
// to load the index again, as any write after another writer's does). A
// page another writer replaced between those reads may not fit the ones
// read before it: on a failed read the index is loaded again and the
// links computed again, up to relatedAttempts times.
func (p *Pipeline) relatedLinks(ctx context.Context, stories []string, changed map[string]bool) (map[string][]cluster.Link, error) {
	for attempt := 1; ; attempt++ {
		links, err := p.relatedLinksOnce(ctx, stories, changed)
		if err == nil || attempt == relatedAttempts || ctx.Err() != nil {
			return links, err
		}
		p.idx = nil // loaded afresh, as of the journal's end, by the next attempt
	}
}

// relatedAttempts bounds the attempts of relatedLinks: pages replaced
// under a reader twice in a row are rare, three times a sign of a fault.
const relatedAttempts = 3

// relatedLinksOnce is one attempt of relatedLinks.
func (p *Pipeline) relatedLinksOnce(ctx context.Context, stories []string, changed map[string]bool) (map[string][]cluster.Link, error) {
	if p.opts.SingleStory || p.opts.Cluster.MaxRelated <= 0 {
		return nil, nil
	}
	var ids []string
	for _, id := range stories {
		if changed == nil || changed[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if err := p.catchUp(ctx, p.store); err != nil {
		return nil, err
	}
	x := p.idx
	x.src, x.ctx = p.store, ctx
	out := make(map[string][]cluster.Link, len(ids))
	for _, id := range ids {
		if err := x.cluster.PrefetchRelated(id); err != nil {
			return nil, fmt.Errorf("pipeline: related stories of %s: %w", id, err)
		}
		out[id] = x.cluster.Related(id) // nil too: the story is briefed now
		if err := x.cluster.Err(); err != nil {
			return nil, fmt.Errorf("pipeline: related stories of %s: %w", id, err)
		}
	}
	return out, nil
}

// maxReasonNames bounds the names a reason gives.
const maxReasonNames = 3

// related turns links into the brief's related stories, each with its
// reason in words: the story's entities (by their brief's order, the most
// named first) whose every name key both stories hold, and the days
// between them.
func related(links []cluster.Link, ents []storyline.Entity, lang string) []storyline.Related {
	if len(links) == 0 {
		return nil
	}
	out := make([]storyline.Related, 0, len(links))
	for _, l := range links {
		shared := make(map[string]bool, len(l.Names))
		for _, k := range l.Names {
			shared[k] = true
		}
		var names []string
		for _, e := range ents {
			keys := cluster.NameKeys(e.Name, lang)
			all := len(keys) > 0
			for _, k := range keys {
				all = all && shared[k]
			}
			if all {
				names = append(names, e.Name)
				if len(names) == maxReasonNames {
					break
				}
			}
		}
		var parts []string
		switch {
		case len(names) > 0:
			parts = append(parts, "in common: "+strings.Join(names, ", "))
		case len(l.Names) > 0:
			parts = append(parts, "names and words in common")
		default:
			parts = append(parts, "words in common")
		}
		switch {
		case l.Days == 0:
			parts = append(parts, "the same days")
		case l.Days == 1:
			parts = append(parts, "1 day apart")
		case l.Days > 1:
			parts = append(parts, strconv.Itoa(l.Days)+" days apart")
		}
		out = append(out, storyline.Related{Story: l.Story, Score: l.Score, Reason: strings.Join(parts, "; ")})
	}
	return out
}

// linkBack adds each story briefed now to the related stories of the
// stories it links to that are not briefed now (links holds the links of
// the briefed stories, by id). A target's list keeps its MaxRelated
// strongest. Targets are read and written in one write transaction, as of
// journal position asOf (the refresh's), and a target whose membership
// changed since its brief (dirty) is left to its coming brief: so a
// writer that briefs a target after a change always has a later position
// than asOf, and its brief is never kept out by this one (PutStory keeps
// the later AsOf), while a target stored as of a later position keeps it.
func (p *Pipeline) linkBack(ctx context.Context, links map[string][]cluster.Link, asOf int64) error {
	type back struct {
		from string
		link cluster.Link
	}
	to := map[string][]back{}
	for from, ls := range links {
		for _, l := range ls {
			if _, briefed := links[l.Story]; !briefed {
				to[l.Story] = append(to[l.Story], back{from, l})
			}
		}
	}
	if len(to) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(to))
	return p.batch(ctx, func(tx storyline.Store) error {
		dirty, err := tx.Dirty(ctx, ids, 0)
		if err != nil {
			return fmt.Errorf("pipeline: related stories: %w", err)
		}
		for _, id := range ids {
			if _, ok := dirty[id]; ok {
				continue
			}
			st, err := tx.Story(ctx, id)
			if storyline.ErrorCode(err) == storyline.ENOTFOUND {
				continue // settled away since
			}
			if err != nil {
				return fmt.Errorf("pipeline: related stories of %s: %w", id, err)
			}
			if st.Brief == nil {
				continue // its first brief will link
			}
			rel := slices.Clone(st.Brief.Related)
			for _, b := range to[id] {
				if !slices.ContainsFunc(rel, func(r storyline.Related) bool { return r.Story == b.from }) {
					l := b.link
					l.Story = b.from
					rel = append(rel, related([]cluster.Link{l}, st.Brief.Entities, "")...)
				}
			}
			slices.SortStableFunc(rel, func(a, b storyline.Related) int {
				if a.Score != b.Score {
					return cmp.Compare(b.Score, a.Score)
				}
				return strings.Compare(a.Story, b.Story)
			})
			if n := p.opts.Cluster.MaxRelated; len(rel) > n {
				rel = rel[:n]
			}
			if slices.Equal(rel, st.Brief.Related) {
				continue
			}
			st.Brief.Related, st.AsOf = rel, asOf
			if err := tx.PutStory(ctx, st); err != nil {
				return fmt.Errorf("pipeline: related stories of %s: %w", id, err)
			}
		}
		return nil
	})
}
