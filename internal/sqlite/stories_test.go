package sqlite

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storetest"
)

func TestListing(t *testing.T) {
	storetest.Listing(t, func(t *testing.T) storetest.Lister { return openMemory(t) })
}

// TestBriefStoredOnce checks that a brief is stored once, in its binary
// form: the JSON column stays NULL.
func TestBriefStoredOnce(t *testing.T) {
	db := openMemory(t)
	defer db.Close()
	st := &storyline.Story{ID: "s1", Headline: "h", Brief: storetest.FilledBrief()}
	if err := db.PutStory(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	var jsonNull, binary bool
	if err := db.SQL().QueryRow(`SELECT brief IS NULL, brief_bin IS NOT NULL FROM stories WHERE id = 's1'`).Scan(&jsonNull, &binary); err != nil || !jsonNull || !binary {
		t.Errorf("stored brief: JSON column NULL %v, binary present %v, %v", jsonNull, binary, err)
	}
}

// TestMigrateListing checks that stories stored before 00003 are listed
// with their entities and read from their JSON.
func TestMigrateListing(t *testing.T) {
	ctx := context.Background()
	path, old := oldStore(t, 3)
	brief := &storyline.Brief{Claims: []storyline.Claim{{Text: "c", Articles: []string{"a"}, Sources: 1}}}
	for i := range 20 {
		brief.Entities = append(brief.Entities, storyline.Entity{Name: "e" + strconv.Itoa(i), Type: storyline.Place, Articles: i})
	}
	js, _ := json.Marshal(brief)
	if _, err := old.Exec(`INSERT INTO stories (id, headline, sources, articles, brief, updated)
		VALUES ('old', 'Old', '["x"]', '["a"]', ?, 1), ('bare', 'Bare', 'null', 'null', NULL, 2)`, string(js)); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Story(ctx, "old")
	if err != nil || !reflect.DeepEqual(st.Brief, brief) {
		t.Errorf("Story after upgrade = %+v, %v", st, err)
	}
	list, _, err := db.StoryList(ctx, storyline.StoryFilter{}, 5)
	if err != nil || len(list) != 2 {
		t.Fatal(list, err)
	}
	for _, st := range list {
		switch st.ID {
		case "old":
			if st.Brief == nil || !reflect.DeepEqual(st.Brief.Entities, brief.Entities[:5]) {
				t.Errorf("listed entities = %+v", st.Brief)
			}
		case "bare":
			if st.Brief != nil {
				t.Errorf("story without brief listed with %+v", st.Brief)
			}
		}
	}
}
