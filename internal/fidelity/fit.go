package fidelity

import (
	"bytes"
	"sort"

	"github.com/bluepencil/bluepencil/internal/span"
)

// fitTokens is how many view tokens on each side of an edit fit checks:
// enough to see a word joined or a line's syntax changed next to it.
const fitTokens = 2

// site is where a fix writes: the article span s, which covers view
// tokens [v0, v1) (none for a point).
type site struct {
	s      span.Span
	v0, v1 int
}

// fit returns the text that replaces the article at site so that the
// original view reads words there: pre + open + words + close + post,
// where open and close are a mark's delimiters (and its new side), which
// the original view drops, and pre and post are spaces it keeps. It tries
// the spacing asked for, then a space next to the words (inside the mark,
// so the published view does not change), then no outer spacing, and takes
// the first whose original view reads the words apart from the text
// around them: no "hallthen" for "hall then", no "+ 0" read as a list item
// for "+0". It reports false when none does.
func (c *checker) fit(at site, want [][]byte, pre, open, words, close, post string) (string, bool) {
	if c.noFixes {
		return "", false
	}
	for _, v := range [...]struct{ pre, l, r, post string }{
		{pre, "", "", post}, {pre, " ", "", post}, {pre, "", " ", post}, {pre, " ", " ", post},
		{"", "", "", ""}, {"", " ", "", ""}, {"", "", " ", ""}, {"", " ", " ", ""},
	} {
		if c.reads(at, v.pre+v.l+words+v.r+v.post, want) {
			return v.pre + open + v.l + words + v.r + close + v.post, true
		}
	}
	return "", false
}

// fitMark is fit for a mark, which must stay within one paragraph: it
// reports false when the mark would hold a blank line.
func (c *checker) fitMark(at site, want [][]byte, pre, open, words, close, post string) (string, bool) {
	if !oneParagraph(open + words + close) {
		return "", false
	}
	t, ok := c.fit(at, want, pre, open, words, close, post)
	return t, ok && oneParagraph(t)
}

// reads reports whether the original view, with the bytes at site read as
// mid, has the tokens want there and the tokens around it unchanged.
func (c *checker) reads(at site, mid string, want [][]byte) bool {
	if c.noFixes {
		return false
	}
	if r := &c.lastRead; r.valid && r.at == at && r.mid == mid {
		return r.ok // Restore and the marking fix often ask the same
	}
	text := c.v.Text
	lo, hi := max(0, at.v0-fitTokens), min(len(c.vt), at.v1+fitTokens)
	ls, prefix := c.lineStart(lo)
	re := len(text)
	if hi < len(c.vt) {
		re = c.vtEnd(hi - 1)
	}
	jl, jr := c.toView(at.s.Start), c.toView(at.s.End)
	buf := append(append(append(append(c.buf[:0], prefix...), text[ls:jl]...), mid...), text[jr:re]...)
	c.buf = buf
	exp, k := c.viewSpan(c.exp[:0], ls, jl, lo)
	exp = append(exp, want...)
	exp, _ = c.viewSpan(exp, jr, re, k)
	c.exp = exp
	got, _ := tokenize(c.toks[:0], buf)
	c.toks = got
	if len(prefix) > 0 && len(got) > 0 {
		got = got[1:]
	}
	ok := len(got) == len(exp)
	for i := 0; ok && i < len(got); i++ {
		ok = bytes.Equal(buf[got[i].Start:got[i].End], exp[i])
	}
	c.lastRead = lastRead{at: at, mid: mid, ok: ok, valid: true}
	return ok
}

// lastRead remembers the last answer of reads.
type lastRead struct {
	at        site
	mid       string
	ok, valid bool
}

// lineReach is how far back lineStart looks for the start of a line.
const lineReach = 64

// lineStart returns where in the view a window holding view token lo
// starts: at the start of its line, so that a line's syntax ("# ", "1. ")
// reads as it does in the whole view, or, on a line too long for that,
// at the token itself read after a word (the prefix to put before it).
func (art *article) lineStart(lo int) (int, []byte) {
	if lo == 0 {
		return 0, nil
	}
	ls := int(art.vt[lo])
	from := max(0, ls-lineReach)
	switch nl := bytes.LastIndexByte(art.v.Text[from:ls], '\n'); {
	case nl >= 0:
		return from + nl + 1, nil
	case from == 0:
		return 0, nil
	}
	return ls, []byte("x ")
}

// lineStartAt is where lineStart starts.
func (art *article) lineStartAt(lo int) int {
	ls, _ := art.lineStart(lo)
	return ls
}

// viewSpan appends the view's tokens within view bytes [from, to), as
// the whole view reads them, and returns the index in c.vall of the first
// token after them. The first is looked for from hint, an index in c.vall
// near it: fixes ask about a few tokens at a time, and a binary search of
// a book's tokens for each was 3% of checking one with a thousand
// differences.
func (c *checker) viewSpan(out [][]byte, from, to, hint int) ([][]byte, int) {
	i := searchNear(c.vall, from, hint)
	for ; i < len(c.vall); i++ {
		s := int(c.vall[i])
		e := tokenEnd(c.v.Text, s)
		if e > to {
			break
		}
		out = append(out, c.v.Text[s:e])
	}
	return out, i
}

// searchNear returns the first index of the sorted starts holding a value
// of at least x, as sort.Search does, looking outward from hint in steps
// that double: in time logarithmic in its distance from hint.
func searchNear(starts []int32, x, hint int) int {
	n := len(starts)
	hint = min(max(hint, 0), n)
	lo, hi := hint, hint // the answer is in [lo, hi]
	for step := 1; lo > 0 && int(starts[lo-1]) >= x; step *= 2 {
		hi, lo = lo-1, max(0, lo-step)
	}
	for step := 1; hi < n && int(starts[hi]) < x; step *= 2 {
		lo, hi = hi+1, min(n, hi+step)
	}
	return lo + sort.Search(hi-lo, func(i int) bool { return int(starts[lo+i]) >= x })
}

// origTokens returns the original's tokens [o0, o1).
func (c *checker) origTokens(o0, o1 int) [][]byte {
	out := make([][]byte, o1-o0)
	for i := range out {
		out[i] = c.orig[c.o.start(o0+i):c.o.end(o0+i)]
	}
	return out
}
