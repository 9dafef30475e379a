package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// JSON Lines (files, gzipped or not, and standard input) are streamed: at
// most one line is held in memory, besides the read buffers, so that a dump
// of any size is read in bounded memory. MaxSize then bounds one line (one
// article), not the file.

// bufSize is the size of each read buffer of a stream. It is also the head
// of a JSON Lines file checked for binary content, as much as binaryReason
// samples.
const bufSize = 64 << 10

// lineDecoder turns one line (without its line ending; its bytes are reused
// after the call) into UTF-8 bytes that the article keeps, or gives the
// reason it cannot.
type lineDecoder func(line []byte) ([]byte, string)

// utf8Line takes a line of standard input, which must be UTF-8 (the
// contract's encoding of JSON).
func utf8Line(line []byte) ([]byte, string) {
	if !utf8.Valid(line) {
		return nil, "invalid UTF-8"
	}
	return bytes.Clone(line), ""
}

// textLine decodes a line of a file as decodeText decodes a text file, one
// line at a time: a line in a legacy 8-bit encoding is converted, broken
// UTF-8 is reported with its byte offset in the line.
func textLine(line []byte) ([]byte, string) {
	s, msg := decodeText(line)
	if msg != "" {
		return nil, msg
	}
	return []byte(s), ""
}

// lineStream is one JSON Lines input read line by line.
type lineStream struct {
	name   string // the input: a path, or "-"
	br     *bufio.Reader
	decode lineDecoder
	gzip   bool // read errors are reported as gzip errors
}

// sticky returns its reader's first error again on every later Read.
// bufio.Reader.Peek hands an error out only once; without this, an error met
// while peeking at the head of a stream (a gzip truncated in its first lines)
// would be lost before the line loop reaches it.
type sticky struct {
	r   io.Reader
	err error
}

func (s *sticky) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	s.err = err
	return n, err
}

// jsonLinesFile streams a JSON Lines file, gzipped (recognised by its magic
// bytes) or not. Its encoding is settled at the start, as decodeText settles
// a whole file's: a UTF-8 byte-order mark is removed, a UTF-16 one decodes
// the stream, and binary content in the first bufSize bytes rejects the file
// with one report; each line is then decoded by textLine.
func (r *reader) jsonLinesFile(p string, f io.Reader) error {
	br := bufio.NewReaderSize(&sticky{r: f}, bufSize)
	gzipped := isGzip(br)
	if gzipped {
		zr, err := gzip.NewReader(br)
		if err != nil {
			r.bad(p, gzipReason(err))
			return nil
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&sticky{r: zr}, bufSize)
	}
	if _, err := br.Peek(1); err == io.EOF {
		r.bad(p, "empty file")
		return nil
	}
	mark, _ := br.Peek(3)
	if enc, n := bomEncoding(mark); enc != nil {
		br.Discard(n)
		br = bufio.NewReaderSize(&sticky{r: transform.NewReader(br, enc.NewDecoder())}, bufSize)
	} else if bytes.HasPrefix(mark, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	head, _ := br.Peek(bufSize)
	if msg := binaryReason(head); msg != "" {
		r.bad(p, msg)
		return nil
	}
	return r.stream(lineStream{name: p, br: br, decode: textLine, gzip: gzipped})
}

// stream reads the lines of s. A line over MaxSize (its line ending not
// counted) is reported as soon as it passes the limit and skipped up to the
// next newline without being buffered, so that a gzipped line expanding
// without end is never held. A read error (a truncated or corrupt gzip) ends
// the input with one report; the lines before it are kept, the line it cuts
// is dropped.
func (r *reader) stream(s lineStream) error {
	var buf []byte // the current line, when it spans several reads
	n := 0         // lines read so far; the current one is n+1
	over := false  // the current line passed the limit and is skipped
	tooLong := func(line int) {
		r.bad(s.name+":"+strconv.Itoa(line), fmt.Sprintf("line is over the %d-byte limit", r.opts.MaxSize))
	}
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		chunk, err := s.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// One byte of slack: a last '\r' may belong to a "\r\n".
			if !over && int64(len(buf)+len(chunk)) > r.opts.MaxSize+1 {
				over, buf = true, buf[:0]
				tooLong(n + 1)
			}
			if !over {
				buf = append(buf, chunk...)
			}
			continue
		}
		if err != nil && err != io.EOF {
			r.bad(s.name, s.readReason(err, n))
			return nil
		}
		if len(buf)+len(chunk) == 0 && !over {
			return nil // end of input after a newline
		}
		n++
		if !over {
			line := chunk
			if len(buf) > 0 {
				buf = append(buf, chunk...)
				line = buf
			}
			line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
			if int64(len(line)) > r.opts.MaxSize {
				tooLong(n)
			} else if err := r.line(s.name, n, line, s.decode); err != nil {
				return err
			}
		}
		buf, over = buf[:0], false
		if err == io.EOF {
			return nil
		}
	}
}

// readReason says why s could not be read to its end, and after which line.
func (s lineStream) readReason(err error, n int) string {
	msg := "cannot read: " + err.Error()
	if s.gzip {
		msg = gzipReason(err)
	}
	if n > 0 {
		msg += " after line " + strconv.Itoa(n)
	}
	return msg
}

// line reads one JSON line numbered n (1-based) of input p; line holds no
// line ending.
func (r *reader) line(p string, n int, line []byte, decode lineDecoder) error {
	if len(bytes.TrimSpace(line)) == 0 {
		return nil
	}
	input := p + ":" + strconv.Itoa(n)
	raw, msg := decode(line)
	if msg != "" {
		r.bad(input, msg)
		return nil
	}
	a, msg := parseArticle(raw, input)
	if msg != "" {
		r.bad(input, msg)
		return nil
	}
	return r.send(a)
}
