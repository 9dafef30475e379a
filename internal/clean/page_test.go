package clean

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/storyline/storyline"
)

// report returns n sentences of an ordinary local report, each different.
func report(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Councillor Mara Kell said repairs to bridge number %d on the Ostley road would take %d weeks and cost %d thousand pounds.\n\n", i+1, i%7+2, 40+i*3)
	}
	return b.String()
}

func TestNoticePages(t *testing.T) {
	crawl := "About this collection.\n\nCrawl start date: 2 May 2019.\n\nCrawl end date: 30 June 2019.\n\n" +
		"Number of captures: 1,204,551.\n\n" + report(8)
	cases := []struct {
		name   string
		text   string
		reject bool
	}{
		{"not found", "Oops!\n\nThe page you are looking for has moved or no longer exists.\n\nTry the search box above or go back to the front page of the site.", true},
		{"player", "This video is unavailable.\n\nWatch it on the site it was first published on.", true},
		{"sign-in form", "Welcome back!\n\nPlease enter your details below to go on reading.\n\nAlready have an account? Then you can use it here.\n\nForgot your password? We will email you a link that resets it.", true},
		{"hosting", "This domain is for sale. Make an offer today and it could be yours within the hour, with transfer handled by our team.", true},
		// One paragraph too long for the line classifier's furniture rule.
		{"archive notice", "This capture is not publicly accessible. Captures of this site are kept by the Internet Archive and added to the Wayback Machine after an embargo, so that when the pages that link to it change or go away, readers can still see the version that was live when the link was made, and site owners who want a capture removed can write to the archive's office with the address of the page and the reason.", true},
		{"archive description of middling length", crawl, true},
		{"short report", report(3), false},
		{"report that mentions an error page once", "Visitors to the county council's website on Monday found a page not found message where the bin calendar used to be.\n\n" + report(8), false},
		{"long text full of notice phrases", strings.Repeat("The Internet Archive runs the Wayback Machine, and its crawl start date and crawl end date are public.\n\n", 2) + report(30), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := Clean(storyline.RawArticle{Input: "in.txt", Format: storyline.FormatText, Text: c.text}, DefaultOptions())
			if !c.reject {
				if err != nil {
					t.Fatalf("rejected an article: %v", err)
				}
				if a.Text == "" {
					t.Fatal("no text kept")
				}
				return
			}
			var se *storyline.Error
			if !errors.As(err, &se) || se.Code != storyline.EINVALID || !strings.Contains(se.Error(), "notice page") || !strings.Contains(se.Error(), "in.txt") {
				t.Fatalf("err %v, want EINVALID naming the input and a notice page", err)
			}
		})
	}
}
