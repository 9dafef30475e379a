package distrib

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/storyline/storyline"
	"github.com/storyline/storyline/internal/storecodec"
)

// Messages: a raw article is its JSON object (storyline.RawArticle's
// fields); an analyzed article is the byte analyzedV2, then four parts,
// each a uvarint length and its bytes: the JSON object of the article
// without its text, input bytes and analysis; the analysis in the stores'
// binary form (internal/storecodec), which is 2-5 times smaller than
// JSON; the text; the input bytes. The article's search-index entry
// (Article.SearchIndex: built by the analyze worker, so that the one
// clusterer does not), possibly empty, is the rest. The text and input
// bytes travel as they are: in JSON, escaping them and reading them back
// (the input bytes in base64) was most of the clusterer's decoding.
// Messages of the first form (no leading byte, the text and input bytes
// in the JSON object) are still read, so that a stream written before an
// upgrade is applied whole; a clusterer older than the second form cannot
// read it, so a deployment upgrades its clusterers before its analyze
// workers.

// analyzedV2 opens an analyzed message of the second form. A message of
// the first form opens with the length of a JSON object of an article,
// which is never 2.
const analyzedV2 = 2

func encodeRaw(r storyline.RawArticle) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("distrib: encode %s: %w", r.Input, err)
	}
	return b, nil
}

func decodeRaw(b []byte) (storyline.RawArticle, error) {
	var r storyline.RawArticle
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("distrib: decode a raw article: %w", err)
	}
	return r, nil
}

func encodeAnalyzed(a *storyline.Article) ([]byte, error) {
	head := *a
	storecodec.Analysis{}.SetOn(&head)
	head.Text, head.Raw = "", nil
	h, err := json.Marshal(&head)
	if err != nil {
		return nil, fmt.Errorf("distrib: encode %s: %w", a.ID, err)
	}
	an := storecodec.EncodeAnalysis(nil, storecodec.AnalysisOf(a))
	b := make([]byte, 0, 1+len(h)+len(an)+len(a.Text)+len(a.Raw)+len(a.SearchIndex)+4*binary.MaxVarintLen64)
	b = append(b, analyzedV2)
	for _, part := range [][]byte{h, an, []byte(a.Text), a.Raw} {
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = append(b, part...)
	}
	return append(b, a.SearchIndex...), nil
}

var errFrame = errors.New("distrib: analyzed message: bad frame")

func decodeAnalyzed(b []byte) (*storyline.Article, error) {
	v2 := len(b) > 0 && b[0] == analyzedV2
	if v2 {
		b = b[1:]
	}
	h, rest, ok := frame(b)
	if !ok {
		return nil, errFrame
	}
	a := &storyline.Article{}
	if err := json.Unmarshal(h, a); err != nil {
		return nil, fmt.Errorf("distrib: analyzed message: %w", err)
	}
	an, rest, ok := frame(rest)
	if !ok {
		return nil, errFrame
	}
	if v2 {
		var text, raw []byte
		if text, rest, ok = frame(rest); !ok {
			return nil, errFrame
		}
		if raw, rest, ok = frame(rest); !ok {
			return nil, errFrame
		}
		a.Text = string(text)
		if len(raw) > 0 {
			a.Raw = raw
		}
	}
	analysis, err := storecodec.DecodeAnalysis(an)
	if err != nil {
		return nil, fmt.Errorf("distrib: analyzed message %s: %w", a.ID, err)
	}
	analysis.SetOn(a)
	if len(rest) > 0 {
		a.SearchIndex = rest
	}
	return a, nil
}

// frame splits b into the part its uvarint length prefix announces and
// the rest.
func frame(b []byte) (part, rest []byte, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, false
	}
	return b[k : k+int(n)], b[k+int(n):], true
}
