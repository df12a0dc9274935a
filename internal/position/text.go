package position

import (
	"bytes"
	"math"
	"slices"
	"unicode/utf8"
)

// Text is a document under a run of edits, each addressed by a Range in the
// text the one before left, as one LSP didChange carries them. Rebuilding a
// Mapper after every edit costs the whole document each time, so thousands
// of edits to a large document took seconds. A Text keeps the document in
// chunks of about the square root of its length (1 KiB for 1 MiB), each
// knowing its length, its line breaks and its UTF-16 and UTF-32 length, so
// that finding a Position costs one pass over the chunk list and a scan of
// the chunk where its line starts and of the one where it lands (the
// chunks of a line longer than a chunk in between are crossed whole), and
// an edit rewrites only the chunks it touches: O(chunk size + number of
// chunks) per edit.
//
// Positions resolve exactly as Mapper.Offset resolves them in the text as it
// stands, clamping included. A Text never modifies the bytes it was made
// from. It is not safe for concurrent use.
type Text struct {
	chunks []chunk
	target int // the chunk size aimed for; tests make it tiny
}

// chunk is a piece of the text. Its bytes are never modified once it is
// made, so a chunk may share them with the source. No chunk boundary falls
// between "\r" and "\n" or inside a valid UTF-8 sequence, so every count
// below is the same as it would be in the whole text.
type chunk struct {
	b      []byte
	breaks int  // line breaks ending in b
	cr     bool // b holds a "\r", so line breaks need more than a "\n" search
	// u16 and u32 are the length of b in UTF-16 and UTF-32 units, counted
	// the first time a position crosses the whole chunk (only a line longer
	// than a chunk needs them); -1 until then.
	u16, u32 int
}

// NewText returns a Text holding src, which it does not copy and never
// modifies.
func NewText(src []byte) *Text {
	return newText(src, chunkSize(len(src)))
}

// chunkSize picks the chunk size for a text of n bytes: an edit costs about
// one chunk scanned plus one step per chunk in the list, least when both
// are the square root of n (1 KiB for 1 MiB, 4 KiB for 16 MiB).
func chunkSize(n int) int {
	return max(minChunk, int(math.Sqrt(float64(n))))
}

// minChunk keeps small texts in a few chunks rather than many crumbs.
const minChunk = 512

func newText(src []byte, target int) *Text {
	t := &Text{target: max(target, 2*utf8.UTFMax)}
	t.chunks = t.split(src, nil)
	return t
}

// Len returns the length of the text in bytes.
func (t *Text) Len() int {
	n := 0
	for i := range t.chunks {
		n += len(t.chunks[i].b)
	}
	return n
}

// Bytes returns the text as one new slice.
func (t *Text) Bytes() []byte {
	out := make([]byte, 0, t.Len())
	for i := range t.chunks {
		out = append(out, t.chunks[i].b...)
	}
	return out
}

// Offset returns the byte offset of p, counted in enc, exactly as
// Mapper.Offset would return it for the current text.
func (t *Text) Offset(p Position, enc Encoding) int {
	return t.offsetOf(t.locate(p, enc, false))
}

