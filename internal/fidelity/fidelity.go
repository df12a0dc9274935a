package fidelity

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
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

// DefaultMaxChangeRatio is the default for Options.MaxChangeRatio.
const DefaultMaxChangeRatio = 0.5

// Options tune the verdict. Zero fields take the defaults.
type Options struct {
	// MaxChangeRatio is the share of the longer token list that may be
	// changed before the texts count as too different.
	MaxChangeRatio float64
	// NoFixes leaves the fixes out, for a caller that only reports the
	// diagnostics (the command line): finding and checking the fixes is
	// most of the time and memory the check spends per difference.
	NoFixes bool
}

// Result is what Check finds.
type Result struct {
	// Diagnostics are ordered by position: original-too-different (an
	// error, on the `original:` value) when the texts are too different,
	// then every difference found as unmarked-change (error), and
	// untracked-elision carrying the "Record the cut words" fix (the caller
	// merges it with the rules' diagnostic of the same code and span).
	Diagnostics []rules.Diagnostic
	// TooDifferent is set when the texts differ too much to be aligned
	// word by word: more changed words than Options.MaxChangeRatio allows,
	// or a region the diff could only report whole. The differences are
	// still all in Diagnostics.
	TooDifferent bool

	// Alignment, for OriginalOffset: the article start of each view token,
	// its original offset, and whether it matched exactly.
	vt        []vtok  // the view's tokens with their article spans
	origStart []int32 // for each, where it starts in the original
	equal     []bool
	origLen   int
}

// hunk is one difference: original tokens [o0, o1) became view tokens
// [v0, v1) (indexes into the filtered view token list). A coarse hunk is
// a region the diff could not align within its work bound.
type hunk struct {
	o0, o1, v0, v1 int
	coarse         bool
}

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
// original-too-different is reported. The result is a function of the
// inputs alone: no clock or scheduling takes part.
func Check(d *markup.Document, original []byte, fieldSpan span.Span, opts Options) Result {
	if opts.MaxChangeRatio <= 0 {
		opts.MaxChangeRatio = DefaultMaxChangeRatio
	}
	if len(d.Src) > math.MaxInt32 || len(original) > math.MaxInt32 {
		// Token spans are 32-bit; no article comes near this.
		return Result{TooDifferent: true, Diagnostics: []rules.Diagnostic{
			rules.New(CodeOriginalTooDifferent, fieldSpan, "the article or its original is too large to compare word by word"),
		}}
	}
	c := newChecker(d, original)
	c.noFixes = opts.NoFixes
	hunks := c.diff()
	res := Result{origLen: len(original), vt: c.vt, Diagnostics: make([]rules.Diagnostic, 0, min(len(hunks), rules.MaxDiagnostics)+2)}
	res.origStart, res.equal = c.alignment(hunks)
	used := c.bareElisions(hunks, &res.Diagnostics)
	if msg, bad := c.verdict(hunks, used, opts.MaxChangeRatio); bad {
		res.TooDifferent = true
		res.Diagnostics = append(res.Diagnostics, rules.New(CodeOriginalTooDifferent, fieldSpan, msg))
	}
	// At most MaxDiagnostics differences are listed, the first ones, and
	// one too-many-problems counts the rest: a book replaced a word in four
	// would otherwise hold hundreds of thousands, each with its quote and
	// fixes (10 MiB: 430,000 differences, 527 MiB).
	omitted := 0
	at := 0
	for j, h := range hunks {
		if used[j] {
			continue
		}
		if len(res.Diagnostics) >= rules.MaxDiagnostics {
			if omitted == 0 {
				at = c.reportAt(h)
			}
			omitted++
			continue
		}
		res.Diagnostics = append(res.Diagnostics, c.report(h))
	}
	if omitted > 0 {
		res.Diagnostics = append(res.Diagnostics, rules.TooMany("differences from the original",
			map[string]int{CodeUnmarkedChange: omitted}, at, rules.Error))
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool { return res.Diagnostics[i].Span.Start < res.Diagnostics[j].Span.Start })
	return res
}

