// Package ingest reads every input form of the contract (plain-text and HTML
// files, JSON and JSON Lines, their .gz, directories and standard input) into
// storyline.RawArticle values. It only reads and decodes: cleaning and
// metadata belong to internal/clean. A bad input never stops a run; it is
// reported once, with its path (and line) and a reason a user can act on.
package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline/storyline"
)

// Options bound what Read accepts.
type Options struct {
	// MaxSize is the largest article accepted, in bytes, counted after
	// decompression (a gzip bomb is cut off as soon as it passes this size).
	// It bounds a whole file for the forms that are read whole (text, HTML
	// and .json files, each file of a folder), and one line for JSON Lines
	// (files and standard input), which are streamed whatever their size.
	// Default 20 MB: some forty times the largest input of the development
	// sets (a 0.5 MB HTML page; their longest JSON line is 49 KB), and small
	// enough to hold one in memory.
	MaxSize int64
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options { return Options{MaxSize: 20 << 20} }

// kind is how the bytes of one input are read.
type kind int

const (
	kindText kind = iota
	kindHTML
	kindJSONL
	kindJSON
	kindSkip // unknown extension met while walking a directory
)

// kindOf maps a file name (a trailing .gz removed) to its kind. Named files
// with an unknown extension are tried as text (the binary and encoding
// checks reject what is not); inside directories they are skipped, so that a
// folder of articles may hold a README.csv or images without errors.
func kindOf(name string, walking bool) kind {
	base := strings.ToLower(filepath.Base(name))
	base = strings.TrimSuffix(base, ".gz")
	ext := filepath.Ext(base)
	switch ext {
	case ".txt", ".text", ".md", "":
		return kindText
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".json":
		return kindJSON
	}
	if walking {
		return kindSkip
	}
	return kindText
}

// reader carries one Read call's state.
type reader struct {
	ctx    context.Context
	opts   Options
	emit   func(storyline.RawArticle) error
	report func(storyline.InputError)
}

// Read reads every input (files, directories walked recursively in sorted
// order, "-" = stdin as JSON Lines) and calls emit for each article in a
// deterministic order, and report for each bad input. It returns an error
// only when ctx is cancelled or emit returns one.
func Read(ctx context.Context, inputs []string, stdin io.Reader, opts Options,
	emit func(storyline.RawArticle) error, report func(storyline.InputError)) error {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultOptions().MaxSize
	}
	r := &reader{ctx: ctx, opts: opts, emit: emit, report: report}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if in == "-" {
			if stdin == nil {
				r.bad("-", "no standard input")
				continue
			}
			err = r.stream(lineStream{name: "-", br: bufio.NewReaderSize(stdin, bufSize), decode: utf8Line})
		} else {
			err = r.path(in)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) bad(input, reason string) {
	if r.report != nil {
		r.report(storyline.InputError{Input: input, Error: reason})
	}
}

func (r *reader) send(a storyline.RawArticle) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if err := r.emit(a); err != nil {
		return err
	}
	return nil
}

// path reads one named input: a file or a directory.
func (r *reader) path(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		r.bad(p, reason(err))
		return nil
	}
	if fi.IsDir() {
		return r.walk(p, []os.FileInfo{fi})
	}
	return r.file(p, fi, false)
}

// walk reads a directory recursively in sorted name order. Symbolic links
// are followed, but a link back to a directory on the current path (a loop)
// is reported once and not entered. ancestors holds the directories from
// the root of the walk down to dir.
func (r *reader) walk(dir string, ancestors []os.FileInfo) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		r.bad(dir, reason(err))
		// ReadDir may return the entries it could read; go on with them.
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue // hidden files and folders (.git, .DS_Store)
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p) // follows symlinks
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 && errors.Is(err, fs.ErrNotExist) {
				r.bad(p, "broken symbolic link")
			} else {
				r.bad(p, reason(err))
			}
			continue
		}
		if fi.IsDir() {
			loop := false
			for _, a := range ancestors {
				if os.SameFile(a, fi) {
					loop = true
					break
				}
			}
			if loop {
				r.bad(p, "directory loop: symbolic link to a directory that contains it")
				continue
			}
			if err := r.walk(p, append(ancestors[:len(ancestors):len(ancestors)], fi)); err != nil {
				return err
			}
			continue
		}
		if !fi.Mode().IsRegular() {
			continue // sockets, devices, fifos
		}
		if err := r.file(p, fi, true); err != nil {
			return err
		}
	}
	return nil
}

// file reads one file; walking says it was found in a directory.
func (r *reader) file(p string, fi os.FileInfo, walking bool) error {
	k := kindOf(p, walking)
	if k == kindSkip {
		return nil
	}
	if fi.Mode().IsRegular() {
		if fi.Size() == 0 {
			r.bad(p, "empty file")
			return nil
		}
		if fi.Size() > r.opts.MaxSize && k != kindJSONL && !isGzipName(p) {
			r.bad(p, fmt.Sprintf("file is %d bytes, over the %d-byte limit", fi.Size(), r.opts.MaxSize))
			return nil
		}
	}
	f, err := os.Open(p)
	if err != nil {
		r.bad(p, reason(err))
		return nil
	}
	defer f.Close()
	if k == kindJSONL {
		return r.jsonLinesFile(p, f)
	}
	var size int64
	if fi.Mode().IsRegular() {
		size = fi.Size()
	}
	data, msg := readAll(f, r.opts.MaxSize, size)
	if msg != "" {
		r.bad(p, msg)
		return nil
	}
	return r.content(p, k, data)
}

// content turns the bytes of one file read whole into articles.
func (r *reader) content(p string, k kind, data []byte) error {
	switch k {
	case kindJSON:
		txt, msg := decodeText(data)
		if msg != "" {
			r.bad(p, msg)
			return nil
		}
		return r.jsonFile(p, txt)
	case kindHTML:
		s, msg := decodeHTML(data)
		if msg != "" {
			r.bad(p, msg)
			return nil
		}
		if strings.TrimSpace(s) == "" {
			r.bad(p, "empty file")
			return nil
		}
		return r.send(storyline.RawArticle{Input: p, Format: storyline.FormatHTML, HTML: s, Raw: data})
	default:
		s, msg := decodeText(data)
		if msg != "" {
			r.bad(p, msg)
			return nil
		}
		if strings.TrimSpace(s) == "" {
			r.bad(p, "empty file")
			return nil
		}
		return r.send(storyline.RawArticle{Input: p, Format: storyline.FormatText, Text: s, Raw: data})
	}
}

// reason is the user-facing reason of a file-system error, without the path
// (the report carries it).
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "cannot read: permission denied"
	}
	return "cannot read: " + err.Error()
}
