package fidelity

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// report turns hunk h into an unmarked-change diagnostic with the fixes
// that fit its kind and place.
func (c *checker) report(h hunk) rules.Diagnostic {
	switch {
	case h.coarse:
		return c.reportCoarse(h)
	case h.v0 == h.v1:
		return c.reportMissing(h)
	}
	s := span.Span{Start: c.start(h.v0), End: c.end(h.v1 - 1)}
	if c.straddles(s) {
		dg := rules.New(CodeUnmarkedChange, s, "the article's words differ from the original across a mark's edge")
		if h.o0 < h.o1 {
			dg.Message += "; the original says " + c.quoteOrig(h.o0, h.o1)
		}
		return dg
	}
	if mark := c.ctx(s.Start); mark >= 0 {
		return c.reportInMark(h, s, mark)
	}
	if h.o0 == h.o1 {
		return c.reportAdded(h, s)
	}
	dg := rules.New(CodeUnmarkedChange, s, "the article changes the original's words without marking them; the original says "+c.quoteOrig(h.o0, h.o1))
	if c.noFixes {
		return dg
	}
	text := string(s.Text(c.src))
	words := c.origText(h.o0, h.o1)
	at, want := site{s, h.v0, h.v1}, c.origTokens(h.o0, h.o1)
	if t, ok := c.fitMark(at, want, "", markup.Substitution.Opener(), words, markup.Arrow+text+markup.Substitution.Closer(), ""); ok {
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixMarkModification, Preferred: true, Edits: []span.Edit{span.Replace(s, t)}})
	}
	if t, ok := c.fit(at, want, "", "", words, "", ""); ok {
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixRestore, Edits: []span.Edit{span.Replace(s, t)}})
	}
	return dg
}

// reportCoarse reports a region the diff could only take whole: no fix,
// since nothing says which of its words correspond.
func (c *checker) reportCoarse(h hunk) rules.Diagnostic {
	var s span.Span
	if h.v0 < h.v1 {
		s = span.Span{Start: c.start(h.v0), End: c.end(h.v1 - 1)}
	} else {
		p, _ := c.insertionPoint(h.v0, false)
		s = span.Span{Start: p, End: p}
	}
	msg := "the article differs from the original here, too much to compare word by word"
	if h.o0 < h.o1 {
		msg += "; the original says " + c.quoteOrig(h.o0, h.o1)
	}
	return rules.New(CodeUnmarkedChange, s, msg)
}

// straddles reports whether the article span s crosses a mark's edge or
// holds a whole mark: no edit could change its words without breaking a
// mark.
func (c *checker) straddles(s span.Span) bool {
	mark := c.ctx(s.Start)
	if c.ctx(s.End-1) != mark {
		return true
	}
	marks := c.d.Marks
	for i := sort.Search(len(marks), func(i int) bool { return marks[i].Span().Start >= s.Start }); i < len(marks); i++ {
		m := &marks[i]
		if m.Span().Start >= s.End {
			break
		}
		if s.Start <= m.Span().Start && m.Span().End <= s.End {
			return true
		}
	}
	return false
}

// reportMissing reports original words the article lacks, at the point
// where they belong.
func (c *checker) reportMissing(h hunk) rules.Diagnostic {
	p, mark := c.insertionPoint(h.v0, h.o0 > 0 && paraBreak(c.orig[c.o.end(h.o0-1):c.o.start(h.o0)]))
	point := span.Span{Start: p, End: p}
	if mark >= 0 {
		m := &c.d.Marks[mark]
		dg := rules.New(CodeUnmarkedChange, point, "the "+m.Kind.String()+"'s original text lacks words the original has: "+c.quoteOrig(h.o0, h.o1))
		dg.Related = []markup.Related{{Span: m.Span(), Message: "the mark"}}
		if restore, ok := c.restoreMissing(h, point); ok {
			dg.Fixes = []rules.Fix{{Title: FixRestore, Preferred: true, Edits: []span.Edit{span.Insert(p, restore)}}}
		}
		return dg
	}
	dg := rules.New(CodeUnmarkedChange, point, "the original has words the article lacks, without an elision: "+c.quoteOrig(h.o0, h.o1))
	if c.noFixes {
		return dg
	}
	words := c.origText(h.o0, h.o1)
	pre, post := c.spacing(p, words)
	if t, ok := c.fitMark(site{point, h.v0, h.v0}, c.origTokens(h.o0, h.o1), pre, markup.Elision.Opener(), words, markup.Elision.Closer(), post); ok {
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixMarkElision, Preferred: true, Edits: []span.Edit{span.Insert(p, t)}})
	}
	if restore, ok := c.restoreMissing(h, point); ok {
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixRestore, Edits: []span.Edit{span.Insert(p, restore)}})
	}
	return dg
}

