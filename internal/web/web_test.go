package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/storyline/storyline"
)

// fakeIngester records what it was given and reports one story per call.
type fakeIngester struct {
	mu   sync.Mutex
	got  []storyline.RawArticle
	errs []storyline.InputError
	err  error
}

func (f *fakeIngester) Ingest(_ context.Context, raws []storyline.RawArticle) ([]string, []storyline.InputError, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, nil, f.err
	}
	f.got = append(f.got, raws...)
	return []string{"story-new"}, f.errs, nil
}

const testToken = "s3cret-token"

func newTestServer(t *testing.T, store storyline.Store, opts Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(store, opts))
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, srv *httptest.Server, method, path, token, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
	return v
}

// TestAPI covers every endpoint and its error paths.
func TestAPI(t *testing.T) {
	ing := &fakeIngester{}
	srv := newTestServer(t, fixtureStore(), Options{Token: testToken, MaxBody: 4096, Ingester: ing})
	big := `{"text":"` + strings.Repeat("x", 5000) + `"}`
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string // error code, for errors
		contains                        string // a substring the body must hold
	}{
		{"healthz", "GET", "/healthz", "", "", 200, "", `"ok"`},
		{"stories", "GET", "/api/stories", "", "", 200, "", `"story-harbor"`},
		{"stories filter source", "GET", "/api/stories?source=Coast+Radio", "", "", 200, "", `"total":1`},
		{"stories filter q", "GET", "/api/stories?q=alder", "", "", 200, "", `"total":1`},
		{"stories filter lang", "GET", "/api/stories?lang=fr", "", "", 200, "", `"total":0`},
		{"stories since", "GET", "/api/stories?since=2026-03-03", "", "", 200, "", `"total":1`},
		{"stories until", "GET", "/api/stories?until=2026-03-03T00:00:00Z", "", "", 200, "", `"story-hostile"`},
		{"stories paged", "GET", "/api/stories?limit=1&offset=1", "", "", 200, "", `"story-hostile"`},
		{"stories bad since", "GET", "/api/stories?since=yesterday", "", "", 400, storyline.EINVALID, "since"},
		{"stories bad limit", "GET", "/api/stories?limit=1000", "", "", 400, storyline.EINVALID, "limit"},
		{"story", "GET", "/api/stories/story-harbor", "", "", 200, "", `"summary":[`},
		{"story with text", "GET", "/api/stories/story-harbor?text=1", "", "", 200, "", `"text":"Port Alder reopened`},
		{"story missing", "GET", "/api/stories/nope", "", "", 404, storyline.ENOTFOUND, ""},
		{"article", "GET", "/api/articles/harbor-1", "", "", 200, "", `"raw":"Port Alder harbour reopens`},
		{"article missing", "GET", "/api/articles/nope", "", "", 404, storyline.ENOTFOUND, ""},
		{"search", "GET", "/api/search?q=harbour", "", "", 200, "", `"hits":[{`},
		{"search nothing", "GET", "/api/search?q=zebra", "", "", 200, "", `"hits":[]`},
		{"search no q", "GET", "/api/search", "", "", 400, storyline.EINVALID, ""},
		{"unknown api", "GET", "/api/nope", "", "", 404, storyline.ENOTFOUND, ""},
		{"wrong method", "DELETE", "/api/stories", "", "", 404, storyline.ENOTFOUND, ""},
		{"post no token", "POST", "/api/articles", "", `{"text":"a"}`, 401, storyline.EUNAUTH, ""},
		{"post wrong token", "POST", "/api/articles", "wrong", `{"text":"a"}`, 401, storyline.EUNAUTH, ""},
		{"post bad json", "POST", "/api/articles", testToken, `{"text":`, 400, storyline.EINVALID, ""},
		{"post bad array", "POST", "/api/articles", testToken, `[{"text":"a"},`, 400, storyline.EINVALID, ""},
		{"post empty", "POST", "/api/articles", testToken, ``, 400, storyline.EINVALID, ""},
		{"post no text", "POST", "/api/articles", testToken, `{"title":"t"}`, 400, storyline.EINVALID, "no text"},
		{"post too large", "POST", "/api/articles", testToken, big, 413, storyline.ETOOLARGE, ""},
		{"post one", "POST", "/api/articles", testToken, `{"id":"n1","text":"Hello.","source":"X"}`, 200, "", `"accepted":1`},
		{"post array", "POST", "/api/articles", testToken, `[{"text":"a"},{"html":"<p>b</p>"},{"title":"none"}]`, 200, "", `"input":"request[2]"`},
		{"post jsonl", "POST", "/api/articles", testToken, "{\"text\":\"a\"}\n\n{bad\n{\"text\":\"c\"}\n", 200, "", `"input":"request:3"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.method, tt.path, tt.token, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; body %s", r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			if r.header.Get("Content-Security-Policy") == "" {
				t.Error("no CSP header")
			}
			if tt.code != "" {
				e := decode[errorBody](t, r.body)
				if e.Error.Code != tt.code || e.Error.Message == "" {
					t.Errorf("error %+v, want code %q", e.Error, tt.code)
				}
			}
			if !bytes.Contains(r.body, []byte(tt.contains)) {
				t.Errorf("body lacks %q: %s", tt.contains, r.body)
			}
		})
	}
	// What reached the ingester: n1, a, <p>b</p>, a, c.
	if len(ing.got) != 5 || ing.got[0].ID != "n1" || ing.got[2].Format != storyline.FormatHTML ||
		string(ing.got[0].Raw) != `{"id":"n1","text":"Hello.","source":"X"}` || ing.got[4].Input != "request:4" {
		t.Errorf("ingested %+v", ing.got)
	}
}

func TestStoryJSONIsContractObject(t *testing.T) {
	srv := newTestServer(t, fixtureStore(), Options{})
	r := do(t, srv, "GET", "/api/stories/story-harbor", "", "")
	v := decode[storyline.StoryView](t, r.body)
	if v.ID != "story-harbor" || len(v.Articles) != 2 || len(v.Summary) != 2 || len(v.Claims) != 3 {
		t.Fatalf("story %+v", v)
	}
	l := decode[storyList](t, do(t, srv, "GET", "/api/stories", "", "").body)
	if l.Total != 2 || l.Stories[0].ID != "story-harbor" || l.Stories[0].Articles != 2 || len(l.Stories[0].Entities) != 2 {
		t.Errorf("list %+v", l)
	}
}

func TestWritesRefused(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		token  string
		status int
	}{
		{"no token configured", Options{Ingester: &fakeIngester{}}, "anything", 403},
		{"no token configured, none sent", Options{Ingester: &fakeIngester{}}, "", 403},
		{"no ingester", Options{Token: testToken}, testToken, 503},
		{"ingester fails", Options{Token: testToken, Ingester: &fakeIngester{err: errors.New("disk full at /secret/path")}}, testToken, 500},
		{"ingester invalid", Options{Token: testToken, Ingester: &fakeIngester{err: storyline.Errorf(storyline.EINVALID, "bad")}}, testToken, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, newMemStore(), tt.opts)
			r := do(t, srv, "POST", "/api/articles", tt.token, `{"text":"hello"}`)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if bytes.Contains(r.body, []byte("/secret")) {
				t.Errorf("internal detail leaked: %s", r.body)
			}
		})
	}
}

func TestStoreFailureIs500(t *testing.T) {
	m := fixtureStore()
	m.failWith = errors.New("database is locked: /var/db/x.sqlite")
	srv := newTestServer(t, m, Options{})
	for _, p := range []string{"/api/stories", "/api/stories/story-harbor", "/api/articles/harbor-1", "/", "/stories/story-harbor"} {
		r := do(t, srv, "GET", p, "", "")
		if r.status != 500 || bytes.Contains(r.body, []byte("/var/db")) {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
}

func TestPages(t *testing.T) {
	srv := newTestServer(t, fixtureStore(), Options{})
	tests := []struct {
		path     string
		status   int
		contains []string
	}{
		{"/", 200, []string{"Port Alder harbour reopens after storm", "2 articles", "2 outlets", "Ines Varga", "3 Mar 2026"}},
		{"/?source=Coast+Radio", 200, []string{"1 story"}},
		{"/?page=2&limit=1", 200, []string{"page 2", "← Newer"}},
		{"/?since=bad", 400, []string{"since"}},
		{"/stories/story-harbor", 200, []string{
			`href="/articles/harbor-1?s=0&amp;e=77#cite"`, "<sup>[1]</sup>", "<sup>[3]</sup>",
			"Reported by one outlet only", "A café owner", `class="seg on"`,
			"We are open again and nobody was hurt,", "Nobody was hurt and we are open again,",
			"disagreement", "150 boats", "2026-03-03", "What each outlet covered"}},
		{"/stories/nope", 404, []string{"404"}},
		{"/articles/harbor-1?s=0&e=77#cite", 200, []string{`<mark id="cite">Port Alder reopened its harbour on Tuesday after a three-day storm closed it.</mark>`, "Subscribe to our newsletter!"}},
		{"/articles/harbor-1?s=5&e=9999", 200, []string{"does not point inside"}},
		{"/articles/harbor-1?s=x&e=1", 200, []string{"does not point inside"}},
		{"/articles/nope", 404, []string{"404"}},
		{"/search?q=harbour", 200, []string{"harbor-1", "coast-2", "Open the story"}},
		{"/search?q=zebra", 200, []string{"Nothing found"}},
		{"/search", 200, []string{"Search"}},
		{"/nope", 404, []string{"no such page"}},
		{"/static/", 404, nil},
		{"/static/nope.css", 404, nil},
		{"/static/style.css", 200, []string{"--accent"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := do(t, srv, "GET", tt.path, "", "")
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			for _, s := range tt.contains {
				if !bytes.Contains(r.body, []byte(s)) {
					t.Errorf("page lacks %q", s)
				}
			}
		})
	}
}

// TestCitationByteExact checks that a multi-byte citation (the € sign)
// highlights exactly the cited bytes and that a span cutting a rune is
// refused.
func TestCitationByteExact(t *testing.T) {
	srv := newTestServer(t, fixtureStore(), Options{})
	i := strings.Index(textHarbor, "€2 million")
	r := do(t, srv, "GET", "/articles/harbor-1?s="+itoa(i)+"&e="+itoa(i+len("€2 million")), "", "")
	if !bytes.Contains(r.body, []byte(`<mark id="cite">€2 million</mark>`)) {
		t.Errorf("no exact mark")
	}
	r = do(t, srv, "GET", "/articles/harbor-1?s="+itoa(i+1)+"&e="+itoa(i+5), "", "")
	if bytes.Contains(r.body, []byte(`<mark`)) || !bytes.Contains(r.body, []byte("does not point inside")) {
		t.Errorf("span inside a rune accepted")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestHostileTextEscaped checks that no hostile markup reaches a page as
// markup, in any of the fields that carry it.
func TestHostileTextEscaped(t *testing.T) {
	srv := newTestServer(t, fixtureStore(), Options{})
	for _, p := range []string{"/", "/stories/story-hostile", "/articles/hostile-3", "/articles/hostile-3?s=0&e=20",
		"/search?q=script", "/search?q=%3Cscript%3Ealert(9)%3C/script%3E", "/?q=%3Cimg%20src=x%20onerror=alert(9)%3E"} {
		r := do(t, srv, "GET", p, "", "")
		body := strings.ToLower(string(r.body))
		for _, bad := range []string{"<script", "<img", "<svg", "<b onmouseover", "<a href=\"javascript:", "href=\"javascript:"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: page holds %q", p, bad)
			}
		}
		if !strings.Contains(r.header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("%s: CSP %q", p, r.header.Get("Content-Security-Policy"))
		}
	}
	r := do(t, srv, "GET", "/articles/hostile-3", "", "")
	if !bytes.Contains(r.body, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Errorf("hostile text not shown as text")
	}
}

func TestParseArticles(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		n, errs int
		wantErr bool
	}{
		{"object", `{"text":"a"}`, 1, 0, false},
		{"object with unknown fields", `{"text":"a","extra":{"x":[1]}}`, 1, 0, false},
		{"array", `[{"text":"a"},{"html":"<p>b</p>"}]`, 2, 0, false},
		{"array with non-object", `[{"text":"a"},3,"x"]`, 1, 2, false},
		{"jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}", 2, 0, false},
		{"jsonl crlf", "{\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n", 2, 0, false},
		{"jsonl bad line", "{\"text\":\"a\"}\nnope\n", 1, 1, false},
		{"published null", `{"text":"a","published":null}`, 1, 0, false},
		{"published number", "{\"text\":\"a\",\"published\":5}\n{\"text\":\"b\"}", 1, 1, false},
		{"empty", "  \n ", 0, 0, true},
		{"garbage", "hello world", 0, 0, true},
		{"bad array", "[1,", 0, 0, true},
		{"empty text", `{"text":"  "}`, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raws, errs, err := parseArticles([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil && storyline.ErrorCode(err) != storyline.EINVALID {
				t.Errorf("code %q", storyline.ErrorCode(err))
			}
			if len(raws) != tt.n || len(errs) != tt.errs {
				t.Errorf("got %d articles, %d errors (%v), want %d, %d", len(raws), len(errs), errs, tt.n, tt.errs)
			}
		})
	}
}

// FuzzParseArticles checks that any body parses without panicking, that
// every article has exactly one of text and html, and that errors are
// EINVALID.
func FuzzParseArticles(f *testing.F) {
	for _, s := range []string{`{"text":"a"}`, `[{"html":"<p>x</p>","published":"2022-01-28"}]`,
		"{\"text\":\"a\"}\n{bad\n", `[1,2`, "", `{"text":null,"html":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		raws, _, err := parseArticles(b)
		if err != nil {
			if storyline.ErrorCode(err) != storyline.EINVALID {
				t.Fatalf("code %q", storyline.ErrorCode(err))
			}
			return
		}
		for _, a := range raws {
			if (a.Text == "") == (a.HTML == "") || a.Input == "" || len(a.Raw) == 0 {
				t.Fatalf("bad article %+v", a)
			}
		}
	})
}

// FuzzCitedSpan checks that any ?s=&e= either yields a span inside the text
// on rune boundaries or is refused.
func FuzzCitedSpan(f *testing.F) {
	f.Add("0", "5", "héllo wörld")
	f.Add("2", "3", "€€")
	f.Add("3", "9", "ab\ncd ef\n\n")
	f.Fuzz(func(t *testing.T, s, e, text string) {
		q := map[string][]string{"s": {s}, "e": {e}}
		span, ok, _ := citedSpan(q, text)
		if ok && (!span.In(len(text)) || span.Len() == 0) {
			t.Fatalf("bad span %v for %q", span, text)
		}
		ps, fits := paragraphs(text, span, ok)
		if !fits {
			return
		}
		marks := 0
		for _, p := range ps {
			if p.HasMark {
				marks++
				if p.Mark != text[span.Start:span.End] {
					t.Fatalf("mark %q, want %q", p.Mark, text[span.Start:span.End])
				}
			}
		}
		if ok != (marks == 1) || marks > 1 {
			t.Fatalf("%d marks for span %v (ok %v) in %q", marks, span, ok, text)
		}
	})
}
