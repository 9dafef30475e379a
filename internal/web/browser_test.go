package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/web/browsertest"
)

// TestBrowser opens the story list and a story page in headless Chromium,
// follows the first citation marker and checks that the highlighted text is
// exactly the cited span; then it opens hostile articles and checks that
// their markup shows as text and that no script ran (no dialog opened).
func TestBrowser(t *testing.T) {
	store, storyID := browserStore(t)
	srv := newTestServer(t, store, Options{})
	ctx := browsertest.New(t, 90*time.Second)

	// Any dialog is a script that ran.
	dialogs := browsertest.WatchDialogs(ctx)

	// First prove that the listener sees a script that runs, so that "no
	// dialog" below means something.
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><p>canary</p><script>alert("canary")</script>`))
	}))
	defer canary.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(canary.URL), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if d := dialogs.Take(); len(d) != 1 || d[0] != "canary" {
		t.Fatalf("the dialog listener does not work: %q", d)
	}

	// The story list.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("ol.stories")),
	); err != nil {
		t.Fatal(err)
	}
	if h, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.stories li h2 a"))); err != nil || h == "" {
		t.Fatal("no headline on the story list")
	}
	browsertest.Shot(t, ctx, "list.png", false)

	// The story page, then the first citation.
	st, err := store.Story(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Brief == nil || len(st.Brief.Summary) == 0 || len(st.Brief.Summary[0].Citations) == 0 {
		t.Fatalf("story %s has no cited summary", storyID)
	}
	c := st.Brief.Summary[0].Citations[0]
	a, err := store.Article(context.Background(), c.Article)
	if err != nil {
		t.Fatal(err)
	}
	want := a.Text[c.Start:c.End]
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+storyHref(storyID)),
		chromedp.WaitVisible(chromedp.CSS("#summary a.cite")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Shot(t, ctx, "story.png", false)
	browsertest.Shot(t, ctx, "story-full.png", true)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#summary a.cite")),
		chromedp.WaitVisible(chromedp.CSS("mark#cite")),
	); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cite").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if marked != want {
		t.Errorf("highlighted %q\nwant cited span %q (%s)", marked, want, url)
	}
	if !strings.HasSuffix(url, "#cite") {
		t.Errorf("citation link %s does not target #cite", url)
	}
	browsertest.Shot(t, ctx, "article-cited.png", false)

	// A phone-sized view of the story page.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(srv.URL+storyHref(storyID)),
		chromedp.WaitVisible(chromedp.CSS("#summary")),
	); err != nil {
		t.Fatal(err)
	}
	browsertest.Shot(t, ctx, "story-phone.png", false)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1100, 900)); err != nil {
		t.Fatal(err)
	}

	// Hostile text: shown as text, never run.
	for _, p := range []string{"/", "/stories/story-hostile", "/articles/hostile-3", "/articles/hostile-3?s=0&e=40#cite",
		"/search?q=script"} {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+p),
			chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.Sleep(150*time.Millisecond),
		); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
		if err != nil {
			t.Fatal(err)
		}
		imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("img, svg, iframe, object").length`))
		if err != nil {
			t.Fatal(err)
		}
		if scripts != 0 || imgs != 0 {
			t.Errorf("%s: %d script and %d img/svg elements in the DOM", p, scripts, imgs)
		}
		if strings.HasPrefix(p, "/articles/") {
			for _, s := range []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>"} {
				if !strings.Contains(text, s) {
					t.Errorf("%s: text %q not shown", p, s)
				}
			}
		}
	}
	browsertest.Shot(t, ctx, "hostile.png", false)
	if d := dialogs.Take(); len(d) > 0 {
		t.Errorf("scripts ran: dialogs %q", d)
	}
}

// browserStore is the fixture store; storyID is the story whose citation
// the test follows.
func browserStore(t *testing.T) (storyline.Store, string) {
	return fixtureStore(), "story-harbor"
}
