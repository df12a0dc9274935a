package position

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// trickyTexts exercise every terminator, every UTF-8 sequence length and
// every kind of invalid input; they seed the fuzzer too.
var trickyTexts = []string{
	"",
	"a",
	"\n",
	"\r",
	"\r\n",
	"\n\r",
	"\r\r\n\n\r",
	"abc",
	"abc\n",
	"line one\nline two\n",
	"ab\r\ncd\r\n",
	"a\rb\r",
	"a\nb\r\nc\rd",
	"😀x\n",
	"ab\n😀😀c",
	"a𐐀b",
	"é!",
	"中文x",
	"café\r\n中文 😀 text\rmore 𐐀\n",
	"a\xffb\xc3",
	"\xe4\xb8x",
	"é\x80z",
	"\xed\xa0\x80z",
	"\xc0\xaf\xf8\x88\x80\x80\x80",
	"\xf0\x9f\x98",
	"\xf0\x9f\x98\r\n\xf0\x9f\x98\x80",
	"x\r\xe4\xb8\xad\r\n\xe2\x82",
	"plain ascii line that is longer than eight bytes\nand 😀 one more",
	"{++inserted++} {--deleted--} {~~old~>new~~} {==hi==}{>>note<<}\n",
}

// reference is a deliberately naive model of the mapping, written from the
// LSP rules without any of the Mapper's shortcuts, for checking it against.
type reference struct {
	pos      []Position // Position of every offset in [0, len(src)]
	boundary []bool     // offset starts a character (or is len(src))
	lineEnd  []int      // end of each line's content
	lines    [][]int    // boundary offsets within each line's content
}

func newReference(src []byte, enc Encoding) *reference {
	r := &reference{
		pos:      make([]Position, len(src)+1),
		boundary: make([]bool, len(src)+1),
	}
	line, char := 0, 0
	r.lines = [][]int{nil}
	for i := 0; ; {
		r.pos[i] = Position{line, char}
		r.boundary[i] = true
		r.lines[line] = append(r.lines[line], i)
		if i == len(src) {
			r.lineEnd = append(r.lineEnd, i)
			break
		}
		size, units := 1, 1
		switch c := src[i]; {
		case c == '\r' && i+1 < len(src) && src[i+1] == '\n':
			r.pos[i+1] = Position{line, char} // no inside: the CR's position
			size = 2
			fallthrough
		case c == '\n' || c == '\r':
			r.lineEnd = append(r.lineEnd, i)
			i += size
			line, char = line+1, 0
			r.lines = append(r.lines, nil)
			continue
		}
		ch, n := utf8.DecodeRune(src[i:])
		size = n
		switch {
		case enc == UTF8:
			units = n
		case enc == UTF16 && ch >= 0x10000:
			units = 2
		}
		for k := 1; k < size; k++ {
			r.pos[i+k] = Position{line, char}
		}
		i += size
		char += units
	}
	return r
}

// offset is the documented Offset rule: the last character boundary on the
// line whose position is not after p, clamped to the text.
func (r *reference) offset(p Position) int {
	switch {
	case p.Line < 0:
		return 0
	case p.Line >= len(r.lines):
		return len(r.pos) - 1
	}
	best := r.lines[p.Line][0]
	for _, off := range r.lines[p.Line] {
		if r.pos[off].Character <= p.Character {
			best = off
		}
	}
	return best
}

// checkAgainstReference compares every offset and every position near the
// text against the reference model.
func checkAgainstReference(t *testing.T, src []byte) {
	t.Helper()
	m := New(src)
	for _, enc := range encodings {
		r := newReference(src, enc)
		if m.LineCount() != len(r.lines) {
			t.Fatalf("%q: LineCount = %d, want %d", src, m.LineCount(), len(r.lines))
		}
		for line := range r.lines {
			if got := m.LineEnd(line); got != r.lineEnd[line] {
				t.Fatalf("%q: LineEnd(%d) = %d, want %d", src, line, got, r.lineEnd[line])
			}
		}
		for off := -2; off <= len(src)+2; off++ {
			want := r.pos[min(max(off, 0), len(src))]
			got := m.Position(off, enc)
			if got != want {
				t.Fatalf("%q: Position(%d, %v) = %+v, want %+v", src, off, enc, got, want)
			}
			if off < 0 || off > len(src) || !r.boundary[off] {
				continue
			}
			if back := m.Offset(got, enc); back != off {
				t.Fatalf("%q: Offset(Position(%d, %v) = %+v) = %d, want %d",
					src, off, enc, got, back, off)
			}
		}
		for line := -1; line <= len(r.lines); line++ {
			for char := -1; char <= len(src)+2; char++ {
				p := Position{line, char}
				if got, want := m.Offset(p, enc), r.offset(p); got != want {
					t.Fatalf("%q: Offset(%+v, %v) = %d, want %d", src, p, enc, got, want)
				}
			}
		}
	}
}

