package markup

import (
	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Kind is the kind of a mark.
type Kind uint8

// The kinds of mark. The zero Kind is invalid so that a forgotten field shows.
const (
	Elision      Kind = iota + 1 // {--cut--}: published as an elision marker.
	Addition                     // {++added++}: published highlighted.
	Substitution                 // {~~old~>new~~}: published as new, highlighted.
	Note                         // {>>note<<}: an editor's note, never published.
	Highlight                    // {==text==}: published as text.
	BareElision                  // [...] or […] outside any mark: cut words not recorded.
)

var kindNames = [...]string{"invalid", "elision", "addition", "substitution", "note", "highlight", "bare elision"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Opener returns the three bytes that open a mark of kind k, or "" for
// BareElision, which has no delimiters.
func (k Kind) Opener() string {
	switch k {
	case Elision:
		return "{--"
	case Addition:
		return "{++"
	case Substitution:
		return "{~~"
	case Note:
		return "{>>"
	case Highlight:
		return "{=="
	}
	return ""
}

// Closer returns the three bytes that close a mark of kind k, or "".
func (k Kind) Closer() string {
	switch k {
	case Elision:
		return "--}"
	case Addition:
		return "++}"
	case Substitution:
		return "~~}"
	case Note:
		return "<<}"
	case Highlight:
		return "==}"
	}
	return ""
}

// Arrow separates the old and new sides of a substitution.
const Arrow = "~>"

// Mark is one CriticMarkup mark, or a bare elision, as spans into the
// source. For a BareElision only Span is set (Open, Close and Body are
// empty at its start).
type Mark struct {
	Kind Kind
	// Span covers the whole mark, delimiters included. For an unclosed mark
	// it ends where recovery cut it: the end of its paragraph, or the start
	// of the first mark opened inside it.
	Span span.Span
	// Open and Close are the delimiters. Close is empty (at Span.End) when
	// the mark is unclosed.
	Open, Close span.Span
	// Body lies between the delimiters.
	Body span.Span
	// Arrow is the first "~>" of a substitution; empty for other kinds, and
	// for a substitution without one.
	Arrow span.Span
	// Closed is false when no closer was found before the paragraph ended.
	Closed bool
	// Mismatched is set when a closer of another kind closed the mark.
	Mismatched bool
	// MultiParagraph is set when the mark's closer lies in a later paragraph.
	MultiParagraph bool
	// Parent is the index in Document.Marks of the closed mark this one is
	// nested in, or -1. Marks must not nest; a nested mark is a problem, but
	// it is kept so that views and hovers still make sense of it.
	Parent int
}

// Old returns the old side of a substitution: the text before the arrow, or
// the whole body when the arrow is missing. For an elision it is the cut
// text; for other kinds it is the body.
func (m *Mark) Old() span.Span {
	if m.Kind == Substitution && !m.Arrow.Empty() {
		return span.Span{Start: m.Body.Start, End: m.Arrow.Start}
	}
	return m.Body
}

// New returns the new side of a substitution: the text after the arrow,
// empty when the arrow is missing. For other kinds it is the body.
func (m *Mark) New() span.Span {
	if m.Kind == Substitution {
		if m.Arrow.Empty() {
			return span.Span{Start: m.Body.End, End: m.Body.End}
		}
		return span.Span{Start: m.Arrow.End, End: m.Body.End}
	}
	return m.Body
}

// Related points at another place that explains a problem, such as the
// opener that a mismatched closer fails to match.
type Related struct {
	Span    span.Span
	Message string
}

// Problem is a syntax problem found while parsing. Code is one of the
// stable kebab-case codes documented in docs/markup.md.
type Problem struct {
	Code    string
	Span    span.Span
	Message string
	// Mark is the index in Document.Marks of the mark the problem concerns,
	// or -1 (a stray closer belongs to no mark).
	Mark    int
	Related []Related
}

// The codes of the problems Parse reports.
const (
	CodeUnclosedMark        = "unclosed-mark"
	CodeStrayCloser         = "stray-closer"
	CodeMismatchedCloser    = "mismatched-closer"
	CodeNestedMark          = "nested-mark"
	CodeMarkSpansParagraphs = "mark-spans-paragraphs"
	CodeMissingArrow        = "missing-arrow"
	CodeExtraArrow          = "extra-arrow"
	CodeBacktickJoin        = "backtick-join"
)

// Document is a parsed article. It keeps the source it was parsed from;
// every span indexes into Src.
type Document struct {
	Src []byte
	// FrontMatter is the YAML block at the top, if HasFrontMatter. Marks are
	// not parsed inside it.
	FrontMatter    frontmatter.Block
	HasFrontMatter bool
	// Marks holds every mark in order of its start, nested ones included.
	Marks []Mark
	// Problems holds the syntax problems in order of their start.
	Problems []Problem
}

// MarkAt returns the index of the innermost mark whose span contains the
// byte offset off, or -1. A cursor just after a mark's last byte is not in
// it, as a cursor between two marks belongs to neither.
func (d *Document) MarkAt(off int) int {
	// Marks are ordered by start; find the last mark starting at or before
	// off, then walk up through parents until one contains off.
	lo, hi := 0, len(d.Marks)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if d.Marks[mid].Span.Start <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := lo - 1; i >= 0; {
		m := &d.Marks[i]
		if m.Span.Start <= off && off < m.Span.End {
			return i
		}
		if m.Parent >= 0 {
			i = m.Parent
			continue
		}
		// A top-level mark that ends before off: no earlier top-level mark
		// can contain off either, since top-level marks do not overlap.
		return -1
	}
	return -1
}

// AttachedNote returns the index of the note that directly follows the
// highlight at index i ({==text==}{>>note<<}), or -1.
func (d *Document) AttachedNote(i int) int {
	if i < 0 || i+1 >= len(d.Marks) || d.Marks[i].Kind != Highlight {
		return -1
	}
	n := &d.Marks[i+1]
	if n.Kind == Note && n.Parent == d.Marks[i].Parent && n.Span.Start == d.Marks[i].Span.End {
		return i + 1
	}
	return -1
}
