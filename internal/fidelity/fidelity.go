package fidelity

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

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
	// Final says the Result will never be updated (the command line): the
	// check then skips what only Update needs, which for an article that
	// differs from its original in one small region or not at all is the
	// whole index of the original's runs, and for an article whose
	// original view matches the original but for white space, tokenizing
	// either (see sameWords). The diagnostics are the same; such a Result
	// maps no offset (OriginalOffset returns -1) and an Update of it is a
	// whole check.
	Final bool
}

// Result is what Check finds.
type Result struct {
	// Diagnostics are ordered by position: original-too-different (an
	// error, on the `original:` value) when the texts are too different,
	// then every difference found as unmarked-change (error), and
	// untracked-elision carrying the "Record the cut words" fix (the caller
	// merges it with the rules' diagnostic of the same code and span).
	// They are read-only: the Result's state, which an Update reads, holds
	// the same array (a copy was 0.16 times the text of every open article
	// with its original).
	Diagnostics []rules.Diagnostic
	// TooDifferent is set when the texts differ too much to be aligned
	// word by word: more changed words than Options.MaxChangeRatio allows,
	// or a region the diff could only report whole. The differences are
	// still all in Diagnostics.
	TooDifferent bool

	st *state
}

// state is what a Result keeps to map offsets and to be updated: the
// differences and where their diagnostics are, and checkpoints, places
// where the article and the original agree, with their article offsets.
// It refers to the article's Document and the Original, and copies
// neither; per token of the article it holds nothing.
type state struct {
	doc    *markup.Document
	orig   *Original
	opts   Options
	field  span.Span
	script *tokdiff.Script
	// diagOf is, for each change of the script, the index in Diagnostics
	// of its unmarked-change, or -1 (used by a bare elision, or past the
	// cap).
	diagOf []int32
	bares  []bareState
	// cpStart and cpEnd are the article offsets of the first token's start
	// and the last token's end of each of the script's anchors.
	cpStart, cpEnd []int32
	extra          *extra
	// diags are the Result's diagnostics, which an update keeps.
	diags []rules.Diagnostic
}

// bareState is what the check found for a bare elision: the count of
// view tokens before it, the change it matched (slid to its place) or -1,
// and the index of its untracked-elision in Diagnostics, or -1.
type bareState struct {
	mark, pos int32
	hunk      int32
	slid      hunk
	diag      int32
}

// hunk is one difference: original tokens [o0, o1) became view tokens
// [v0, v1) (indexes into the filtered view token list). A coarse hunk is
// a region the diff could not align within its work bound.
type hunk struct {
	o0, o1, v0, v1 int
	coarse         bool
}

func hunkOf(c tokdiff.Change) hunk {
	return hunk{int(c.A0), int(c.A1), int(c.B0), int(c.B1), c.Coarse}
}

// tooLarge reports whether an article or original is too large to compare:
// token spans are 32-bit; no article comes near this.
func tooLarge(d *markup.Document, original []byte) bool {
	return len(d.Src) > math.MaxInt32 || len(original) > math.MaxInt32
}

func tooLargeResult(fieldSpan span.Span) Result {
	return Result{TooDifferent: true, Diagnostics: []rules.Diagnostic{
		rules.New(CodeOriginalTooDifferent, fieldSpan, "the article or its original is too large to compare word by word"),
	}}
}

