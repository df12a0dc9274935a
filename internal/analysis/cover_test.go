package analysis

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/bluepencil/bluepencil/internal/span"
)

// TestCover checks cover against the texts: the old text with its cover
// replaced by what the new text holds there must be the new text, and
// outside the cover old and new agree.
func TestCover(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for round := range 5000 {
		old := make([]byte, rnd.IntN(40))
		for i := range old {
			old[i] = byte('a' + rnd.IntN(26))
		}
		cur := append([]byte(nil), old...)
		var edits []span.Edit
		for range 1 + rnd.IntN(5) {
			x := rnd.IntN(len(cur) + 1)
			y := x + rnd.IntN(len(cur)-x+1)
			s := string(bytes.Repeat([]byte{'A' + byte(rnd.IntN(26))}, rnd.IntN(4)))
			edits = append(edits, span.Replace(span.Span{Start: x, End: y}, s))
			cur = append(append(append([]byte(nil), cur[:x]...), s...), cur[y:]...)
		}
		a, b, d, ok := cover(edits, len(old))
		if !ok || d != len(cur)-len(old) || a > b || b > len(old) {
			t.Fatalf("round %d: cover %d %d %d %v for %v", round, a, b, d, ok, edits)
		}
		got := append(append(append([]byte(nil), old[:a]...), cur[a:b+d]...), old[b:]...)
		if !bytes.Equal(got, cur) {
			t.Fatalf("round %d: old %q with [%d,%d) → %q gives %q, want %q", round, old, a, b, cur[a:b+d], got, cur)
		}
	}
}
