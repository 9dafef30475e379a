package ingest

import (
	"bufio"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline/storyline"
)

// FuzzJSONLines checks the JSON Lines reader on arbitrary input, read as
// standard input and as a file, plain and gzipped, with the default MaxSize
// and a tiny one: no panic, every line that is blank gives nothing and every
// other line exactly one article or one error, named after its 1-based line
// number, and an article came from its line (its Raw is that line decoded).
func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"a"}` + "\n" + `{"html":"<p>b</p>"}`))
	f.Add([]byte("{\"text\":\"x\"}\r\n\n[1]\n{\"id\":7,\"text\":\"y\",\"published\":null}"))
	f.Add([]byte(`{"text":"\ud800"}`))
	f.Add([]byte("\xff{\"text\":\"x\"}\n"))
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"caf\xe9\"}\n{\"text\":\"a long line, over sixteen bytes\"}\r\n   \n"))
	f.Add([]byte("{\"text\":\"x\"}\n{\"text\":\"\x00\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small read buffers (16 bytes is bufio's least) take lines across
		// several reads, as 64 KB ones do on long lines.
		for _, c := range []struct{ max, buf int }{{int(DefaultOptions().MaxSize), bufSize}, {16, 16}, {40, 16}} {
			max, opts := int64(c.max), Options{MaxSize: int64(c.max)}
			res := collect(t, opts, func(r *reader) error {
				return r.stream(lineStream{name: "-", br: bufio.NewReaderSize(bytes.NewReader(data), c.buf), decode: utf8Line})
			})
			checkLines(t, "-", data, max, utf8Line, res)
			if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
				continue // UTF-16: the lines are those of the decoded stream
			}
			for _, in := range [][]byte{data, gz(t, data)} {
				res := collect(t, opts, func(r *reader) error { return r.jsonLinesFile("f", bytes.NewReader(in)) })
				body := bytes.TrimPrefix(data, utf8BOM)
				head := body[:min(len(body), bufSize)]
				if len(data) == 0 || binaryReason(head) != "" {
					if len(res.arts) != 0 || len(res.errs) != 1 || res.errs[0].Input != "f" {
						t.Errorf("file: %+v, want one error", res)
					}
					continue
				}
				checkLines(t, "f", body, max, textLine, res)
			}
		}
	})
}

// collect runs read on a reader that collects its articles and errors.
func collect(t *testing.T, opts Options, read func(*reader) error) result {
	var res result
	r := &reader{ctx: t.Context(), opts: opts,
		emit:   func(a storyline.RawArticle) error { res.arts = append(res.arts, a); return nil },
		report: func(e storyline.InputError) { res.errs = append(res.errs, e) }}
	if err := read(r); err != nil {
		t.Fatal(err)
	}
	return res
}

// checkLines checks res, read from data named name, line by line.
func checkLines(t *testing.T, name string, data []byte, max int64, decode lineDecoder, res result) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // no line after the last newline
	}
	seen := map[string]int{}
	for _, e := range res.errs {
		seen[e.Input]++
	}
	for _, a := range res.arts {
		seen[a.Input]++
		n, err := strconv.Atoi(strings.TrimPrefix(a.Input, name+":"))
		if err != nil || n < 1 || n > len(lines) {
			t.Errorf("article %q: no such line", a.Input)
			continue
		}
		want, msg := decode(bytes.TrimSuffix(lines[n-1], []byte("\r")))
		if msg != "" || !bytes.Equal(a.Raw, want) {
			t.Errorf("%s: Raw %q, want %q (%s)", a.Input, a.Raw, want, msg)
		}
		if a.Text == "" && a.HTML == "" {
			t.Errorf("%s: empty article", a.Input)
		}
	}
	want := 0
	for i, l := range lines {
		l = bytes.TrimSuffix(l, []byte("\r"))
		in := name + ":" + strconv.Itoa(i+1)
		switch {
		case int64(len(l)) > max:
			want++
			if !slices.ContainsFunc(res.errs, func(e storyline.InputError) bool {
				return e.Input == in && strings.Contains(e.Error, "byte limit")
			}) {
				t.Errorf("%s: %d bytes, no limit error", in, len(l))
			}
		case len(bytes.TrimSpace(l)) > 0:
			want++
			if seen[in] != 1 {
				t.Errorf("%s: %d results, want 1", in, seen[in])
			}
		}
	}
	if len(res.arts)+len(res.errs) != want {
		t.Errorf("%s: %d results for %d lines", name, len(res.arts)+len(res.errs), want)
	}
}

// FuzzDecodeText checks the text decoding: no panic, valid UTF-8 out, and
// valid UTF-8 text without control characters passes unchanged.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("plain text"))
	f.Add([]byte("Caf\xe9 cr\xe8me"))
	f.Add([]byte("\xcf\xf3\xf2\xe8\xed"))
	f.Add([]byte{0xff, 0xfe, 'a', 0})
	f.Add([]byte("\xef\xbb\xbfBOM"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, msg := decodeText(data)
		if msg == "" && !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8 out for %q", data)
		}
		if msg != "" && s != "" {
			t.Errorf("both text and error")
		}
		if utf8.Valid(data) && !bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}) && binaryReason(data) == "" && msg == "" && s != string(data) {
			t.Errorf("valid UTF-8 changed: %q -> %q", data, s)
		}
		h, _ := decodeHTML(data)
		if !utf8.ValidString(h) {
			t.Errorf("decodeHTML: invalid UTF-8 out")
		}
	})
}