// Check compares the original view of d with the archived original text.
// fieldSpan is the span of the front matter's `original:` value, where
// original-too-different is reported. The result is a function of the
// inputs alone: no clock or scheduling takes part.
//
// It prepares the original while it reads the article, on another
// goroutine; CheckPrepared takes an original prepared once for many
// checks.
func Check(d *markup.Document, original []byte, fieldSpan span.Span, opts Options) Result {
	if tooLarge(d, original) {
		return tooLargeResult(fieldSpan)
	}
	v := buildView(d)
	if opts.Final && faithful(d, v.Text, original) {
		return faithfulResult()
	}
	o := new(Original)
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		prepare(o, original, ready, false)
		close(done)
		// The runs are indexed while the article's ids are translated; a
		// diff that needs them waits for them, a final one that does not
		// returns meanwhile.
		o.index.Build()
	}()
	// The article's tokens get ids of their own while the original is
	// read, and the original's once it is: its distinct tokens are few.
	ln := localNamer{dict: newDict(64)}
	art, b := readViewIDs(d, v, ln.name)
	<-ready // the original's tokens and ids, while its runs are indexed
	x := newExtra(o.dict.len())
	art.translate(b, ln.firsts, o, x)
	<-done
	return checkArticle(d, o, art, b, x, fieldSpan, opts)
}

// CheckRead is CheckWaiting for a caller that has the original's bytes
// before it has them prepared: text returns the bytes (false when there
// is no original after all; then CheckRead reports false too), without
// waiting once ready is closed; prepare returns them prepared. A final
// check (Options.Final) of an article whose original view matches the
// original but for white space needs no prepared original: it names the
// article's tokens while the original is read, compares the texts as soon
// as it is, and calls prepare only when they differ, on another goroutine
// while it names the rest. The result is CheckWaiting's, whichever way it
// is found.
func CheckRead(d *markup.Document, ready <-chan struct{}, text func() ([]byte, bool), prepare func() *Original, fieldSpan span.Span, opts Options) (Result, bool) {
	if !opts.Final || tooLarge(d, nil) {
		return CheckWaiting(d, func() *Original {
			if _, ok := text(); !ok {
				return nil
			}
			return prepare()
		}, fieldSpan, opts)
	}
	v := buildView(d)
	const (
		goOn = iota
		isFaithful
		isSparse
		noOriginal
		isTooLarge
	)
	decided, verdict := false, goOn
	var sparse Result
	prepared := make(chan *Original, 1)
	decide := func() {
		decided = true
		original, ok := text()
		switch {
		case !ok:
			verdict = noOriginal
		case tooLarge(d, original):
			verdict = isTooLarge
		case faithful(d, v.Text, original):
			verdict = isFaithful
		default:
			// Different in a few places: those alone are compared, when
			// the sparse check can be sure of the full check's answer.
			if r, ok := checkSparse(d, v, original, fieldSpan, opts); ok {
				sparse, verdict = r, isSparse
				return
			}
			go func() { prepared <- prepare() }()
			// The preparation waits on this core until this goroutine
			// blocks, and the other core is on the style pass: started
			// now, it is ready when the article's words are (an
			// unfaithful 4 MiB check 40.6 -> 38.1 ms).
			runtime.Gosched()
		}
	}
	poll := func() bool {
		if !decided {
			select {
			case <-ready:
				decide()
			default:
			}
		}
		return verdict == goOn
	}
	ln := localNamer{dict: newDict(64)}
	art := &article{v: v}
	var ids []uint32
	// The original is most often read by now: then the texts are compared
	// before a word of the article is named.
	if poll() {
		ids = art.scanWhile(ln.name, true, poll)
	}
	if !decided {
		decide()
	}
	if verdict != goOn {
		if ids != nil {
			art.release() // named in part, and not needed
			putIDs(ids)
		}
		switch verdict {
		case isFaithful:
			return faithfulResult(), true
		case isSparse:
			return sparse, true
		case isTooLarge:
			return tooLargeResult(fieldSpan), true
		}
		return Result{}, false
	}
	b := art.leaveOutBares(d, 0, len(d.Marks), ids)
	o := <-prepared
	x := newExtra(o.dict.len())
	art.translate(b, ln.firsts, o, x)
	return checkArticle(d, o, art, b, x, fieldSpan, opts), true
}

