package pipeline

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
)

// Related stories are found when a story's brief is written, from the
// cluster index as it stands then (cluster.Related: candidates from the
// inverted index, a bounded number per story), and stored with the brief.
// A story keeps the related stories of its last brief: a story that
// appears later links to it, but it lists the newcomer only once it is
// briefed again.

// relatedLinks returns the related stories of the stories that refresh
// briefs (all of them when changed is nil), by story id. The index is
// brought up to the store's journal first; a paged index reads its pages
// from the store, outside any transaction.
func (p *Pipeline) relatedLinks(ctx context.Context, stories []string, changed map[string]bool) (map[string][]cluster.Link, error) {
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
		if ls := x.cluster.Related(id); len(ls) > 0 {
			out[id] = ls
		}
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
