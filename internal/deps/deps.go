// Package deps pins the project's third-party modules while the stage
// packages that use them are being written. It is removed once they land.
package deps

import (
	_ "github.com/blevesearch/snowballstem"
	_ "github.com/clipperhouse/uax29/v2/words"
	_ "github.com/markusmobius/go-dateparser"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/pemistahl/lingua-go"
	_ "github.com/pressly/goose/v3"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/spf13/cobra"
	_ "github.com/zeebo/xxh3"
	_ "golang.org/x/net/html/charset"
	_ "golang.org/x/text/language/display"
	_ "modernc.org/sqlite"
)