// CheckWaiting is CheckPrepared against an original that another
// goroutine is still reading or preparing: the article is read and its
// tokens named apart meanwhile, which was half of CheckPrepared, and their
// names are turned into the original's once wait returns it. wait returns
// nil when there is no original after all; then CheckWaiting reports
// false. The result is CheckPrepared's, whenever wait returns: the
// article's tokens get the same ids either way.
func CheckWaiting(d *markup.Document, wait func() *Original, fieldSpan span.Span, opts Options) (Result, bool) {
	if tooLarge(d, nil) {
		if wait() == nil {
			return Result{}, false
		}
		return tooLargeResult(fieldSpan), true
	}
	ln := localNamer{dict: newDict(64)}
	art, b := readArticleIDs(d, ln.name)
	o := wait()
	if o == nil {
		art.release()
		putIDs(b)
		return Result{}, false
	}
	if tooLarge(d, o.text) {
		art.release()
		putIDs(b)
		return tooLargeResult(fieldSpan), true
	}
	x := newExtra(o.dict.len())
	art.translate(b, ln.firsts, o, x)
	return checkArticle(d, o, art, b, x, fieldSpan, opts), true
}

// CheckPrepared is Check against an original made by Prepare.
func CheckPrepared(d *markup.Document, orig *Original, fieldSpan span.Span, opts Options) Result {
	if tooLarge(d, orig.text) {
		return tooLargeResult(fieldSpan)
	}
	v := buildView(d)
	if opts.Final && faithful(d, v.Text, orig.text) {
		return faithfulResult()
	}
	x := newExtra(orig.dict.len())
	art, b := readViewIDs(d, v, func(text []byte, toks []Token, ids []uint32) []uint32 {
		return namer{orig, x}.name(text, toks, ids)
	})
	return checkArticle(d, orig, art, b, x, fieldSpan, opts)
}

// article is the original view of an article, tokenized.
type article struct {
	v    *view.View
	base int // the article offset the view starts at (a part's view)
	// vall are where the view's tokens start, those of bare elisions too;
	// vt those but of bare elisions. A token's end follows from its start.
	vall []int32
	vt   []int32
	// open is set when the view ends inside an HTML comment.
	open bool
	// bares are the indexes in d.Marks of the bare elisions, barePos the
	// count of view tokens before each.
	bares, barePos []int
}

// start and end return the article span of token i of vt. The article
// keeps no span per token: the check needs few of them, those around the
// differences, and a binary search of the view's offset map finds each.
func (art *article) start(i int) int { return art.base + art.v.ToArticle(int(art.vt[i])) }
func (art *article) end(i int) int   { return art.base + art.v.ToArticle(art.vtEnd(i)-1) + 1 }

// vtEnd returns where token i of vt ends in the view, token returns it.
func (art *article) vtEnd(i int) int { return tokenEnd(art.v.Text, int(art.vt[i])) }
func (art *article) token(i int) Token {
	return Token{art.vt[i], int32(art.vtEnd(i))}
}

// readArticle builds the original view of d and tokenizes it.
func readArticle(d *markup.Document) *article {
	art, _ := readArticleIDs(d, nil)
	return art
}

// readArticleIDs is readArticle that also names the tokens as they come,
// a stretch at a time while their bytes are in the cache: name, unless
// nil, appends the ids of a stretch of tokens of text to ids. It returns
// the ids of vt.
func readArticleIDs(d *markup.Document, name func(text []byte, toks []Token, ids []uint32) []uint32) (*article, []uint32) {
	return readViewIDs(d, buildView(d), name)
}

// buildView builds the original view of d, which the check compares.
func buildView(d *markup.Document) *view.View { return view.Build(d, view.Original, view.Options{}) }

// readViewIDs is readArticleIDs of the original view v of d.
func readViewIDs(d *markup.Document, v *view.View, name func(text []byte, toks []Token, ids []uint32) []uint32) (*article, []uint32) {
	art := &article{v: v}
	ids := art.scan(name, true)
	return art, art.leaveOutBares(d, 0, len(d.Marks), ids)
}

