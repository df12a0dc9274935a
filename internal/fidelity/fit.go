package fidelity

import (
	"bytes"
	"slices"
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
func (c *checker) fit(at site, want []string, pre, open, words, close, post string) (string, bool) {
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

// reads reports whether the original view, with the bytes at site read as
// mid, has the tokens want there and the tokens around it unchanged.
func (c *checker) reads(at site, mid string, want []string) bool {
	text := c.v.Text
	lo, hi := max(0, at.v0-fitTokens), min(len(c.vt), at.v1+fitTokens)
	ls, prefix := c.lineStart(lo)
	re := len(text)
	if hi < len(c.vt) {
		re = int(c.vt[hi-1].s1)
	}
	jl, jr := c.v.ToView(at.s.Start), c.v.ToView(at.s.End)
	whole := slices.Concat(prefix, text[ls:jl], []byte(mid), text[jr:re])
	got := tokenStrings(whole, len(prefix) > 0)
	exp := slices.Concat(c.viewStrings(ls, jl), want, c.viewStrings(jr, re))
	return slices.Equal(got, exp)
}

// lineReach is how far back lineStart looks for the start of a line.
const lineReach = 256

// lineStart returns where in the view a window holding view token lo
// starts: at the start of its line, so that a line's syntax ("# ", "1. ")
// reads as it does in the whole view, or, on a line too long for that,
// at the token itself read after a word (the prefix to put before it).
func (c *checker) lineStart(lo int) (int, []byte) {
	if lo == 0 {
		return 0, nil
	}
	ls := int(c.vt[lo].s0)
	from := max(0, ls-lineReach)
	switch nl := bytes.LastIndexByte(c.v.Text[from:ls], '\n'); {
	case nl >= 0:
		return from + nl + 1, nil
	case from == 0:
		return 0, nil
	}
	return ls, []byte("x ")
}

// viewStrings returns the view's tokens within view bytes [from, to), as
// the whole view reads them.
func (c *checker) viewStrings(from, to int) []string {
	i := sort.Search(len(c.vall), func(i int) bool { return int(c.vall[i].Start) >= from })
	var out []string
	for ; i < len(c.vall) && int(c.vall[i].End) <= to; i++ {
		out = append(out, string(c.v.Text[c.vall[i].Start:c.vall[i].End]))
	}
	return out
}

// tokenStrings returns the tokens of text, without the first when skip is
// set.
func tokenStrings(text []byte, skip bool) []string {
	toks := Tokenize(text)
	if skip && len(toks) > 0 {
		toks = toks[1:]
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(text[t.Start:t.End])
	}
	return out
}

// origTokens returns the original's tokens [o0, o1) as strings.
func (c *checker) origTokens(o0, o1 int) []string {
	out := make([]string, o1-o0)
	for i := range out {
		t := c.ot[o0+i]
		out[i] = string(c.orig[t.Start:t.End])
	}
	return out
}