// Replace replaces the text in r, whose positions are counted in enc, with
// s, and returns the byte offsets it replaced, in the text as it was. The
// range resolves as Mapper.OffsetRange resolves it: clamped, rounded
// outwards, and swapped when reversed.
func (t *Text) Replace(r Range, enc Encoding, s string) (startOff, endOff int) {
	r = r.ordered()
	start := t.locate(r.Start, enc, false)
	end := start
	if r.End != r.Start {
		end = t.locate(r.End, enc, true)
	}
	if end.before(start) {
		end = start
	}
	startOff, endOff = t.offsetOf(start), t.offsetOf(end)
	lo, hi := start.c, min(end.c+1, len(t.chunks))
	piece := make([]byte, 0, start.i+len(s)+t.target)
	if start.c < len(t.chunks) {
		piece = append(piece, t.chunks[start.c].b[:start.i]...)
	}
	piece = append(piece, s...)
	if end.c < len(t.chunks) {
		piece = append(piece, t.chunks[end.c].b[end.i:]...)
	}
	// A piece much smaller than a chunk joins a neighbour, so that many
	// small edits do not leave the list full of crumbs, and so that no
	// chunk beside another is shorter than a UTF-8 sequence: a boundary's
	// soundness then depends on its two chunks alone. Only a lone chunk
	// may be that short, and a piece put after it (at the end of the
	// text) takes it in.
	if len(piece) < max(t.target/4, utf8.UTFMax) || lo > 0 && len(t.chunks[lo-1].b) < utf8.UTFMax {
		switch {
		case hi < len(t.chunks):
			piece = append(piece, t.chunks[hi].b...)
			hi++
		case lo > 0:
			piece = append(slices.Clip(t.chunks[lo-1].b), piece...)
			lo--
		}
	}
	pieces := t.split(piece, nil)
	t.chunks = slices.Replace(t.chunks, lo, hi, pieces...)
	// The piece's own cuts are sound. Its two ends may not be: it may
	// start with s, whose first bytes can complete a "\r\n" or a UTF-8
	// sequence with the chunk before, and it may end with s, or with a
	// byte or two left of the chunk the range ended in, that now begin a
	// sequence the chunk after completes. The end first, so that the index
	// of the start stays put.
	t.repair(lo + len(pieces))
	t.repair(lo)
	return startOff, endOff
}

// offsetOf returns the byte offset of l.
func (t *Text) offsetOf(l loc) int {
	n := l.i
	for i := range l.c {
		n += len(t.chunks[i].b)
	}
	return n
}

// loc is a place in a Text: byte i of chunk c. It is kept normalised, i <
// len(chunks[c].b), except at the end of the text, which is {len(chunks),
// 0}, so that each place has one loc and locs compare in order.
type loc struct{ c, i int }

func (a loc) before(b loc) bool { return a.c < b.c || (a.c == b.c && a.i < b.i) }

func (t *Text) norm(l loc) loc {
	for l.c < len(t.chunks) && l.i >= len(t.chunks[l.c].b) {
		l = loc{l.c + 1, 0}
	}
	return l
}

// locate resolves p by the rules of Mapper.Offset, or with up by those of
// the end of a range in Mapper.OffsetRange: a p inside a character gives its
// end.
func (t *Text) locate(p Position, enc Encoding, up bool) loc {
	if p.Line < 0 {
		return t.norm(loc{})
	}
	l, ok := t.lineStart(p.Line)
	if !ok {
		return loc{len(t.chunks), 0}
	}
	if p.Character <= 0 {
		return l
	}
	return t.walk(l, p.Character, enc, up)
}

// lineStart returns where line starts, or false when the text has fewer
// lines.
func (t *Text) lineStart(line int) (loc, bool) {
	if line == 0 {
		return t.norm(loc{}), true
	}
	seen := 0
	for c := range t.chunks {
		k := &t.chunks[c]
		if seen+k.breaks >= line {
			return t.norm(loc{c, nthLineStart(k.b, line-seen, k.cr)}), true
		}
		seen += k.breaks
	}
	return loc{}, false
}

// walk moves from l, the start of a line, to the last character boundary
// whose column does not pass char (with up, the first that reaches it),
// stopping at the end of the line's content.
func (t *Text) walk(l loc, char int, enc Encoding, up bool) loc {
	n := 0
	for c, i := l.c, l.i; c < len(t.chunks); c, i = c+1, 0 {
		k := &t.chunks[c]
		if i == 0 && k.breaks == 0 {
			if u := k.units(enc); n+u <= char {
				n += u // the whole chunk lies before char
				continue
			}
		}
		for b := k.b; i < len(b); {
			ch := b[i]
			if ch == '\n' || ch == '\r' {
				return loc{c, i}
			}
			size, w := 1, 1
			if ch >= utf8.RuneSelf {
				_, size = utf8.DecodeRune(b[i:])
				w = unitsOf(size, enc)
			}
			if n+w > char {
				if up && n < char {
					return t.norm(loc{c, i + size})
				}
				return loc{c, i}
			}
			n += w
			i += size
		}
	}
	return loc{len(t.chunks), 0}
}

