package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/storyline/storyline"
)

// testJournal checks the log of the derived indexes: positions grow and
// are never reused, entries come back in order and in pages, and a reset
// empties the log, starts a new epoch and keeps counting.
func testJournal(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	if lsn, err := s.LastLSN(ctx); err != nil || lsn != 0 {
		t.Fatalf("LastLSN of a new store = %d, %v; want 0", lsn, err)
	}
	in := []storyline.LogEntry{{Article: "a1", Story: "s1"}, {Article: "a2", Story: "s1"}, {Article: "a1", Story: "s2", Settle: true}, {Article: "a3"}}
	last, err := s.AppendLog(ctx, in[:2])
	must(t, err)
	last2, err := s.AppendLog(ctx, in[2:])
	must(t, err)
	if last2-last != 2 {
		t.Errorf("AppendLog positions %d then %d, want two apart", last, last2)
	}
	if got, _ := s.LastLSN(ctx); got != last2 {
		t.Errorf("LastLSN = %d, want %d", got, last2)
	}
	if got, _ := s.AppendLog(ctx, nil); got != last2 {
		t.Errorf("AppendLog(nil) = %d, want the last position %d", got, last2)
	}
	var out []storyline.LogEntry
	for after := int64(0); ; {
		page, err := s.ReadLog(ctx, after, 3)
		must(t, err)
		if len(page) == 0 {
			break
		}
		out = append(out, page...)
		after = page[len(page)-1].LSN
	}
	for i := range out {
		if i > 0 && out[i].LSN <= out[i-1].LSN {
			t.Errorf("ReadLog positions not increasing: %d after %d", out[i].LSN, out[i-1].LSN)
		}
		out[i].LSN = 0
	}
	if !slices.Equal(out, in) {
		t.Errorf("ReadLog = %+v, want %+v", out, in)
	}
	tail, err := s.ReadLog(ctx, last, 0)
	must(t, err)
	if len(tail) != 2 || tail[0].Article != "a1" || !tail[0].Settle {
		t.Errorf("ReadLog after %d = %+v, want the last two entries", last, tail)
	}

	cp := &storyline.Checkpoint{Cluster: []byte("c1")}
	must(t, s.ResetLog(ctx, cp))
	if cp.Epoch != 1 || cp.LSN != last2 {
		t.Errorf("ResetLog set epoch %d at %d, want 1 at %d", cp.Epoch, cp.LSN, last2)
	}
	if e, _ := s.ReadLog(ctx, 0, 0); len(e) != 0 {
		t.Errorf("the log holds %d entries after ResetLog", len(e))
	}
	next, err := s.AppendLog(ctx, in[:1])
	must(t, err)
	if next <= last2 {
		t.Errorf("position %d reused after ResetLog (last was %d)", next, last2)
	}
}

// testCheckpoint checks that a checkpoint is replaced only by a later one
// of the same epoch, and that it can be read without its data.
func testCheckpoint(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	cp, err := s.Checkpoint(ctx, true)
	must(t, err)
	if cp.Epoch != 0 || cp.LSN != 0 || cp.Dedup != nil || cp.Cluster != nil {
		t.Errorf("Checkpoint of a new store = %+v, want zero", cp)
	}
	put := func(epoch, lsn int64, data string) bool {
		ok, err := s.PutCheckpoint(ctx, &storyline.Checkpoint{Epoch: epoch, LSN: lsn, Dedup: []byte("d" + data), Cluster: []byte("c" + data)})
		must(t, err)
		return ok
	}
	if !put(0, 10, "10") || put(0, 5, "5") || put(0, 10, "10b") || put(1, 20, "20") {
		t.Error("PutCheckpoint must take only a later position of the stored epoch")
	}
	cp, err = s.Checkpoint(ctx, true)
	must(t, err)
	if cp.LSN != 10 || string(cp.Dedup) != "d10" || string(cp.Cluster) != "c10" {
		t.Errorf("Checkpoint = %d %q %q, want 10 d10 c10", cp.LSN, cp.Dedup, cp.Cluster)
	}
	cp, err = s.Checkpoint(ctx, false)
	must(t, err)
	if cp.LSN != 10 || cp.Dedup != nil || cp.Cluster != nil {
		t.Errorf("Checkpoint without data = %+v", cp)
	}
}

