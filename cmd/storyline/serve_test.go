package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline/storyline/internal/web"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe starts the server on a loopback port, ingests one article
// through POST /api/articles and the real pipeline, reads it back, and
// shuts down gracefully when the context ends.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr lockedBuffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, a, ln, ":memory:", natsFlags{}, web.Options{Token: "tok", CacheTTL: time.Second})
	}()
	base := "http://" + ln.Addr().String()

	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if st, body := get("/healthz"); st != 200 {
		t.Fatalf("healthz: %d %s", st, body)
	}
	post := func(token, body string) (int, string) {
		req, _ := http.NewRequest("POST", base+"/api/articles", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if st, _ := post("", `{"text":"x"}`); st != 401 {
		t.Errorf("POST without token: %d", st)
	}
	st, body := post("tok", `{"id":"serve-1","title":"Harbour reopens","source":"Test Wire","published":"2026-03-03",`+
		`"text":"The harbour of Port Alder reopened on Tuesday after a storm. Boats returned to the quay in the afternoon."}`)
	if st != 200 {
		t.Fatalf("POST: %d %s", st, body)
	}
	var out struct {
		Accepted int
		Stories  []string
	}
	json.Unmarshal([]byte(body), &out)
	if out.Accepted != 1 || len(out.Stories) != 1 {
		t.Errorf("POST answer %s", body)
	}
	if st, body := get("/api/articles/serve-1"); st != 200 || !strings.Contains(body, "Port Alder") {
		t.Errorf("article: %d %s", st, body)
	}
	if st, body := get("/api/stories"); st != 200 || !strings.Contains(body, `"total":1`) {
		t.Errorf("stories after POST: %d %s", st, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no graceful shutdown")
	}
	if !strings.Contains(stdout.String(), "shutting down") {
		t.Errorf("stdout %q", stdout.String())
	}
}