// TestRoundTrip checks, for every character-boundary offset of the tricky
// texts in every encoding, that Offset(Position(off)) == off, and that both
// directions agree with the naive reference everywhere else.
func TestRoundTrip(t *testing.T) {
	for _, s := range trickyTexts {
		checkAgainstReference(t, []byte(s))
	}
}

// isBoundary reports whether off is not in the middle of a valid multi-byte
// UTF-8 sequence, using only the utf8 package's decoding rules.
func isBoundary(src []byte, off int) bool {
	for k := 1; k < utf8.UTFMax && off-k >= 0; k++ {
		if utf8.RuneStart(src[off-k]) {
			_, size := utf8.DecodeRune(src[off-k:])
			return size <= k
		}
	}
	return true
}

func FuzzMapper(f *testing.F) {
	for i, s := range trickyTexts {
		f.Add([]byte(s), i%3, i, len(s)/2)
		f.Add([]byte(s), -1, -1, -1)
		f.Add([]byte(s), i, 1<<40, len(s)+1)
	}
	f.Fuzz(func(t *testing.T, src []byte, line, char, off int) {
		m := New(src)
		for _, enc := range encodings {
			p := m.Position(off, enc)
			if p.Line < 0 || p.Line >= m.LineCount() || p.Character < 0 {
				t.Fatalf("Position(%d, %v) = %+v out of range", off, enc, p)
			}
			got := m.Offset(Position{line, char}, enc)
			if got < 0 || got > len(src) {
				t.Fatalf("Offset({%d %d}, %v) = %d out of [0, %d]", line, char, enc, got, len(src))
			}
			if !isBoundary(src, got) {
				t.Fatalf("Offset({%d %d}, %v) = %d inside a character", line, char, enc, got)
			}
			if back := m.Offset(m.Position(got, enc), enc); back != got {
				t.Fatalf("Offset(Position(%d, %v)) = %d", got, enc, back)
			}
			if o := min(max(off, 0), len(src)); isBoundary(src, o) &&
				!(o > 0 && o < len(src) && src[o-1] == '\r' && src[o] == '\n') {
				if back := m.Offset(m.Position(o, enc), enc); back != o {
					t.Fatalf("Offset(Position(%d, %v)) = %d", o, enc, back)
				}
			}
		}
		if len(src) <= 64 {
			checkAgainstReference(t, src)
		}
	})
}

// TestLargeText checks both ways of building the line table (the "\n"-only
// scan and the one for lone '\r') on texts long enough to have thousands of
// lines, against the reference model.
func TestLargeText(t *testing.T) {
	lf := benchText(false)[:1<<16]
	crlf := benchText(true)[:1<<16]
	loneCR := bytes.Clone(crlf)
	for i := 100; i+1 < len(loneCR); i += 997 {
		if loneCR[i] == '\n' {
			loneCR[i] = 'x' // leaves a lone '\r'
		}
		loneCR[i+1] = '\r'
	}
	for _, src := range [][]byte{lf, crlf, loneCR} {
		m := New(src)
		for _, enc := range encodings {
			r := newReference(src, enc)
			if m.LineCount() != len(r.lines) {
				t.Fatalf("LineCount = %d, want %d", m.LineCount(), len(r.lines))
			}
			for line, offs := range r.lines {
				if m.LineStart(line) != offs[0] || m.LineEnd(line) != r.lineEnd[line] {
					t.Fatalf("line %d: [%d, %d), want [%d, %d)", line,
						m.LineStart(line), m.LineEnd(line), offs[0], r.lineEnd[line])
				}
			}
			for off := range r.pos {
				if got := m.Position(off, enc); got != r.pos[off] {
					t.Fatalf("Position(%d, %v) = %+v, want %+v", off, enc, got, r.pos[off])
				}
				if r.boundary[off] {
					if back := m.Offset(r.pos[off], enc); back != off {
						t.Fatalf("Offset(%+v, %v) = %d, want %d", r.pos[off], enc, back, off)
					}
				}
			}
		}
	}
}
