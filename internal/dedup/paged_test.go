package dedup

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zeebo/xxh3"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pages"
)

// pageMap is a store's pages: kind → number → bytes.
type pageMap map[string]map[int64][]byte

// apply writes pages, each replacing the one of its kind and number.
func (m pageMap) apply(ps []storyline.Page) {
	for _, p := range ps {
		if m[p.Kind] == nil {
			m[p.Kind] = map[int64][]byte{}
		}
		m[p.Kind][p.Num] = p.Data
	}
}

// clone copies the maps; page bytes are never changed once written.
func (m pageMap) clone() pageMap {
	c := pageMap{}
	for k, nums := range m {
		c[k] = map[int64][]byte{}
		for n, d := range nums {
			c[k][n] = d
		}
	}
	return c
}

func (m pageMap) count() int {
	n := 0
	for _, nums := range m {
		n += len(nums)
	}
	return n
}

// readCount counts what a reader was asked for.
type readCount struct{ calls, pages int }

// reader serves the map's pages and counts the requests.
func (m pageMap) reader(c *readCount) pages.Reader {
	return func(kind string, nums []int64) (map[int64][]byte, error) {
		c.calls++
		c.pages += len(nums)
		out := map[int64][]byte{}
		for _, n := range nums {
			if d, ok := m[kind][n]; ok {
				out[n] = d
			}
		}
		return out, nil
	}
}

// samePages reports the first differences between two page maps.
func samePages(t *testing.T, what string, got, want pageMap) {
	t.Helper()
	var diffs []string
	for k, nums := range want {
		for n, d := range nums {
			if g, ok := got[k][n]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s %d missing", k, n))
			} else if !bytes.Equal(g, d) {
				diffs = append(diffs, fmt.Sprintf("%s %d differs", k, n))
			}
		}
	}
	for k, nums := range got {
		for n := range nums {
			if _, ok := want[k][n]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s %d extra", k, n))
			}
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%s: %d pages differ, e.g. %s", what, len(diffs), strings.Join(diffs[:min(5, len(diffs))], "; "))
	}
}

// handMade is a sequence with every case Add tells apart: originals,
// exact and near copies, a template twin, short and empty texts, and ids
// added twice.
func handMade() []*storyline.Article {
	lines := strings.Split(wire, "\n")
	return []*storyline.Article{
		art("w", wire),
		art("i", independent),
		art("upper", strings.ToUpper(wire)),
		art("retitled", "Harbour bridge to close\n"+wire),
		art("trimmed", strings.Join(lines[:4], "\n")),
		art("twin", twin),
		art("short", "Bridge closed."),
		art("empty", ""),
		art("w", independent), // the id again, other text
		art("twin copy", twin+"\nMore to follow."),
		art("empty2", ""),
		art("short2", "Bridge closed."),
		art("i", wire),
	}
}

// sequence is the articles of the property test: the hand-made ones, then
// generated reports and copies with repeated ids, then the hand-made ones
// under new ids (copies of early articles, far down the chains).
func sequence() []*storyline.Article {
	arts := handMade()
	arts = append(arts, articles(7, 150, true)...)
	for _, a := range handMade()[:6] {
		arts = append(arts, art(a.ID+"-again", a.Text))
	}
	return arts
}

// inMemory adds the articles to an index in memory and returns its
// answers and the store's pages after each article (snap[k]: after k).
func inMemory(arts []*storyline.Article, idHash func(string) uint64) ([]string, []pageMap) {
	x := New(DefaultOptions())
	if idHash != nil {
		x.idHash = idHash
	}
	store := pageMap{}
	snap := []pageMap{store.clone()}
	answers := make([]string, len(arts))
	for i, a := range arts {
		answers[i] = x.Add(a)
		store.apply(x.AppendDirtyPages(nil))
		snap = append(snap, store.clone())
	}
	return answers, snap
}

// TestPagedSameAsMemory cuts the sequence at several points: paged indexes
// over the pages as of the cut add the rest and must answer as the index
// in memory did and leave the same pages, byte for byte. Each paged index adds one article,
// ten or all the rest, prefetching each before adding it or all of them
// first. It all runs again with an id hash of 16 values, so that nearly
// every id clashes.
func TestPagedSameAsMemory(t *testing.T) {
	arts := sequence()
	for _, tc := range []struct {
		name   string
		idHash func(string) uint64
	}{
		{"xxh3", nil},
		{"clashing ids", func(s string) uint64 { return xxh3.HashString(s) & (0xF << 60) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answers, snap := inMemory(arts, tc.idHash)
			if tc.idHash != nil {
				want, _ := inMemory(arts, nil)
				if !slices.Equal(answers, want) {
					t.Fatalf("clashing id hashes change the answers")
				}
			}
			for _, k := range []int{0, 1, 8, 13, 60, len(arts) - 7, len(arts) - 1} {
				for _, every := range []int{1, 10, len(arts)} {
					for _, batch := range []bool{false, true} {
						store := snap[k].clone()
						addPaged(t, store, arts[k:], answers[k:], every, batch, tc.idHash)
						samePages(t, fmt.Sprintf("cut %d, reopen every %d, batch %v", k, every, batch), store, snap[len(arts)])
					}
				}
			}
		})
	}
}

