package frontmatter

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/span"
)

// Block is where the front matter lies in the source. It holds spans, not
// text, so that callers can slice, report and edit the source without
// re-scanning it.
type Block struct {
	// Span covers the whole block: the opening line, the YAML text and the
	// closing line with its line break. A byte order mark before the
	// opening line is not part of it, so deleting Span keeps the file's
	// encoding mark.
	Span span.Span
	// Body is the YAML text between the delimiter lines, from the byte
	// after the opening line's line break to the first byte of the closing
	// line.
	Body span.Span
	// Closed is false when no closing line follows the opening one; Body
	// and Span then run to the end of the source.
	Closed bool
}

// bom is the UTF-8 byte order mark, which some editors write at the start
// of a file and which must not hide the opening line.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Find locates the front matter at the start of src. It returns false when
// the first line is not an opening "---" line. Find only reads the block
// itself, so skipping the front matter of a long article costs nothing; an
// unclosed block, which has no end to stop at, is the one case that reads
// to the end of src.
func Find(src []byte) (Block, bool) {
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	bodyStart, ok := delimiterLine(src, start, '-')
	if !ok {
		return Block{}, false
	}
	for line := bodyStart; line < len(src); {
		if next, ok := delimiterLine(src, line, '-'); ok {
			return Block{Span: span.Span{Start: start, End: next}, Body: span.Span{Start: bodyStart, End: line}, Closed: true}, true
		}
		if next, ok := delimiterLine(src, line, '.'); ok {
			return Block{Span: span.Span{Start: start, End: next}, Body: span.Span{Start: bodyStart, End: line}, Closed: true}, true
		}
		nl := bytes.IndexByte(src[line:], '\n')
		if nl < 0 {
			break
		}
		line += nl + 1
	}
	return Block{Span: span.Span{Start: start, End: len(src)}, Body: span.Span{Start: bodyStart, End: len(src)}}, true
}

// delimiterLine reports whether the line starting at off is three c bytes
// followed only by spaces and tabs, and returns the offset just past its
// line break (or the end of src, for a last line without one).
func delimiterLine(src []byte, off int, c byte) (next int, ok bool) {
	if len(src)-off < 3 || src[off] != c || src[off+1] != c || src[off+2] != c {
		return 0, false
	}
	i := off + 3
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	switch {
	case i == len(src):
		return i, true
	case src[i] == '\n':
		return i + 1, true
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return i + 2, true
	}
	return 0, false
}
