package changes

import (
	"slices"

	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Hint is a note shown inline after a place in the article, without being
// part of it.
type Hint struct {
	At    int // the byte offset it follows
	Label string
}

// Hints returns, in order, the hints for an article's diagnostics: after
// a bare [...] whose cut words the check against the original found, the
// words (cut "fierce and"); after a date relative to publication that the
// style pass could place, the absolute date (= on 6 November). Both are
// read from the fixes the diagnostics carry, "Record the cut words" and
// the replacement of the relative date, so that they say exactly what
// those fixes would write: nothing here finds a word or a date again.
func Hints(src []byte, diags []rules.Diagnostic) []Hint {
	var out []Hint
	for _, d := range diags {
		switch d.Code {
		case rules.CodeUntrackedElision:
			for _, f := range d.Fixes {
				if f.Title != fidelity.FixRecordCut {
					continue
				}
				if m, doc, ok := applied(src, d.Span, f.Edits, markup.Elision); ok {
					out = append(out, Hint{At: d.Span.End, Label: "cut " + Quote(string(m.Body().Text(doc.Src)), LabelMax)})
				}
				break
			}
		case rules.CodeRelativeTime:
			for _, f := range d.Fixes {
				if m, doc, ok := applied(src, d.Span, f.Edits, markup.Substitution); ok {
					out = append(out, Hint{At: d.Span.End, Label: "= " + oneLine(string(m.New().Text(doc.Src)))})
					break
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Hint) int { return a.At - b.At })
	return out
}

// applied applies edits to the part of src around s they touch, parses
// the result, and returns its one mark, when it is one of kind k.
func applied(src []byte, s span.Span, edits []span.Edit, k markup.Kind) (markup.Mark, *markup.Document, bool) {
	if len(edits) == 0 {
		return markup.Mark{}, nil, false
	}
	r := s
	for _, e := range edits {
		r.Start, r.End = min(r.Start, e.Span.Start), max(r.End, e.Span.End)
	}
	if r.Start < 0 || r.End > len(src) {
		return markup.Mark{}, nil, false
	}
	moved := make([]span.Edit, len(edits))
	for i, e := range edits {
		moved[i] = span.Edit{Span: span.Span{Start: e.Span.Start - r.Start, End: e.Span.End - r.Start}, New: e.New}
	}
	text, err := span.Apply(r.Text(src), moved)
	if err != nil {
		return markup.Mark{}, nil, false
	}
	doc := markup.Parse(text)
	for _, m := range doc.Marks {
		if m.Kind == k && m.Parent() < 0 && m.Closed() {
			return m, doc, true
		}
	}
	return markup.Mark{}, nil, false
}

// oneLine collapses white space and shortens s as Quote does, without the
// quotes: a hint or a heading's label is shown on one line.
func oneLine(s string) string {
	q := Quote(s, LabelMax)
	return q[1 : len(q)-1]
}
