// Package browsertest holds what the browser tests of internal/web and
// internal/web/e2e share: a headless Chromium, screenshots, and a record of
// the JavaScript dialogs a page opened (a dialog is a script that ran).
// Only tests import it.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium is the Debian package's browser; the tests never download one.
const Chromium = "/usr/bin/chromium"

// New starts headless Chromium with networking beyond the test server
// turned off, for at most timeout. It skips only when Chromium is missing
// on a developer machine; CI (STORYLINE_SHARED set) installs it, so there a
// missing browser fails.
func New(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("STORYLINE_SHARED") == "" {
			t.Skipf("no %s: apt-get install -y chromium chromium-driver", Chromium)
		}
		t.Fatalf("browser test needs %s: %v", Chromium, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(Chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1100, 900),
	)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// Shot saves a screenshot of the page (the whole page when full) under
// testdata/out of the test's package (ignored by git), so a developer can
// look at it after a run.
func Shot(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	action := chromedp.CaptureScreenshot()
	if full {
		action = chromedp.FullScreenshot(100) // 100: PNG
	}
	buf, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("testdata", "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// Dialogs records the messages of the JavaScript dialogs the pages of one
// browser open, and dismisses each so that the page does not hang.
type Dialogs struct {
	mu   sync.Mutex
	msgs []string
}

// WatchDialogs starts recording the dialogs of the browser ctx.
func WatchDialogs(ctx context.Context) *Dialogs {
	d := &Dialogs{}
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.msgs = append(d.msgs, ev.Message)
			d.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return d
}

// Take returns the messages recorded since the last Take and forgets them.
func (d *Dialogs) Take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	m := d.msgs
	d.msgs = nil
	return m
}
