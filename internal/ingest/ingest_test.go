package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline/storyline"
	"golang.org/x/text/encoding/charmap"
)

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func encode(t testing.TB, cm *charmap.Charmap, s string) []byte {
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type result struct {
	arts []storyline.RawArticle
	errs []storyline.InputError
}

func run(t testing.TB, inputs []string, stdin string, opts Options) result {
	var res result
	var in *strings.Reader
	if stdin != "" {
		in = strings.NewReader(stdin)
	}
	err := Read(context.Background(), inputs, in, opts,
		func(a storyline.RawArticle) error { res.arts = append(res.arts, a); return nil },
		func(e storyline.InputError) { res.errs = append(res.errs, e) })
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBadInputCorpus builds a folder of good and bad inputs side by side:
// each bad input must give exactly one error with its path and a clear
// reason, and every good input must be emitted, in sorted path order.
func TestBadInputCorpus(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	art := "Storm hits the coast\n\nA storm hit the coast on Monday, officials said.\n"
	good := map[string]string{ // input -> wanted text fragment
		write("a.txt", []byte(art)): "officials said",
		write("b.html", []byte("<html><body><p>Hi there, page.</p></body></html>")):                "Hi there",
		write("c.txt.gz", gz(t, []byte(art))):                                                      "storm hit",
		write("d.md", []byte("# Title\n\nSome text here.")):                                        "Some text",
		write("e.json", []byte(`{"id":"x1","title":"T","text":"Body one."}`)):                      "Body one",
		write("latin1.txt", encode(t, charmap.Windows1252, "Le café a été fermé à Noël.")):         "café a été fermé à Noël",
		write("cp1251.txt", encode(t, charmap.Windows1251, "Путин провёл переговоры с Макроном.")): "Путин провёл",
		write("sub/deep/noext", []byte(art)):                                                       "storm hit",
		write("utf16.txt", append([]byte{0xff, 0xfe}, utf16le("Grüße aus Köln.")...)):              "Grüße aus Köln",
	}
	// JSON Lines: good, bad, good, no body, unknown fields kept out.
	jl := write("f.jsonl", []byte(`{"id":"j1","text":"First article.","extra":{"a":1}}
{"id":"j2","text":"broken
{"id":"j3","html":"<p>Third article.</p>","published":20220128}

{"id":"j4","title":"no body"}
[1,2]
`))
	good[jl+":1"] = "First article"
	good[jl+":3"] = "Third article"
	arr := write("g.json", []byte("[\n {\"id\":\"a1\",\"text\":\"One.\"},\n {\"id\":\"a2\",\"text\":\"\"},\n {\"id\":\"a3\",\"text\":\"Three.\"}\n]\n"))
	good[arr+":2"] = "One."
	good[arr+":4"] = "Three."

	bad := map[string]string{ // input -> wanted reason
		write("empty.txt", nil): "empty file",
		write("binary.bin.txt", []byte("\x00\x01\x02ELF\x00\x00")):                "binary content (NUL bytes)",
		write("nul.txt", []byte("Some text\x00 with a NUL.")):                     "binary content (NUL bytes)",
		write("ctrl.txt", bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 100)):        "binary content",
		write("badutf8.txt", []byte("Caf\xc3\xa9 ok, then \xff\xfe broken \xc3")): "invalid UTF-8 at byte 15",
		write("trunc.txt.gz", gz(t, []byte(strings.Repeat(art, 50)))[:60]):        "truncated gzip: unexpected EOF",
		write("notgzip.txt.gz", []byte{0x1f, 0x8b, 0x00, 0x00}):                   "gzip",
		write("badarr.json", []byte(`[{"text":"x"},`)):                            "invalid JSON",
		jl + ":2":  "invalid JSON",
		jl + ":5":  "article has neither text nor html",
		jl + ":6":  "invalid JSON: not an article object",
		arr + ":3": "article has neither text nor html",
	}
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(50 << 20) // sparse: no 50 MB written
	f.Close()
	bad[big] = "file is 52428800 bytes, over the 20971520-byte limit"
	// A directory loop through a symbolic link, and a broken link.
	loop := filepath.Join(dir, "sub", "deep", "loop")
	if err := os.Symlink("..", loop); err != nil {
		t.Fatal(err)
	}
	bad[loop] = "directory loop"
	broken := filepath.Join(dir, "sub", "dangling.txt")
	os.Symlink("nowhere.txt", broken)
	bad[broken] = "broken symbolic link"
	write("sub/image.png", []byte("\x89PNG\x00")) // skipped in a walk: unknown extension
	write(".hidden.txt", []byte("hidden"))        // skipped: hidden

	res := run(t, []string{dir}, "", DefaultOptions())

	seenErr := map[string]int{}
	for _, e := range res.errs {
		seenErr[e.Input]++
		want, ok := bad[e.Input]
		if !ok {
			t.Errorf("unexpected error %s: %s", e.Input, e.Error)
			continue
		}
		if !strings.Contains(e.Error, want) {
			t.Errorf("%s: error %q, want %q", e.Input, e.Error, want)
		}
	}
	for in := range bad {
		if seenErr[in] != 1 {
			t.Errorf("%s: %d errors, want 1", in, seenErr[in])
		}
	}
	seen := map[string]bool{}
	for _, a := range res.arts {
		want, ok := good[a.Input]
		if !ok {
			t.Errorf("unexpected article %s", a.Input)
			continue
		}
		seen[a.Input] = true
		body := a.Text + a.HTML
		if !strings.Contains(body, want) {
			t.Errorf("%s: body %q lacks %q", a.Input, body, want)
		}
		if !utf8.ValidString(body) {
			t.Errorf("%s: invalid UTF-8", a.Input)
		}
		if len(a.Raw) == 0 {
			t.Errorf("%s: no Raw", a.Input)
		}
	}
	for in := range good {
		if !seen[in] {
			t.Errorf("%s: not emitted", in)
		}
	}
	// Deterministic: a second read gives the same sequence.
	res2 := run(t, []string{dir}, "", DefaultOptions())
	if len(res2.arts) != len(res.arts) || len(res2.errs) != len(res.errs) {
		t.Fatalf("second run differs")
	}
	for i := range res.arts {
		if res.arts[i].Input != res2.arts[i].Input {
			t.Fatalf("order differs at %d", i)
		}
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestFormats(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.jsonl.gz")
	os.WriteFile(p, gz(t, []byte(`{"id":"1","title":" T ","text":"Body.","source":"s","url":"u","published":"2022-01-28","lang":"EN"}`+"\n")), 0o644)
	res := run(t, []string{p}, "", DefaultOptions())
	if len(res.errs) != 0 || len(res.arts) != 1 {
		t.Fatalf("got %+v", res)
	}
	a := res.arts[0]
	want := storyline.RawArticle{ID: "1", Input: p + ":1", Format: storyline.FormatText, Title: "T",
		Text: "Body.", Source: "s", URL: "u", Published: "2022-01-28", Lang: "en"}
	a.Raw = nil
	if a.ID != want.ID || a.Input != want.Input || a.Format != want.Format ||
		a.Title != want.Title || a.Text != want.Text || a.Source != want.Source || a.URL != want.URL ||
		a.Published != want.Published || a.Lang != want.Lang {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
	// HTML: UTF-8 without a declaration stays UTF-8 (not windows-1252
	// mojibake); a declared legacy charset is decoded.
	h1 := filepath.Join(dir, "plain.html")
	os.WriteFile(h1, []byte("<html><body><p>It’s “quoted”.</p></body></html>"), 0o644)
	h2 := filepath.Join(dir, "cp1251.html")
	os.WriteFile(h2, append([]byte(`<html><head><meta charset="windows-1251"></head><body><p>`),
		append(encode(t, charmap.Windows1251, "Путин провёл переговоры"), []byte("</p></body></html>")...)...), 0o644)
	res = run(t, []string{h1, h2}, "", DefaultOptions())
	if len(res.arts) != 2 || !strings.Contains(res.arts[0].HTML, "It’s “quoted”.") || !strings.Contains(res.arts[1].HTML, "Путин провёл переговоры") {
		t.Errorf("html decoding: %+v", res)
	}
	// A named file with an unknown extension is tried as text.
	q := filepath.Join(dir, "note.log")
	os.WriteFile(q, []byte("plain text"), 0o644)
	res = run(t, []string{q, filepath.Join(dir, "missing.txt")}, "", DefaultOptions())
	if len(res.arts) != 1 || len(res.errs) != 1 || res.errs[0].Error != "no such file or directory" {
		t.Errorf("got %+v", res)
	}
}

func TestStdin(t *testing.T) {
	in := `{"id":"s1","text":"One."}` + "\r\n" + `nope` + "\n\n" + `{"text":"Three."}`
	res := run(t, []string{"-"}, in, DefaultOptions())
	if len(res.arts) != 2 || res.arts[0].Input != "-:1" || res.arts[1].Input != "-:4" {
		t.Fatalf("arts %+v", res.arts)
	}
	if string(res.arts[1].Raw) != `{"text":"Three."}` {
		t.Errorf("raw %q", res.arts[1].Raw)
	}
	if len(res.errs) != 1 || res.errs[0].Input != "-:2" || !strings.HasPrefix(res.errs[0].Error, "invalid JSON") {
		t.Errorf("errs %+v", res.errs)
	}
	// A line over the limit is reported and the next one still read.
	long := `{"text":"` + strings.Repeat("x", 200<<10) + `"}` + "\n" + `{"text":"ok"}`
	res = run(t, []string{"-"}, long, Options{MaxSize: 100 << 10})
	if len(res.arts) != 1 || res.arts[0].Input != "-:2" || len(res.errs) != 1 || res.errs[0].Input != "-:1" {
		t.Errorf("long line: %+v %+v", res.arts, res.errs)
	}
}

func TestStop(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte("text"), 0o644)
	}
	stop := errors.New("stop")
	calls := 0
	err := Read(context.Background(), []string{dir}, nil, DefaultOptions(),
		func(storyline.RawArticle) error { calls++; return stop }, nil)
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: %v after %d calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = Read(ctx, []string{dir}, nil, DefaultOptions(),
		func(storyline.RawArticle) error { return nil }, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads everything")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.txt")
	os.WriteFile(p, []byte("text"), 0o000)
	res := run(t, []string{dir}, "", DefaultOptions())
	if len(res.errs) != 1 || res.errs[0].Error != "cannot read: permission denied" {
		t.Errorf("got %+v", res.errs)
	}
}

// TestReadAllSize: the size a file had when it was listed only sizes the
// buffer; what is read is the whole input, up to the limit, whether the
// file has since grown or shrunk.
func TestReadAllSize(t *testing.T) {
	const max = 1000
	for _, tc := range []struct {
		n, size int
		ok      bool
	}{
		{500, 500, true}, {500, 100, true}, {500, 900, true}, {500, 0, true},
		{max, max, true}, {max + 1, max, false}, {max + 1, 10, false}, {2 * max, 0, false},
	} {
		in := strings.Repeat("x", tc.n)
		data, msg := readAll(strings.NewReader(in), max, int64(tc.size))
		switch {
		case tc.ok && (msg != "" || string(data) != in):
			t.Errorf("%d bytes, size %d: read %d bytes, reason %q", tc.n, tc.size, len(data), msg)
		case !tc.ok && !strings.Contains(msg, "over the 1000-byte limit"):
			t.Errorf("%d bytes, size %d: reason %q, want the limit", tc.n, tc.size, msg)
		}
	}
}
