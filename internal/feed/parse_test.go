package feed

import (
	"strings"
	"testing"

	"github.com/storyline/storyline/internal/hostile"
)

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>The Daily Test &amp; Co</title>
<link>/</link>
<language>en-GB</language>
<item>
  <title>Council &amp;amp; mayor agree on the &lt;b&gt;new&lt;/b&gt; bridge</title>
  <link>/news/bridge?utm_source=rss#top</link>
  <guid isPermaLink="false">bridge-1</guid>
  <pubDate>Fri, 28 Jan 2022 10:00:00 +0000</pubDate>
  <description><![CDATA[<p>The council voted on <b>Friday</b>.</p>]]></description>
  <content:encoded><![CDATA[<p>The council voted on Friday to build the bridge &amp; a road.</p><p>Work starts in May.</p>]]></content:encoded>
  <dc:creator>Ann Writer</dc:creator>
</item>
<item>
  <title>No date here</title>
  <link>https://other.example/story/2</link>
  <description>A teaser with an entity: caf&#233;.</description>
</item>
<item>
  <description>Only a body, no link and no title.</description>
</item>
</channel>
</rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="html">Le &lt;i&gt;Journal&lt;/i&gt;</title>
  <link href="https://journal.example/"/>
  <id>urn:uuid:feed</id>
  <updated>2022-01-28T12:00:00Z</updated>
  <entry>
    <title>Premier article</title>
    <link rel="alternate" href="articles/1.html"/>
    <id>urn:uuid:1</id>
    <updated>2022-01-28T12:00:00+01:00</updated>
    <summary>Un résumé.</summary>
  </entry>
  <entry>
    <title>Second</title>
    <link href="/articles/2.html"/>
    <id>urn:uuid:2</id>
    <content type="html">&lt;p&gt;Le texte complet.&lt;/p&gt;</content>
  </entry>
</feed>`

const jsonFeed = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON News",
  "home_page_url": "https://json.example/",
  "language": "de",
  "items": [
    {"id": "1", "url": "/a/1", "title": "Erster &amp; bester", "content_html": "<p>Voller Text.</p>", "date_published": "2022-01-28T10:00:00Z"},
    {"id": "2", "url": "https://json.example/a/2", "summary": "Kurz."},
    {"id": "2", "url": "https://json.example/a/2", "summary": "Listed twice."}
  ]
}`

func TestParse(t *testing.T) {
	p, err := Parse([]byte(rssFeed), "https://daily.example/feeds/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "The Daily Test & Co" || p.Lang != "en" || p.Link != "https://daily.example/" || p.Type != "rss" || len(p.Entries) != 3 {
		t.Fatalf("feed %+v", p)
	}
	e := p.Entries[0]
	want := Entry{GUID: "bridge-1", URL: "https://daily.example/news/bridge?utm_source=rss",
		Title: "Council & mayor agree on the new bridge", Published: "2022-01-28T10:00:00Z", Author: "Ann Writer",
		Body: "<p>The council voted on Friday to build the bridge &amp; a road.</p><p>Work starts in May.</p>", Words: 16}
	if e != want {
		t.Errorf("entry\n got %+v\nwant %+v", e, want)
	}
	if e := p.Entries[1]; e.Published != "" || e.GUID != "https://other.example/story/2" || e.Body != "A teaser with an entity: café." {
		t.Errorf("entry 2 %+v", e)
	}
	if e := p.Entries[2]; e.URL != "" || !strings.HasPrefix(e.GUID, "hash:") || e.Words != 8 {
		t.Errorf("entry 3 %+v", e)
	}

	p, err = Parse([]byte(atomFeed), "https://journal.example/feeds/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Le Journal" || p.Lang != "fr" || p.Type != "atom" || len(p.Entries) != 2 {
		t.Fatalf("atom %+v", p)
	}
	if e := p.Entries[0]; e.URL != "https://journal.example/feeds/articles/1.html" || e.Published != "2022-01-28T11:00:00Z" || e.Body != "Un résumé." {
		t.Errorf("atom entry 1 %+v", e)
	}
	if e := p.Entries[1]; e.URL != "https://journal.example/articles/2.html" || e.Body != "<p>Le texte complet.</p>" || e.Published != "" {
		t.Errorf("atom entry 2 %+v", e)
	}

	p, err = Parse([]byte(jsonFeed), "https://json.example/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != "json" || p.Lang != "de" || len(p.Entries) != 2 {
		t.Fatalf("json %+v", p)
	}
	if e := p.Entries[0]; e.URL != "https://json.example/a/1" || e.Title != "Erster & bester" || e.Body != "<p>Voller Text.</p>" || e.Published != "2022-01-28T10:00:00Z" {
		t.Errorf("json entry 1 %+v", e)
	}
}

func TestParseBroken(t *testing.T) {
	tests := []struct {
		name, doc string
		entries   int
		err       string
	}{
		{"bare amp and html entities", `<rss version="2.0"><channel><title>A & B&nbsp;news</title>
<item><title>Q&A: rock &amp; roll &copy; 2022 &bogus; &#169;</title><link>http://x.example/1?a=1&b=2</link><description><![CDATA[R&D <p>x</p>]]></description></item>
</channel></rss>`, 1, ""},
		{"control characters", "<rss version=\"2.0\"><channel><title>T\x01</title><item><title>a\x0bb</title><link>http://x.example/1</link></item></channel></rss>", 1, ""},
		{"truncated", `<rss version="2.0"><channel><title>T</title><item><title>one</title><link>http://x.example/1</link></item><item><title>tw`, 1, ""},
		{"truncated atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title>one</title><link href="/1"/></entry><entry><id>2</id><title>tw`, 1, ""},
		{"html page", `<!doctype html><html><body><p>hello</p></body></html>`, 0, "not an RSS, Atom or JSON feed"},
		{"empty", ``, 0, "not an RSS, Atom or JSON feed"},
		{"broken json", `{"version": "https://jsonfeed.org/version/1", "items": [`, 0, "broken feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.doc), "http://x.example/feed")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Entries) != tt.entries {
				t.Fatalf("%d entries: %+v", len(p.Entries), p)
			}
			t.Logf("%+v", p)
		})
	}
}

