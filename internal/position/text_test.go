package position

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// editPieces are what the random edits insert: every line break, every
// UTF-8 length, astral characters (two UTF-16 units), halves of "\r\n" and
// of a UTF-8 sequence, so that edits join and split them.
var editPieces = []string{
	"", "a", "hello ", "é", "中文", "😀", "𐐀", "👍🏽", "\n", "\r\n", "\r", "\r\r\n\n",
	"{--cut--}", "line\nbreak", "\xf0\x9f", "\x98\x80", "\xe4", "\xb8\xad", "\xff",
}

// randomPosition returns a position of text, often a valid one, sometimes
// past the end of its line or of the text, inside a surrogate pair, or
// negative.
func randomPosition(rng *rand.Rand, m *Mapper, enc Encoding) Position {
	switch rng.IntN(10) {
	case 0:
		return Position{rng.IntN(m.LineCount() + 3), rng.IntN(200)}
	case 1:
		return Position{rng.IntN(3) - 2, rng.IntN(5) - 2}
	case 2:
		p := m.Position(rng.IntN(len(m.src)+1), enc)
		p.Character += 1 // may land inside a surrogate pair or past the line
		return p
	}
	return m.Position(rng.IntN(len(m.src)+1), enc)
}

// TestTextMatchesMapper applies random edits to a Text and, one by one, to
// a plain byte slice through a fresh Mapper, the definition of what an edit
// means, and compares text and offsets after every edit.
func TestTextMatchesMapper(t *testing.T) {
	seeds := []string{"", "abc", "a\r\nb\rc\n", "😀𐐀 é 中\r\n\r\nx\xffy\n", strings.Repeat("long line 😀 ", 200)}
	for _, target := range []int{4, 7, 16, 64, minChunk} {
		for si, seed := range seeds {
			for _, enc := range encodings {
				rng := rand.New(rand.NewPCG(uint64(target), uint64(si)*3+uint64(enc)))
				text := newText([]byte(seed), target)
				want := []byte(seed)
				for step := range 300 {
					m := New(want)
					r := Range{randomPosition(rng, m, enc), randomPosition(rng, m, enc)}
					s := editPieces[rng.IntN(len(editPieces))]
					for _, p := range []Position{r.Start, r.End, {r.Start.Line, 1 << 30}} {
						if got, w := text.Offset(p, enc), m.Offset(p, enc); got != w {
							t.Fatalf("chunk %d, %v, step %d, text %q: Offset(%+v) = %d, want %d", target, enc, step, want, p, got, w)
						}
					}
					start, end := m.OffsetRange(r, enc)
					want = append(want[:start:start], append([]byte(s), want[end:]...)...)
					text.Replace(r, enc, s)
					if got := text.Bytes(); !bytes.Equal(got, want) {
						t.Fatalf("chunk %d, %v, step %d: after replacing %+v with %q:\n got %q\nwant %q", target, enc, step, r, s, got, want)
					}
					checkChunks(t, text)
				}
			}
		}
	}
}

// checkChunks checks the invariants every count relies on.
func checkChunks(t *testing.T, text *Text) {
	t.Helper()
	all := text.Bytes()
	off := 0
	for i := range text.chunks {
		k := &text.chunks[i]
		if len(k.b) == 0 {
			t.Fatalf("chunk %d is empty", i)
		}
		if len(text.chunks) > 1 && len(k.b) < utf8.UTFMax {
			t.Fatalf("chunk %d of %d is %q, shorter than a UTF-8 sequence", i, len(text.chunks), k.b)
		}
		if want := newChunk(k.b); k.breaks != want.breaks || k.cr != want.cr ||
			k.units(UTF16) != count(k.b, UTF16) || k.units(UTF32) != count(k.b, UTF32) {
			t.Fatalf("chunk %d counts %+v, want %+v", i, k, want)
		}
		off += len(k.b)
		if off < len(all) && (!isBoundary(all, off) || (all[off-1] == '\r' && all[off] == '\n')) {
			t.Fatalf("chunk boundary at %d cuts %q", off, all[max(0, off-4):min(len(all), off+4)])
		}
	}
}

// TestTextLongLine edits a single 1 MiB line, where a whole line is many
// chunks, at both ends and in the middle.
func TestTextLongLine(t *testing.T) {
	line := bytes.Repeat([]byte("ab😀"), 1<<18/2)
	for _, enc := range encodings {
		text := NewText(line)
		want := bytes.Clone(line)
		m := New(want)
		for _, o := range []int{0, 1, len(want) / 2, len(want) - 6, len(want) + 2} {
			off := m.normalize(o)
			p := m.Position(off, enc)
			if got := text.Offset(p, enc); got != off {
				t.Fatalf("%v: Offset(%+v) = %d, want %d", enc, p, got, off)
			}
			text.Replace(Range{p, p}, enc, "X")
			want = append(want[:off:off], append([]byte("X"), want[off:]...)...)
			m = New(want)
		}
		if !bytes.Equal(text.Bytes(), want) {
			t.Fatalf("%v: texts differ", enc)
		}
	}
}

// FuzzText runs edits read from the fuzzer's bytes against the same edits
// through Mapper.
func FuzzText(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add([]byte(s), []byte{1, 2, 3, 4, 5, 6, 7, 8}, uint8(5))
	}
	f.Fuzz(func(t *testing.T, src, script []byte, target uint8) {
		text := newText(src, 4+int(target%32))
		want := bytes.Clone(src)
		for i := 0; i+5 <= len(script); i += 5 {
			enc := encodings[int(script[i])%len(encodings)]
			pos := func(a, b byte) Position { return Position{int(int8(a)) % 8, int(b) % 40} }
			r := Range{pos(script[i+1], script[i+2]), pos(script[i+3], script[i+4])}
			s := editPieces[int(script[i])%len(editPieces)]
			m := New(want)
			start, end := m.OffsetRange(r, enc)
			want = append(want[:start:start], append([]byte(s), want[end:]...)...)
			text.Replace(r, enc, s)
		}
		if got := text.Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
		checkChunks(t, text)
	})
}
