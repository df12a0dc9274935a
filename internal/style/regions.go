package style

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// region is a stretch of the source the word pass skips because a mark
// exempts it.
type region struct {
	// 32 bits: an editor keeps the regions of every open article.
	start, end int32
	// soft regions are a mark's delimiters around words the reader sees
	// run on ("critics {++say++}"): a phrase may span them, a fix may not.
	soft bool
}

// markRegions lists what the marks exempt, in order of start: every
// delimiter, the bodies of elisions, notes and bare elisions, the old side
// of substitutions, and any mark nested in another (broken markup, about
// which the style pass has nothing useful to say). It also lists the
// editor's words (addition bodies, new sides) and highlighted bodies.
func markRegions(d *markup.Document) (exempt []region, added, high []cspan) {
	// Sized exactly, counted first: an editor's keystroke pays this on
	// every mark, and room for two regions a mark was a third more than
	// a marked article needs. Every mark exempts one region, and each
	// top-level one that adds or highlights words its closer besides.
	na, nh := 0, 0
	for i := range d.Marks {
		switch m := &d.Marks[i]; {
		case m.Parent() >= 0:
		case m.Kind == markup.Addition, m.Kind == markup.Substitution && !m.Arrow().Empty():
			na++
		case m.Kind == markup.Highlight:
			nh++
		}
	}
	exempt = make([]region, 0, len(d.Marks)+na+nh+1)
	added = make([]cspan, 0, na)
	high = make([]cspan, 0, nh)
	pending := -1 // the end of the last top-level mark's closer, not yet emitted
	var pendingClose region
	flush := func(before int) {
		if pending >= 0 && int(pendingClose.start) <= before {
			exempt = append(exempt, pendingClose)
			pending = -1
		}
	}
	for i := range d.Marks {
		m := &d.Marks[i]
		s := m.Span()
		if m.Parent() >= 0 {
			exempt = append(exempt, region{start: int32(s.Start), end: int32(s.End)})
			continue
		}
		flush(s.Start)
		if pending >= 0 { // a close that starts after this mark: cannot happen for top-level marks
			exempt = append(exempt, pendingClose)
			pending = -1
		}
		switch m.Kind {
		case markup.Addition, markup.Highlight:
			exempt = append(exempt, region{start: int32(m.Open().Start), end: int32(m.Open().End), soft: true})
			if m.Kind == markup.Addition {
				added = append(added, compact(m.Body()))
			} else {
				high = append(high, compact(m.Body()))
			}
			pendingClose = region{start: int32(m.Close().Start), end: int32(m.Close().End), soft: true}
			pending = int(pendingClose.end)
		case markup.Substitution:
			if m.Arrow().Empty() {
				exempt = append(exempt, region{start: int32(s.Start), end: int32(s.End)})
				continue
			}
			exempt = append(exempt, region{start: int32(s.Start), end: int32(m.Arrow().End)})
			added = append(added, compact(m.New()))
			pendingClose = region{start: int32(m.Close().Start), end: int32(m.Close().End), soft: true}
			pending = int(pendingClose.end)
		default: // elision, note, bare elision: nothing in them is the outlet's live text
			exempt = append(exempt, region{start: int32(s.Start), end: int32(s.End)})
		}
	}
	if pending >= 0 {
		exempt = append(exempt, pendingClose)
	}
	return exempt, added, high
}

// tickIndex finds the closer of an inline code span: the next backtick run
// of the same width in the paragraph. The runs of a paragraph are indexed
// once, the first time a run needs its closer, so that a paragraph of many
// unmatched runs costs one pass, not one per run.
type tickIndex struct {
	end  int           // the paragraph end the index covers; 0 when none
	runs map[int][]int // width -> starts of runs, ascending
}

