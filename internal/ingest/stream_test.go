package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline/storyline"
	"golang.org/x/text/encoding/charmap"
)

// testMax is the MaxSize of the tests below: small, so that inputs over it
// are small too.
const testMax = 1000

// jsonl builds n JSON lines of about 100 bytes; long maps a line number
// (1-based) to the length of the text of that line instead.
func jsonl(n int, long map[int]int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		text := fmt.Sprintf("Article %d: the storm hit the coast on Monday, officials said.", i)
		if m, ok := long[i]; ok {
			text = strings.Repeat("x", m)
		}
		fmt.Fprintf(&b, `{"id":"a%d","text":%q}`+"\n", i, text)
	}
	return b.Bytes()
}

// gzipLines gzips lines, flushing after each so that a cut in the stream
// loses only the line it falls in; ends[i] is the compressed length after
// line i+1.
func gzipLines(lines []string) (data []byte, ends []int) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, l := range lines {
		zw.Write([]byte(l))
		zw.Flush()
		ends = append(ends, buf.Len())
	}
	zw.Close()
	return buf.Bytes(), ends
}

// bomb is a gzip of mb MB of one repeated byte, about 1 KB per MB
// compressed: one gzip member of 1 MB repeated (gzip readers read all
// members).
func bomb(t testing.TB, mb int) []byte {
	return bytes.Repeat(gz(t, bytes.Repeat([]byte("a"), 1<<20)), mb)
}

func numbered(from, to int, except ...int) []string {
	var s []string
	for i := from; i <= to; i++ {
		if !slices.Contains(except, i) {
			s = append(s, fmt.Sprintf(":%d", i))
		}
	}
	return s
}

