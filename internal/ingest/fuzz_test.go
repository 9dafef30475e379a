package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline/storyline"
)

// FuzzJSONLines checks the JSON Lines reader on arbitrary input: no panic,
// and every non-blank line gives exactly one article or one error, named
// "-:LINE" with its 1-based line number.
func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"a"}` + "\n" + `{"html":"<p>b</p>"}`))
	f.Add([]byte("{\"text\":\"x\"}\r\n\n[1]\n{\"id\":7,\"text\":\"y\",\"published\":null}"))
	f.Add([]byte(`{"text":"\ud800"}`))
	f.Add([]byte("\xff{\"text\":\"x\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got int
		err := Read(context.Background(), []string{"-"}, bytes.NewReader(data), DefaultOptions(),
			func(a storyline.RawArticle) error {
				got++
				if a.Text == "" && a.HTML == "" {
					t.Errorf("%s: empty article", a.Input)
				}
				if !strings.HasPrefix(a.Input, "-:") {
					t.Errorf("input %q", a.Input)
				}
				return nil
			},
			func(e storyline.InputError) { got++ })
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(bytes.TrimSuffix(l, []byte("\r")))) > 0 {
				want++
			}
		}
		if got != want {
			t.Errorf("%d results for %d lines", got, want)
		}
	})
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
