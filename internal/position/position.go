package position

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Encoding is the unit a client counts characters in. It exists because LSP
// lets client and server negotiate it, and the same byte offset is a
// different character number in each. Values other than the constants below
// are treated as UTF16, the LSP default.
type Encoding int

const (
	// UTF16 counts UTF-16 code units. It is the zero value because LSP
	// requires servers to assume it unless another encoding was negotiated.
	UTF16 Encoding = iota
	// UTF8 counts bytes, which makes conversion cheapest when a client
	// offers it.
	UTF8
	// UTF32 counts Unicode code points.
	UTF32
)

// ParseEncoding maps an LSP PositionEncodingKind ("utf-8", "utf-16",
// "utf-32") to an Encoding, so the server can pick one from the client's
// offered list; ok is false for anything else.
func ParseEncoding(s string) (e Encoding, ok bool) {
	switch s {
	case "utf-16":
		return UTF16, true
	case "utf-8":
		return UTF8, true
	case "utf-32":
		return UTF32, true
	}
	return UTF16, false
}

// String returns the LSP PositionEncodingKind name, so the negotiated
// encoding can be echoed back to the client verbatim.
func (e Encoding) String() string {
	switch e {
	case UTF16:
		return "utf-16"
	case UTF8:
		return "utf-8"
	case UTF32:
		return "utf-32"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// Position is a 0-based line and a 0-based character counted in some
// Encoding's units, mirroring the LSP Position so handlers can copy it
// field for field.
type Position struct {
	Line, Character int
}

// Range is a pair of Positions, mirroring the LSP Range; End is exclusive.
type Range struct {
	Start, End Position
}

// Mapper converts between byte offsets and Positions for one version of a
// document. It records where lines start once, so that each conversion only
// has to look at one line. It keeps a reference to the source rather than a
// copy, so the source must not change while the Mapper is in use. A Mapper
// must come from New, and is read-only afterwards, so it is safe for
// concurrent use.
type Mapper struct {
	src []byte
	// lines holds the byte offset at which each line starts; lines[0] is 0
	// and there is always one more entry than there are line terminators,
	// as LSP counts an empty line after a trailing terminator.
	lines []int
}

// New builds a Mapper over src, splitting lines exactly where LSP does: at
// "\n", "\r\n" and a lone "\r".
func New(src []byte) *Mapper {
	// Counting first costs little next to the scan and lets the line table
	// be allocated once, at its exact size.
	lfs := bytes.Count(src, []byte{'\n'})
	crs := bytes.Count(src, []byte{'\r'})
	lines := make([]int, 1, lfs+1)
	// Fast path: if every '\r' is part of a "\r\n", which holds for both
	// Unix and Windows files, lines start exactly after each '\n', and one
	// vectorised search per line finds them.
	pairs := 0
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		if crs > 0 && j > 0 && src[i+j-1] == '\r' {
			pairs++
		}
		i += j + 1
		lines = append(lines, i)
	}
	if pairs == crs {
		return &Mapper{src: src, lines: lines}
	}
	return &Mapper{src: src, lines: scanLines(src, lines[:1:1], lfs+crs-pairs+1)}
}

// Edited returns the Mapper of src, which must be m's text with the
// bytes [start, end) replaced by n bytes: the table New(src) builds, made
// from m's in time proportional to the number of lines and n instead of
// the length of the text. A 1 MiB article's keystroke rebuilt its table in
// 65 µs, scanning every byte twice; this copies its 3,500 line starts.
// Arguments that do not describe such an edit get New(src).
func (m *Mapper) Edited(src []byte, start, end, n int) *Mapper {
	delta := n - (end - start)
	if start < 0 || end < start || end > len(m.src) || n < 0 || len(src) != len(m.src)+delta || n > editedScan {
		return New(src)
	}
	// Whether a line starts at p depends on the bytes at p-1 and p alone,
	// so only the starts from start to start+n can differ: those before
	// stay, those after move by delta.
	k, _ := slices.BinarySearch(m.lines, start)
	j, _ := slices.BinarySearch(m.lines, end+1)
	lines := make([]int, 0, k+len(m.lines)-j+n/8+2)
	lines = append(lines, m.lines[:k]...)
	if k == 0 {
		lines = append(lines, 0)
	}
	for p := max(start, 1); p <= start+n; p++ {
		if c := src[p-1]; c == '\n' || c == '\r' && (p == len(src) || src[p] != '\n') {
			lines = append(lines, p)
		}
	}
	for _, l := range m.lines[j:] {
		lines = append(lines, l+delta)
	}
	return &Mapper{src: src, lines: lines}
}

// editedScan is the most bytes Edited looks at one by one: more, a paste
// of a chapter, and New's vectorised scan of the whole text is as quick.
const editedScan = 4 << 10

// scanLines appends to lines the start of every line after the first, for
// text that has a lone '\r' somewhere; n is the final number of lines.
func scanLines(src []byte, lines []int, n int) []int {
	lines = slices.Grow(lines, n-len(lines))
	lf, cr := nextByte(src, 0, '\n'), nextByte(src, 0, '\r')
	for {
		var start int
		switch {
		case lf >= 0 && (cr < 0 || lf < cr):
			start = lf + 1
		case cr >= 0:
			start = cr + 1
			if start < len(src) && src[start] == '\n' {
				start++
			}
		default:
			return lines
		}
		lines = append(lines, start)
		if lf >= 0 && lf < start {
			lf = nextByte(src, start, '\n')
		}
		if cr >= 0 && cr < start {
			cr = nextByte(src, start, '\r')
		}
	}
}

// nextByte returns the offset of the first c in src at or after from, or -1.
func nextByte(src []byte, from int, c byte) int {
	i := bytes.IndexByte(src[from:], c)
	if i < 0 {
		return -1
	}
	return from + i
}

// LineCount returns the number of lines as LSP counts them: one more than
// the number of line terminators, so an empty document has one line.
func (m *Mapper) LineCount() int {
	return len(m.lines)
}

// LineStart returns the byte offset at which line (0-based) starts. Like
// Offset, it clamps instead of failing: a negative line gives 0 and a line
// past the last gives len(src).
func (m *Mapper) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lines) {
		return len(m.src)
	}
	return m.lines[line]
}

