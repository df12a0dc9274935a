package position

import (
	"math/rand"
	"testing"
)

// TestCursorMatchesPosition: a cursor gives exactly what the mapper gives,
// for offsets in order, out of order, inside characters and past the end.
func TestCursorMatchesPosition(t *testing.T) {
	texts := []string{
		"", "abc", "a\r\nb\rc\n", "😀𐐀 é 中\r\n\r\nx\xffy\n", "line one\nline two is longer\n\nlast",
	}
	rng := rand.New(rand.NewSource(1))
	for _, text := range texts {
		m := New([]byte(text))
		for _, enc := range []Encoding{UTF16, UTF8, UTF32} {
			c := m.Cursor(enc)
			// In order, then random.
			for off := -1; off <= len(text)+1; off++ {
				if got, want := c.Position(off), m.Position(off, enc); got != want {
					t.Fatalf("%q %s in order: Cursor(%d) = %v, Position = %v", text, enc, off, got, want)
				}
			}
			for i := 0; i < 200; i++ {
				off := rng.Intn(len(text)+3) - 1
				if got, want := c.Position(off), m.Position(off, enc); got != want {
					t.Fatalf("%q %s random: Cursor(%d) = %v, Position = %v", text, enc, off, got, want)
				}
			}
		}
	}
}