// scan tokenizes art's view into vall, a stretch at a time, naming each
// stretch's tokens with name when it is not nil. A whole article's arrays
// come from the pool, a part's not.
func (art *article) scan(name func(text []byte, toks []Token, ids []uint32) []uint32, pooled bool) []uint32 {
	return art.scanWhile(name, pooled, nil)
}

// scanWhile is scan that, unless more is nil, asks more after each
// stretch whether to go on, and stops when it says no: the article is
// then incomplete, for release only.
func (art *article) scanWhile(name func(text []byte, toks []Token, ids []uint32) []uint32, pooled bool, more func() bool) []uint32 {
	text := art.v.Text
	if pooled {
		art.vall = getStarts(len(text)/4 + 16)
	} else {
		art.vall = make([]int32, 0, len(text)/4+16)
	}
	var ids []uint32
	if name != nil {
		ids = getIDs(cap(art.vall))[:0]
	}
	sc := scanner{text: text, lineStart: true}
	buf := make([]Token, 0, min(scanStretch+64, len(text)+1))
	for done := false; !done; {
		buf, done = sc.scan(buf[:0], scanStretch)
		for _, t := range buf {
			art.vall = append(art.vall, t.Start)
		}
		if name != nil {
			ids = name(text, buf, ids)
		}
		if more != nil && !more() {
			break
		}
	}
	art.open = sc.open
	return ids
}

// release gives the article's arrays back for the next check.
func (art *article) release() {
	if len(art.bares) > 0 {
		putStarts(art.vt)
	}
	putStarts(art.vall)
	art.vall, art.vt = nil, nil
}

// leaveOutBares leaves the tokens of bare elisions out of vt, noting
// where each was; marks [m0, m1) of d are those of the view. A token is a
// bare elision's when its start maps into the elision's span; only the
// tokens about each elision's place in the view need mapping.
func (art *article) leaveOutBares(d *markup.Document, m0, m1 int, ids []uint32) []uint32 {
	art.vt = art.vall
	for i := m0; i < m1; i++ {
		if d.Marks[i].Kind == markup.BareElision {
			art.bares = append(art.bares, i)
		}
	}
	if len(art.bares) == 0 {
		return ids
	}
	art.barePos = make([]int, len(art.bares))
	art.vt = getStarts(len(art.vall))
	var kept []uint32
	if ids != nil {
		kept = getIDs(len(ids))[:0]
	}
	vall, base := art.vall, art.base
	keep := func(i, j int) {
		art.vt = append(art.vt, vall[i:j]...)
		if ids != nil {
			kept = append(kept, ids[i:j]...)
		}
	}
	next := 0 // the first token of vall not yet in vt or left out
	for k, mi := range art.bares {
		m := d.Marks[mi].Span()
		// The tokens that may map into m start at or after the view
		// offset of the byte before it.
		from := art.v.ToView(max(m.Start-base-1, 0))
		i := sort.Search(len(vall), func(i int) bool { return int(vall[i]) >= from })
		i = max(i, next)
		keep(next, i)
		for ; i < len(vall); i++ {
			a0 := base + art.v.ToArticle(int(vall[i]))
			if a0 >= m.End {
				break
			}
			if a0 < m.Start {
				keep(i, i+1)
			}
		}
		next = i
		art.barePos[k] = len(art.vt)
	}
	keep(next, len(vall))
	if ids != nil {
		putIDs(ids)
	}
	return kept
}

// ids interns the article's tokens: the original's id for a token the
// original has, else one from x.
func (art *article) ids(o *Original, x *extra) []uint32 {
	toks := make([]Token, len(art.vt))
	for i := range toks {
		toks[i] = art.token(i)
	}
	return namer{o, x}.name(art.v.Text, toks, getIDs(len(art.vt))[:0])
}

// namer gives tokens the original's ids, or x's for those it lacks.
type namer struct {
	o *Original
	x *extra
}

