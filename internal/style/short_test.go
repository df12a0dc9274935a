package style

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func TestAlnumPrefix(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"said the", 4},
		{"Regime's", 6},
		{"09AZaz{}", 6},
		{"abcdefgh", 8},
		{"@[`{/:az", 0},
		{"ab\xc3\xa9cdef", 2},
		{"Zz9\x00abcd", 3},
		{"a-b\tc\nd.", 1},
	} {
		v := binary.LittleEndian.Uint64([]byte(tc.in))
		if got := alnumPrefix(v); got != tc.want {
			t.Errorf("alnumPrefix(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestAlnumPrefixEveryByte holds the arithmetic to the byte table the rest
// of the scan uses, for every byte value in every position.
func TestAlnumPrefixEveryByte(t *testing.T) {
	for pos := range 8 {
		for b := range 256 {
			w := []byte("aaaaaaaa")
			w[pos] = byte(b)
			want := 8
			if class[b] != cWord {
				want = pos
			}
			if got := alnumPrefix(binary.LittleEndian.Uint64(w)); got != want {
				t.Fatalf("byte %#x at %d: alnumPrefix = %d, want %d", b, pos, got, want)
			}
		}
	}
}

// TestShortIDAgreesWithRead checks that the short table answers what
// reading the word and looking it up answers, for every word of the
// lexicon in three casings and for random words.
func TestShortIDAgreesWithRead(t *testing.T) {
	c := lexicon()
	var words []string
	for _, w := range c.words {
		words = append(words, w, capitalize(w, true), upperASCII(w))
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for range 20000 {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		src := []byte(w + " padding")
		end, key, ok := shortWord(src, 0, len(src))
		if !ok || end != len(w) {
			continue // not a short plain word: the general path reads it
		}
		want := c.read(src, 0, end).id
		if want >= 0 && c.roots[want] < 0 {
			want = unknownID
		}
		got, next := c.shortID(key)
		if got != want {
			t.Errorf("%q: shortID = %d, read and lookup = %d", w, got, want)
		}
		if got >= 0 {
			n := c.nodes[c.roots[got]]
			if next&^hasTerminal != n.letters || (next&hasTerminal != 0) != (len(n.terminal) > 0) {
				t.Errorf("%q: next %#x, node has letters %#x and %d terminals", w, next, n.letters, len(n.terminal))
			}
		}
	}
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
