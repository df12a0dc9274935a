package markup

import (
	"reflect"
	"sync/atomic"

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
// source. For a BareElision, Open and Close are empty at the edges of its
// Span and Body is the whole Span.
//
// A Mark is 24 bytes: an article can hold millions of them (10 MiB of
// "{++a++}" is 1.5 million marks), so the parts that follow from
// others (the delimiters are three bytes, the body lies between them) are
// computed rather than stored, and offsets are 32-bit, which Parse's
// MaxSize keeps them within.
type Mark struct {
	Kind  Kind
	flags markFlags
	// start and end are the Span; closeStart is where the closer starts
	// (end when the mark is unclosed); arrow is the offset of the first
	// "~>" of a substitution, or -1; parent is an index into
	// Document.Marks, or -1.
	start, end, closeStart, arrow, parent int32
}

type markFlags uint8

const (
	flagClosed markFlags = 1 << iota
	flagMismatched
	flagMultiParagraph
)

// Span covers the whole mark, delimiters included. For an unclosed mark
// it ends where recovery cut it: the end of its paragraph, or the start of
// the first mark opened inside it.
func (m Mark) Span() span.Span { return span.Span{Start: int(m.start), End: int(m.end)} }

// Open is the opening delimiter; empty, at the start, for a bare elision.
func (m Mark) Open() span.Span {
	if m.Kind == BareElision {
		return span.Span{Start: int(m.start), End: int(m.start)}
	}
	return span.Span{Start: int(m.start), End: int(m.start) + 3}
}

// Close is the closing delimiter; empty, at the end of Span, when the mark
// is unclosed (and for a bare elision).
func (m Mark) Close() span.Span { return span.Span{Start: int(m.closeStart), End: int(m.end)} }

// Body lies between the delimiters.
func (m Mark) Body() span.Span { return span.Span{Start: m.Open().End, End: int(m.closeStart)} }

// Arrow is the first "~>" of a substitution; empty for other kinds, and
// for a substitution without one.
func (m Mark) Arrow() span.Span {
	if m.arrow < 0 {
		return span.Span{}
	}
	return span.Span{Start: int(m.arrow), End: int(m.arrow) + 2}
}

// Closed is false when no closer was found before the paragraph ended.
func (m Mark) Closed() bool { return m.flags&flagClosed != 0 }

// Mismatched is set when a closer of another kind closed the mark.
func (m Mark) Mismatched() bool { return m.flags&flagMismatched != 0 }

// MultiParagraph is set when the mark's closer lies in a later paragraph.
func (m Mark) MultiParagraph() bool { return m.flags&flagMultiParagraph != 0 }

// Parent is the index in Document.Marks of the closed mark this one is
// nested in, or -1. Marks must not nest; a nested mark is a problem, but
// it is kept so that views and hovers still make sense of it.
func (m Mark) Parent() int { return int(m.parent) }

// Old returns the old side of a substitution: the text before the arrow, or
// the whole body when the arrow is missing. For an elision it is the cut
// text; for other kinds it is the body.
func (m Mark) Old() span.Span {
	if m.Kind == Substitution && m.arrow >= 0 {
		return span.Span{Start: m.Body().Start, End: int(m.arrow)}
	}
	return m.Body()
}

// New returns the new side of a substitution: the text after the arrow,
// empty when the arrow is missing. For other kinds it is the body.
func (m Mark) New() span.Span {
	if m.Kind == Substitution {
		if m.arrow < 0 {
			return span.Span{Start: int(m.closeStart), End: int(m.closeStart)}
		}
		return span.Span{Start: int(m.arrow) + 2, End: int(m.closeStart)}
	}
	return m.Body()
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
	CodeUnclosedFence       = "unclosed-fence"
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
	// Problems holds the syntax problems in order of their start, at most
	// MaxProblems of them.
	Problems []Problem
	// Omitted counts, by code, the problems found past MaxProblems and not
	// recorded; OmittedAt is where the first of them starts.
	Omitted   map[string]int
	OmittedAt int
	// fences are the fenced code blocks the parser skipped, from the
	// opening fence to past the closing one: Update must not restart
	// inside one.
	fences []span.Span
	// id names the document (0: made by hand); from, k0, k1 and delta say
	// how Update spliced it from the document named from (see Kept).
	id, from      uint64
	k0, k1, delta int
}

// SameParse reports whether a and b hold the same parse of the same text,
// however each was made: Parse, or Update from another document, which
// leaves a note of how (see Kept). Tests hold Update to Parse with it.
func SameParse(a, b *Document) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.id, x.from, x.k0, x.k1, x.delta = 0, 0, 0, 0, 0
	y.id, y.from, y.k0, y.k1, y.delta = 0, 0, 0, 0, 0
	return reflect.DeepEqual(x, y)
}

// docIDs numbers the documents Parse and Update make.
var docIDs atomic.Uint64

// Kept reports how Update made d from old, if it did: d's marks before k0
// are old's, unchanged, and old's marks from k1 on are d's from
// k1+len(d.Marks)-len(old.Marks) on, each moved by delta bytes (its
// parent, if any, by as many places). What compares the marks of two
// versions one by one, on every keystroke, need not compare those.
func (d *Document) Kept(old *Document) (k0, k1, delta int, ok bool) {
	if old == nil || old.id == 0 || d.from != old.id {
		return 0, 0, 0, false
	}
	return d.k0, d.k1, d.delta, true
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
		if int(d.Marks[mid].start) <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := lo - 1; i >= 0; {
		m := &d.Marks[i]
		if int(m.start) <= off && off < int(m.end) {
			return i
		}
		if m.parent >= 0 {
			i = int(m.parent)
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
	if n.Kind == Note && n.parent == d.Marks[i].parent && n.start == d.Marks[i].end {
		return i + 1
	}
	return -1
}

// Slice returns the document whose source is the bytes s covers and whose
// marks are d.Marks[first:end], moved to match: a part of an article (the
// body of a cut) seen alone, without parsing it again. Parents outside
// the range become -1. The marks must lie within s; the slice has no
// problems and no front matter.
func (d *Document) Slice(s span.Span, first, end int) *Document {
	sub := &Document{Src: s.Text(d.Src), Marks: make([]Mark, 0, end-first)}
	off := int32(s.Start)
	for _, m := range d.Marks[first:end] {
		m.start -= off
		m.end -= off
		m.closeStart -= off
		if m.arrow >= 0 {
			m.arrow -= off
		}
		if int(m.parent) < first {
			m.parent = -1
		} else {
			m.parent -= int32(first)
		}
		sub.Marks = append(sub.Marks, m)
	}
	return sub
}

// Fences returns the fenced code blocks the parser skipped, in order, each
// from its opening fence to past its closing one: an outline must not take
// a "# comment" in a shell example for a heading.
func (d *Document) Fences() []span.Span { return d.fences }