// testDirty checks the marks of stories waiting for their brief: a mark
// is cleared only by a brief as of its position or later, and a story
// is never replaced by an older state.
func testDirty(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	must(t, s.MarkDirty(ctx, []string{"s2", "s1"}, 5))
	must(t, s.MarkDirty(ctx, []string{"s1"}, 7))
	must(t, s.MarkDirty(ctx, []string{"s1"}, 6)) // never lowers a mark
	d, err := s.Dirty(ctx, nil, 0)
	must(t, err)
	if len(d) != 2 || d["s1"] != 7 || d["s2"] != 5 {
		t.Errorf("Dirty = %v, want s1:7 s2:5", d)
	}
	if d, _ := s.Dirty(ctx, []string{"s2", "s9"}, 0); len(d) != 1 || d["s2"] != 5 {
		t.Errorf("Dirty(s2, s9) = %v", d)
	}
	if d, _ := s.Dirty(ctx, nil, 1); len(d) != 1 || d["s1"] != 7 {
		t.Errorf("Dirty(limit 1) = %v, want the first by id", d)
	}
	must(t, s.ClearDirty(ctx, "s1", 6)) // renewed at 7: stays
	must(t, s.ClearDirty(ctx, "s2", 6))
	if d, _ := s.Dirty(ctx, nil, 0); len(d) != 1 || d["s1"] != 7 {
		t.Errorf("Dirty after ClearDirty = %v, want s1:7", d)
	}

	mustPut(t, s, fullArticle("d1"))
	mustPut(t, s, fullArticle("d2"))
	must(t, s.PutStory(ctx, &storyline.Story{ID: "s1", Headline: "new", Articles: []string{"d1", "d2"}, AsOf: 9}))
	must(t, s.PutStory(ctx, &storyline.Story{ID: "s1", Headline: "old", Articles: []string{"d1"}, AsOf: 8}))
	got, err := s.Story(ctx, "s1")
	must(t, err)
	if got.Headline != "new" || len(got.Articles) != 2 {
		t.Errorf("an older state replaced a newer one: %q %v", got.Headline, got.Articles)
	}
	must(t, s.DeleteStory(ctx, "s1", 8))
	if _, err := s.Story(ctx, "s1"); err != nil {
		t.Errorf("DeleteStory as of an older position deleted the story: %v", err)
	}
	must(t, s.DeleteStory(ctx, "s1", 9))
	if _, err := s.Story(ctx, "s1"); storyline.ErrorCode(err) != storyline.ENOTFOUND {
		t.Errorf("Story after DeleteStory: %v, want ENOTFOUND", err)
	}
	if ss, _, _ := s.Stories(ctx, storyline.StoryFilter{Source: fullArticle("d1").Source}); len(ss) != 0 {
		t.Errorf("a deleted story is still listed by source")
	}
}

// testPending checks the articles waiting for settling: listed in arrival
// order, once each, until dropped.
func testPending(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	for _, id := range []string{"p1", "p2", "p3"} {
		mustPut(t, s, fullArticle(id))
	}
	must(t, s.AddPending(ctx, []string{"p3", "p1"}))
	must(t, s.AddPending(ctx, []string{"p2", "p1"}))
	got, err := s.Pending(ctx)
	must(t, err)
	if !slices.Equal(got, []string{"p1", "p2", "p3"}) {
		t.Errorf("Pending = %v, want p1 p2 p3 (arrival order)", got)
	}
	must(t, s.DropPending(ctx, []string{"p1", "p3"}))
	if got, _ := s.Pending(ctx); !slices.Equal(got, []string{"p2"}) {
		t.Errorf("Pending after DropPending = %v, want p2", got)
	}
}