// restoreMissing returns the text that puts the words of the pure deletion
// h back at point.
func (c *checker) restoreMissing(h hunk, point span.Span) (string, bool) {
	if c.noFixes {
		return "", false
	}
	words := c.origText(h.o0, h.o1)
	pre, post := c.spacing(point.Start, words)
	return c.fit(site{point, h.v0, h.v0}, c.origTokens(h.o0, h.o1), pre, "", words, "", post)
}

// reportAdded reports words in plain text that the original lacks.
func (c *checker) reportAdded(h hunk, s span.Span) rules.Diagnostic {
	dg := rules.New(CodeUnmarkedChange, s, "the article adds words the original lacks, without marking them: "+quote(s.Text(c.src)))
	if c.noFixes {
		return dg
	}
	text := string(s.Text(c.src))
	at := site{s, h.v0, h.v1}
	switch {
	case !oneParagraph(text):
		// No mark may hold a blank line.
	case c.reads(at, "", nil):
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixMarkAddition, Preferred: true,
			Edits: []span.Edit{span.Replace(s, markup.Addition.Opener()+text+markup.Addition.Closer())}})
	default:
		if f, ok := c.widenedAddition(h, s, text); ok {
			dg.Fixes = append(dg.Fixes, f)
		}
	}
	if e, ok := c.cut(at, span.Span{Start: 0, End: len(c.src)}); ok {
		dg.Fixes = append(dg.Fixes, rules.Fix{Title: FixRestore, Edits: []span.Edit{e}})
	}
	return dg
}

// reportInMark reports a mark whose original side differs from the
// original; the fix corrects that side only.
func (c *checker) reportInMark(h hunk, s span.Span, mark int) rules.Diagnostic {
	m := &c.d.Marks[mark]
	at := site{s, h.v0, h.v1}
	var dg rules.Diagnostic
	var fix span.Edit
	ok := false
	if h.o0 == h.o1 {
		dg = rules.New(CodeUnmarkedChange, s, "the "+m.Kind.String()+"'s original text has words the original lacks: "+quote(s.Text(c.src)))
		fix, ok = c.cut(at, m.Body())
	} else {
		dg = rules.New(CodeUnmarkedChange, s, "the "+m.Kind.String()+"'s original text differs from the original, which says "+c.quoteOrig(h.o0, h.o1))
		if !c.noFixes {
			var t string
			t, ok = c.fit(at, c.origTokens(h.o0, h.o1), "", "", c.origText(h.o0, h.o1), "", "")
			fix = span.Replace(s, t)
		}
	}
	if ok {
		dg.Fixes = []rules.Fix{{Title: FixRestore, Preferred: true, Edits: []span.Edit{fix}}}
	}
	dg.Related = []markup.Related{{Span: m.Span(), Message: "the mark"}}
	return dg
}

// widenedAddition marks added words that no space parts from the words
// around them, where the original has a space ("hall—then" for "hall
// then"): an addition mark would leave "hallthen" in the original view.
// It writes the change as a substitution that takes in the neighbouring
// word, {~~hall ~>hall—~~}then, when that word is plain text right beside
// the added ones.
func (c *checker) widenedAddition(h hunk, s span.Span, text string) (rules.Fix, bool) {
	sub := func(at span.Span, old, new string) rules.Fix {
		return rules.Fix{Title: FixMarkModification, Preferred: true, Edits: []span.Edit{span.Replace(at,
			markup.Substitution.Opener()+old+markup.Arrow+new+markup.Substitution.Closer())}}
	}
	if h.v0 > 0 {
		if ts, te := c.start(h.v0-1), c.end(h.v0-1); te == s.Start && c.ctx(ts) < 0 {
			prev := string(c.src[ts:s.Start])
			at := span.Span{Start: ts, End: s.End}
			if c.reads(site{at, h.v0 - 1, h.v1}, prev+" ", [][]byte{c.src[ts:s.Start]}) {
				return sub(at, prev+" ", prev+text), true
			}
		}
	}
	if h.v1 < len(c.vt) {
		if ts, te := c.start(h.v1), c.end(h.v1); ts == s.End && c.ctx(te-1) < 0 {
			next := string(c.src[s.End:te])
			at := span.Span{Start: s.Start, End: te}
			if c.reads(site{at, h.v0, h.v1 + 1}, " "+next, [][]byte{c.src[s.End:te]}) {
				return sub(at, " "+next, text+next), true
			}
		}
	}
	return rules.Fix{}, false
}

