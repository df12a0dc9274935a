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

// TestEdited holds Mapper.Edited to New on random edits of texts thick
// with "\r", "\n" and "\r\n", so that edits split pairs, join them, and
// land before, after and between terminators and at both ends.
func TestEdited(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	alphabet := []string{"a", "b", "\n", "\r", "\r\n", "é", "\n\n", "\r\r"}
	text := func(n int) []byte {
		var b []byte
		for range n {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		return b
	}
	for i := range 30000 {
		src := text(rng.IntN(12))
		start := rng.IntN(len(src) + 1)
		end := start + rng.IntN(len(src)-start+1)
		ins := text(rng.IntN(4))
		if i%50 == 0 {
			ins = text(editedScan) // past the scan bound: New's table
		}
		next := slices.Concat(src[:start], ins, src[end:])
		got := New(src).Edited(next, start, end, len(ins))
		want := New(next)
		if !slices.Equal(got.lines, want.lines) || !bytes.Equal(got.src, next) {
			t.Fatalf("%q with [%d,%d) replaced by %q = %q: lines %v, want %v", src, start, end, ins, next, got.lines, want.lines)
		}
	}
	// Arguments that do not describe the edit get New's table all the same.
	m := New([]byte("a\nb"))
	for _, c := range [][3]int{{-1, 0, 0}, {2, 1, 0}, {0, 9, 0}, {0, 0, 5}, {1, 1, -1}} {
		next := []byte("a\r\nb\n")
		if got := m.Edited(next, c[0], c[1], c[2]); !slices.Equal(got.lines, New(next).lines) {
			t.Fatalf("Edited%v: lines %v, want %v", c, got.lines, New(next).lines)
		}
	}
}
