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
// fields); an analyzed article is a uvarint length and the JSON object of
// the article without its analysis, a uvarint length and the analysis in
// the stores' binary form (internal/storecodec), which is 2-5 times
// smaller than JSON, then the article's search-index entry
// (Article.SearchIndex: built by the analyze worker, so that the one
// clusterer does not), possibly empty.

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
	h, err := json.Marshal(&head)
	if err != nil {
		return nil, fmt.Errorf("distrib: encode %s: %w", a.ID, err)
	}
	an := storecodec.EncodeAnalysis(nil, storecodec.AnalysisOf(a))
	b := make([]byte, 0, len(h)+len(an)+len(a.SearchIndex)+2*binary.MaxVarintLen64)
	b = binary.AppendUvarint(b, uint64(len(h)))
	b = append(b, h...)
	b = binary.AppendUvarint(b, uint64(len(an)))
	b = append(b, an...)
	return append(b, a.SearchIndex...), nil
}

var errFrame = errors.New("distrib: analyzed message: bad frame")

func decodeAnalyzed(b []byte) (*storyline.Article, error) {
	h, rest, ok := frame(b)
	if !ok {
		return nil, errFrame
	}
	a := &storyline.Article{}
	if err := json.Unmarshal(h, a); err != nil {
		return nil, fmt.Errorf("distrib: analyzed message: %w", err)
	}
	an, index, ok := frame(rest)
	if !ok {
		return nil, errFrame
	}
	analysis, err := storecodec.DecodeAnalysis(an)
	if err != nil {
		return nil, fmt.Errorf("distrib: analyzed message %s: %w", a.ID, err)
	}
	analysis.SetOn(a)
	if len(index) > 0 {
		a.SearchIndex = index
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
