package changes

import (
	"strings"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Kind is what an outline entry stands for.
type Kind uint8

// The kinds of entry. A highlight is no change and gets none of its own;
// the note attached to it does.
const (
	Heading      Kind = iota + 1 // a Markdown ATX or setext heading
	Cut                          // {--cut--}
	Added                        // {++added++}
	Changed                      // {~~old~>new~~}
	Note                         // {>>note<<}
	UntrackedCut                 // a bare [...] or […]
)

// String returns the label's prefix for k.
func (k Kind) String() string {
	switch k {
	case Heading:
		return "Heading"
	case Cut:
		return "Cut"
	case Added:
		return "Added"
	case Changed:
		return "Changed"
	case Note:
		return "Note"
	case UntrackedCut:
		return "Untracked cut"
	}
	return "?"
}

// LabelMax is how many characters of an article's text a label quotes
// before it shortens it with "…"; a substitution's two sides get half
// each, so that every label fits one line of an outline.
const LabelMax = 60

// Entry is one line of the outline.
type Entry struct {
	Kind  Kind
	Label string
	// Span is the whole entry: a mark with its delimiters, or a heading
	// from its line to the next heading of the same or a higher level.
	// Name is the part to select: a mark's span, a heading's line.
	Span, Name span.Span
	// Mark is the entry's index in the document's marks, -1 for a heading.
	Mark int
	// Children are the entries inside this one, in document order.
	Children []Entry
}

// Outline returns the changes of d as entries nested under its headings
// (a mark nested in another under that mark), in document order.
func Outline(d *markup.Document) []Entry {
	heads := Headings(d)
	// Entries are collected flat, each with its parent's index (-1 for
	// the top), and nested at the end: pointers into growing slices would
	// go stale.
	var flat []Entry
	var parent []int
	// stack holds the indexes in flat of the open headings, outermost
	// first, and levels their levels.
	var stack, levels []int
	byMark := make(map[int]int, len(d.Marks))
	hi := 0
	headingsBefore := func(off int) {
		for ; hi < len(heads) && heads[hi].Span.Start <= off; hi++ {
			h := heads[hi]
			for len(stack) > 0 && levels[len(levels)-1] >= h.Level {
				stack, levels = stack[:len(stack)-1], levels[:len(levels)-1]
			}
			parent = append(parent, top(stack))
			flat = append(flat, Entry{Kind: Heading, Label: h.Text, Span: h.Section, Name: h.Span, Mark: -1})
			stack, levels = append(stack, len(flat)-1), append(levels, h.Level)
		}
	}
	for i := range d.Marks {
		m := &d.Marks[i]
		headingsBefore(m.Span().Start)
		k, ok := kindOf(m.Kind)
		if !ok {
			continue
		}
		up := top(stack)
		// A mark nested in another goes under the nearest enclosing mark
		// that has an entry (a highlight has none).
		for p := m.Parent(); p >= 0; p = d.Marks[p].Parent() {
			if j, ok := byMark[p]; ok {
				up = j
				break
			}
		}
		parent = append(parent, up)
		flat = append(flat, Entry{Kind: k, Label: Label(d, i), Span: m.Span(), Name: m.Span(), Mark: i})
		byMark[i] = len(flat) - 1
	}
	headingsBefore(len(d.Src))
	return nest(flat, parent)
}

func top(stack []int) int {
	if len(stack) == 0 {
		return -1
	}
	return stack[len(stack)-1]
}

// nest builds the tree of flat, where parent[i] is the index of entry i's
// parent (always before it) or -1.
func nest(flat []Entry, parent []int) []Entry {
	kids := make([][]int, len(flat))
	var roots []int
	for i, p := range parent {
		if p < 0 {
			roots = append(roots, i)
		} else {
			kids[p] = append(kids[p], i)
		}
	}
	var build func(idx []int) []Entry
	build = func(idx []int) []Entry {
		if len(idx) == 0 {
			return nil
		}
		out := make([]Entry, len(idx))
		for n, i := range idx {
			out[n] = flat[i]
			out[n].Children = build(kids[i])
			// A mark may run over the heading that ends its section; the
			// section then reaches to its end, as LSP wants a symbol's
			// range to hold its children's.
			for _, c := range out[n].Children {
				out[n].Span.Start = min(out[n].Span.Start, c.Span.Start)
				out[n].Span.End = max(out[n].Span.End, c.Span.End)
			}
		}
		return out
	}
	return build(roots)
}

// kindOf returns the entry kind of a mark kind; false for a highlight.
func kindOf(k markup.Kind) (Kind, bool) {
	switch k {
	case markup.Elision:
		return Cut, true
	case markup.Addition:
		return Added, true
	case markup.Substitution:
		return Changed, true
	case markup.Note:
		return Note, true
	case markup.BareElision:
		return UntrackedCut, true
	}
	return 0, false
}

// Label returns the one-line label of mark i of d, such as
// Cut: "ferocious" or Changed: "on Sunday" → "on Monday"; "" for a
// highlight.
func Label(d *markup.Document, i int) string {
	m := &d.Marks[i]
	k, ok := kindOf(m.Kind)
	if !ok {
		return ""
	}
	switch m.Kind {
	case markup.Elision:
		return k.String() + ": " + Quote(words(d, i, m.Body(), view.Original), LabelMax)
	case markup.Addition:
		return k.String() + ": " + Quote(words(d, i, m.Body(), view.Published), LabelMax)
	case markup.Substitution:
		return k.String() + ": " + Quote(words(d, i, m.Old(), view.Original), LabelMax/2) +
			" → " + Quote(words(d, i, m.New(), view.Published), LabelMax/2)
	case markup.Note:
		return k.String() + ": " + Quote(string(m.Body().Text(d.Src)), LabelMax)
	}
	return k.String() + ": " + string(m.Span().Text(d.Src))
}

// words returns the text of part s of mark i as view w reads it. Only a
// mark with marks inside needs the view built: a note inside an addition
// is not published, a cut inside a substitution's old side is original.
func words(d *markup.Document, i int, s span.Span, w view.Which) string {
	if i+1 >= len(d.Marks) || d.Marks[i+1].Parent() != i {
		return string(s.Text(d.Src))
	}
	return string(view.Build(markup.Parse(s.Text(d.Src)), w, view.Options{}).Text)
}

// Quote returns text on one line (white space collapsed) in double quotes,
// shortened to max characters with "…" when longer.
func Quote(text string, max int) string {
	one := strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(one) > max {
		r := []rune(one)
		one = strings.TrimSpace(string(r[:max])) + "…"
	}
	return `"` + one + `"`
}

// Match reports whether a symbol search's query finds label: each word of
// the query, case folded, is a substring of the label. An empty query
// finds everything, as LSP asks.
func Match(label, query string) bool {
	l := strings.ToLower(label)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(l, w) {
			return false
		}
	}
	return true
}