func (n namer) name(text []byte, toks []Token, ids []uint32) []uint32 {
	o, x := n.o, n.x
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, tok := range toks {
		key := keyOf(text, tok)
		// Most tokens are short and found at the first slot probed.
		if s := o.dict.first(key, int(tok.End-tok.Start)); s.key == key && s.n == uint32(tok.End-tok.Start) && s.n <= 8 {
			ids = append(ids, s.id)
			continue
		}
		id, ok := o.dict.find(o.text, text, tok, key)
		if !ok {
			id = x.intern(text, tok, key)
		}
		ids = append(ids, id)
	}
	return ids
}

// localNamer gives tokens ids of their own, in order of first appearance,
// and keeps the first token of each.
type localNamer struct {
	dict   dict
	firsts []Token
}

func (ln *localNamer) name(text []byte, toks []Token, ids []uint32) []uint32 {
	for _, tok := range toks {
		key := keyOf(text, tok)
		if s := ln.dict.first(key, int(tok.End-tok.Start)); s.key == key && s.n == uint32(tok.End-tok.Start) && s.n <= 8 {
			ids = append(ids, s.id)
			continue
		}
		id := ln.dict.intern(text, tok, key)
		if int(id) == len(ln.firsts) {
			ln.firsts = append(ln.firsts, tok)
		}
		ids = append(ids, id)
	}
	return ids
}

// translate turns the ids localIDs gave, whose first tokens are firsts,
// into the ids ids gives: the original's, or x's for the tokens the
// original lacks, given in the same order.
func (art *article) translate(b []uint32, firsts []Token, o *Original, x *extra) {
	text := art.v.Text
	table := make([]uint32, len(firsts))
	x.mu.Lock()
	for k, tok := range firsts {
		key := keyOf(text, tok)
		id, ok := o.dict.find(o.text, text, tok, key)
		if !ok {
			id = x.intern(text, tok, key)
		}
		table[k] = id
	}
	x.mu.Unlock()
	for i, id := range b {
		b[i] = table[id]
	}
}

// checkArticle checks the article art read from d, whose token ids are b,
// against o.
func checkArticle(d *markup.Document, o *Original, art *article, b []uint32, x *extra, fieldSpan span.Span, opts Options) Result {
	if opts.MaxChangeRatio <= 0 {
		opts.MaxChangeRatio = DefaultMaxChangeRatio
	}
	c := &checker{d: d, src: d.Src, orig: o.text, article: art, o: o, a: o.ids, b: b, noFixes: opts.NoFixes}
	diff := o.index.Diff
	if opts.Final {
		diff = o.index.DiffFinal
	}
	script := diff(c.b, x.vocab())
	st := &state{doc: d, orig: o, opts: opts, field: fieldSpan, script: script, extra: x}
	changes := script.Changes()
	hunks := make([]hunk, len(changes))
	for i, ch := range changes {
		hunks[i] = hunkOf(ch)
	}
	st.cpStart, st.cpEnd = art.checkpoints(script.Anchors(), 0)

	res := Result{st: st, Diagnostics: make([]rules.Diagnostic, 0, min(len(hunks), rules.MaxDiagnostics)+2)}
	st.bares = c.bareElisions(hunks, &res.Diagnostics)
	used := make([]bool, len(hunks))
	for _, b := range st.bares {
		if b.hunk >= 0 {
			used[b.hunk] = true
		}
	}
	if msg, bad := verdict(hunks, used, len(c.a), len(c.b), opts.MaxChangeRatio); bad {
		res.TooDifferent = true
		res.Diagnostics = append(res.Diagnostics, rules.New(CodeOriginalTooDifferent, fieldSpan, msg))
	}
	// At most MaxDiagnostics differences are listed, the first ones, and
	// one too-many-problems counts the rest: a book replaced a word in four
	// would otherwise hold hundreds of thousands, each with its quote and
	// fixes (10 MiB: 430,000 differences, 527 MiB).
	st.diagOf = make([]int32, len(hunks))
	var listed []int
	omitted, at := 0, 0
	for j, h := range hunks {
		st.diagOf[j] = -1
		if used[j] {
			continue
		}
		if len(res.Diagnostics)+len(listed) >= rules.MaxDiagnostics {
			if omitted == 0 {
				at = c.reportAt(h)
			}
			omitted++
			continue
		}
		st.diagOf[j] = int32(len(res.Diagnostics) + len(listed))
		listed = append(listed, j)
	}
	res.Diagnostics = append(res.Diagnostics, c.reports(hunks, listed)...)
	if omitted > 0 {
		res.Diagnostics = append(res.Diagnostics, rules.TooMany("differences from the original",
			map[string]int{CodeUnmarkedChange: omitted}, at, rules.Error))
	}
	st.sortDiagnostics(&res)
	art.release()
	putIDs(b)
	return res
}

