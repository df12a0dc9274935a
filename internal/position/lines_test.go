package position

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLinesAsMapper: Lines answers every offset as Mapper.LineCol does, in
// increasing order (its fast way), in any order, and on texts with every
// kind of line break, multi-byte characters, invalid bytes and offsets
// outside the text.
func TestLinesAsMapper(t *testing.T) {
	pieces := []string{"a", "word ", "\n", "\n\n", "\r\n", "\r", "é", "日本", "😀", "\xff", "\xe6\x97", " "}
	rng := rand.New(rand.NewPCG(7, 9))
	for trial := range 3000 {
		var src []byte
		for range rng.IntN(40) {
			src = append(src, pieces[rng.IntN(len(pieces))]...)
		}
		if trial%3 == 0 { // no carriage return: the fast way throughout
			src = bytes.ReplaceAll(src, []byte{'\r'}, nil)
		}
		offs := make([]int, rng.IntN(12))
		for i := range offs {
			offs[i] = rng.IntN(len(src)+4) - 2
		}
		if trial%2 == 0 {
			slices.Sort(offs)
		}
		m := New(src)
		l := NewLines(src)
		for _, off := range offs {
			wl, wc := m.LineCol(off)
			gl, gc := l.LineCol(off)
			if gl != wl || gc != wc {
				t.Fatalf("%q offsets %v: LineCol(%d) = %d:%d, Mapper says %d:%d", src, offs, off, gl, gc, wl, wc)
			}
		}
	}
}
