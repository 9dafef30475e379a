package ingest

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Count returns how many articles Read would emit for the inputs, good
// and bad, for a progress bar's total: a file is one, a JSON Lines file
// one per non-blank line. It reads each JSON Lines file once more, a
// scan for line ends (about a second per GB), and walks folders by the
// rules of Read. ok is false when the number cannot be known without
// decoding: standard input, gzipped JSON Lines, a JSON array.
func Count(ctx context.Context, inputs []string) (n int, ok bool) {
	ok = true
	add := func(p string, walking bool) {
		c, known := countFile(p, walking)
		n += c
		ok = ok && known
	}
	for _, in := range inputs {
		if ctx.Err() != nil || in == "-" {
			return n, false
		}
		fi, err := os.Stat(in)
		switch {
		case err != nil:
			n++ // reported as one bad input
		case !fi.IsDir():
			add(in, false)
		default:
			err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if p != in && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if err != nil || d.IsDir() {
					return nil
				}
				if d.Type()&fs.ModeSymlink != 0 {
					ok = false // Read follows it; the walk does not
					return nil
				}
				if d.Type().IsRegular() {
					add(p, true)
				}
				return nil
			})
			if err != nil {
				return n, false
			}
		}
	}
	return n, ok
}

// countFile counts the articles of one file (see Count).
func countFile(p string, walking bool) (int, bool) {
	switch kindOf(p, walking) {
	case kindSkip:
		return 0, true
	case kindJSONL:
		if isGzipName(p) {
			return 0, false
		}
		return countLines(p)
	case kindJSON:
		return 1, firstByte(p) == '{'
	}
	return 1, true
}

// countLines counts the non-blank lines of a file.
func countLines(p string) (int, bool) {
	f, err := os.Open(p)
	if err != nil {
		return 1, true // reported as one bad input
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	n, inLine := 0, false
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			switch b {
			case '\n':
				if inLine {
					n++
				}
				inLine = false
			case ' ', '\t', '\r':
			default:
				inLine = true
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, false
		}
	}
	if inLine {
		n++
	}
	return n, true
}

// firstByte is the first byte of a file after a byte order mark and
// white space (0 when none or unreadable).
func firstByte(p string) byte {
	f, err := os.Open(p)
	if err != nil {
		return 0
	}
	defer f.Close()
	head := make([]byte, 4096)
	k, _ := io.ReadFull(f, head)
	rest := bytes.TrimLeft(bytes.TrimPrefix(head[:k], []byte("\ufeff")), " \t\r\n")
	if len(rest) == 0 {
		return 0
	}
	return rest[0]
}