// cut deletes the words at site, with one neighbouring space as
// rules.RemoveEdit does, as long as that space lies within bounds; where
// the words on either side would join in the original view, it leaves a
// space instead. It reports false when neither reads right.
func (c *checker) cut(at site, bounds span.Span) (span.Edit, bool) {
	e := rules.RemoveEdit(c.src, at.s)
	if e.Span.Start < bounds.Start || e.Span.End > bounds.End {
		e = span.Delete(at.s)
	}
	if c.reads(site{e.Span, at.v0, at.v1}, "", nil) {
		return e, true
	}
	return span.Replace(at.s, " "), c.reads(at, " ", nil)
}

// origText returns the original's bytes from the first to the last of
// tokens [o0, o1), its inner spacing kept.
func (c *checker) origText(o0, o1 int) string {
	if o0 >= o1 {
		return ""
	}
	return string(c.orig[c.o.start(o0):c.o.end(o1-1)])
}

// quoteOrig quotes the original's tokens [o0, o1), from the first to the
// last.
func (c *checker) quoteOrig(o0, o1 int) string {
	return quote(c.orig[c.o.start(o0):c.o.end(o1-1)])
}

// ctx returns the mark that holds article offset off, or -1 for plain text.
func (c *checker) ctx(off int) int { return c.d.MarkAt(off) }

// insertionPoint returns where words missing before view token v belong
// in the article, and the mark they belong inside (or -1 for plain text).
// The point is never inside a mark's delimiters.
// paraStart is set when the missing words start a paragraph in the
// original: they then go before the next token rather than after the
// previous one.
func (c *checker) insertionPoint(v int, paraStart bool) (int, int) {
	var prevCtx, nextCtx = -2, -2
	if v > 0 {
		prevCtx = c.ctx(c.end(v-1) - 1)
	}
	if v < len(c.vt) {
		nextCtx = c.ctx(c.start(v))
	}
	switch {
	case paraStart && nextCtx == -1:
		return c.start(v), -1
	case prevCtx >= 0 && prevCtx == nextCtx:
		return c.end(v - 1), prevCtx
	case prevCtx == -1:
		return c.end(v - 1), -1
	case nextCtx == -1:
		return c.start(v), -1
	case prevCtx >= 0:
		return c.top(prevCtx).Span().End, -1
	case nextCtx >= 0:
		return c.top(nextCtx).Span().Start, -1
	}
	// No word at all: after the front matter and the line's block syntax
	// (a "1." there is a list marker, which the words must not turn into
	// text).
	start := 0
	if c.d.HasFrontMatter {
		start = c.d.FrontMatter.Span.End
	}
	for start < len(c.src) && isSpaceByte(c.src[start]) {
		start++
	}
	return skipLineSyntax(c.src, start), -1
}

func (c *checker) top(i int) *markup.Mark {
	for c.d.Marks[i].Parent() >= 0 {
		i = c.d.Marks[i].Parent()
	}
	return &c.d.Marks[i]
}

// spacing returns the spaces that set text inserted at p apart from the
// word before or after it in the article, as a writer would type them.
func (c *checker) spacing(p int, text string) (pre, post string) {
	src := c.src
	if p > 0 && !isSpaceByte(src[p-1]) && !startsWithCloser(text) {
		return " ", ""
	}
	if p < len(src) && !isSpaceByte(src[p]) && (p == 0 || isSpaceByte(src[p-1])) {
		return "", " "
	}
	return "", ""
}

func startsWithCloser(text string) bool {
	return text != "" && strings.IndexByte(".,;:!?)]", text[0]) >= 0
}

// oneParagraph reports whether a mark holding text stays within one
// paragraph, as marks must.
func oneParagraph(text string) bool { return !paraBreak([]byte(text)) }

// paraBreak reports whether the white space gap holds a blank line.
func paraBreak(gap []byte) bool {
	nl := false
	for _, b := range gap {
		switch b {
		case '\n':
			if nl {
				return true
			}
			nl = true
		case ' ', '\t', '\r':
		default:
			nl = false
		}
	}
	return false
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

const quoteLimit = 80

// quote returns text with its white space runs made single spaces, cut
// after quoteLimit bytes, in quotation marks. It reads no more of text
// than it needs: a hunk may hold most of a book.
func quote(text []byte) string {
	out := make([]byte, 0, quoteLimit+8)
	space := false
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		if unicode.IsSpace(r) {
			space = len(out) > 0
		} else {
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, text[:n]...)
		}
		text = text[n:]
		if len(out) > quoteLimit {
			cut := quoteLimit
			for cut > 0 && !utf8.RuneStart(out[cut]) {
				cut--
			}
			return "“" + string(out[:cut]) + "…”"
		}
	}
	return "“" + string(out) + "”"
}

// reportAt returns about where the difference h would be reported, cheaply:
// for a place to put the count of the differences not listed.
func (c *checker) reportAt(h hunk) int {
	switch {
	case h.v0 < len(c.vt):
		return c.start(h.v0)
	case len(c.vt) > 0:
		return c.end(len(c.vt) - 1)
	}
	return 0
}
