package complete

import (
	"bytes"
	"testing"
)

// FuzzAt holds At to its contract on any text and offset: no panic, and
// every edit a single-line span of the text that holds the offset.
func FuzzAt(f *testing.F) {
	for _, s := range []string{"A {", "---\noriginal: \n---\n", "{~~regime~>", "```\n{\n", "a `x {` b", "😀𐐀 {}", "---\nti"} {
		f.Add([]byte(s), len(s))
	}
	files := func() []string { return []string{"a.txt", "b c.md"} }
	f.Fuzz(func(t *testing.T, src []byte, off int) {
		if off < 0 || off > len(src) {
			off = len(src)
		}
		for _, it := range At(src, off, Options{Files: files}) {
			s := it.Edit.Span
			if s.Start < 0 || s.End > len(src) || s.Start > off || off > s.End {
				t.Fatalf("edit %v for offset %d of %d bytes", s, off, len(src))
			}
			if bytes.IndexByte(src[s.Start:s.End], '\n') >= 0 {
				t.Fatalf("edit %v spans lines", s)
			}
		}
	})
}
