package fidelity

import (
	"bytes"
	"sort"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// OriginalOffset maps an article offset to the corresponding offset in the
// original: a token that matches maps exactly, a token in a changed hunk
// maps to the start of the original's side of the hunk, and an offset
// between tokens maps to the place of the next token. It returns -1 when
// the check found the texts too different (or was not run).
//
// The Result keeps no token of the article: OriginalOffset reads the view
// again from the last checkpoint before the offset, a few lines.
func (r *Result) OriginalOffset(articleOff int) int {
	st := r.st
	if r.TooDifferent || st == nil {
		return -1
	}
	d := st.doc
	to := articleOff + 1
	for {
		p := st.part(d, articleOff, to)
		art := p.art
		vt := art.vt
		i := sort.Search(len(vt), func(i int) bool { return art.start(i) > articleOff }) - 1
		switch {
		case i >= 0 && articleOff < art.end(i):
			o, equal := st.alignment(p.b0 + i)
			if equal {
				return o + articleOff - art.start(i)
			}
			return o
		case i+1 < len(vt):
			o, _ := st.alignment(p.b0 + i + 1)
			return o
		case p.end >= len(d.Src):
			return len(st.orig.text)
		}
		to = p.end + (p.end - p.start) + 1 // the next token lies further on: read twice as far
	}
}

// alignment returns where view token v starts in the original and whether
// it matched: a matched token maps to its twin, a changed one to the start
// of the original's side of its change.
func (st *state) alignment(v int) (int, bool) {
	changes := st.script.Changes()
	k := sort.Search(len(changes), func(k int) bool { return int(changes[k].B0) > v }) - 1
	o := v
	if k >= 0 {
		c := changes[k]
		if v < int(c.B1) {
			return st.origAt(int(c.A0)), false
		}
		o = v - int(c.B1) + int(c.A1)
	}
	return st.origAt(o), true
}

// origAt returns where the original's token o starts, or the original's
// end.
func (st *state) origAt(o int) int {
	if o < st.orig.starts.len() {
		return st.orig.start(o)
	}
	return len(st.orig.text)
}

// part is a stretch of an article's original view, read alone: its
// tokens, the index of the first among all the view's tokens (but those of
// bare elisions), and the article offsets it covers.
type part struct {
	art        *article
	b0         int
	start, end int
}

// viewStart returns where the original view of d starts in the article.
func viewStart(d *markup.Document) int {
	if d.HasFrontMatter {
		return d.FrontMatter.Span.End
	}
	return 0
}

// maxLineTries bounds how many line starts the search for a place to cut
// the view at tries before it settles for the view's start.
const maxLineTries = 64

// cutBefore returns the greatest place at or before x where d's view can
// be cut: the start of a line whose line end before it lies in no mark, or
// the view's start. The original view of the article from such a place on
// is the same as the whole view from there: the view's builder has settled
// every mark before it and looks back no further than the line.
func cutBefore(d *markup.Document, x int) int {
	start := viewStart(d)
	for try := 0; try < maxLineTries && x > start; try++ {
		nl := bytes.LastIndexByte(d.Src[start:x], '\n')
		if nl < 0 {
			break
		}
		ls := start + nl + 1
		if d.MarkAt(ls-1) < 0 {
			return ls
		}
		x = ls - 1
	}
	return start
}

// cutAfter returns the least place at or after x where d's view can be
// cut, or the article's end.
func cutAfter(d *markup.Document, x int) int {
	x = min(x, len(d.Src))
	for try := 0; try < maxLineTries && x < len(d.Src); try++ {
		nl := bytes.IndexByte(d.Src[x:], '\n')
		if nl < 0 {
			break
		}
		ls := x + nl + 1
		if d.MarkAt(ls-1) < 0 {
			return ls
		}
		x = ls
	}
	return len(d.Src)
}

// part reads the view of d, which st was checked from, around the article
// offsets [from, to): from the last checkpoint at or before from whose
// line the view can be cut at, or from the view's start.
func (st *state) part(d *markup.Document, from, to int) part {
	k := sort.Search(len(st.cpStart), func(k int) bool { return int(st.cpStart[k]) > from }) - 1
	for ; k >= 0; k-- {
		cp := int(st.cpStart[k])
		start := cutBefore(d, cp)
		end := cutAfter(d, max(to, cp))
		art := readPart(d, start, end)
		if i, ok := art.find(cp); ok && !art.inComment(i) {
			return part{art: art, b0: int(st.script.Anchors()[k].B) - i, start: start, end: end}
		}
	}
	start := viewStart(d)
	end := cutAfter(d, max(to, start))
	return part{art: readPart(d, start, end), b0: 0, start: start, end: end}
}

// readPart builds and tokenizes the original view of the article bytes
// [start, end), places where the view can be cut.
func readPart(d *markup.Document, start, end int) *article {
	m0 := sort.Search(len(d.Marks), func(i int) bool { return d.Marks[i].Span().Start >= start })
	m1 := sort.Search(len(d.Marks), func(i int) bool { return d.Marks[i].Span().Start >= end })
	sub := d.Slice(span.Span{Start: start, End: end}, m0, m1)
	art := &article{v: view.Build(sub, view.Original, view.Options{}), base: start}
	art.scan(nil, false)
	art.leaveOutBares(d, m0, m1, nil)
	return art
}

// find returns the index of the token that starts at article offset off.
func (art *article) find(off int) (int, bool) {
	i := sort.Search(len(art.vt), func(i int) bool { return art.start(i) >= off })
	return i, i < len(art.vt) && art.start(i) == off
}

// inComment reports whether the whole view might have been inside an HTML
// comment where the part starts: only if a comment closes before token i,
// which the whole view reads as a token.
func (art *article) inComment(i int) bool {
	return bytes.Contains(art.v.Text[:art.vt[i]], commentClose)
}
