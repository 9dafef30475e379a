package brief

import (
	"strings"

	"github.com/storyline/storyline/internal/text"
)

// fullest picks the display form of a name among its variants: the one with
// the most name words (titles do not count: "Anna Berg" over "Mayor
// Berg"), then the most frequent, then the first in byte order.
func fullest(forms map[string]int) string {
	best, bw, bn := "", -1, -1
	for f, n := range forms {
		w := len(strings.Fields(text.NameKey(f)))
		if w > bw || w == bw && (n > bn || n == bn && f < best) {
			best, bw, bn = f, w, n
		}
	}
	return best
}