type checker struct {
	d    *markup.Document
	src  []byte
	orig []byte
	v    *view.View
	ot   []Token
	vt   []vtok
	vall []Token  // the view's tokens, those of bare elisions too
	a, b []uint32 // token ids of the original and of the view
	// noFixes makes every fix fail its check, so none is offered.
	noFixes bool
	// Scratch for reads, which runs a few times per hunk.
	buf      []byte
	toks     []Token
	exp      [][]byte
	lastRead lastRead
	// bares are the indexes in d.Marks of the bare elisions, barePos the
	// count of view tokens before each.
	bares, barePos []int
}

// newChecker tokenizes both texts, the original while the view is built,
// and gives every distinct token an id.
func newChecker(d *markup.Document, original []byte) *checker {
	c := &checker{d: d, src: d.Src, orig: original}
	var wg sync.WaitGroup
	wg.Go(func() { c.ot = originalTokens(original) })
	c.v = view.Build(d, view.Original, view.Options{})
	c.viewTokens()
	wg.Wait()
	ids := make(map[string]uint32, 1024)
	id := func(s []byte) uint32 {
		if x, ok := ids[string(s)]; ok {
			return x
		}
		x := uint32(len(ids))
		ids[string(s)] = x
		return x
	}
	c.a = make([]uint32, len(c.ot))
	for i, t := range c.ot {
		c.a[i] = id(original[t.Start:t.End])
	}
	c.b = make([]uint32, len(c.vt))
	for i, t := range c.vt {
		c.b[i] = id(c.v.Text[t.s0:t.s1])
	}
	return c
}

// originalTokens tokenizes the original, leaving out front matter of its
// own: a Markdown original may have some, and it is no part of its text.
func originalTokens(original []byte) []Token {
	ot := Tokenize(original)
	if fm, ok := frontmatter.Find(original); ok && fm.Closed {
		skip := sort.Search(len(ot), func(i int) bool { return int(ot[i].Start) >= fm.Span.End })
		ot = ot[skip:]
	}
	return ot
}

// viewTokens tokenizes the original view, maps each token to its article
// span, and leaves out the tokens of bare elisions, noting where each was.
func (c *checker) viewTokens() {
	d, v := c.d, c.v
	for i := range d.Marks {
		if d.Marks[i].Kind == markup.BareElision {
			c.bares = append(c.bares, i)
		}
	}
	c.barePos = make([]int, len(c.bares))
	c.vall = Tokenize(v.Text)
	c.vt = make([]vtok, 0, len(c.vall))
	bi := 0
	for _, t := range c.vall {
		a0 := v.ToArticle(int(t.Start))
		a1 := v.ToArticle(int(t.End)-1) + 1
		for bi < len(c.bares) && d.Marks[c.bares[bi]].Span().End <= a0 {
			c.barePos[bi] = len(c.vt)
			bi++
		}
		if bi < len(c.bares) && d.Marks[c.bares[bi]].Span().Start <= a0 {
			continue // a token of the bare elision itself
		}
		c.vt = append(c.vt, vtok{int32(a0), int32(a1), t.Start, t.End})
	}
	for ; bi < len(c.bares); bi++ {
		c.barePos[bi] = len(c.vt)
	}
}

// diff returns the hunks of the token diff, in order.
func (c *checker) diff() []hunk {
	ops := tokdiff.Diff(c.a, c.b)
	changes := 0
	for k, op := range ops {
		if op.Kind != tokdiff.Equal && (k == 0 || ops[k-1].Kind == tokdiff.Equal) {
			changes++
		}
	}
	hunks := make([]hunk, 0, changes)
	oi, vi := 0, 0
	for k := 0; k < len(ops); {
		if ops[k].Kind == tokdiff.Equal {
			oi += ops[k].N
			vi += ops[k].N
			k++
			continue
		}
		h := hunk{o0: oi, v0: vi}
		for ; k < len(ops) && ops[k].Kind != tokdiff.Equal; k++ {
			if ops[k].Kind == tokdiff.Delete {
				oi += ops[k].N
			} else {
				vi += ops[k].N
			}
			h.coarse = h.coarse || ops[k].Coarse
		}
		h.o1, h.v1 = oi, vi
		hunks = append(hunks, h)
	}
	return hunks
}