// testPages checks the index pages: absent until written, replaced by
// kind and number, removed by a reset, with the position they reflect.
func testPages(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	at, err := s.PagesAt(ctx)
	must(t, err)
	if at.Epoch != -1 || at.LSN != -1 {
		t.Errorf("PagesAt of a new store = %+v, want -1 -1 (never written)", at)
	}
	got, err := s.Pages(ctx, "a", []int64{0, 1})
	must(t, err)
	if len(got) != 0 {
		t.Errorf("Pages of a new store = %v, want none", got)
	}
	must(t, s.PutPages(ctx, []storyline.Page{{Kind: "a", Num: 0, Data: []byte("a0")}, {Kind: "a", Num: 7, Data: []byte("a7")},
		{Kind: "b", Num: 0, Data: []byte("b0")}}, storyline.PagesAt{Epoch: 0, LSN: 3}, false))
	must(t, s.PutPages(ctx, []storyline.Page{{Kind: "a", Num: 7, Data: []byte("a7'")}, {Kind: "a", Num: storyline.MaxPageNum - 1, Data: []byte{}}},
		storyline.PagesAt{Epoch: 0, LSN: 5}, false))
	got, err = s.Pages(ctx, "a", []int64{0, 1, 7, storyline.MaxPageNum - 1})
	must(t, err)
	if big, ok := got[storyline.MaxPageNum-1]; len(got) != 3 || string(got[0]) != "a0" || string(got[7]) != "a7'" || !ok || len(big) != 0 {
		t.Errorf("Pages(a) = %v, want a0, a7' and an empty last page", got)
	}
	for _, n := range []int64{-1, storyline.MaxPageNum} {
		if err := s.PutPages(ctx, []storyline.Page{{Kind: "a", Num: n}}, storyline.PagesAt{}, false); storyline.ErrorCode(err) != storyline.EINVALID {
			t.Errorf("PutPages of page %d: %v, want EINVALID", n, err)
		}
	}
	if at, err = s.PagesAt(ctx); err != nil || at != (storyline.PagesAt{Epoch: 0, LSN: 5}) {
		t.Errorf("PagesAt = %+v, %v; want 0 5", at, err)
	}
	must(t, s.PutPages(ctx, []storyline.Page{{Kind: "b", Num: 1, Data: []byte("b1")}}, storyline.PagesAt{Epoch: 1, LSN: 9}, true))
	a, err := s.Pages(ctx, "a", []int64{0, 7})
	must(t, err)
	b, err := s.Pages(ctx, "b", []int64{0, 1})
	must(t, err)
	if len(a) != 0 || len(b) != 1 || string(b[1]) != "b1" {
		t.Errorf("after a reset: a = %v, b = %v; want none and b1 only", a, b)
	}
	if at, err = s.PagesAt(ctx); err != nil || at != (storyline.PagesAt{Epoch: 1, LSN: 9}) {
		t.Errorf("PagesAt after a reset = %+v, %v; want 1 9", at, err)
	}
}

// testStreamPos checks the positions of stream consumers: 0 until set,
// replaced by the next SetStreamPos (a consumer's position may go back,
// after its stream is recreated), one per name.
func testStreamPos(t *testing.T, s storyline.Store) {
	ctx := context.Background()
	if pos, err := s.StreamPos(ctx, "a"); err != nil || pos != 0 {
		t.Errorf("StreamPos of a new name = %d, %v; want 0", pos, err)
	}
	must(t, s.SetStreamPos(ctx, "a", 41))
	must(t, s.SetStreamPos(ctx, "b", 5))
	must(t, s.SetStreamPos(ctx, "a", 42))
	for name, want := range map[string]int64{"a": 42, "b": 5} {
		if pos, err := s.StreamPos(ctx, name); err != nil || pos != want {
			t.Errorf("StreamPos(%s) = %d, %v; want %d", name, pos, err, want)
		}
	}
}
