package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func isGzipName(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".gz") }

// isGzip says whether br starts with gzip's magic bytes.
func isGzip(br *bufio.Reader) bool {
	magic, _ := br.Peek(2)
	return len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
}

var utf8BOM = []byte("\xef\xbb\xbf")

// readAll reads a whole input, decompressing gzip (recognised by its magic
// bytes, whatever the name) and bounding the result by max bytes. size is
// the input's size when known (a file's), 0 otherwise: the buffer then
// starts at that size instead of growing by doubling. It returns a reason
// instead of an error: every failure here is a bad input.
func readAll(rd io.Reader, max, size int64) ([]byte, string) {
	br := bufio.NewReader(rd)
	if isGzip(br) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, gzipReason(err)
		}
		defer zr.Close()
		data, err := io.ReadAll(io.LimitReader(zr, max+1))
		if err != nil {
			return nil, gzipReason(err)
		}
		if int64(len(data)) > max {
			return nil, fmt.Sprintf("decompressed content is over the %d-byte limit", max)
		}
		if len(data) == 0 {
			return nil, "empty file"
		}
		return data, ""
	}
	data, err := readBounded(br, max, size)
	if err != nil {
		return nil, "cannot read: " + err.Error()
	}
	if int64(len(data)) > max {
		return nil, fmt.Sprintf("file is over the %d-byte limit", max)
	}
	if len(data) == 0 {
		return nil, "empty file"
	}
	return data, ""
}

// readBounded reads up to max+1 bytes of r into a buffer sized for size
// bytes when 0 < size <= max.
func readBounded(r io.Reader, max, size int64) ([]byte, error) {
	if size <= 0 || size > max {
		return io.ReadAll(io.LimitReader(r, max+1))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(r, max+1))
	return buf.Bytes(), err
}

func gzipReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "truncated gzip: unexpected EOF"
	}
	return "invalid gzip: " + err.Error()
}

// binaryReason says why data looks binary, or "" when it looks like text:
// any NUL byte (no text encoding we accept but UTF-16 has them, and UTF-16
// is recognised by its byte-order mark before this check), or more than 5%
// of C0 control characters other than tab, newline, carriage return and
// form feed in the first 64 KB.
func binaryReason(data []byte) string {
	if bytes.IndexByte(data, 0) >= 0 {
		return "binary content (NUL bytes)"
	}
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	ctrl := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			ctrl++
		}
	}
	if ctrl >= 4 && ctrl*20 > len(sample) {
		return fmt.Sprintf("binary content (%d%% control characters)", ctrl*100/len(sample))
	}
	return ""
}

// decodeText returns data as UTF-8 text. Valid UTF-8 is taken as is (its
// byte-order mark removed); UTF-16 needs its byte-order mark. Other bytes
// are read as a legacy 8-bit encoding, windows-1251 when the high bytes look
// like Cyrillic words and windows-1252 (a superset of Latin-1) otherwise.
// Data that mixes valid multi-byte UTF-8 with invalid sequences is broken
// UTF-8, not a legacy encoding, and is rejected.
func decodeText(data []byte) (string, string) {
	if enc, n := bomEncoding(data); enc != nil {
		out, err := enc.NewDecoder().Bytes(data[n:])
		if err != nil || !utf8.Valid(out) {
			return "", "invalid UTF-16 text"
		}
		if msg := binaryReason(out); msg != "" {
			return "", msg
		}
		return string(out), ""
	}
	if msg := binaryReason(data); msg != "" {
		return "", msg
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), ""
	}
	if valid, first := utf8Stats(data); valid > 0 {
		return "", fmt.Sprintf("invalid UTF-8 at byte %d", first)
	}
	return decodeLegacy(data, guessLegacy(data))
}

// bomEncoding recognises a UTF-16 byte-order mark.
func bomEncoding(data []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// utf8Stats counts valid multi-byte sequences and gives the offset of the
// first invalid byte.
func utf8Stats(data []byte) (valid, first int) {
	first = -1
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			if first < 0 {
				first = i
			}
			i++
			continue
		}
		valid++
		i += n
	}
	return valid, first
}

// guessLegacy picks windows-1251 when most high bytes are letters of the
// Cyrillic block (0xC0–0xFF) that follow one another, as in Russian words;
// windows-1252 when high bytes are isolated accented letters among ASCII.
func guessLegacy(data []byte) *charmap.Charmap {
	high, runs := 0, 0
	for i, c := range data {
		if c >= 0xc0 {
			high++
			if i > 0 && data[i-1] >= 0xc0 {
				runs++
			}
		}
	}
	if high > 0 && runs*2 >= high {
		return charmap.Windows1251
	}
	return charmap.Windows1252
}

// decodeLegacy decodes an 8-bit encoding and rejects the result when it
// holds undefined characters or control characters (so that a binary file
// that escaped the checks above is not read as text).
func decodeLegacy(data []byte, cm *charmap.Charmap) (string, string) {
	out, err := cm.NewDecoder().Bytes(data)
	if err != nil {
		return "", "not UTF-8 and cannot be decoded: " + err.Error()
	}
	s := string(out)
	bad := 0
	for _, r := range s {
		if r == utf8.RuneError || r >= 0x80 && r < 0xa0 {
			bad++
		}
	}
	if bad > 0 {
		return "", fmt.Sprintf("not UTF-8 and cannot be decoded as %s", cmName(cm))
	}
	return s, ""
}

func cmName(cm *charmap.Charmap) string {
	if cm == charmap.Windows1251 {
		return "windows-1251"
	}
	return "windows-1252"
}

// decodeHTML decodes an HTML page. Valid UTF-8 is taken as UTF-8 whatever
// the page declares (a page without a declaration would otherwise be read as
// windows-1252, the HTML default, and turn "’" into "â€™"; real text in
// another encoding is almost never valid UTF-8). Other pages are decoded
// with the charset they declare (byte-order mark, <meta charset>), else as
// legacy 8-bit text.
func decodeHTML(data []byte) (string, string) {
	if enc, _ := bomEncoding(data); enc != nil {
		return decodeText(data) // a UTF-16 page
	}
	if msg := binaryReason(data); msg != "" {
		return "", msg
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), ""
	}
	enc, name, certain := charset.DetermineEncoding(data, "text/html")
	if !certain || name == "utf-8" || enc == encoding.Nop {
		if name == "utf-8" && certain {
			// Declared UTF-8 but not quite: keep the page, replacing bad
			// bytes, as browsers do.
			return strings.ToValidUTF8(string(data), "\uFFFD"), ""
		}
		return decodeLegacy(data, guessLegacy(data))
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Sprintf("cannot decode %s: %v", name, err)
	}
	return string(out), ""
}