// alignment returns, for each view token, where it starts in the original
// and whether it matched: a matched token maps to its twin, a changed one
// to the start of the original's side of its hunk.
func (c *checker) alignment(hunks []hunk) ([]int32, []bool) {
	origStart := make([]int32, len(c.vt))
	equal := make([]bool, len(c.vt))
	oi, vi := 0, 0
	at := func(o int) int32 {
		if o < len(c.ot) {
			return c.ot[o].Start
		}
		return int32(len(c.orig))
	}
	for _, h := range hunks {
		for ; vi < h.v0; vi, oi = vi+1, oi+1 {
			equal[vi] = true
			origStart[vi] = c.ot[oi].Start
		}
		for ; vi < h.v1; vi++ {
			origStart[vi] = at(h.o0)
		}
		oi = h.o1
	}
	for ; vi < len(c.vt); vi, oi = vi+1, oi+1 {
		equal[vi] = true
		origStart[vi] = c.ot[oi].Start
	}
	return origStart, equal
}

// verdict decides whether the texts are too different to be aligned word
// by word, and says why. The words bare elisions cut do not count: an
// excerpt may cut most of its original.
func (c *checker) verdict(hunks []hunk, used []bool, ratio float64) (string, bool) {
	changed, coarse := 0, 0
	for j, h := range hunks {
		if used[j] {
			continue
		}
		changed += max(h.o1-h.o0, h.v1-h.v0)
		if h.coarse {
			coarse++
		}
	}
	longer := max(len(c.a), len(c.b))
	switch {
	case coarse > 0:
		return fmt.Sprintf("the article and its original are too different to compare word by word: %d regions could not be aligned; every difference found is reported as an unmarked change", coarse), true
	case float64(changed) > ratio*float64(longer):
		return fmt.Sprintf("the article and its original are too different to compare word by word: %d of %d words differ; every difference is reported as an unmarked change", changed, longer), true
	}
	return "", false
}

// bareElisions matches each bare elision with a pure deletion at its place
// (slid along equal tokens if the diff put it at a neighbouring place): the
// words it cut. It reports those as untracked-elision with the fix that
// records them, and returns which hunks it used.
func (c *checker) bareElisions(hunks []hunk, out *[]rules.Diagnostic) []bool {
	used := make([]bool, len(hunks))
	for k, mi := range c.bares {
		p := c.barePos[k]
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
			*out = append(*out, c.recordCut(h, &c.d.Marks[mi]))
			break
		}
	}
	return used
}

// recordCut reports the bare elision m, whose cut words are hunk h, with
// the fix that writes them into an elision mark.
func (c *checker) recordCut(h hunk, m *markup.Mark) rules.Diagnostic {
	dg := rules.Diagnostic{
		Code:     rules.CodeUntrackedElision,
		Severity: rules.Warning,
		Span:     m.Span(),
		Message:  "this elision does not record the words it cut; the original has them",
	}
	if c.noFixes {
		return dg
	}
	words := c.origText(h.o0, h.o1)
	if t, ok := c.fitMark(site{m.Span(), h.v0, h.v0}, c.origTokens(h.o0, h.o1), "", markup.Elision.Opener(), words, markup.Elision.Closer(), ""); ok {
		dg.Fixes = []rules.Fix{{Title: FixRecordCut, Preferred: true, Safe: true, Edits: []span.Edit{span.Replace(m.Span(), t)}}}
	}
	return dg
}

// slideTo moves the pure deletion h along the runs of equal tokens around
// it, where the same words could have been cut, to view position p.
func (c *checker) slideTo(h hunk, p int) (hunk, bool) {
	if h.v0 != h.v1 || h.o0 == h.o1 || h.coarse {
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