// TestLimits reads inputs larger than MaxSize: JSON Lines are streamed and
// the limit applies to each line, other forms are read whole and the limit
// applies to the file; gzip is cut off as soon as it passes the limit.
func TestLimits(t *testing.T) {
	lines := strings.SplitAfter(string(jsonl(40, nil)), "\n")
	lines = lines[:len(lines)-1]
	trunc, ends := gzipLines(lines)
	trunc = trunc[:(ends[19]+ends[20])/2] // a cut inside line 21
	corrupt := gz(t, jsonl(5, nil))
	corrupt[len(corrupt)-6] ^= 0xff // the CRC-32 of the trailer
	lineBomb, _ := gzipLines([]string{
		`{"text":"one"}` + "\n",
		`{"text":"` + strings.Repeat("a", 4<<20) + `"}` + "\n",
		`{"text":"three"}`,
	})
	exact := fmt.Sprintf(`{"text":"%s"}`, strings.Repeat("x", testMax-11))
	mixed := slices.Concat([]byte(`{"text":"Grüße aus Köln."}`+"\n"),
		encode(t, charmap.Windows1252, `{"text":"Le café a été fermé."}`+"\n"),
		[]byte(`{"text":"Caf`+"\xc3\xa9 \xe9"+`"}`+"\n"))

	for _, tc := range []struct {
		name string
		file string
		data []byte
		arts []string          // the articles' inputs, after the path
		errs map[string]string // input after the path -> reason
	}{
		{"jsonl over MaxSize", "big.jsonl", jsonl(40, map[int]int{7: 2 * testMax}),
			numbered(1, 40, 7), map[string]string{":7": "line is over the 1000-byte limit"}},
		{"gzipped jsonl over MaxSize", "big.ndjson.gz", gz(t, jsonl(40, map[int]int{7: 2 * testMax, 40: 50 * testMax})),
			numbered(1, 39, 7), map[string]string{":7": "line is over the 1000-byte limit", ":40": "line is over the 1000-byte limit"}},
		{"line of MaxSize bytes, CRLF", "exact.jsonl", []byte(exact + "\r\n" + exact + "x\r\n" + exact),
			[]string{":1", ":3"}, map[string]string{":2": "line is over the 1000-byte limit"}},
		{"gzipped line expanding past MaxSize", "linebomb.jsonl.gz", lineBomb,
			[]string{":1", ":3"}, map[string]string{":2": "line is over the 1000-byte limit"}},
		{"truncated gzip jsonl", "trunc.jsonl.gz", trunc,
			numbered(1, 20), map[string]string{"": "truncated gzip: unexpected EOF after line 20"}},
		{"corrupt gzip jsonl", "corrupt.jsonl.gz", corrupt,
			numbered(1, 5), map[string]string{"": "invalid gzip: gzip: invalid checksum after line 5"}},
		{"not gzip", "bad.jsonl.gz", []byte{0x1f, 0x8b, 0, 0},
			nil, map[string]string{"": "truncated gzip"}},
		{"empty gzip jsonl", "empty.jsonl.gz", gz(t, nil),
			nil, map[string]string{"": "empty file"}},
		{"charset per line", "mixed.jsonl", mixed,
			[]string{":1", ":2"}, map[string]string{":3": "invalid UTF-8 at byte 15"}},
		{"UTF-16 jsonl", "utf16.jsonl", append([]byte{0xff, 0xfe}, utf16le(`{"text":"Grüße"}`+"\r\n"+`{"text":"aus Köln"}`)...),
			[]string{":1", ":2"}, nil},
		{"UTF-8 byte-order mark", "bom.jsonl", []byte("\xef\xbb\xbf" + `{"text":"one"}`),
			[]string{":1"}, nil},
		{"binary jsonl", "binary.jsonl", append(jsonl(3, nil), 0, 1, 2),
			nil, map[string]string{"": "binary content (NUL bytes)"}},
		{"NUL past the sniffed head", "late.jsonl", slices.Concat(jsonl(1000, nil), []byte("{\"text\":\"x\x00\"}\n"), jsonl(1, nil)),
			numbered(1, 1002, 1001), map[string]string{":1001": "binary content (NUL bytes)"}},
		{"text over MaxSize", "big.txt", bytes.Repeat([]byte("word "), 300),
			nil, map[string]string{"": "file is 1500 bytes, over the 1000-byte limit"}},
		{"gzipped text over MaxSize", "big.txt.gz", bomb(t, 1),
			nil, map[string]string{"": "decompressed content is over the 1000-byte limit"}},
		{"json over MaxSize", "big.json", fmt.Appendf(nil, `{"text":"%s"}`, strings.Repeat("x", testMax)),
			nil, map[string]string{"": "over the 1000-byte limit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res := run(t, []string{p}, "", Options{MaxSize: testMax})
			var arts []string
			for _, a := range res.arts {
				arts = append(arts, strings.TrimPrefix(a.Input, p))
				if a.Text == "" && a.HTML == "" || len(a.Raw) == 0 {
					t.Errorf("%s: empty article %+v", a.Input, a)
				}
			}
			if !slices.Equal(arts, tc.arts) {
				t.Errorf("articles %q, want %q", arts, tc.arts)
			}
			if len(res.errs) != len(tc.errs) {
				t.Errorf("errors %+v, want %v", res.errs, tc.errs)
			}
			for _, e := range res.errs {
				want, ok := tc.errs[strings.TrimPrefix(e.Input, p)]
				if !ok || !strings.Contains(e.Error, want) {
					t.Errorf("error %s: %q, want %q", e.Input, e.Error, want)
				}
			}
		})
	}
}

// TestLimitsDecoding checks what the charset cases of TestLimits decoded.
func TestLimitsDecoding(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.jsonl")
	os.WriteFile(p, append([]byte{0xfe, 0xff}, utf16be(`{"text":"Grüße"}`+"\n")...), 0o644)
	q := filepath.Join(dir, "y.jsonl")
	os.WriteFile(q, slices.Concat([]byte(`{"text":"Grüße"}`+"\n"),
		encode(t, charmap.Windows1251, `{"text":"Путин провёл переговоры"}`)), 0o644)
	res := run(t, []string{p, q}, "", DefaultOptions())
	var got []string
	for _, a := range res.arts {
		got = append(got, a.Text)
	}
	if want := []string{"Grüße", "Grüße", "Путин провёл переговоры"}; !slices.Equal(got, want) || len(res.errs) > 0 {
		t.Errorf("texts %q, errors %+v; want %q", got, res.errs, want)
	}
}

