package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/storyline/storyline"
)

// The long, repetitive lists of the story page (summary, citations, claims,
// quotes, figures, timeline, articles) are written here in Go rather than
// by html/template: the template engine calls its escapers through
// reflection for every action, which made rendering most of a story page's
// cost. The output is byte for byte what the templates gave (the golden
// files check it); every value is escaped with esc, which is html/template's
// escaper for text and quoted attribute values, and every href is one of
// ours (a path under /articles/ built with url.PathEscape).

// esc writes s as html/template escapes a string in HTML text or in a
// quoted attribute value (its htmlEscaper: NUL, ", &, ', +, <, >).
func esc(b *strings.Builder, s string) {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		b.WriteString(s)
		return
	}
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// frag builds one pre-rendered fragment.
type frag struct{ strings.Builder }

func (f *frag) s(parts ...string) *frag {
	for _, p := range parts {
		f.WriteString(p)
	}
	return f
}

// e writes an escaped value.
func (f *frag) e(v string) *frag { esc(&f.Builder, v); return f }

// n writes an integer.
func (f *frag) n(v int) *frag { f.WriteString(strconv.Itoa(v)); return f }

func (f *frag) html() template.HTML { return template.HTML(f.String()) }

func pluralText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func renderSummary(items []summaryItem) template.HTML {
	var f frag
	f.Grow(300 * len(items))
	for _, it := range items {
		f.s("<p>").e(it.Text)
		for _, m := range it.Marks {
			f.s(`<a class="cite" href="`).e(m.Href).s(`" title="`).e(m.Source).s(`" aria-label="citation `).n(m.N).
				s(": ").e(m.Source).s(`"><sup>[`).n(m.N).s("]</sup></a>")
		}
		f.s("</p>\n  ")
	}
	return f.html()
}

func renderNotes(notes []footnote) template.HTML {
	var f frag
	f.Grow(400 * len(notes))
	for _, n := range notes {
		f.s(`<li value="`).n(n.N).s(`"><a href="`).e(n.Href).s(`">`).e(n.Source).s(`</a> <span class="muted">`).e(n.Title).s("</span>")
		if n.Quote != "" {
			f.s("<blockquote>").e(n.Quote).s("</blockquote>")
		}
		f.s("</li>\n    ")
	}
	return f.html()
}

func renderClaims(items []claimItem) template.HTML {
	var f frag
	f.Grow(600 * len(items))
	for _, c := range items {
		f.s("\n    <li class=\"claim\">\n      <div class=\"bar\" role=\"img\" aria-label=\"").n(c.Sources).s(" of ").n(len(c.Bar)).s(` outlets">`)
		for _, on := range c.Bar {
			if on {
				f.s(`<span class="seg on"></span>`)
			} else {
				f.s(`<span class="seg"></span>`)
			}
		}
		f.s("</div>\n      <p>").e(c.Text).s("</p>\n      <p class=\"by\"><span class=\"count\">").e(pluralText(c.Sources, "outlet", "outlets")).s("</span>")
		for _, l := range c.Links {
			f.s(` <a href="`).e(l.Href).s(`">`).e(l.Source).s("</a>")
		}
		f.s("</p>\n    </li>\n")
	}
	return f.html()
}

func renderSingles(items []claimItem) template.HTML {
	var f frag
	f.Grow(400 * len(items))
	for _, c := range items {
		f.s("\n      <li class=\"claim single\">\n        <p>").e(c.Text).s("</p>\n        <p class=\"by\">")
		writeLinks(&f, c.Links)
		f.s("</p>\n      </li>\n")
	}
	return f.html()
}

// writeLinks writes links each followed by a space.
func writeLinks(f *frag, links []sourceLink) {
	for _, l := range links {
		f.s(`<a href="`).e(l.Href).s(`">`).e(l.Source).s("</a> ")
	}
}