// anchorLen is the length of tokdiff's anchors, which the checkpoints are.
const anchorLen = 8

// sortDiagnostics orders res.Diagnostics by position, as they were listed
// for ties, and follows them in st's indexes.
func (st *state) sortDiagnostics(res *Result) {
	dg := res.Diagnostics
	if slices.IsSortedFunc(dg, func(a, b rules.Diagnostic) int { return cmp.Compare(a.Span.Start, b.Span.Start) }) {
		// In order already, as an article's are while it has no unmarked
		// change before a bare elision: no copy, and the indexes stand.
		res.Diagnostics = slices.Clip(dg)
		st.diags = res.Diagnostics
		return
	}
	order := make([]int32, len(dg))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool { return dg[order[i]].Span.Start < dg[order[j]].Span.Start })
	where := make([]int32, len(dg))
	sorted := make([]rules.Diagnostic, len(dg))
	for k, i := range order {
		where[i] = int32(k)
		sorted[k] = dg[i]
	}
	// The state and the Result share the array: the Result's diagnostics
	// are read-only (rules.Merge copies them into the rules' list, which
	// rules.Options.Apply then filters in place).
	res.Diagnostics = slices.Clip(sorted)
	st.diags = res.Diagnostics
	for j, k := range st.diagOf {
		if k >= 0 {
			st.diagOf[j] = where[k]
		}
	}
	for j := range st.bares {
		if k := st.bares[j].diag; k >= 0 {
			st.bares[j].diag = where[k]
		}
	}
}

// parallelReports is how many differences make it worth reporting them on
// two goroutines.
const parallelReports = 64

// reports returns the unmarked-change diagnostics of hunks[listed], in
// order. They are independent of one another, so two goroutines share
// them, each with its own scratch, when there are many: where each lands
// is fixed by its index, whatever the scheduling.
func (c *checker) reports(hunks []hunk, listed []int) []rules.Diagnostic {
	out := make([]rules.Diagnostic, len(listed))
	work := func(c *checker, from, to int) {
		for k := from; k < to; k++ {
			out[k] = c.report(hunks[listed[k]])
		}
	}
	if len(listed) < parallelReports {
		work(c, 0, len(listed))
		return out
	}
	half := len(listed) / 2
	other := *c
	other.scratch = scratch{}
	var wg sync.WaitGroup
	wg.Go(func() { work(&other, half, len(listed)) })
	work(c, 0, half)
	wg.Wait()
	return out
}

type checker struct {
	d    *markup.Document
	src  []byte
	orig []byte
	*article
	o    *Original
	a, b []uint32 // token ids of the original and of the view
	// noFixes makes every fix fail its check, so none is offered.
	noFixes bool
	scratch
}

// scratch is the memory reads reuses, which runs a few times per hunk.
type scratch struct {
	buf      []byte
	toks     []Token
	exp      [][]byte
	lastRead lastRead
}

// toView maps an article offset to c.v.
func (c *checker) toView(off int) int { return c.v.ToView(off - c.base) }

