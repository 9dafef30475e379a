package clean

import "strings"

// Pages that are not articles. A scraper that meant to fetch a report
// often gets a page about the page instead: a "not found" error, a video
// that cannot be played, a sign-in or registration form, a hosting notice,
// or the description of a web-archive collection standing where the
// archived article should be. Such a page shares no words with the story
// it was fetched for, but its notice words are shared with every other
// such page, so left in it joins the next notice page of another story.
//
// The line classifier drops notice lines that are short and stand alone;
// notPage judges the text left as a whole. A text is a notice page when it
// is short (up to noticeShortWords words) and holds one notice phrase, or
// is of middling length (up to noticeLongWords) and holds noticeLongHits of
// them: the phrases are what such pages say about themselves, which a
// report of some length would not repeat.
const (
	noticeShortWords = 150
	noticeLongWords  = 600
	noticeLongHits   = 3
)

// pageNotice: what error, player, sign-in, hosting and web-archive pages
// say about themselves.
var pageNotice = newPhrases(
	// not found and other errors
	"page not found", "page could not be found", "page cannot be found", "page can't be found",
	"page you requested", "page you are looking for", "page you were looking for",
	"page you're looking for", "page you’re looking for", "page no longer exists",
	"page is no longer available", "page does not exist", "page doesn't exist", "page doesn’t exist",
	"requested url was not found", "error 404", "404 error", "404 not found", "403 forbidden",
	"you don't have permission to access", "you don’t have permission to access",
	"content is no longer available", "article is no longer available", "story is no longer available",
	"checking your browser before accessing",
	// players
	"video is unavailable", "video unavailable", "video is not available", "video has been removed",
	"video is private", "video is no longer available", "when the video has been rented",
	"feature is not available right now",
	// sign-in and registration
	"already have an account", "thank you for registering", "we have sent a confirmation email",
	"forgot your password", "forgot password", "sign in to your account", "log in to your account",
	"sign in using your", "create a free account", "subscribe to continue reading",
	"you have reached your limit of free", "you've reached your limit of free",
	// hosting
	"custom domain", "domain mapping", "domain is for sale", "domain may be for sale",
	"buy this domain", "account has been suspended", "site is under construction",
	// web archives
	"internet archive", "wayback machine", "alexa internet", "not publicly accessible",
	"crawl start date", "crawl end date", "number of captures", "crawler software", "heritrix",
	"archive-it", "web crawl", "crawl data",
)

// notPage reports whether a cleaned text is a notice page (see pageNotice)
// rather than an article.
func notPage(text string) bool {
	n := countWordsUpTo(text, noticeLongWords)
	if n > noticeLongWords {
		return false
	}
	need := noticeLongHits
	if n <= noticeShortWords {
		need = 1
	}
	return pageNotice.count(strings.ToLower(text), need) >= need
}