func utf16be(s string) []byte {
	b := utf16le(s)
	for i := 0; i+1 < len(b); i += 2 {
		b[i], b[i+1] = b[i+1], b[i]
	}
	return b
}

// TestFolderLimits: in a folder the limit applies to each file, and a JSON
// Lines file of it is streamed like a named one.
func TestFolderLimits(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jsonl"), jsonl(30, map[int]int{2: 2 * testMax}), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), bytes.Repeat([]byte("word "), 300), 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("A short article."), 0o644)
	res := run(t, []string{dir}, "", Options{MaxSize: testMax})
	if len(res.arts) != 30 || res.arts[29].Input != filepath.Join(dir, "c.txt") {
		t.Errorf("%d articles, the last %+v", len(res.arts), res.arts[len(res.arts)-1])
	}
	want := []string{filepath.Join(dir, "a.jsonl:2"), filepath.Join(dir, "b.txt")}
	if len(res.errs) != 2 || res.errs[0].Input != want[0] || res.errs[1].Input != want[1] {
		t.Errorf("errors %+v, want %q", res.errs, want)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestGzipBomb: a single-article gzip that expands to 400 MB (from about
// 400 KB) is cut off as soon as it passes the limit, having read a few KB of
// the compressed stream; named as a file, it gives one error.
func TestGzipBomb(t *testing.T) {
	b := bomb(t, 400)
	for _, max := range []int64{64 << 10, 20 << 20} {
		c := &countingReader{r: bytes.NewReader(b)}
		_, msg := readAll(c, max, int64(len(b)))
		if want := fmt.Sprintf("over the %d-byte limit", max); !strings.Contains(msg, want) {
			t.Errorf("max %d: reason %q, want %q", max, msg, want)
		}
		t.Logf("max %d: read %d of %d compressed bytes", max, c.n, len(b))
		if c.n > len(b)/10 {
			t.Errorf("max %d: read %d of %d compressed bytes", max, c.n, len(b))
		}
	}
	p := filepath.Join(t.TempDir(), "bomb.txt.gz")
	os.WriteFile(p, b, 0o644)
	res := run(t, []string{p}, "", DefaultOptions())
	if len(res.arts) != 0 || len(res.errs) != 1 ||
		res.errs[0].Error != "decompressed content is over the 20971520-byte limit" {
		t.Errorf("got %+v", res)
	}
}

// onceErr returns data, then err once, then io.EOF: an error a bufio.Reader
// would hand out once while peeking, and that must still be reported.
type onceErr struct {
	data []byte
	err  error
}

func (o *onceErr) Read(p []byte) (int, error) {
	if len(o.data) > 0 {
		n := copy(p, o.data)
		o.data = o.data[n:]
		return n, nil
	}
	err := o.err
	o.err = io.EOF
	return 0, err
}

// TestReadError: a read error in the first bufSize bytes of a JSON Lines
// file (met while sniffing) ends the file with a report after the lines
// before it.
func TestReadError(t *testing.T) {
	var res result
	r := &reader{ctx: t.Context(), opts: Options{MaxSize: testMax},
		emit:   func(a storyline.RawArticle) error { res.arts = append(res.arts, a); return nil },
		report: func(e storyline.InputError) { res.errs = append(res.errs, e) }}
	err := r.jsonLinesFile("x.jsonl", &onceErr{data: jsonl(3, nil), err: errors.New("input/output error")})
	if err != nil || len(res.arts) != 3 || len(res.errs) != 1 ||
		res.errs[0] != (storyline.InputError{Input: "x.jsonl", Error: "cannot read: input/output error after line 3"}) {
		t.Errorf("got %v %+v", err, res)
	}
}
