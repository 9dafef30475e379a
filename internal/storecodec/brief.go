package storecodec

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/storyline/storyline"
)

// A story's brief is stored in this binary form (stories.brief_bin), which
// Story and Stories decode; the SQLite store also reads the JSON of briefs
// stored before the form existed. Decoding the JSON
// of a real brief (hundreds of claims, quotes and citations) was most of
// the cost of serving a story page; this form decodes several times faster
// (BenchmarkBriefCodec) and, unlike JSON, keeps nil and empty slices apart.
//
// Layout (version 2): a version byte, then the eight lists of Brief in
// field order, with the list, string and float encodings of analysis.go;
// every int is a signed varint, every bool one byte. Version 1, written
// before related stories, lacks the last list and is still read.
// TestBriefCodecFields fails when a field is added to a brief type, so
// that it cannot be forgotten here.
const briefVersion = 2

var errCorruptBrief = errors.New("corrupt brief blob")

// EncodeBrief is the binary form of b.
func EncodeBrief(b *storyline.Brief) []byte {
	e := encoder{b: make([]byte, 0, 4096)}
	e.b = append(e.b, briefVersion)
	e.count(len(b.Summary), b.Summary == nil)
	for _, s := range b.Summary {
		e.str(s.Text)
		e.citations(s.Citations)
	}
	e.count(len(b.Claims), b.Claims == nil)
	for _, c := range b.Claims {
		e.str(c.Text)
		e.strs(c.Articles)
		e.varint(int64(c.Sources))
		e.boolean(c.SingleSource)
		e.citations(c.Citations)
	}
	e.count(len(b.Quotes), b.Quotes == nil)
	for _, q := range b.Quotes {
		e.str(q.Speaker)
		e.count(len(q.Variants), q.Variants == nil)
		for _, v := range q.Variants {
			e.str(v.Text)
			e.str(v.Article)
			e.str(v.Source)
			e.varint(int64(v.Start))
			e.varint(int64(v.End))
			e.str(v.Cue)
			e.boolean(v.Direct)
		}
	}
	e.entities(b.Entities)
	e.figures(b.Figures)
	e.count(len(b.Timeline), b.Timeline == nil)
	for _, t := range b.Timeline {
		e.str(t.Date)
		e.str(t.Text)
		e.strs(t.Articles)
		e.citations(t.Citations)
	}
	e.count(len(b.Coverage), b.Coverage == nil)
	for _, c := range b.Coverage {
		e.str(c.Source)
		e.strs(c.Articles)
		e.count(len(c.Claims), c.Claims == nil)
		for _, i := range c.Claims {
			e.varint(int64(i))
		}
	}
	e.count(len(b.Related), b.Related == nil)
	for _, r := range b.Related {
		e.str(r.Story)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(r.Score))
		e.str(r.Reason)
	}
	return e.b
}

func (e *encoder) entities(es []storyline.Entity) {
	e.count(len(es), es == nil)
	for _, x := range es {
		e.str(x.Name)
		e.str(string(x.Type))
		e.varint(int64(x.Articles))
		e.strs(x.Aliases)
	}
}

// EncodeEntities is the stories.entities column of a brief's entities
// (the first few, for a light listing): a version byte and the entities as in a brief.
func EncodeEntities(es []storyline.Entity) []byte {
	e := encoder{b: make([]byte, 0, 32*len(es)+2)}
	e.b = append(e.b, briefVersion)
	e.entities(es)
	return e.b
}

// DecodeEntities decodes the first n entities of an EncodeEntities blob,
// never nil.
func DecodeEntities(b []byte, n int) ([]storyline.Entity, error) {
	if len(b) == 0 || b[0] != briefVersion && b[0] != 1 {
		return nil, errCorruptBrief
	}
	d := &decoder{b: b[1:], s: string(b[1:])}
	total, _ := d.count()
	out := make([]storyline.Entity, 0, min(n, total))
	for range min(n, total) {
		out = append(out, d.entity())
	}
	if d.err != nil {
		return nil, errCorruptBrief
	}
	return out, nil
}