// addPaged adds the articles to the store's pages with paged indexes, one
// per `every` articles, writing their dirty pages back, and checks their
// answers. With batch, each index prefetches all its articles before it
// adds them.
func addPaged(t *testing.T, store pageMap, arts []*storyline.Article, want []string, every int, batch bool, idHash func(string) uint64) {
	t.Helper()
	for from := 0; from < len(arts); from += every {
		group := arts[from:min(from+every, len(arts))]
		x, err := OpenPaged(DefaultOptions(), store.reader(&readCount{}))
		if err != nil {
			t.Fatal(err)
		}
		if idHash != nil {
			x.idHash = idHash
		}
		for i, a := range group {
			if batch && i == 0 {
				for _, b := range group {
					if err := x.Prefetch(b); err != nil {
						t.Fatal(err)
					}
				}
			} else if !batch {
				if err := x.Prefetch(a); err != nil {
					t.Fatal(err)
				}
			}
			if got := x.Add(a); got != want[from+i] {
				t.Errorf("paged Add(%q) = %q, in memory %q", a.ID, got, want[from+i])
			}
		}
		store.apply(x.AppendDirtyPages(nil))
	}
}

// TestMarkAllDirty checks that an index restored from its checkpoint
// writes the whole index, and that it is the pages written bit by bit. A
// full write may leave out empty directory buckets (an absent bucket is
// empty): they are dropped before comparing.
func TestMarkAllDirty(t *testing.T) {
	arts := sequence()
	_, snap := inMemory(arts, nil)
	x := New(DefaultOptions())
	for _, a := range arts {
		x.Add(a)
	}
	y := reload(t, x)
	all := pageMap{}
	all.apply(y.AppendDirtyPages(nil))
	if n := len(all[pageArticle]); n != y.Len() {
		t.Errorf("%d article rows, want %d", n, y.Len())
	}
	samePages(t, "restored index", dropEmpty(all), dropEmpty(snap[len(arts)].clone()))
	if more := y.AppendDirtyPages(nil); len(more) != 0 {
		t.Errorf("%d pages dirty after a full write", len(more))
	}
}

// dropEmpty removes the empty directory buckets of m.
func dropEmpty(m pageMap) pageMap {
	for _, kind := range []string{pageID, pageExact, pageBand} {
		for n, d := range m[kind] {
			if bytes.Equal(d, []byte{0}) {
				delete(m[kind], n)
			}
		}
	}
	return m
}

// TestPagedReadsLittle adds one article of each kind to a paged index of
// a few thousand articles: it must read a small part of the pages, in a
// few batches.
func TestPagedReadsLittle(t *testing.T) {
	c := newCorpus(3)
	x := New(DefaultOptions())
	for range 3000 {
		x.Add(c.next(false))
	}
	store := pageMap{}
	x.MarkAllDirty()
	store.apply(x.AppendDirtyPages(nil))
	lines := strings.Split(c.texts[10], "\n")
	for _, a := range []*storyline.Article{
		art("fresh", c.fresh()),
		art("copy", c.texts[20]),
		art("trimmed", strings.Join(lines[:len(lines)-1], "\n")),
		art("a30", "already added"),
	} {
		var rc readCount
		px, err := OpenPaged(DefaultOptions(), store.reader(&rc))
		if err != nil {
			t.Fatal(err)
		}
		if err := px.Prefetch(a); err != nil {
			t.Fatal(err)
		}
		if got, want := px.Add(a), x.Add(a); got != want {
			t.Errorf("%s: paged %q, in memory %q", a.ID, got, want)
		}
		// meta + an id, an exact and 20 band buckets (one call per kind)
		// + a few rows along the chains and their roots
		if rc.pages > 30 || rc.calls > 8 {
			t.Errorf("%s: read %d pages in %d calls out of %d", a.ID, rc.pages, rc.calls, store.count())
		}
	}
}

