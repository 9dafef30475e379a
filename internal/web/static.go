package web

import (
	"bytes"
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"sync"
	"time"

	"github.com/zeebo/xxh3"
)

//go:embed static
var staticFS embed.FS

type asset struct {
	body    []byte
	etag    string
	version string
	ctype   string
}

// assets are the embedded files by name, read once. Only these names are
// served: there is no directory to list.
var assets = sync.OnceValue(func() map[string]asset {
	m := map[string]asset{}
	entries, _ := fs.ReadDir(staticFS, "static")
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			continue
		}
		v := strconv.FormatUint(xxh3.Hash(b), 36)
		ct := mime.TypeByExtension(path.Ext(e.Name()))
		if ct == "" {
			ct = "application/octet-stream"
		}
		m[e.Name()] = asset{body: b, etag: `"` + v + `"`, version: v, ctype: ct}
	}
	return m
})

// staticVersion is the content hash used to bust caches in asset URLs.
func staticVersion(name string) string { return assets()[name].version }

func serveStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := assets()[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
