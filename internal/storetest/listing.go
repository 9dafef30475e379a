package storetest

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/storyline/storyline"
)

// Lister is a store with the light reads of the web pages: StoryList
// (Stories with each brief cut to its first n entities) and ArticlesLite.
type Lister interface {
	storyline.Store
	storyline.LiteReader
	StoryList(ctx context.Context, f storyline.StoryFilter, n int) ([]*storyline.Story, int, error)
}

// Listing checks StoryList and ArticlesLite against Stories and Articles.
// open must return a new, empty store; Listing closes it.
func Listing(t *testing.T, open func(t *testing.T) Lister) {
	ctx := context.Background()
	db := open(t)
	defer db.Close()
	a := Sample(1, 300)
	mustPut(t, db, a)
	briefed := &storyline.Story{ID: "s1", Headline: "h", Articles: []string{a.ID}, Brief: FilledBrief()}
	for i := range 20 {
		briefed.Brief.Entities = append(briefed.Brief.Entities, storyline.Entity{Name: "e" + strconv.Itoa(i)})
	}
	for _, st := range []*storyline.Story{briefed, {ID: "s2", Headline: "no brief"}} {
		must(t, db.PutStory(ctx, st))
	}
	full, total, err := db.Stories(ctx, storyline.StoryFilter{})
	if err != nil || total != 2 {
		t.Fatal(total, err)
	}
	if !reflect.DeepEqual(full[0].Brief, briefed.Brief) && !reflect.DeepEqual(full[1].Brief, briefed.Brief) {
		t.Errorf("brief read back differs from the one stored")
	}
	for _, n := range []int{0, 3, 16, 18} {
		list, ltotal, err := db.StoryList(ctx, storyline.StoryFilter{}, n)
		if err != nil || ltotal != total || len(list) != len(full) {
			t.Fatalf("StoryList(%d) = %d stories, total %d, %v", n, len(list), ltotal, err)
		}
		for i, st := range list {
			want := *full[i]
			if want.Brief != nil {
				want.Brief = &storyline.Brief{Entities: want.Brief.Entities[:n]}
			}
			if !reflect.DeepEqual(st, &want) {
				t.Errorf("StoryList(%d)[%d] =\n%+v\nwant\n%+v", n, i, st, &want)
			}
		}
	}

	lite, err := db.ArticlesLite(ctx, storyline.ArticleFilter{IDs: []string{a.ID}})
	if err != nil || len(lite) != 1 {
		t.Fatal(lite, err)
	}
	want := *a
	want.Raw = nil
	want.Sentences, want.Tokens, want.Entities, want.Figures, want.Quotes, want.Dates = nil, nil, nil, nil, nil, nil
	if !reflect.DeepEqual(lite[0], &want) {
		t.Errorf("ArticlesLite =\n%+v\nwant\n%+v", lite[0], &want)
	}
}
