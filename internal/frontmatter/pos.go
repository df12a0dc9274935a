package frontmatter

import (
	"strings"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/span"
	yaml "go.yaml.in/yaml/v3"
)

// The YAML library sees the body behind one synthetic "---" line (see
// Parse), so its line 1 is that line and its line 2 is the body's first.
const firstBodyLine = 2

// lineMap converts the YAML library's positions, 1-based lines and columns
// counted in characters, into byte offsets in src. The library keeps no byte
// offsets in its nodes, so this is the only way back to the source.
type lineMap struct {
	src  []byte
	body span.Span
	// starts holds the offset of every body line, split where the YAML
	// library splits lines; the last entry may be body.End.
	starts []int
}

func newLineMap(src []byte, body span.Span) *lineMap {
	m := &lineMap{src: src, body: body, starts: []int{body.Start}}
	for i := body.Start; i < body.End; {
		if n := m.breakLen(i); n > 0 {
			i += n
			m.starts = append(m.starts, i)
			continue
		}
		i++
	}
	return m
}

// breakLen returns the length of the line break at off, or 0. YAML 1.1,
// which the library implements, also breaks lines at a lone "\r", NEL,
// LINE SEPARATOR and PARAGRAPH SEPARATOR, so its line numbers count them.
func (m *lineMap) breakLen(off int) int {
	s, end := m.src, m.body.End
	if off >= end {
		return 0
	}
	switch s[off] {
	case '\n':
		return 1
	case '\r':
		if off+1 < end && s[off+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2:
		if off+1 < end && s[off+1] == 0x85 {
			return 2
		}
	case 0xE2:
		if off+2 < end && s[off+1] == 0x80 && (s[off+2] == 0xA8 || s[off+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// lineIndex returns the index in starts of YAML line line, clamped to the
// body's lines.
func (m *lineMap) lineIndex(line int) int {
	i := line - firstBodyLine
	if i < 0 {
		return 0
	}
	if i >= len(m.starts) {
		return len(m.starts) - 1
	}
	return i
}

// lineEnd returns the offset of the line break (or body end) that ends the
// line containing off.
func (m *lineMap) lineEnd(off int) int {
	for off < m.body.End && m.breakLen(off) == 0 {
		off++
	}
	return off
}

// nextLine returns the offset of the line after the one containing off, or
// body.End.
func (m *lineMap) nextLine(off int) int {
	off = m.lineEnd(off)
	return off + m.breakLen(off)
}

// offset converts a YAML line and column into a byte offset, never outside
// the body. The column counts characters, so the line is walked rune by rune.
func (m *lineMap) offset(line, col int) int {
	if line < firstBodyLine {
		return m.body.Start
	}
	if line-firstBodyLine >= len(m.starts) {
		return m.body.End
	}
	off := m.starts[line-firstBodyLine]
	for k := 1; k < col && off < m.body.End && m.breakLen(off) == 0; k++ {
		_, n := utf8.DecodeRune(m.src[off:m.body.End])
		off += n
	}
	return off
}

// lineContent returns the span of line i's text without its indentation,
// trailing blanks and line break: what an editor sees as "the line".
func (m *lineMap) lineContent(i int) span.Span {
	start := m.starts[i]
	end := m.lineEnd(start)
	for start < end && isBlank(m.src[start]) {
		start++
	}
	for end > start && isBlank(m.src[end-1]) {
		end--
	}
	return span.Span{Start: start, End: end}
}

// nearestContent returns the content of line i or, when it is blank, of the
// closest non-blank line before it, else after it: errors at the end of the
// stream are reported on a blank line but caused by the text above.
func (m *lineMap) nearestContent(i int) span.Span {
	if i < 0 {
		i = 0
	}
	if i >= len(m.starts) {
		i = len(m.starts) - 1
	}
	for j := i; j >= 0; j-- {
		if s := m.lineContent(j); !s.Empty() {
			return s
		}
	}
	for j := i + 1; j < len(m.starts); j++ {
		if s := m.lineContent(j); !s.Empty() {
			return s
		}
	}
	return span.Span{Start: m.body.Start, End: m.body.Start}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// nodeSpan returns the bytes of n's value as written: quotes, brackets and
// block scalar headers included, anchors and tags excluded. The library
// records only where a node starts, so the end is recovered from the source
// according to the node's style. It never follows an alias, which may point
// at its own ancestor.
func (m *lineMap) nodeSpan(n *yaml.Node) span.Span {
	start := m.offset(n.Line, n.Column)
	end := m.body.End
	s := m.src
	if n.Kind == yaml.AliasNode {
		return span.Span{Start: start, End: min(start+1+len(n.Value), end)}
	}
	if start < end && (s[start] == '&' || s[start] == '!') {
		start = m.skipProperties(start)
		if n.Kind == yaml.ScalarNode && n.Value == "" && !m.startsScalar(start) {
			return span.Span{Start: start, End: start}
		}
		start = m.skipSpace(start)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return span.Span{Start: start, End: m.scalarEnd(n, start)}
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		e := start
		for _, c := range n.Content {
			if c == nil {
				continue
			}
			if ce := m.nodeSpan(c).End; ce > e {
				e = ce
			}
		}
		if start < end && (s[start] == '[' || s[start] == '{') {
			e = m.flowEnd(max(e, start+1))
		}
		return span.Span{Start: start, End: e}
	}
	return span.Span{Start: start, End: start}
}

// startsScalar reports whether a quoted or block scalar starts at off: the
// only empty scalars that have any bytes.
func (m *lineMap) startsScalar(off int) bool {
	if off >= m.body.End {
		return false
	}
	switch m.src[off] {
	case '"', '\'', '|', '>':
		return true
	}
	return false
}

// skipProperties skips anchors ("&name") and tags ("!tag") and the blanks
// after them.
func (m *lineMap) skipProperties(off int) int {
	s, end := m.src, m.body.End
	for off < end && (s[off] == '&' || s[off] == '!') {
		for off < end && !isBlank(s[off]) && m.breakLen(off) == 0 {
			off++
		}
		for off < end && isBlank(s[off]) {
			off++
		}
	}
	return off
}

// skipSpace skips blanks, line breaks and comments up to the next content.
func (m *lineMap) skipSpace(off int) int {
	s, end := m.src, m.body.End
	for off < end {
		switch {
		case isBlank(s[off]):
			off++
		case s[off] == '#':
			off = m.lineEnd(off)
		case m.breakLen(off) > 0:
			off += m.breakLen(off)
		default:
			return off
		}
	}
	return off
}

// flowEnd returns the offset just past the bracket that closes a flow
// collection whose last entry ends at off.
func (m *lineMap) flowEnd(off int) int {
	s, end := m.src, m.body.End
	for off < end {
		switch c := s[off]; {
		case c == ']' || c == '}':
			return off + 1
		case c == ',' || c == ':' || c == '?':
			off++
		case isBlank(c) || c == '#' || m.breakLen(off) > 0:
			next := m.skipSpace(off)
			if next == off {
				return off
			}
			off = next
		default:
			return off
		}
	}
	return off
}

// scalarEnd returns the end of the scalar n that starts at start.
func (m *lineMap) scalarEnd(n *yaml.Node, start int) int {
	s, end := m.src, m.body.End
	if start >= end {
		return start
	}
	switch s[start] {
	case '"':
		for i := start + 1; i < end; i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return end
	case '\'':
		for i := start + 1; i < end; i++ {
			if s[i] == '\'' {
				if i+1 < end && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return end
	case '|', '>':
		return m.blockScalarEnd(start)
	}
	return m.plainEnd(n.Value, start)
}

// plainEnd returns the end of a plain scalar whose value is v. A plain
// scalar has no escapes, so its text is v itself, except that the library
// folds each line break (and the indentation around it) into one space, or
// into "\n"s for blank lines. Matching v against the source line by line
// therefore finds exactly where the scalar stops, without re-implementing
// YAML's rules for what may end a plain scalar.
func (m *lineMap) plainEnd(v string, start int) int {
	s := m.src
	pos := start
	for {
		le := m.lineEnd(pos)
		content := le
		for content > pos && isBlank(s[content-1]) {
			content--
		}
		cp := 0
		for cp < len(v) && pos+cp < content && s[pos+cp] == v[cp] {
			cp++
		}
		if cp == len(v) {
			return pos + cp
		}
		if pos+cp != content || le >= m.body.End {
			// The value and the source disagree: stop at the best
			// guess rather than run on.
			return max(pos+cp, start)
		}
		v = v[cp:]
		if v[0] == ' ' {
			v = v[1:]
		} else {
			// Blank lines fold into "\n"s; LINE and PARAGRAPH
			// SEPARATOR are kept as they are.
			rest := strings.TrimLeft(v, "\n\u2028\u2029")
			if len(rest) == len(v) {
				return pos + cp
			}
			v = rest
		}
		// Continue at the next line with text.
		pos = le
		for pos < m.body.End {
			pos += m.breakLen(pos)
			for pos < m.body.End && isBlank(s[pos]) {
				pos++
			}
			if m.breakLen(pos) == 0 {
				break
			}
		}
		if len(v) == 0 {
			return content
		}
	}
}

// blockScalarEnd returns the end of a literal ("|") or folded (">") scalar
// whose header starts at start: the last non-blank line indented deeper
// than the header's line, or the header itself when no such line follows.
func (m *lineMap) blockScalarEnd(start int) int {
	s, end := m.src, m.body.End
	headerEnd := start + 1
	for headerEnd < end && (s[headerEnd] == '+' || s[headerEnd] == '-' || s[headerEnd] >= '0' && s[headerEnd] <= '9') {
		headerEnd++
	}
	parent := indentOf(s, m.starts[m.lineIndexOf(start)], end)
	result := headerEnd
	indent := -1
	for pos := m.nextLine(start); pos < end; pos = m.nextLine(pos) {
		c := m.lineContent(m.lineIndexOf(pos))
		if c.Empty() {
			continue
		}
		ind := indentOf(s, pos, end)
		if indent < 0 {
			if ind <= parent {
				break
			}
			indent = ind
		}
		if ind < indent {
			break
		}
		result = c.End
	}
	return result
}

// lineIndexOf returns the index in starts of the line beginning at off.
func (m *lineMap) lineIndexOf(off int) int {
	lo, hi := 0, len(m.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// indentOf counts the spaces that start the line at off.
func indentOf(s []byte, off, end int) int {
	n := 0
	for off+n < end && s[off+n] == ' ' {
		n++
	}
	return n
}

// entryIndicator returns the "-" of a block list entry whose value, empty,
// is at off, so that an empty entry can be pointed at; or the empty span at
// off when there is no such "-".
func (m *lineMap) entryIndicator(off int) span.Span {
	i := off
	for i > m.body.Start && isBlank(m.src[i-1]) {
		i--
	}
	if i > m.body.Start && m.src[i-1] == '-' {
		return span.Span{Start: i - 1, End: i}
	}
	return span.Span{Start: off, End: off}
}