// LineEnd returns the byte offset just past the content of line (0-based),
// before its terminator, since LSP treats the terminator as not addressable
// by a character. Out-of-range lines clamp as in LineStart.
func (m *Mapper) LineEnd(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lines) {
		return len(m.src)
	}
	if line+1 == len(m.lines) {
		return len(m.src)
	}
	end := m.lines[line+1] - 1 // the terminator's last byte
	if m.src[end] == '\n' && end > m.lines[line] && m.src[end-1] == '\r' {
		end--
	}
	return end
}

// line returns the 0-based line containing off, which must be in
// [0, len(src)].
func (m *Mapper) line(off int) int {
	i, found := slices.BinarySearch(m.lines, off)
	if !found {
		i--
	}
	return i
}

// normalize clamps off into the source and moves it back to the start of the
// character containing it, so that every offset has exactly one Position and
// that Position round-trips. An offset between "\r" and "\n" moves back to the
// "\r", because the pair is one terminator and has no inside.
func (m *Mapper) normalize(off int) int { return normalize(m.src, off) }

// normalize is Mapper.normalize for the text src.
func normalize(src []byte, off int) int {
	if off <= 0 {
		return 0
	}
	if off >= len(src) {
		return len(src)
	}
	c := src[off]
	if c == '\n' {
		if src[off-1] == '\r' {
			return off - 1
		}
		return off
	}
	if utf8.RuneStart(c) {
		return off
	}
	return off - insideRune(src, off)
}

// insideRune returns how many bytes into a valid multi-byte sequence the
// continuation byte at src[off] lies, or 0 if it starts a character of its
// own (an invalid byte, which counts as one character).
func insideRune(src []byte, off int) int {
	for k := 1; k < utf8.UTFMax && off-k >= 0; k++ {
		if utf8.RuneStart(src[off-k]) {
			if _, size := utf8.DecodeRune(src[off-k:]); size > k {
				return k
			}
			return 0
		}
	}
	return 0
}

// Position returns the Position of the character at or containing byte
// offset off, counting characters in enc. Offsets outside the source are
// clamped, so callers need not validate offsets that came from a stale parse.
func (m *Mapper) Position(off int, enc Encoding) Position {
	off = m.normalize(off)
	line := m.line(off)
	return Position{Line: line, Character: count(m.src[m.lines[line]:off], enc)}
}

