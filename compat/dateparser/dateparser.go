// Package dateparser is storyline's stand-in for
// github.com/markusmobius/go-dateparser, put in its place by a replace
// directive in storyline's go.mod.
//
// go-htmldate, which go-trafilatura runs on every HTML page, calls that
// module for date strings its own fast formats miss. The module's package
// initialisation builds the tables of 200 languages: 245 ms and 95 MB of
// allocations at the start of every storyline command, HTML or not. This
// package keeps the small part of the API go-htmldate uses and hands the
// string to the parser the program registers (storyline's cleaner
// registers its own date parser), so a command starts in milliseconds.
package dateparser

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/markusmobius/go-dateparser/date"
)

// ParserType names a parsing method; go-htmldate lists the ones it wants.
type ParserType uint8

// The parsing methods go-htmldate asks for. The registered parser decides
// which forms it reads, so the list is accepted and not consulted.
const (
	CustomFormat ParserType = iota
	AbsoluteTime
)

// PreferredDateSource says how to read an incomplete date.
type PreferredDateSource uint8

// Past prefers a reading before now, the one go-htmldate asks for.
const Past PreferredDateSource = 1

// Configuration is the part of the original configuration go-htmldate
// sets.
type Configuration struct {
	PreferredDateSource PreferredDateSource
	StrictParsing       bool
}

// Parser parses date strings with the registered function.
type Parser struct {
	ParserTypes []ParserType
}

// ErrNoDate is returned when the string holds no date the registered
// parser reads, or when no parser is registered.
var ErrNoDate = errors.New("dateparser: no date found")

var parse atomic.Pointer[func(string) time.Time]

// Register sets the function Parse calls: it returns the date the string
// gives, or the zero time.
func Register(fn func(string) time.Time) { parse.Store(&fn) }

// Parse reads the date s gives with the registered function.
func (p *Parser) Parse(cfg *Configuration, s string, formats ...string) (date.Date, error) {
	fn := parse.Load()
	if fn == nil {
		return date.Date{}, ErrNoDate
	}
	t := (*fn)(s)
	if t.IsZero() {
		return date.Date{}, ErrNoDate
	}
	return date.Date{Time: t}, nil
}
