package markup

import (
	"bytes"
	"sort"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Update returns Parse(src), where src is the text old.Src became by
// edit (its span in old.Src's offsets): the same Document, reusing old's
// marks and problems outside the paragraphs the edit can change, so that a
// keystroke costs its neighbourhood rather than the article.
//
// The parser's state is empty at a blank line that no mark spans, none
// is waiting for a closer in a later paragraph and no code fence covers:
// from such a place on, what it finds depends on the text alone. Update
// parses again from the last such place before the edit to the first
// after it whose state the new parse reaches too, and moves what the old
// parse found beyond. Where there is none near (a fence or a mark left
// open around the edit, an edit of the front matter, an article with more
// problems than are kept), it parses the whole text. old is not changed.
func Update(old *Document, src []byte, edit span.Edit) *Document {
	if d, ok := update(old, src, edit); ok {
		return d
	}
	return Parse(src)
}

// maxRestarts bounds the places Update tries on either side of the edit
// before it parses the whole text: each try past the first costs a parse
// of the stretch again.
const maxRestarts = 4

func update(old *Document, src []byte, edit span.Edit) (*Document, bool) {
	e0, e1 := edit.Span.Start, edit.Span.End
	delta := len(edit.New) - (e1 - e0)
	if len(src) > MaxSize || len(old.Src) > MaxSize || len(old.Omitted) > 0 ||
		e0 < 0 || e1 < e0 || e1 > len(old.Src) || len(src) != len(old.Src)+delta ||
		string(src[e0:e0+len(edit.New)]) != edit.New {
		return nil, false
	}
	// The front matter must be the same block, and the edit after it (an
	// edit after an unclosed block may close it: Find says).
	base := 0
	b, ok := frontmatter.Find(src)
	if hadBlock := old.FrontMatter != (frontmatter.Block{}); ok != hadBlock || ok && b != old.FrontMatter {
		return nil, false
	}
	if ok && b.Closed {
		base = b.Span.End
	}
	if e0 < base {
		return nil, false
	}
	r0 := e0
	for try := 0; ; try++ {
		if try == maxRestarts {
			return nil, false
		}
		if r0 = boundaryBefore(old.Src, r0, base); old.quiet(r0) {
			break
		}
		if r0 <= base {
			return nil, false
		}
		r0-- // an earlier one
	}
	r1 := e1
	for try := 0; ; try++ {
		if try == maxRestarts {
			return nil, false
		}
		var found bool
		if r1, found = boundaryAfter(old.Src, r1); !found {
			r1 = len(old.Src) // the end: every state is settled there
		} else if !old.quiet(r1) {
			continue
		}
		sub, clean := parseStretch(src, r0, r1+delta, r1 == len(old.Src))
		if clean {
			return splice(old, sub, src, r0, r1, delta)
		}
		if r1 == len(old.Src) {
			return nil, false
		}
	}
}

// quiet reports whether the parse of d was in its empty state at off, the
// start of a line after a blank one (or of the text): no fence covers off,
// no mark spans it, and the last mark before it but bare elisions is
// closed (an unclosed one may be waiting for a closer further on). Only a
// mark closed in a later paragraph reaches past a blank line (an unclosed
// one is cut at its paragraph's end), so only those are looked at past
// the last.
func (d *Document) quiet(off int) bool {
	for _, f := range d.fences {
		// A fence that runs to the end of the text may be unclosed, and
		// then covers whatever is added there.
		if f.Start < off && (off < f.End || f.End >= len(d.Src)) {
			return false
		}
	}
	k := sort.Search(len(d.Marks), func(i int) bool { return int(d.Marks[i].start) >= off })
	for j := k - 1; j >= 0; j-- {
		// Bare elisions seen while a mark waits for its closer are held
		// back and listed after it: past them, the last other mark must
		// be closed.
		if m := &d.Marks[j]; m.Kind != BareElision {
			if !m.Closed() {
				return false
			}
			break
		}
	}
	for i := range k {
		if m := &d.Marks[i]; m.flags&flagMultiParagraph != 0 && int(m.end) > off {
			return false
		}
	}
	return true
}

// boundaryBefore returns the last place at or before off that starts a
// line after a blank line, or base (the start of the body).
func boundaryBefore(src []byte, off, base int) int {
	for off > base {
		nl := bytes.LastIndexByte(src[base:off], '\n')
		if nl < 0 {
			return base
		}
		nl += base
		// src[nl] ends a line; is that line blank?
		ls := bytes.LastIndexByte(src[base:nl], '\n') + 1 + base
		if ls > base && isBlankLine(src[ls:nl]) {
			return nl + 1
		}
		off = nl
	}
	return base
}

// boundaryAfter returns the first place after off that starts a line
// after a blank line whose bytes all lie at or after off, and whether
// there is one.
func boundaryAfter(src []byte, off int) (int, bool) {
	for {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		ls := off + nl + 1 // a line starts here; is it blank?
		le := bytes.IndexByte(src[ls:], '\n')
		if le < 0 {
			return 0, false
		}
		if isBlankLine(src[ls : ls+le]) {
			return ls + le + 1, true
		}
		off = ls
	}
}

// isBlankLine reports whether a line (without its newline) holds only
// spaces, tabs and carriage returns, as lineStart reads a blank line.
func isBlankLine(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// parseStretch parses src[from:to], a stretch that starts a line after a
// blank one, as Parse reads it within the whole text, and reports whether
// the parse ends in the empty state (at the end of the text, last, every
// state is settled). Its offsets are the stretch's.
func parseStretch(src []byte, from, to int, last bool) (*Document, bool) {
	sub := &Document{Src: src[from:to]}
	p := parser{src: sub.Src, doc: sub, pending: -1, pendingArrow: -1}
	p.run(0)
	if !last && (p.pending >= 0 || len(p.stack) > 0) {
		return nil, false
	}
	for _, f := range sub.fences {
		if f.End >= len(sub.Src) && !last {
			return nil, false // a fence the stretch does not close
		}
	}
	p.finish(len(sub.Src))
	if len(sub.Omitted) > 0 {
		return nil, false
	}
	return sub, true
}

// splice puts together the document of src: old's marks, problems and
// fences before r0, sub's (the parse of src[r0:r1+delta]) and old's from
// r1 on, moved by delta. It copies what it takes from old.
func splice(old, sub *Document, src []byte, r0, r1, delta int) (*Document, bool) {
	d := &Document{Src: src, FrontMatter: old.FrontMatter, HasFrontMatter: old.HasFrontMatter}
	k0 := sort.Search(len(old.Marks), func(i int) bool { return int(old.Marks[i].start) >= r0 })
	k1 := sort.Search(len(old.Marks), func(i int) bool { return int(old.Marks[i].start) >= r1 })
	d.id, d.from, d.k0, d.k1, d.delta = docIDs.Add(1), old.id, k0, k1, delta
	dk := len(sub.Marks) - (k1 - k0)
	if n := k0 + len(sub.Marks) + len(old.Marks) - k1; n > 0 {
		d.Marks = make([]Mark, 0, n)
		d.Marks = append(d.Marks, old.Marks[:k0]...)
		for _, m := range sub.Marks {
			d.Marks = append(d.Marks, m.moved(r0, k0))
		}
		for _, m := range old.Marks[k1:] {
			d.Marks = append(d.Marks, m.moved(delta, dk))
		}
	}
	p0 := sort.Search(len(old.Problems), func(i int) bool { return old.Problems[i].Span.Start >= r0 })
	p1 := sort.Search(len(old.Problems), func(i int) bool { return old.Problems[i].Span.Start >= r1 })
	n := p0 + len(sub.Problems) + len(old.Problems) - p1
	if n >= MaxProblems {
		return nil, false // which problems are kept depends on the order they were found
	}
	if n > 0 {
		d.Problems = make([]Problem, 0, n)
		d.Problems = append(d.Problems, old.Problems[:p0]...)
		for _, p := range sub.Problems {
			d.Problems = append(d.Problems, p.moved(r0, k0, 0))
		}
		for _, p := range old.Problems[p1:] {
			d.Problems = append(d.Problems, p.moved(delta, dk, k1))
		}
	}
	f0 := sort.Search(len(old.fences), func(i int) bool { return old.fences[i].Start >= r0 })
	f1 := sort.Search(len(old.fences), func(i int) bool { return old.fences[i].Start >= r1 })
	d.fences = append(d.fences, old.fences[:f0]...)
	for _, f := range sub.fences {
		d.fences = append(d.fences, f.Moved(r0))
	}
	for _, f := range old.fences[f1:] {
		d.fences = append(d.fences, f.Moved(delta))
	}
	return d, true
}

// moved returns m with its offsets moved by by and its parent's index by
// dk.
func (m Mark) moved(by, dk int) Mark {
	m.start += int32(by)
	m.end += int32(by)
	m.closeStart += int32(by)
	if m.arrow >= 0 {
		m.arrow += int32(by)
	}
	if m.parent >= 0 {
		m.parent += int32(dk)
	}
	return m
}

// moved returns p with its spans moved by by, and its mark's index by dk
// when it is at least from; Related is copied, not shared.
func (p Problem) moved(by, dk, from int) Problem {
	p.Span = p.Span.Moved(by)
	if p.Mark >= from {
		p.Mark += dk
	}
	if p.Related != nil {
		rel := make([]Related, len(p.Related))
		for i, r := range p.Related {
			rel[i] = Related{Span: r.Span.Moved(by), Message: r.Message}
		}
		p.Related = rel
	}
	return p
}
