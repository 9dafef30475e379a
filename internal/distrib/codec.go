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
// fields); an analyzed article is a uvarint length, the JSON object of the
// article without its analysis, then the analysis in the stores' binary
// form (internal/storecodec), which is 2-5 times smaller than JSON.

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
	b := binary.AppendUvarint(make([]byte, 0, len(h)+len(a.Text)*2), uint64(len(h)))
	b = append(b, h...)
	return storecodec.EncodeAnalysis(b, storecodec.AnalysisOf(a)), nil
}

var errFrame = errors.New("distrib: analyzed message: bad frame")

func decodeAnalyzed(b []byte) (*storyline.Article, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errFrame
	}
	a := &storyline.Article{}
	if err := json.Unmarshal(b[k:k+int(n)], a); err != nil {
		return nil, fmt.Errorf("distrib: analyzed message: %w", err)
	}
	an, err := storecodec.DecodeAnalysis(b[k+int(n):])
	if err != nil {
		return nil, fmt.Errorf("distrib: analyzed message %s: %w", a.ID, err)
	}
	an.SetOn(a)
	return a, nil
}