func (t *tickIndex) closer(src []byte, start, end int) (int, bool) {
	width := end - start
	if t.end <= start {
		pe := paragraphEnd(src, end)
		if t.runs == nil {
			t.runs = map[int][]int{}
		}
		clear(t.runs)
		for q := end; q < pe; {
			i := bytes.IndexByte(src[q:pe], '`')
			if i < 0 {
				break
			}
			q += i
			e := q
			for e < pe && src[e] == '`' {
				e++
			}
			t.runs[e-q] = append(t.runs[e-q], q)
			q = e
		}
		t.end = pe
	}
	runs := t.runs[width]
	// Runs are consumed in order: drop those before this one.
	for len(runs) > 0 && runs[0] < end {
		runs = runs[1:]
	}
	t.runs[width] = runs
	if len(runs) == 0 {
		return 0, false
	}
	return runs[0] + width, true
}

// fenceEnd recognises a fenced code block opening at j and returns the
// offset past its closing fence line, or the end of src when it is never
// closed, as the parser reads it.
func fenceEnd(src []byte, j int) (int, bool) {
	n := len(src)
	c := src[j]
	k := j
	for k < n && src[k] == c {
		k++
	}
	width := k - j
	if width < 3 {
		return 0, false
	}
	eol := lineEnd(src, k)
	if c == '`' && bytes.IndexByte(src[k:eol], '`') >= 0 {
		return 0, false
	}
	for line := eol + 1; line < n; {
		e := lineEnd(src, line)
		q := line
		for q < e && q-line < 4 && src[q] == ' ' {
			q++
		}
		if q-line <= 3 && q < e && src[q] == c {
			r := q
			for r < e && src[r] == c {
				r++
			}
			if r-q >= width && len(bytes.Trim(src[r:e], " \t\r")) == 0 {
				return min(e+1, n), true
			}
		}
		line = e + 1
	}
	return n, true
}

// paragraphEnd returns the offset of the line break that ends the paragraph
// holding i: the one before the next blank line, or the end of src.
func paragraphEnd(src []byte, i int) int {
	n := len(src)
	for {
		e := lineEnd(src, i)
		if e >= n {
			return n
		}
		j := e + 1
		for j < n && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j >= n || src[j] == '\n' {
			return e
		}
		i = j
	}
}

func lineEnd(src []byte, i int) int {
	if e := bytes.IndexByte(src[i:], '\n'); e >= 0 {
		return i + e
	}
	return len(src)
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// maxLinkDest bounds a link destination: one longer is read as text, so
// that a line of a million "](" costs a constant each.
const maxLinkDest = 4096

// linkDestEnd returns the end of a link destination whose "(" is at k:
// past the matching ")" on the same line, parentheses nesting.
func linkDestEnd(src []byte, k int) int {
	e := min(len(src), k+maxLinkDest)
	depth := 0
	for i := k; i < e; i++ {
		switch src[i] {
		case '\\':
			i++
		case '\n':
			return k + 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return k + 1
}

// urlStart returns where a bare URL starts when the ":" or "." at k is its
// "://" or the dot of "www.", or -1.
func urlStart(src []byte, k int) int {
	var start int
	switch {
	case src[k] == ':' && k+2 < len(src) && src[k+1] == '/' && src[k+2] == '/':
		start = k
		for start > 0 && isLetter(src[start-1]) && k-start <= 5 {
			start--
		}
		if !hasPrefixFold(src[start:k], "http") {
			return -1
		}
	case src[k] == '.' && k >= 3 && hasPrefixFold(src[k-3:k], "www"):
		start = k - 3
	default:
		return -1
	}
	if start > 0 && isWordByte(src[start-1]) {
		return -1
	}
	return start
}

// urlEnd returns the end of a bare URL starting at k (http://, https://,
// www.), or k: up to white space or "<", less trailing punctuation.
func urlEnd(src []byte, k int) int {
	rest := src[k:]
	if !(hasPrefixFold(rest, "http://") || hasPrefixFold(rest, "https://") || hasPrefixFold(rest, "www.")) {
		return k
	}
	e := k
	for e < len(src) && src[e] > ' ' && src[e] != '<' && src[e] != '"' {
		e++
	}
	for e > k && bytes.IndexByte([]byte(".,;:!?)'*_"), src[e-1]) >= 0 {
		e--
	}
	return e
}

func hasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(b[i]) != p[i] {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c >= 0x80 }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
