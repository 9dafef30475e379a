package cluster

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestParamsMatchFeatures guards against a params.json trained on another
// feature list: JSON silently zero-fills a short weight array, so a stale
// file would run with features switched off.
func TestParamsMatchFeatures(t *testing.T) {
	var p struct {
		Model struct {
			Weights []float64 `json:"weights"`
		} `json:"model"`
		Features []string `json:"features"`
	}
	if err := json.Unmarshal(paramsJSON, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Model.Weights) != NumFeatures {
		t.Errorf("params.json has %d weights, want %d: retrain with go run ./internal/tools/trainclusters", len(p.Model.Weights), NumFeatures)
	}
	if !slices.Equal(p.Features, FeatureNames[:]) {
		t.Errorf("params.json features %v, want %v", p.Features, FeatureNames)
	}
}
