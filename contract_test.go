package storyline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline/storyline/internal/sharedtest"
)

// TestContractInSync: docs/CONTRACT.md, the copy that travels with the
// project, says what the shared contract the evaluation tools read says.
func TestContractInSync(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join(sharedtest.Dir(t), "CONTRACT.md"))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := os.ReadFile("docs/CONTRACT.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(ours) != string(shared) {
		t.Errorf("docs/CONTRACT.md differs from the shared CONTRACT.md: copy it again (cp ../shared/CONTRACT.md docs/)")
	}
}
