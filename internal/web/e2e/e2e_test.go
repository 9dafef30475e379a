package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/pipeline"
	"github.com/storyline/storyline/internal/sharedtest"
	"github.com/storyline/storyline/internal/sqlite"
	"github.com/storyline/storyline/internal/web"
	"github.com/storyline/storyline/internal/web/browsertest"
)

// ingester runs POSTed articles through the real pipeline, one at a time.
type ingester struct {
	store storyline.Store
	mu    sync.Mutex
}

func (i *ingester) Ingest(ctx context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	p, err := pipeline.Open(ctx, i.store, pipeline.DefaultOptions())
	if err != nil {
		return nil, nil, err
	}
	res, err := p.IngestRaw(ctx, raws)
	if err != nil {
		return nil, nil, err
	}
	return res.Changed, res.Errors, p.Close(ctx)
}

// TestSeedsInBrowser ingests the five seed articles through the pipeline,
// opens the list and the story page in Chromium, follows every summary
// citation and checks that the highlighted text is exactly the cited span.
// It then posts a hostile article through POST /api/articles and checks
// that its markup shows as text and that nothing runs.
func TestSeedsInBrowser(t *testing.T) {
	seeds := sharedtest.Data(t, "seeds")
	bg := context.Background()
	db, err := sqlite.Open(bg, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := pipeline.Open(bg, db, pipeline.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Ingest(bg, []string{seeds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(bg); err != nil {
		t.Fatal(err)
	}
	if res.New != 5 {
		t.Fatalf("stored %d seed articles, want 5 (errors %v)", res.New, res.Errors)
	}
	stories, _, err := db.Stories(bg, storyline.StoryFilter{Limit: 10})
	if err != nil || len(stories) == 0 {
		t.Fatalf("stories %v, %v", stories, err)
	}
	st := stories[0]
	for _, s := range stories {
		if len(s.Articles) > len(st.Articles) {
			st = s
		}
	}
	if st.Brief == nil || len(st.Brief.Summary) == 0 {
		t.Fatalf("story %s has no summary", st.ID)
	}

	const token = "e2e-token"
	srv := httptest.NewServer(web.New(db, web.Options{Token: token, Ingester: &ingester{store: db}}))
	defer srv.Close()
	ctx := browsertest.New(t, 2*time.Minute)
	dialogs := browsertest.WatchDialogs(ctx)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories"))); err != nil {
		t.Fatal(err)
	}
	browsertest.Shot(t, ctx, "seeds-list.png", false)
	storyURL := srv.URL + "/stories/" + url.PathEscape(st.ID)
	if err := chromedp.Do(ctx, chromedp.Navigate(storyURL), chromedp.WaitVisible(chromedp.CSS("#summary a.cite"))); err != nil {
		t.Fatal(err)
	}
	browsertest.Shot(t, ctx, "seeds-story.png", false)
	browsertest.Shot(t, ctx, "seeds-story-full.png", true)

	// Follow the first marker by clicking it, as a reader would.
	first := st.Brief.Summary[0].Citations[0]
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#summary a.cite")), chromedp.WaitVisible(chromedp.CSS("mark#cite"))); err != nil {
		t.Fatal(err)
	}
	checkMark(t, ctx, db, first)
	browsertest.Shot(t, ctx, "seeds-cited.png", false)

	// Then every other marker of the summary, by its link.
	n := 0
	for _, ss := range st.Brief.Summary {
		for _, c := range ss.Citations {
			n++
			u := fmt.Sprintf("%s/articles/%s?s=%d&e=%d#cite", srv.URL, url.PathEscape(c.Article), c.Start, c.End)
			if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("mark#cite"))); err != nil {
				t.Fatalf("citation %d %v: %v", n, c, err)
			}
			checkMark(t, ctx, db, c)
		}
	}
	t.Logf("story %s: %d articles, %d summary sentences, %d citations checked", st.ID, len(st.Articles), len(st.Brief.Summary), n)

	// A hostile article through the real API and pipeline.
	hostile := "Readers wrote to us today about the Putin and Macron call. <script>alert(1)</script> " +
		"They also sent <img src=x onerror=alert(1)> as a picture.\n\nThe call lasted two hours, officials said."
	body, _ := json.Marshal(map[string]string{"id": "hostile-1", "title": "<script>alert(2)</script>Hostile",
		"source": "<img src=x onerror=alert(3)>", "text": hostile, "published": "2022-01-28"})
	req, _ := http.NewRequest("POST", srv.URL+"/api/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	a, err := db.Article(bg, "hostile-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/articles/hostile-1", "/stories/" + url.PathEscape(a.StoryID), "/search?q=script"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.Sleep(150*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		elems, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("script, img, svg, iframe, object").length`))
		if err != nil {
			t.Fatal(err)
		}
		if elems != 0 {
			t.Errorf("%s: %d active elements in the DOM", path, elems)
		}
		if path == "/articles/hostile-1" {
			for _, s := range []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>"} {
				if strings.Contains(a.Text, s) && !strings.Contains(text, s) {
					t.Errorf("%s: %q not shown as text", path, s)
				}
			}
		}
	}
	if !strings.Contains(a.Text, "<script>alert(1)</script>") {
		t.Logf("note: the cleaner removed the markup from the text: %q", a.Text)
	}
	browsertest.Shot(t, ctx, "seeds-hostile.png", false)
	if d := dialogs.Take(); len(d) != 0 {
		t.Errorf("scripts ran: %q", d)
	}
}

// checkMark compares the highlighted text of the open article page with the
// bytes the citation names in the stored cleaned text.
func checkMark(t *testing.T, ctx context.Context, db storyline.Store, c storyline.Citation) {
	t.Helper()
	a, err := db.Article(context.Background(), c.Article)
	if err != nil {
		t.Fatal(err)
	}
	if !(storyline.Span{Start: c.Start, End: c.End}).In(len(a.Text)) {
		t.Fatalf("citation %v outside the text (%d bytes)", c, len(a.Text))
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cite").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if want := a.Text[c.Start:c.End]; got != want {
		t.Errorf("citation %s %d-%d: highlighted %q, want %q", c.Article, c.Start, c.End, got, want)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "s="+strconv.Itoa(c.Start)) {
		t.Errorf("page %s is not the citation %v", loc, c)
	}
}
