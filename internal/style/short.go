package style

import (
	"encoding/binary"
	"math/bits"
)

// Most words of prose are at most 8 bytes of ASCII letters and digits. The
// scan reads such a word as one machine word: it finds where the word ends
// and lower-cases it with a few arithmetic steps on 8 bytes at once, instead
// of a table look-up and a branch per byte (the branch at each word's end was
// mispredicted about once a word), and looks the packed word up in a table
// of the lexicon's first words that are short and plain. So a short word
// costs one probe whether or not it starts a form, where the bit table
// (mayStart) let about one in seven through on news prose (every "of", "in",
// "is" starts some phrase) to be hashed again byte by byte and looked up.
// Longer words, and words with an apostrophe, a hyphen or a non-ASCII letter,
// take the general path.

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// alnumPrefix returns how many of the 8 bytes of v, first byte lowest, are
// ASCII letters or digits before the first that is not (8 when all are).
func alnumPrefix(v uint64) int {
	x := v &^ high
	l := x | 0x20*ones // letters lower-cased; nothing else becomes a letter
	// Each sum stays below 0x100 per byte, so no carry crosses bytes; the
	// top bit of a byte of l+(0x80-'a') is l >= 'a', and so on.
	letter := (l + (0x80-'a')*ones) &^ (l + (0x80-'z'-1)*ones)
	digit := (x + (0x80-'0')*ones) &^ (x + (0x80-'9'-1)*ones)
	ok := (letter | digit) &^ v & high
	return bits.TrailingZeros64(^ok&high) / 8
}

// packWord returns the word of n (1 to 8) letters and digits at the start
// of v packed as the short table keys it: lower case, zero above.
func packWord(v uint64, n int) uint64 {
	return (v | 0x20*ones) & (^uint64(0) >> (64 - 8*n))
}

// shortSlot is a slot of compiled.short: a packed word, its id, and what
// match would first ask of the word's trie node, kept here because the
// nodes are too many to stay in the processor's nearest cache: whether a
// form ends at the word (hasTerminal), and node.letters.
type shortSlot struct {
	key  uint64
	id   int32
	next uint32
}

// hasTerminal is the bit of shortSlot.next set when a form is the word
// alone; node.letters uses bits 0 to 27.
const hasTerminal = 1 << 31

// shortKey packs w, lower case, when it is 1 to 8 ASCII letters and digits.
func shortKey(w string) (uint64, bool) {
	if len(w) == 0 || len(w) > 8 {
		return 0, false
	}
	var b [8]byte
	copy(b[:], w)
	v := binary.LittleEndian.Uint64(b[:])
	if alnumPrefix(v) < len(w) || packWord(v, len(w)) != v {
		return 0, false // not all letters and digits, or not lower case
	}
	return v, true
}

// buildShort fills c.short with every word that starts a form and packs.
func (c *compiled) buildShort() {
	n := 0
	for id, r := range c.roots {
		if _, ok := shortKey(c.words[id]); ok && r >= 0 {
			n++
		}
	}
	size, shift := 16, uint(60)
	for size < 4*n {
		size, shift = size<<1, shift-1
	}
	c.short, c.shortShift = make([]shortSlot, size), shift
	for id, r := range c.roots {
		key, ok := shortKey(c.words[id])
		if !ok || r < 0 {
			continue
		}
		p := shortHash(key, shift)
		for c.short[p].key != 0 {
			p = (p + 1) & uint64(size-1)
		}
		next := c.nodes[r].letters
		if len(c.nodes[r].terminal) > 0 {
			next |= hasTerminal
		}
		c.short[p] = shortSlot{key, int32(id), next}
	}
}

func shortHash(key uint64, shift uint) uint64 { return key * 0x9E3779B97F4A7C15 >> shift }

// shortID returns the id of the packed word key when it starts a form, or
// unknownID, with its slot's next.
func (c *compiled) shortID(key uint64) (int32, uint32) {
	mask := uint64(len(c.short) - 1)
	for p := shortHash(key, c.shortShift); ; p = (p + 1) & mask {
		s := &c.short[p]
		if s.key == key {
			return s.id, s.next
		}
		if s.key == 0 {
			return unknownID, 0
		}
	}
}

// shortWord reads the word at src[k], whose first byte is a letter or
// digit, as one machine word when 8 bytes remain. It returns where the
// word's letters and digits end (at most stop) and, when they are 8 bytes
// or fewer, the word packed (ok). When !ok the caller reads on, byte by
// byte, from end: k when fewer than 8 bytes remain in src, k+8 when all 8
// are letters and digits and stop is further.
func shortWord(src []byte, k, stop int) (end int, key uint64, ok bool) {
	if k+8 > len(src) {
		return k, 0, false
	}
	v := binary.LittleEndian.Uint64(src[k:])
	n := alnumPrefix(v)
	if n == 8 && stop > k+8 {
		return k + 8, 0, false // it may run on: the caller reads the rest
	}
	n = min(n, stop-k)
	return k + n, packWord(v, n), true
}