func renderQuotes(items []quoteItem) template.HTML {
	var f frag
	f.Grow(900 * len(items))
	for _, q := range items {
		f.s("\n  <div class=\"quote-group\">\n    <h3>").e(q.Speaker)
		if len(q.Variants) > 1 {
			f.s(` <span class="muted small">· `).n(len(q.Variants)).s(" wordings</span>")
		}
		f.s("</h3>\n    <div class=\"variants\">\n    ")
		for _, v := range q.Variants {
			f.s("\n      <figure class=\"variant\">\n        <figcaption>").e(v.Source)
			if v.Cue != "" {
				f.s(` <span class="muted">· `).e(v.Cue).s("</span>")
			}
			if !v.Direct {
				f.s(` <span class="tag">reported</span>`)
			}
			f.s("</figcaption>\n        <blockquote>").e(v.Text).s("</blockquote>\n        <a class=\"src\" href=\"").e(v.Href).
				s("\">in context</a>\n      </figure>\n    ")
		}
		f.s("\n    </div>\n  </div>\n")
	}
	return f.html()
}

func renderFigures(items []figureItem) template.HTML {
	var f frag
	f.Grow(400 * len(items))
	for _, g := range items {
		f.s("\n    <tr")
		if g.Disagreement {
			f.s(` class="disagree"`)
		}
		f.s(">\n      <td><strong>").e(g.Text).s("</strong>")
		if g.Disagreement {
			f.s(` <span class="tag warn">disagreement</span>`)
			if len(g.Variants) > 0 {
				f.s(`<br><span class="muted">others: `).e(strings.Join(g.Variants, "; ")).s("</span>")
			}
		}
		f.s("</td>\n      <td>").n(g.Articles).s("</td>\n      <td>")
		writeLinks(&f, g.Links)
		f.s("</td>\n    </tr>\n")
	}
	return f.html()
}

func renderTimeline(items []timelineItem) template.HTML {
	var f frag
	f.Grow(400 * len(items))
	for _, t := range items {
		f.s("\n    <li><time>").e(t.Date).s("</time><p>").e(t.Text).s(`</p><p class="by">`)
		writeLinks(&f, t.Links)
		f.s("</p></li>\n")
	}
	return f.html()
}

func renderArticles(items []articleItem) template.HTML {
	var f frag
	f.Grow(300 * len(items))
	for _, a := range items {
		f.s("\n    <li><a href=\"").e(articleHref(a.ID)).s(`">`).e(a.Title).s("</a>\n      <span class=\"meta\"><span>").e(a.Source).s("</span>")
		if d := fmtDate(a.Published); d != "" {
			f.s("<span>").e(d).s("</span>")
		}
		if a.Lang != "" {
			f.s("<span>").e(a.Lang).s("</span>")
		}
		if a.MachineTranslated {
			f.s(`<span class="tag">machine-translated</span>`)
		}
		if a.DuplicateOf != "" {
			f.s(`<span class="tag">copy of <a href="`).e(articleHref(a.DuplicateOf)).s(`">`).e(a.DuplicateOf).s("</a></span>")
		}
		f.s("</span></li>\n  ")
	}
	return f.html()
}

func renderEntities(items []storyline.Entity) template.HTML {
	var f frag
	f.Grow(100 * len(items))
	for _, e := range items {
		f.s(`<span class="chip ent `).e(string(e.Type)).s(`" title="`).e(string(e.Type)).s(" · ").n(e.Articles).
			s(` articles">`).e(e.Name).s("</span>")
	}
	return f.html()
}

func renderCoverage(items []coverageItem) template.HTML {
	var f frag
	f.Grow(800 * len(items))
	for _, c := range items {
		f.s("\n    <div class=\"outlet\">\n      <h3>").e(c.Source).s("</h3>\n      <p class=\"small\">")
		for _, a := range c.Articles {
			f.s(`<a href="`).e(articleHref(a.ID)).s(`">`).e(a.Title).s("</a> ")
		}
		f.s("</p>\n      ")
		if len(c.Claims) > 0 {
			f.s(`<p class="muted small">Only here:</p><ul>`)
			for _, s := range c.Claims {
				f.s("<li>").e(s).s("</li>")
			}
			f.s("</ul>\n      ")
			if len(c.ClaimsMore) > 0 {
				f.s(`<details class="more"><summary>`).e(pluralText(len(c.ClaimsMore), "more", "more")).s("</summary><ul>")
				for _, s := range c.ClaimsMore {
					f.s("<li>").e(s).s("</li>")
				}
				f.s("</ul></details>")
			}
			f.s("\n      ")
		} else {
			f.s(`<p class="muted small">Nothing the others did not report.</p>`)
		}
		f.s("\n    </div>\n  ")
	}
	return f.html()
}
