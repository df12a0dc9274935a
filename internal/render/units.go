package render

import (
	"bytes"
	"strings"
)

// goldmark builds a tree of the whole document before it writes a byte,
// at 100 to 500 bytes of memory per byte of dense Markdown ("[[[[", "a\n\n",
// "*a* "), and some of its algorithms are quadratic in one block (deep
// nesting on one line: "> > > >", "- - - -"; unmatched openers and
// closers: "*a_ ", "[a](b"). So the page is rendered in units: runs of
// whole top-level blocks, each within the limits below, each parsed and
// written before the next. A block that alone exceeds them is not handed to
// goldmark at all: it is shown as the text it is, in a <pre>, with a note
// that says so. The limits are counts, never time, so a page is a function
// of the article alone, and they are far above what an article holds: a
// news story's paragraph is a few hundred bytes with a few dozen
// punctuation marks.
const (
	unitBytes = 64 << 10 // bytes of one unit
	unitPunct = 4096     // ASCII punctuation outside code fences
)

// unit is a part of the buffer rendered on its own.
type unit struct {
	start, end int
	plain      bool // over the limits: shown as text
	refs       bool // may hold link reference definitions
}

// piece is a run of lines that cannot be split from the next: a block, or
// blocks that a blank line does not separate for sure.
type piece struct {
	start, end, punct int
	refs              bool
}

// splitUnits cuts buf into units. It reads just enough of CommonMark's
// block structure to find blank lines that end every open block: not
// inside a fenced code block or an HTML block that may hold blank lines,
// and not before a list item or an indented line, which may continue a
// list. When it cannot tell, it does not split there, which is always
// correct and only makes the unit larger.
func splitUnits(buf []byte) []unit {
	var units []unit
	cur := unit{}
	punct := 0
	flush := func() {
		if cur.end > cur.start {
			units = append(units, cur)
		}
		cur = unit{start: cur.end, end: cur.end}
		punct = 0
	}
	forEachPiece(buf, func(pc piece) {
		if pc.end-pc.start > unitBytes || pc.punct > unitPunct {
			flush()
			units = append(units, unit{start: pc.start, end: pc.end, plain: true})
			cur = unit{start: pc.end, end: pc.end}
			return
		}
		if pc.end-cur.start > unitBytes || punct+pc.punct > unitPunct {
			flush()
		}
		cur.end = pc.end
		cur.refs = cur.refs || pc.refs
		punct += pc.punct
	})
	flush()
	return units
}

// forEachPiece calls f with each piece of buf, in order.
func forEachPiece(buf []byte, f func(piece)) {
	var s scanner
	pc := piece{}
	blankBefore := false
	for at := 0; at < len(buf); {
		end := bytes.IndexByte(buf[at:], '\n') + 1
		if end == 0 {
			end = len(buf) - at
		}
		line := buf[at : at+end]
		if blankBefore && at > pc.start && s.closed() && splitsBefore(line) {
			pc.end = at
			f(pc)
			pc = piece{start: at}
		}
		inCode := s.fence != 0
		s.line(line)
		if !inCode && s.fence == 0 {
			pc.punct += countPunct(line)
		}
		pc.refs = pc.refs || startsRef(line)
		blankBefore = isBlank(line)
		at += end
	}
	pc.end = len(buf)
	if pc.end > pc.start {
		f(pc)
	}
}

// scanner follows the blocks that can hold blank lines: fenced code and
// HTML blocks of CommonMark's kinds 1 to 5.
type scanner struct {
	fence    byte // '`' or '~' while a fence is open
	fenceLen int
	htmlEnd  []byte // what ends the open HTML block, lower case
}

func (s *scanner) closed() bool { return s.fence == 0 && s.htmlEnd == nil }

func (s *scanner) line(line []byte) {
	l := bytes.TrimLeft(line, " ")
	indent := len(line) - len(l)
	switch {
	case s.fence != 0:
		if n := run(l, s.fence); indent < 4 && n >= s.fenceLen && isBlank(l[n:]) {
			s.fence = 0
		}
	case s.htmlEnd != nil:
		if containsFold(line, s.htmlEnd) {
			s.htmlEnd = nil
		}
	case indent < 4 && len(l) > 0 && (l[0] == '`' || l[0] == '~'):
		if n := run(l, l[0]); n >= 3 && (l[0] == '~' || bytes.IndexByte(l[n:], '`') < 0) {
			s.fence, s.fenceLen = l[0], n
		}
	case indent < 4 && len(l) > 0 && l[0] == '<':
		if end := htmlEnd(l); end != nil && !containsFold(l[1:], end) {
			s.htmlEnd = end
		}
	}
}

// htmlEnd returns what ends an HTML block that line starts, for the kinds
// that may hold blank lines, or nil.
func htmlEnd(line []byte) []byte {
	lower := bytes.ToLower(line[:min(len(line), 12)])
	for _, tag := range []string{"script", "pre", "style", "textarea"} {
		if rest, ok := bytes.CutPrefix(lower, []byte("<"+tag)); ok && (len(rest) == 0 || strings.IndexByte(" \t\r\n>", rest[0]) >= 0) {
			return []byte("</" + tag + ">")
		}
	}
	switch {
	case bytes.HasPrefix(lower, []byte("<!--")):
		return []byte("-->")
	case bytes.HasPrefix(lower, []byte("<?")):
		return []byte("?>")
	case bytes.HasPrefix(lower, []byte("<![cdata[")):
		return []byte("]]>")
	case len(lower) > 2 && lower[1] == '!' && 'a' <= lower[2] && lower[2] <= 'z':
		return []byte(">")
	}
	return nil
}

// containsFold reports whether b contains the lower-case ASCII needle,
// ignoring case.
func containsFold(b, needle []byte) bool {
	for i := 0; i+len(needle) <= len(b); i++ {
		j := 0
		for j < len(needle) && lower(b[i+j]) == needle[j] {
			j++
		}
		if j == len(needle) {
			return true
		}
	}
	return false
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// splitsBefore reports whether a blank line before line ends every block
// but the ones the scanner follows: line starts at the margin and is no
// list item, which would continue a list.
func splitsBefore(line []byte) bool {
	if len(line) == 0 || isBlank(line) || line[0] == ' ' || line[0] == '\t' {
		return false
	}
	c := line[0]
	next := func(i int) bool {
		return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'
	}
	if (c == '-' || c == '+' || c == '*') && next(1) {
		return false
	}
	i := 0
	for i < len(line) && i < 9 && '0' <= line[i] && line[i] <= '9' {
		i++
	}
	return i == 0 || i >= len(line) || (line[i] != '.' && line[i] != ')') || !next(i+1)
}

// startsRef reports whether line may begin a link reference definition.
func startsRef(line []byte) bool {
	l := bytes.TrimLeft(line, " ")
	return len(line)-len(l) < 4 && len(l) > 0 && l[0] == '['
}

func run(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// countPunct counts the ASCII punctuation of line: every byte goldmark may
// build a node for, or nest a block with, is one.
func countPunct(line []byte) int {
	n := 0
	for _, c := range line {
		if isPunct[c] {
			n++
		}
	}
	return n
}

var isPunct = func() (t [256]bool) {
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		t[c] = true
	}
	return t
}()