func TestRepairXML(t *testing.T) {
	for in, want := range map[string]string{
		"a & b":                       "a &amp; b",
		"a &amp; b &lt; &#38; &#x26;": "a &amp; b &lt; &#38; &#x26;",
		"&nbsp;&eacute;":              "&#160;&#233;",
		"&bogus; &":                   "&amp;bogus; &amp;",
		"<![CDATA[a & b]]> & c":       "<![CDATA[a & b]]> &amp; c",
		"x\x00y":                      "xy",
	} {
		if got := string(repairXML([]byte(in))); got != want {
			t.Errorf("repairXML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLID(t *testing.T) {
	a := URLID("HTTPS://Example.org/a?utm_source=x&id=3#frag")
	b := URLID("https://example.org/a?id=3")
	if a != b || len(a) != 16 || a[0] != 'u' {
		t.Errorf("%s %s", a, b)
	}
	if URLID("https://example.org/a?id=4") == b {
		t.Error("different URLs, same id")
	}
}

// FuzzParse checks that no feed document makes the parser panic, and that
// every entry it returns has a GUID and only absolute http(s) links.
func FuzzParse(f *testing.F) {
	for _, s := range []string{rssFeed, atomFeed, jsonFeed, `<rss><channel><item><link>../x</link></item></channel></rss>`, `{"items":[{}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer hostile.Within(t, len(data))()
		p, err := Parse(data, "http://base.example/dir/feed.xml")
		if err != nil {
			return
		}
		for _, e := range p.Entries {
			if e.GUID == "" {
				t.Fatalf("entry without GUID: %+v", e)
			}
			if e.URL != "" && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
				t.Fatalf("bad URL %q", e.URL)
			}
		}
		repairXML(data)
	})
}

func TestFeedUTF8(t *testing.T) {
	doc := []byte("<rss version=\"2.0\"><channel><title>\xf0\xd5\xd4\xc9\xce</title></channel></rss>")
	p, err := Parse(feedUTF8(doc, "text/xml; charset=koi8-r"), "http://x.example/")
	if err != nil || p.Title != "Путин" {
		t.Errorf("%+v %v", p, err)
	}
	if got := feedUTF8(doc, "text/xml"); string(got) != string(doc) {
		t.Error("changed without a charset")
	}
	decl := []byte("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>")
	if got := feedUTF8(decl, "text/xml; charset=koi8-r"); string(got) != string(decl) {
		t.Error("XML declaration ignored")
	}
}