// checkpoints returns the article offsets of the first token's start and
// the last token's end of each anchor, whose tokens are counted from b0
// for art.vt[0], with a walk along the view's offset map.
//
// It reads in passes, each of whose reads do not depend on one another:
// the anchors lie a few hundred bytes apart in arrays long out of the
// cache, and one pass that read a token's place, then its text, then
// walked the map, waited for each read in turn (a tenth of the check of a
// 4 MiB article).
func (art *article) checkpoints(anchors []tokdiff.Anchor, b0 int) ([]int32, []int32) {
	starts := make([]int32, len(anchors))
	ends := make([]int32, len(anchors))
	for k, an := range anchors {
		first := int(an.B) - b0
		starts[k] = art.vt[first]
		ends[k] = art.vt[first+anchorLen-1]
	}
	text := art.v.Text
	for k, e := range ends {
		ends[k] = int32(tokenEnd(text, int(e)))
	}
	w := art.v.Walk()
	for k := range starts {
		starts[k] = int32(art.base + w.ToArticle(int(starts[k])))
		ends[k] = int32(art.base + w.ToArticle(int(ends[k])-1) + 1)
	}
	return starts, ends
}

// verdict decides whether the texts are too different to be aligned word
// by word, and says why. The words bare elisions cut do not count: an
// excerpt may cut most of its original.
func verdict(hunks []hunk, used []bool, na, nb int, ratio float64) (string, bool) {
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
	longer := max(na, nb)
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
// records them, and returns what it found for each bare elision.
func (c *checker) bareElisions(hunks []hunk, out *[]rules.Diagnostic) []bareState {
	bs := matchBares(c.bares, c.barePos, hunks, c.a, func(j int) uint32 { return c.b[j] }, len(c.b))
	for k := range bs {
		if bs[k].hunk >= 0 {
			bs[k].diag = int32(len(*out))
			*out = append(*out, c.recordCut(bs[k].slid, &c.d.Marks[bs[k].mark]))
		}
	}
	return bs
}

// matchBares matches the bare elisions, marks[k] with pos[k] view tokens
// before it, with the pure deletions among hunks that can slide to their
// places, each deletion to one elision, in order. a is the original's
// tokens' ids, b the view's, read anywhere, nb of them.
func matchBares(marks, pos []int, hunks []hunk, a []uint32, b func(int) uint32, nb int) []bareState {
	bs := make([]bareState, len(marks))
	used := make([]bool, len(hunks))
	for k, mi := range marks {
		p := pos[k]
		bs[k] = bareState{mark: int32(mi), pos: int32(p), hunk: -1, diag: -1}
		hi := sort.Search(len(hunks), func(i int) bool { return hunks[i].v1 >= p })
		for _, j := range []int{hi - 1, hi, hi + 1} {
			if j < 0 || j >= len(hunks) || used[j] {
				continue
			}
			h, ok := slideTo(hunks[j], p, a, b, nb)
			if !ok {
				continue
			}
			used[j] = true
			bs[k].hunk, bs[k].slid = int32(j), h
			break
		}
	}
	return bs
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
func slideTo(h hunk, p int, a []uint32, b func(int) uint32, nb int) (hunk, bool) {
	if h.v0 != h.v1 || h.o0 == h.o1 || h.coarse {
		return h, false
	}
	for h.v0 < p {
		// Slide right: the first cut token must equal the next token.
		if h.o1 >= len(a) || h.v0 >= nb || a[h.o0] != a[h.o1] || a[h.o1] != b(h.v0) {
			return h, false
		}
		h.o0++
		h.o1++
		h.v0++
		h.v1++
	}
	for h.v0 > p {
		if h.o0 == 0 || a[h.o1-1] != a[h.o0-1] || b(h.v0-1) != a[h.o0-1] {
			return h, false
		}
		h.o0--
		h.o1--
		h.v0--
		h.v1--
	}
	return h, true
}
