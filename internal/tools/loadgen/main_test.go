package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestPost is the smoke test of -post: each line of the file is one POST
// with the bearer token, counted in the report.
func TestPost(t *testing.T) {
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != "POST" || r.URL.Path != "/api/articles" || r.Header.Get("Authorization") != "Bearer t" || !bytes.HasPrefix(body, []byte("{")) {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		posts.Add(1)
		io.WriteString(w, `{"accepted":1}`)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(file, []byte("{\"id\":\"a\"}\n{\"id\":\"b\"}\n\n{\"id\":\"c\"}\n{\"id\":\"d\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-token", "t", "-post", file, "-skip", "1", "-n", "2", "-c", "1"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if posts.Load() != 2 || !strings.Contains(out.String(), "POST /api/articles") || !strings.Contains(out.String(), "errors 0") {
		t.Errorf("%d posts, report %q; want 2 and no errors", posts.Load(), out.String())
	}
}