func (d *decoder) entity() storyline.Entity {
	return storyline.Entity{Name: d.str(), Type: storyline.EntityType(d.str()), Articles: d.integer(), Aliases: d.strs()}
}

func (e *encoder) strs(s []string) {
	e.count(len(s), s == nil)
	for _, x := range s {
		e.str(x)
	}
}

func (e *encoder) citations(cs []storyline.Citation) {
	e.count(len(cs), cs == nil)
	for _, c := range cs {
		e.str(c.Article)
		e.varint(int64(c.Start))
		e.varint(int64(c.End))
	}
}

func (e *encoder) figures(fs []storyline.Figure) {
	e.count(len(fs), fs == nil)
	for _, f := range fs {
		e.str(f.Text)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f.Value))
		e.str(f.Unit)
		e.strs(f.Articles)
		e.boolean(f.Disagreement)
		e.figures(f.Variants)
		e.citations(f.Citations)
	}
}

// DecodeBrief decodes a blob written by EncodeBrief.
func DecodeBrief(b []byte) (*storyline.Brief, error) {
	if len(b) == 0 || b[0] != briefVersion && b[0] != 1 {
		return nil, errCorruptBrief
	}
	d := &decoder{b: b[1:], s: string(b[1:])}
	br := &storyline.Brief{}
	br.Summary = list(d, func() storyline.SummarySentence {
		return storyline.SummarySentence{Text: d.str(), Citations: d.citations()}
	})
	br.Claims = list(d, func() storyline.Claim {
		return storyline.Claim{Text: d.str(), Articles: d.strs(), Sources: d.integer(), SingleSource: d.boolean(),
			Citations: d.citations()}
	})
	br.Quotes = list(d, func() storyline.QuoteGroup {
		q := storyline.QuoteGroup{Speaker: d.str()}
		q.Variants = list(d, func() storyline.QuoteVariant {
			return storyline.QuoteVariant{Text: d.str(), Article: d.str(), Source: d.str(), Start: d.integer(),
				End: d.integer(), Cue: d.str(), Direct: d.boolean()}
		})
		return q
	})
	br.Entities = list(d, d.entity)
	br.Figures = d.figures(0)
	br.Timeline = list(d, func() storyline.TimelineEvent {
		return storyline.TimelineEvent{Date: d.str(), Text: d.str(), Articles: d.strs(), Citations: d.citations()}
	})
	br.Coverage = list(d, func() storyline.Coverage {
		return storyline.Coverage{Source: d.str(), Articles: d.strs(), Claims: list(d, d.integer)}
	})
	if b[0] >= 2 {
		br.Related = list(d, func() storyline.Related {
			r := storyline.Related{Story: d.str()}
			if d.rest() < 8 {
				d.fail()
				return r
			}
			r.Score = math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.off:]))
			d.off += 8
			r.Reason = d.str()
			return r
		})
	}
	if d.err != nil || d.off != len(d.b) {
		return nil, errCorruptBrief
	}
	return br, nil
}

func (d *decoder) strs() []string { return list(d, d.str) }

func (d *decoder) citations() []storyline.Citation {
	return list(d, func() storyline.Citation {
		return storyline.Citation{Article: d.str(), Start: d.integer(), End: d.integer()}
	})
}

// figures decodes a list of figures; depth bounds the nesting of variants
// that a corrupt blob could ask for.
func (d *decoder) figures(depth int) []storyline.Figure {
	if depth > 1000 {
		d.fail()
		return nil
	}
	return list(d, func() storyline.Figure {
		f := storyline.Figure{Text: d.str()}
		if d.rest() < 8 {
			d.fail()
			return f
		}
		f.Value = math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.off:]))
		d.off += 8
		f.Unit, f.Articles, f.Disagreement = d.str(), d.strs(), d.boolean()
		f.Variants = d.figures(depth + 1)
		f.Citations = d.citations()
		return f
	})
}
