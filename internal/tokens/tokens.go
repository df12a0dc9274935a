package tokens

import (
	"sort"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Part is what a token is part of. The zero Part is invalid so that a
// forgotten field shows.
type Part uint8

// The parts of a mark an editor colours differently.
const (
	Delimiter   Part = iota + 1 // an opener, a closer, or a substitution's arrow
	Added                       // the body of an addition: not in the original
	Cut                         // the body of an elision: the original's cut words
	Old                         // a substitution's old side, before the arrow
	New                         // a substitution's new side, after the arrow
	Note                        // the body of an editor's note
	Highlighted                 // the body of a highlight
	Untracked                   // a bare [...] or […]: cut words not recorded
)

var partNames = [...]string{"invalid", "delimiter", "added", "cut", "old", "new", "note", "highlighted", "untracked"}

func (p Part) String() string {
	if int(p) < len(partNames) {
		return partNames[p]
	}
	return "invalid"
}

// Token is one stretch of a mark: its bytes and what they are. Tokens
// never overlap and may span lines; an editor protocol that wants one
// line per token splits them.
type Token struct {
	Span span.Span
	Part Part
}

// Of returns the tokens of every mark of d in order. A nested mark's
// tokens replace the stretch of its parent's they lie in, so that the
// innermost mark decides the colour, as it decides what is published.
func Of(d *markup.Document) []Token {
	out := make([]Token, 0, 3*len(d.Marks))
	for i := range d.Marks {
		if d.Marks[i].Parent() < 0 {
			out = mark(d, i, out)
		}
	}
	return out
}

// In returns the tokens of d's marks that overlap s, as Of would return
// them, without classifying the marks outside s: an editor asks for the
// part of a long article on screen.
func In(d *markup.Document, s span.Span) []Token {
	first := sort.Search(len(d.Marks), func(i int) bool { return d.Marks[i].Span().Start >= s.Start })
	if first > 0 {
		// The mark before may contain s.Start: start from its outermost.
		top := first - 1
		for d.Marks[top].Parent() >= 0 {
			top = d.Marks[top].Parent()
		}
		if d.Marks[top].Span().End > s.Start {
			first = top
		}
	}
	var out []Token
	for i := first; i < len(d.Marks) && d.Marks[i].Span().Start < s.End; i++ {
		if d.Marks[i].Parent() < 0 {
			out = mark(d, i, out)
		}
	}
	return overlapping(out, s)
}

// overlapping returns the tokens of toks, ordered, that overlap s.
func overlapping(toks []Token, s span.Span) []Token {
	first := sort.Search(len(toks), func(i int) bool { return toks[i].Span.End > s.Start })
	end := first
	for end < len(toks) && toks[end].Span.Start < s.End {
		end++
	}
	return toks[first:end]
}

// segment is a stretch of one mark, before its nested marks are cut out.
type segment struct {
	span.Span
	part Part
}

// segments returns mark m's own stretches in order, empty ones included,
// in an array rather than a slice so that a million marks cost no
// allocation each.
func segments(m *markup.Mark) ([5]segment, int) {
	switch m.Kind {
	case markup.BareElision:
		return [5]segment{{m.Span(), Untracked}}, 1
	case markup.Substitution:
		return [5]segment{{m.Open(), Delimiter}, {m.Old(), Old}, {m.Arrow(), Delimiter}, {m.New(), New}, {m.Close(), Delimiter}}, 5
	}
	return [5]segment{{m.Open(), Delimiter}, {m.Body(), bodyPart[m.Kind]}, {m.Close(), Delimiter}}, 3
}

var bodyPart = [...]Part{
	markup.Elision: Cut, markup.Addition: Added, markup.Note: Note, markup.Highlight: Highlighted,
}

// mark appends the tokens of mark i and of the marks nested in it.
func mark(d *markup.Document, i int, out []Token) []Token {
	m := &d.Marks[i]
	kids := children(d, i)
	pos, k := m.Span().Start, 0
	segs, n := segments(m)
	for _, sg := range segs[:n] {
		if sg.Empty() {
			continue // an unclosed mark's closer, a missing arrow
		}
		pos = max(pos, sg.Start)
		for pos < sg.End {
			for k < len(kids) && d.Marks[kids[k]].Span().End <= pos {
				k++
			}
			if k == len(kids) || d.Marks[kids[k]].Span().Start >= sg.End {
				out = append(out, Token{span.Span{Start: pos, End: sg.End}, sg.part})
				pos = sg.End
				break
			}
			ks := d.Marks[kids[k]].Span()
			if ks.Start < pos {
				k++ // already inside what was emitted; cannot happen for a parse
				continue
			}
			if ks.Start > pos {
				out = append(out, Token{span.Span{Start: pos, End: ks.Start}, sg.part})
			}
			out = mark(d, kids[k], out)
			pos = ks.End
		}
	}
	return out
}

// children returns the indexes of the marks directly nested in mark i, in
// order: they follow it in d.Marks and start before it ends.
func children(d *markup.Document, i int) []int {
	var kids []int
	end := d.Marks[i].Span().End
	for j := i + 1; j < len(d.Marks) && d.Marks[j].Span().Start < end; j++ {
		if d.Marks[j].Parent() == i {
			kids = append(kids, j)
		}
	}
	return kids
}

// Delimiters returns the opener, arrow and closer of mark i of d, those it
// has, in order; for a bare elision, the whole of it. An editor highlights
// them together, so that the other end of a mark shows from either.
func Delimiters(d *markup.Document, i int) []span.Span {
	m := &d.Marks[i]
	if m.Kind == markup.BareElision {
		return []span.Span{m.Span()}
	}
	var out []span.Span
	for _, s := range []span.Span{m.Open(), m.Arrow(), m.Close()} {
		if !s.Empty() {
			out = append(out, s)
		}
	}
	return out
}
