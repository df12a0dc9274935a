package fidelity

import (
	"math"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// The codes this package reports, besides rules.CodeUntrackedElision. They
// are described, with their severities, in rules.Codes.
const (
	CodeUnmarkedChange       = rules.CodeUnmarkedChange
	CodeOriginalTooDifferent = rules.CodeOriginalTooDifferent
)

// The titles of the fixes, stable so that tests and clients can find them.
const (
	FixMarkAddition     = "Mark as addition"
	FixMarkElision      = "Mark as elision"
	FixMarkModification = "Mark as modification"
	FixRestore          = "Restore original text"
	FixRecordCut        = "Record the cut words"
)

// Defaults for Options.
const (
	DefaultTimeout        = 250 * time.Millisecond
	DefaultMaxChangeRatio = 0.5
)

// Options bound the comparison. Zero fields take the defaults.
type Options struct {
	// Timeout bounds the check (tokenizing and the word diff); a diff
	// that runs out of time is not trusted and gives
	// original-too-different.
	Timeout time.Duration
	// MaxChangeRatio is the share of the longer token list that may be
	// changed before the texts count as unrelated.
	MaxChangeRatio float64
}

// Result is what Check finds.
type Result struct {
	// Diagnostics are ordered by position: unmarked-change (error),
	// untracked-elision carrying the "Record the cut words" fix (the
	// caller merges it with the rules' diagnostic of the same code and
	// span), or a single original-too-different (warning).
	Diagnostics []rules.Diagnostic
	// TooDifferent is set when the texts were too unrelated to compare
	// (or the diff timed out); Diagnostics then holds only the warning.
	TooDifferent bool
	// TimedOut is set when the diff hit Options.Timeout.
	TimedOut bool

	// Alignment, for OriginalOffset: the article start of each view token,
	// its original offset, and whether it matched exactly.
	vt        []vtok  // the view's tokens with their article spans
	origStart []int32 // for each, where it starts in the original
	equal     []bool
	origLen   int
}

// hunk is one difference: original tokens [o0, o1) became view tokens
// [v0, v1) (indexes into the filtered view token list).
type hunk struct{ o0, o1, v0, v1 int }

type vtok struct {
	// a0, a1 are the article span, s0, s1 the span in the view text; 32
	// bits each, since a book has hundreds of thousands of tokens and these
	// arrays were most of the check's memory.
	a0, a1, s0, s1 int32
}

func (t vtok) start() int { return int(t.a0) }
func (t vtok) end() int   { return int(t.a1) }

// Check compares the original view of d with the archived original text.
// fieldSpan is the span of the front matter's `original:` value, where
// original-too-different is reported.
func Check(d *markup.Document, original []byte, fieldSpan span.Span, opts Options) Result {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxChangeRatio <= 0 {
		opts.MaxChangeRatio = DefaultMaxChangeRatio
	}
	// The bound covers the whole check, tokenizing included.
	deadline := time.Now().Add(opts.Timeout)
	if len(d.Src) > math.MaxInt32 || len(original) > math.MaxInt32 {
		// Token spans are 32-bit; no article comes near this.
		return Result{TooDifferent: true, Diagnostics: []rules.Diagnostic{
			rules.New(CodeOriginalTooDifferent, fieldSpan, "the article or its original is too large to compare word by word"),
		}}
	}
	src := d.Src
	// Tokenize the original while the view is built and tokenized.
	var ot []Token
	var wg sync.WaitGroup
	wg.Go(func() { ot = Tokenize(original) })
	v := view.Build(d, view.Original, view.Options{})

	// Bare elisions' spans, in order, to drop their tokens.
	var bares []int // indexes into d.Marks
	for i := range d.Marks {
		if d.Marks[i].Kind == markup.BareElision {
			bares = append(bares, i)
		}
	}
	barePos := make([]int, len(bares)) // filtered token count before each
	vtoks := Tokenize(v.Text)
	vt := make([]vtok, 0, len(vtoks))
	bi := 0
	for _, t := range vtoks {
		a0 := v.ToArticle(int(t.Start))
		a1 := v.ToArticle(int(t.End)-1) + 1
		for bi < len(bares) && d.Marks[bares[bi]].Span().End <= a0 {
			barePos[bi] = len(vt)
			bi++
		}
		if bi < len(bares) && d.Marks[bares[bi]].Span().Start <= a0 {
			continue // a token of the bare elision itself
		}
		vt = append(vt, vtok{int32(a0), int32(a1), t.Start, t.End})
	}
	for ; bi < len(bares); bi++ {
		barePos[bi] = len(vt)
	}
	wg.Wait()
	if fm, ok := frontmatter.Find(original); ok && fm.Closed {
		// A Markdown original may have front matter of its own: no part
		// of its text.
		skip := sort.Search(len(ot), func(i int) bool { return int(ot[i].Start) >= fm.Span.End })
		ot = ot[skip:]
	}

	// Map each distinct token to a rune, skipping the surrogates.
	ids := make(map[string]rune, 1024)
	next := rune(1)
	id := func(s []byte) rune {
		if r, ok := ids[string(s)]; ok {
			return r
		}
		r := next
		ids[string(s)] = r
		next++
		if next == 0xD800 {
			next = 0xE000
		}
		return r
	}
	a := make([]rune, len(ot))
	for i, t := range ot {
		a[i] = id(original[t.Start:t.End])
	}
	b := make([]rune, len(vt))
	for i, t := range vt {
		b[i] = id(v.Text[t.s0:t.s1])
	}

	res := Result{origLen: len(original)}
	tooDifferent := func() Result {
		res.TooDifferent = true
		res.Diagnostics = []rules.Diagnostic{
			rules.New(CodeOriginalTooDifferent, fieldSpan, "the original differs from the article too much for a word-by-word comparison"),
		}
		return res
	}
	if next > utf8.MaxRune {
		return tooDifferent()
	}

	diffs, timedOut := diffTokens(a, b, deadline)
	res.TimedOut = timedOut

	// Walk the diffs in token units.
	var hunks []hunk
	oi, vi := 0, 0
	res.vt = vt
	res.origStart = make([]int32, len(vt))
	res.equal = make([]bool, len(vt))
	for k := 0; k < len(diffs); {
		if diffs[k].kind == diffmatchpatch.DiffEqual {
			n := diffs[k].n
			for j := 0; j < n; j++ {
				res.equal[vi+j] = true
				res.origStart[vi+j] = ot[oi+j].Start
			}
			oi += n
			vi += n
			k++
			continue
		}
		h := hunk{o0: oi, v0: vi}
		for ; k < len(diffs) && diffs[k].kind != diffmatchpatch.DiffEqual; k++ {
			n := diffs[k].n
			if diffs[k].kind == diffmatchpatch.DiffDelete {
				oi += n
			} else {
				vi += n
			}
		}
		h.o1, h.v1 = oi, vi
		hunks = append(hunks, h)
	}
	for _, h := range hunks {
		o := len(original)
		if h.o0 < len(ot) {
			o = int(ot[h.o0].Start)
		}
		for j := h.v0; j < h.v1; j++ {
			res.origStart[j] = int32(o)
		}
	}
	if res.TimedOut {
		return tooDifferent()
	}

	c := checker{d: d, src: src, orig: original, ot: ot, vt: vt, a: a, b: b}
	// Bare elisions first: a pure deletion at a bare elision's position is
	// the words it cut.
	used := make([]bool, len(hunks))
	for k, mi := range bares {
		p := barePos[k]
		hi := sort.Search(len(hunks), func(i int) bool { return hunks[i].v1 >= p })
		for _, j := range []int{hi - 1, hi, hi + 1} {
			if j < 0 || j >= len(hunks) || used[j] {
				continue
			}
			h, ok := c.slideTo(hunks[j], p)
			if !ok {
				continue
			}
			hunks[j] = h
			used[j] = true
			m := &d.Marks[mi]
			words := c.origText(h.o0, h.o1)
			res.Diagnostics = append(res.Diagnostics, rules.Diagnostic{
				Code:     rules.CodeUntrackedElision,
				Severity: rules.Warning,
				Span:     m.Span(),
				Message:  "this elision does not record the words it cut; the original has them",
				Fixes: []rules.Fix{{Title: FixRecordCut, Preferred: true, Safe: true,
					Edits: []span.Edit{span.Replace(m.Span(), markup.Elision.Opener()+words+markup.Elision.Closer())}}},
			})
			break
		}
	}
	// The words a bare elision cut are no sign of unrelated texts: an
	// excerpt may cut most of its original.
	changed := 0
	for j, h := range hunks {
		if !used[j] {
			changed += max(h.o1-h.o0, h.v1-h.v0)
		}
	}
	if float64(changed) > opts.MaxChangeRatio*float64(max(len(a), len(b))) {
		return tooDifferent()
	}
	for j, h := range hunks {
		if !used[j] {
			res.Diagnostics = append(res.Diagnostics, c.report(h))
		}
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool { return res.Diagnostics[i].Span.Start < res.Diagnostics[j].Span.Start })
	return res
}

type checker struct {
	d    *markup.Document
	src  []byte
	orig []byte
	ot   []Token
	vt   []vtok
	a, b []rune
}

// slideTo moves the pure deletion h along the runs of equal tokens around
// it, where the same words could have been cut, to view position p.
func (c *checker) slideTo(h hunk, p int) (hunk, bool) {
	if h.v0 != h.v1 || h.o0 == h.o1 {
		return h, false
	}
	for h.v0 < p {
		// Slide right: the first cut token must equal the next token.
		if h.o1 >= len(c.a) || h.v0 >= len(c.b) || c.a[h.o0] != c.a[h.o1] || c.a[h.o1] != c.b[h.v0] {
			return h, false
		}
		h.o0++
		h.o1++
		h.v0++
		h.v1++
	}
	for h.v0 > p {
		if h.o0 == 0 || c.a[h.o1-1] != c.a[h.o0-1] || c.b[h.v0-1] != c.a[h.o0-1] {
			return h, false
		}
		h.o0--
		h.o1--
		h.v0--
		h.v1--
	}
	return h, true
}

// origText returns the original's bytes from the first to the last of
// tokens [o0, o1), its inner spacing kept.
func (c *checker) origText(o0, o1 int) string {
	if o0 >= o1 {
		return ""
	}
	return string(c.orig[c.ot[o0].Start:c.ot[o1-1].End])
}

// ctx returns the mark that holds article offset off, or -1 for plain text.
func (c *checker) ctx(off int) int { return c.d.MarkAt(off) }

func (c *checker) report(h hunk) rules.Diagnostic {
	src := c.src
	words := c.origText(h.o0, h.o1)
	dg := rules.New(CodeUnmarkedChange, span.Span{}, "")
	if h.v0 == h.v1 {
		// Words missing from the article.
		p, mark := c.insertionPoint(h.v0, h.o0 > 0 && paraBreak(c.orig[c.ot[h.o0-1].End:c.ot[h.o0].Start]))
		dg.Span = span.Span{Start: p, End: p}
		if mark >= 0 {
			m := &c.d.Marks[mark]
			dg.Message = "the " + m.Kind.String() + "'s original text lacks words the original has: " + quote(words)
			dg.Related = []markup.Related{{Span: m.Span(), Message: "the mark"}}
			dg.Fixes = []rules.Fix{{Title: FixRestore, Preferred: true, Edits: []span.Edit{span.Insert(p, c.spaced(p, words))}}}
			return dg
		}
		dg.Message = "the original has words the article lacks, without an elision: " + quote(words)
		dg.Fixes = []rules.Fix{
			{Title: FixMarkElision, Preferred: true, Edits: []span.Edit{span.Insert(p, c.spaced(p, markup.Elision.Opener()+words+markup.Elision.Closer()))}},
			{Title: FixRestore, Edits: []span.Edit{span.Insert(p, c.spaced(p, words))}},
		}
		return dg
	}
	s := span.Span{Start: c.vt[h.v0].start(), End: c.vt[h.v1-1].end()}
	dg.Span = s
	mark := c.ctx(s.Start)
	straddles := c.ctx(s.End-1) != mark
	marks := c.d.Marks
	for i := sort.Search(len(marks), func(i int) bool { return marks[i].Span().Start >= s.Start }); i < len(marks); i++ {
		m := &marks[i]
		if m.Span().Start >= s.End {
			break
		}
		if s.Start <= m.Span().Start && m.Span().End <= s.End {
			straddles = true // a whole mark inside the words: no fix keeps it
		}
	}
	text := string(s.Text(src))
	if straddles {
		dg.Message = "the article's words differ from the original across a mark's edge"
		if h.o0 < h.o1 {
			dg.Message += "; the original says " + quote(words)
		}
		return dg
	}
	if mark >= 0 {
		m := &c.d.Marks[mark]
		dg.Related = []markup.Related{{Span: m.Span(), Message: "the mark"}}
		if h.o0 == h.o1 {
			dg.Message = "the " + m.Kind.String() + "'s original text has words the original lacks: " + quote(text)
			dg.Fixes = []rules.Fix{{Title: FixRestore, Preferred: true, Edits: []span.Edit{c.remove(s, m.Body())}}}
		} else {
			dg.Message = "the " + m.Kind.String() + "'s original text differs from the original, which says " + quote(words)
			dg.Fixes = []rules.Fix{{Title: FixRestore, Preferred: true, Edits: []span.Edit{span.Replace(s, words)}}}
		}
		return dg
	}
	if h.o0 == h.o1 {
		dg.Message = "the article adds words the original lacks, without marking them: " + quote(text)
		dg.Fixes = []rules.Fix{
			{Title: FixMarkAddition, Preferred: true, Edits: []span.Edit{span.Replace(s, markup.Addition.Opener()+text+markup.Addition.Closer())}},
			{Title: FixRestore, Edits: []span.Edit{c.remove(s, span.Span{Start: 0, End: len(src)})}},
		}
		return dg
	}
	dg.Message = "the article changes the original's words without marking them; the original says " + quote(words)
	dg.Fixes = []rules.Fix{
		{Title: FixMarkModification, Preferred: true, Edits: []span.Edit{span.Replace(s, markup.Substitution.Opener()+words+markup.Arrow+text+markup.Substitution.Closer())}},
		{Title: FixRestore, Edits: []span.Edit{span.Replace(s, words)}},
	}
	return dg
}

// remove deletes s, with one neighbouring space as rules.RemoveEdit does,
// as long as that space lies within bounds.
func (c *checker) remove(s, bounds span.Span) span.Edit {
	e := rules.RemoveEdit(c.src, s)
	if e.Span.Start < bounds.Start || e.Span.End > bounds.End {
		return span.Delete(s)
	}
	return e
}

// insertionPoint returns where words missing before view token v belong
// in the article, and the mark they belong inside (or -1 for plain text).
// The point is never inside a mark's delimiters.
// paraStart is set when the missing words start a paragraph in the
// original: they then go before the next token rather than after the
// previous one.
func (c *checker) insertionPoint(v int, paraStart bool) (int, int) {
	var prevCtx, nextCtx = -2, -2
	if v > 0 {
		prevCtx = c.ctx(c.vt[v-1].end() - 1)
	}
	if v < len(c.vt) {
		nextCtx = c.ctx(c.vt[v].start())
	}
	switch {
	case paraStart && nextCtx == -1:
		return c.vt[v].start(), -1
	case prevCtx >= 0 && prevCtx == nextCtx:
		return c.vt[v-1].end(), prevCtx
	case prevCtx == -1:
		return c.vt[v-1].end(), -1
	case nextCtx == -1:
		return c.vt[v].start(), -1
	case prevCtx >= 0:
		return c.top(prevCtx).Span().End, -1
	case nextCtx >= 0:
		return c.top(nextCtx).Span().Start, -1
	}
	start := 0
	if c.d.HasFrontMatter {
		start = c.d.FrontMatter.Span.End
	}
	return start, -1
}

func (c *checker) top(i int) *markup.Mark {
	for c.d.Marks[i].Parent() >= 0 {
		i = c.d.Marks[i].Parent()
	}
	return &c.d.Marks[i]
}

// spaced puts a space between text inserted at p and the word before or
// after it.
func (c *checker) spaced(p int, text string) string {
	src := c.src
	if p > 0 && !isSpaceByte(src[p-1]) && !startsWithCloser(text) {
		return " " + text
	}
	if p < len(src) && !isSpaceByte(src[p]) && (p == 0 || isSpaceByte(src[p-1])) {
		return text + " "
	}
	return text
}

func startsWithCloser(text string) bool {
	if strings.HasPrefix(text, markup.Elision.Opener()) {
		text = text[len(markup.Elision.Opener()):]
	}
	return text != "" && strings.IndexByte(".,;:!?)]", text[0]) >= 0
}

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

func quote(s string) string {
	const limit = 80
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return "“" + s + "”"
}

// OriginalOffset maps an article offset to the corresponding offset in the
// original: a token that matches maps exactly, a token in a changed hunk
// maps to the start of the original's side of the hunk, and an offset
// between tokens maps to the place of the next token. It returns -1 when
// the check found the texts too different (or was not run).
func (r *Result) OriginalOffset(articleOff int) int {
	if r.TooDifferent || r.vt == nil {
		return -1
	}
	i := sort.Search(len(r.vt), func(i int) bool { return r.vt[i].start() > articleOff }) - 1
	if i >= 0 && articleOff < r.vt[i].end() {
		if r.equal[i] {
			return int(r.origStart[i]) + articleOff - r.vt[i].start()
		}
		return int(r.origStart[i])
	}
	if i+1 < len(r.vt) {
		return int(r.origStart[i+1])
	}
	return r.origLen
}