// count returns the number of enc units in b, which must not end inside a
// valid multi-byte sequence. Each invalid byte counts as one unit in every
// encoding, as the U+FFFD that a client decoding the same bytes would see.
func count(b []byte, enc Encoding) int {
	if enc == UTF8 {
		return len(b)
	}
	k := asciiPrefix(b)
	if k == len(b) {
		return k
	}
	if enc == UTF32 {
		return k + utf8.RuneCount(b[k:])
	}
	n := k
	for i := k; i < len(b); {
		if b[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
		n += utf16Len(size)
	}
	return n
}

// utf16Len returns the UTF-16 units for a character whose UTF-8 decoding
// took size bytes: only valid 4-byte sequences (U+10000 and above) need a
// surrogate pair.
func utf16Len(size int) int {
	if size == 4 {
		return 2
	}
	return 1
}

// asciiPrefix returns the length of the longest all-ASCII prefix of b. Most
// article lines are ASCII up to the offset, and for them the unit count is
// the byte count in every encoding; checking eight bytes at a time makes that
// fast path nearly free.
func asciiPrefix(b []byte) int {
	const hi = 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&hi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// Offset returns the byte offset of p, whose character is counted in enc. It
// never fails, because client positions may be stale: a negative line gives
// 0, a line past the last gives len(src), a negative character gives the
// start of the line, a character past the end of the line gives the end of
// its content (LSP says it defaults back to the line length), and a
// character that falls inside a character, such as between the two halves
// of a UTF-16 surrogate pair, gives the start of that character.
func (m *Mapper) Offset(p Position, enc Encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(m.lines) {
		return len(m.src)
	}
	start, end := m.lines[p.Line], m.LineEnd(p.Line)
	char := p.Character
	if char <= 0 {
		return start
	}
	line := m.src[start:end]
	if char >= len(line) {
		// No character takes more units than bytes in any encoding, so
		// a line has at most len(line) units and char is past its end.
		return end
	}
	if enc == UTF8 {
		return start + char - insideRuneBounded(line, char)
	}
	k := asciiPrefix(line[:char])
	if k == char {
		return start + k
	}
	n := k
	for i := k; i < len(line); {
		size, w := 1, 1
		if line[i] >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(line[i:])
			if enc != UTF32 {
				w = utf16Len(size)
			}
		}
		if n+w > char {
			return start + i
		}
		n += w
		i += size
	}
	return end
}

// insideRuneBounded is insideRune for an offset into line, which is known to
// be a whole line's content so no sequence is cut at its edges.
func insideRuneBounded(line []byte, off int) int {
	if off >= len(line) || utf8.RuneStart(line[off]) {
		return 0
	}
	return insideRune(line, off)
}

// Range returns the Range covering the byte offsets [start, end). A reversed
// pair is swapped rather than rejected, so a Range's End is never before its
// Start.
func (m *Mapper) Range(start, end int, enc Encoding) Range {
	if end < start {
		start, end = end, start
	}
	return Range{Start: m.Position(start, enc), End: m.Position(end, enc)}
}

// OffsetRange returns the byte offsets of r, rounding outwards: a Start
// that falls inside a character moves back to its start, an End inside one
// moves on to its end, so that a selection ending between the two halves of
// a surrogate pair (Neovim 0.10 sends one when a selection ends in an emoji)
// takes in the whole emoji rather than leaving it out. An empty range (Start
// equal to End) is a cursor, not a selection: it rounds back, as Offset
// does, and stays empty. A reversed range is swapped, so that slicing the
// source with the result never panics.
func (m *Mapper) OffsetRange(r Range, enc Encoding) (start, end int) {
	r = r.ordered()
	start = m.Offset(r.Start, enc)
	if r.Start == r.End {
		return start, start
	}
	return start, max(start, m.offsetUp(r.End, enc))
}

// ordered returns r with its positions in document order.
func (r Range) ordered() Range {
	if r.End.Line < r.Start.Line || (r.End.Line == r.Start.Line && r.End.Character < r.Start.Character) {
		r.Start, r.End = r.End, r.Start
	}
	return r
}

// offsetUp is Offset rounding the other way: a character count that falls
// inside a character gives the end of that character.
func (m *Mapper) offsetUp(p Position, enc Encoding) int {
	off := m.Offset(p, enc)
	if p.Line < 0 || p.Line >= len(m.lines) || p.Character <= 0 || off >= m.LineEnd(p.Line) {
		return off
	}
	// Offset gave the start of the character holding p; p lies inside it
	// unless the units before off are exactly p's.
	if count(m.src[m.lines[p.Line]:off], enc) == p.Character {
		return off
	}
	_, size := utf8.DecodeRune(m.src[off:])
	return off + size
}

// LineCol returns the 1-based line and 1-based byte column of off, the form
// `path:line:col` uses in go vet and gcc output so that editors and terminals
// can jump to it. The offset is clamped and normalised as in Position.
func (m *Mapper) LineCol(off int) (line, col int) {
	off = m.normalize(off)
	l := m.line(off)
	return l + 1, off - m.lines[l] + 1
}

// Cursor converts a run of offsets that mostly increase, such as the
// ranges of diagnostics in order, in time proportional to the distance
// between them rather than to the length of their lines: publishing a
// thousand diagnostics on a book with long paragraphs would otherwise
// rescan each paragraph from its start twice per diagnostic. Any offset is
// accepted; one that goes back or past the line falls back to Position.
type Cursor struct {
	m     *Mapper
	enc   Encoding
	off   int // the last offset converted, normalized
	line  int
	units int
}

// Cursor returns a Cursor at the start of the source.
func (m *Mapper) Cursor(enc Encoding) *Cursor { return &Cursor{m: m, enc: enc} }

// Position returns what Mapper.Position returns for off.
func (c *Cursor) Position(off int) Position {
	m := c.m
	off = m.normalize(off)
	if off >= c.off && (c.line+1 >= len(m.lines) || off < m.lines[c.line+1]) {
		c.units += count(m.src[c.off:off], c.enc)
	} else {
		c.line = m.line(off)
		c.units = count(m.src[m.lines[c.line]:off], c.enc)
	}
	c.off = off
	return Position{Line: c.line, Character: c.units}
}

// Range returns what Mapper.Range returns for [start, end).
func (c *Cursor) Range(start, end int) Range {
	if end < start {
		start, end = end, start
	}
	return Range{Start: c.Position(start), End: c.Position(end)}
}
