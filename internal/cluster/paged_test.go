package cluster_test

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/cluster"
	"github.com/storyline/storyline/internal/dedup"
)

// pageStore is a store of pages in memory, counting the pages read.
type pageStore struct {
	m    map[string]map[int64][]byte
	read int
}

func (s *pageStore) put(ps []storyline.Page) {
	for _, p := range ps {
		if s.m[p.Kind] == nil {
			s.m[p.Kind] = map[int64][]byte{}
		}
		s.m[p.Kind][p.Num] = bytes.Clone(p.Data)
	}
}

func (s *pageStore) reader(kind string, nums []int64) (map[int64][]byte, error) {
	out := map[int64][]byte{}
	for _, n := range nums {
		if b, ok := s.m[kind][n]; ok {
			out[n] = b
			s.read++
		}
	}
	return out, nil
}

func (s *pageStore) clone() *pageStore {
	c := &pageStore{m: map[string]map[int64][]byte{}}
	for k, v := range s.m {
		c.m[k] = maps.Clone(v)
	}
	return c
}

func (s *pageStore) count() int {
	n := 0
	for _, v := range s.m {
		n += len(v)
	}
	return n
}

func writeDirty(t *testing.T, c *cluster.Clusterer, s *pageStore) {
	t.Helper()
	ps, err := c.AppendDirtyPages(nil)
	if err != nil {
		t.Fatal(err)
	}
	s.put(ps)
}

// diffPages describes how two page stores differ ("" when they hold the
// same pages; an absent page and an empty directory bucket are the same).
func diffPages(a, b *pageStore) string {
	for _, k := range slices.Sorted(maps.Keys(a.m)) {
		for n, pa := range a.m[k] {
			if pb, ok := b.m[k][n]; !bytes.Equal(pa, pb) && (ok || !bytes.Equal(pa, emptyBucket)) {
				return fmt.Sprintf("page %s %d differs", k, n)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b.m)) {
		for n, pb := range b.m[k] {
			if _, ok := a.m[k][n]; !ok && !bytes.Equal(pb, emptyBucket) {
				return fmt.Sprintf("page %s %d is missing", k, n)
			}
		}
	}
	return ""
}

// emptyBucket is the page of an empty directory bucket.
var emptyBucket = []byte{0}

// TestPagedMatchesMemory checks the paged form: a whole clusterer writes
// the pages its changes touch; from the pages as of any article, a
// clusterer opened paged, one article at a time as a one-shot process
// would (open, prefetch, add or settle, write back), decides exactly
// what the whole one decides and writes byte for byte the pages it
// writes; and one such write reads a small share of the pages. Pages
// written after a restore from the saved state (MarkAllDirty) are the
// same as the pages written along the way. It runs twice: with the
// document frequencies prefetched, and faulted in as scoring reads them.
func TestPagedMatchesMemory(t *testing.T) {
	t.Run("prefetched", func(t *testing.T) { testPagedMatchesMemory(t) })
	t.Run("faulted", func(t *testing.T) {
		// Every frequency that scoring stories reads comes from idf's
		// fault-in instead of the prefetch.
		cluster.SetPrefetchScoringDF(false)
		defer cluster.SetPrefetchScoringDF(true)
		testPagedMatchesMemory(t)
	})
}

func testPagedMatchesMemory(t *testing.T) {
	sets := loadSets(t, "basil-dev", "ecbplus-dev")
	arts := append(sets[0].Articles, sets[1].Articles[:400]...)
	opts := cluster.DefaultOptions()
	x, mem := dedup.New(dedup.DefaultOptions()), cluster.New(opts)
	for _, a := range arts {
		a.DuplicateOf = x.Add(a)
	}
	ms := &pageStore{m: map[string]map[int64][]byte{}}
	cut := len(arts) / 2
	var alone []string
	settle := func(ids []string, paged *pageStore) {
		for _, id := range ids {
			want := mem.Settle([]string{id})
			writeDirty(t, mem, ms)
			if paged == nil {
				continue
			}
			p, err := cluster.OpenPaged(opts, paged.reader)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.PrefetchSettle(id); err != nil {
				t.Fatal(err)
			}
			if got := p.Settle([]string{id}); !slices.Equal(got, want) {
				t.Fatalf("settling %s: paged %v, whole %v", id, got, want)
			}
			writeDirty(t, p, paged)
			if d := diffPages(ms, paged); d != "" {
				t.Fatalf("after settling %s: %s", id, d)
			}
		}
	}
	for _, a := range arts[:cut] {
		mem.Add(a)
		writeDirty(t, mem, ms)
		if a.DuplicateOf == "" {
			alone = append(alone, a.ID)
		}
	}
	settle(alone, nil)
	alone = nil
	ps := ms.clone()
	reads := 0
	for i, a := range arts[cut:] {
		p, err := cluster.OpenPaged(opts, ps.reader)
		if err != nil {
			t.Fatal(err)
		}
		before := ps.read
		if err := p.Prefetch(a); err != nil {
			t.Fatal(err)
		}
		if got, want := p.Add(a), mem.Add(a); got != want {
			t.Fatalf("article %d (%s): paged story %s, whole %s", cut+i, a.ID, got, want)
		}
		reads = max(reads, ps.read-before)
		writeDirty(t, mem, ms)
		writeDirty(t, p, ps)
		if d := diffPages(ms, ps); d != "" {
			t.Fatalf("after article %d: %s", cut+i, d)
		}
		if a.DuplicateOf == "" {
			alone = append(alone, a.ID)
		}
	}
	settle(alone, ps)
	total := ms.count()
	t.Logf("%d articles, %d pages; one paged add read at most %d", len(arts), total, reads)
	if reads > total/3 {
		t.Errorf("one paged add read %d of %d pages", reads, total)
	}
	// Adding again an article already there changes nothing.
	p, err := cluster.OpenPaged(opts, ps.reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Prefetch(arts[3]); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Add(arts[3]), mem.StoryOf(arts[3].ID); got != want {
		t.Errorf("adding %s again: %s, want %s", arts[3].ID, got, want)
	}
	// The whole clusterer restored from its saved state writes the same pages.
	b, err := mem.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r := cluster.New(opts)
	if err := r.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	r.MarkAllDirty()
	rs := &pageStore{m: map[string]map[int64][]byte{}}
	writeDirty(t, r, rs)
	if d := diffPages(ms, rs); d != "" {
		t.Errorf("pages of the restored clusterer: %s", d)
	}
}