// TestPagedErrors checks that a reader's errors and bad pages come back
// from OpenPaged and Prefetch with the page named.
func TestPagedErrors(t *testing.T) {
	_, snap := inMemory(handMade(), nil)
	good := snap[len(snap)-1]
	boom := errors.New("disk on fire")
	failOn := func(kind string) pages.Reader {
		return func(k string, nums []int64) (map[int64][]byte, error) {
			if k == kind {
				return nil, boom
			}
			return good.reader(&readCount{})(k, nums)
		}
	}
	if _, err := OpenPaged(DefaultOptions(), failOn(PageMeta)); !errors.Is(err, boom) {
		t.Errorf("meta read error: %v", err)
	}
	for _, kind := range []string{pageID, pageArticle, pageBand} {
		x, err := OpenPaged(DefaultOptions(), failOn(kind))
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Prefetch(art("w", wire)); !errors.Is(err, boom) && kind != pageBand {
			t.Errorf("%s read error: %v", kind, err)
		}
		if err := x.Prefetch(art("new", wire+"\nMore.")); !errors.Is(err, boom) || !strings.Contains(err.Error(), kind) {
			t.Errorf("%s read error: %v", kind, err)
		}
	}
	old := good.clone()
	old[PageMeta][0] = append([]byte{metaVersion + 1}, old[PageMeta][0][1:]...)
	if _, err := OpenPaged(DefaultOptions(), old.reader(&readCount{})); !errors.Is(err, ErrLayout) {
		t.Errorf("meta page of another layout: %v", err)
	}
	if PagesCurrent(nil) || PagesCurrent(old[PageMeta][0]) || !PagesCurrent(good[PageMeta][0]) {
		t.Error("PagesCurrent wrong")
	}
	bad := good.clone()
	bad[pageArticle][0] = bad[pageArticle][0][:20]
	x, err := OpenPaged(DefaultOptions(), bad.reader(&readCount{}))
	if err != nil {
		t.Fatal(err)
	}
	err = x.Prefetch(art("w", wire))
	if storyline.ErrorCode(err) != storyline.EINVALID || !strings.Contains(err.Error(), "dedup.art page 0") {
		t.Errorf("bad row: %v", err)
	}
}

// TestAddWithoutPrefetch: a paged Add of an article it did not prefetch
// would write wrong pages, so it panics.
func TestAddWithoutPrefetch(t *testing.T) {
	x, err := OpenPaged(DefaultOptions(), pageMap{}.reader(&readCount{}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	x.Add(art("a", wire))
}

// TestPagedRefusesCheckpoint: a paged index has no checkpoint form.
func TestPagedRefusesCheckpoint(t *testing.T) {
	x, err := OpenPaged(DefaultOptions(), pageMap{}.reader(&readCount{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.MarshalBinary(); err == nil {
		t.Error("MarshalBinary of a paged index succeeded")
	}
	if !x.Paged() || New(DefaultOptions()).Paged() {
		t.Error("Paged() wrong")
	}
}

// pageKinds are the kinds FuzzPages may replace a page of.
var pageKinds = []string{PageMeta, pageArticle, pageID, pageExact, pageBand}

// FuzzPages replaces one page of a real store by the fuzzer's bytes: a
// paged index must then refuse it with an error or work (Prefetch, Add and
// AppendDirtyPages without panicking).
func FuzzPages(f *testing.F) {
	clashing := func(s string) uint64 { return xxh3.HashString(s) & (1 << 63) } // a clash list in the meta page
	_, snap := inMemory(handMade(), clashing)
	store := snap[len(snap)-1]
	for k, kind := range pageKinds {
		for n, d := range store[kind] {
			f.Add(uint8(k), n, d)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, num int64, data []byte) {
		s := store.clone()
		s.apply([]storyline.Page{{Kind: pageKinds[int(kind)%len(pageKinds)], Num: num, Data: data}})
		x, err := OpenPaged(DefaultOptions(), s.reader(&readCount{}))
		if err != nil {
			return
		}
		x.idHash = clashing
		for _, a := range []*storyline.Article{art("w", wire), art("c", "Breaking\n"+wire), art("t", twin), art("e", "")} {
			if x.Prefetch(a) == nil {
				x.Add(a)
			}
		}
		x.AppendDirtyPages(nil)
	})
}

// BenchmarkPagedAdd opens a paged index over the pages of a store of n
// articles, and prefetches and adds one article: the cost of adding one
// article to a large store.
func BenchmarkPagedAdd(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := newCorpus(5)
			x := New(DefaultOptions())
			for range n {
				x.Add(c.next(false))
			}
			store := pageMap{}
			x.MarkAllDirty()
			store.apply(x.AppendDirtyPages(nil))
			more := articles(6, 200, false)
			var rc readCount
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				px, err := OpenPaged(DefaultOptions(), store.reader(&rc))
				if err != nil {
					b.Fatal(err)
				}
				a := *more[i%len(more)]
				a.ID = fmt.Sprint("n", i)
				if err := px.Prefetch(&a); err != nil {
					b.Fatal(err)
				}
				px.Add(&a)
				px.AppendDirtyPages(nil)
			}
			b.ReportMetric(float64(rc.pages)/float64(b.N), "pages/op")
			b.ReportMetric(float64(rc.calls)/float64(b.N), "reads/op")
		})
	}
}