// unitsOf returns the enc units of a character that took size bytes.
func unitsOf(size int, enc Encoding) int {
	switch enc {
	case UTF8:
		return size
	case UTF32:
		return 1
	}
	return utf16Len(size)
}

func (k *chunk) units(enc Encoding) int {
	switch enc {
	case UTF8:
		return len(k.b)
	case UTF32:
		if k.u32 < 0 {
			k.u32 = count(k.b, UTF32)
		}
		return k.u32
	}
	if k.u16 < 0 {
		k.u16 = count(k.b, UTF16)
	}
	return k.u16
}

// nthLineStart returns the offset just past the n-th line break in b (n >=
// 1), or len(b) when b holds fewer. A "\r" at the end of b is a break of
// its own: no chunk boundary falls inside "\r\n".
func nthLineStart(b []byte, n int, cr bool) int {
	if !cr {
		for i := 0; ; {
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				return len(b)
			}
			i += j + 1
			if n--; n == 0 {
				return i
			}
		}
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		default:
			continue
		}
		if n--; n == 0 {
			return i + 1
		}
	}
	return len(b)
}

func newChunk(b []byte) chunk {
	k := chunk{b: b, breaks: bytes.Count(b, []byte{'\n'}), u16: -1, u32: -1}
	if bytes.IndexByte(b, '\r') >= 0 {
		k.cr = true
		k.breaks += bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
	}
	return k
}

// split appends to out the chunks of b, cut about every target bytes at
// places where no line break or character is cut in two.
func (t *Text) split(b []byte, out []chunk) []chunk {
	for len(b) > 2*t.target {
		cut := t.target
		cut -= insideRune(b, cut)
		if b[cut-1] == '\r' && b[cut] == '\n' {
			cut++
		}
		out = append(out, newChunk(b[:cut:cut]))
		b = b[cut:]
	}
	if len(b) > 0 {
		out = append(out, newChunk(b[:len(b):len(b)]))
	}
	return out
}

// repair makes the boundary before chunk c sound again after an edit put
// new bytes beside it: it moves a "\n" that follows a "\r", or the rest of
// a UTF-8 sequence, from chunk c to the one before. If that would leave
// chunk c shorter than a UTF-8 sequence, all of it moves and chunk c is
// dropped, and the boundary after it is looked at in turn.
//
// A sequence is at most four bytes, and no chunk beside another is
// shorter, so the three bytes before the boundary and the three after are
// in chunks c-1 and c.
func (t *Text) repair(c int) {
	for c > 0 && c < len(t.chunks) {
		left, right := t.chunks[c-1].b, t.chunks[c].b
		var w [2 * utf8.UTFMax]byte
		tail := left[max(0, len(left)-utf8.UTFMax+1):]
		win := append(append(w[:0], tail...), right[:min(len(right), utf8.UTFMax-1)]...)
		move := 0
		if left[len(left)-1] == '\r' && right[0] == '\n' {
			move = 1
		} else if k := insideRune(win, len(tail)); k > 0 {
			_, size := utf8.DecodeRune(win[len(tail)-k:])
			move = size - k
		}
		if move == 0 {
			return
		}
		if len(right)-move < utf8.UTFMax {
			move = len(right)
		}
		joined := append(slices.Clip(left), right[:move]...)
		t.chunks[c-1] = newChunk(joined)
		if move < len(right) {
			t.chunks[c] = newChunk(right[move:])
			return
		}
		t.chunks = slices.Delete(t.chunks, c, c+1)
	}
}
