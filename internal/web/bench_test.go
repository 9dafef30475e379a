package web

import (
	"net/http/httptest"
	"testing"
)

// benchGet measures one handler path in-process over a store of 10,000
// single-article stories, without the response cache.
func benchGet(b *testing.B, path string) {
	h := New(bulkStore(10000), Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkAPIStories(b *testing.B)  { benchGet(b, "/api/stories") }
func BenchmarkIndexPage(b *testing.B)   { benchGet(b, "/") }
func BenchmarkStoryPage(b *testing.B)   { benchGet(b, "/stories/s-bulk-00042") }
func BenchmarkArticlePage(b *testing.B) { benchGet(b, "/articles/bulk-00042?s=0&e=10") }

// BenchmarkFixtureStoryPage renders the richest fixture story (full brief).
func BenchmarkFixtureStoryPage(b *testing.B) {
	h := New(fixtureStore(), Options{})
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/stories/story-harbor", nil))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
