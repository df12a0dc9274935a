package fidelity

import (
	"bytes"
	"math"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
	"github.com/bluepencil/bluepencil/internal/view"
)

// A final check of an article that differs from its original in a few
// places, each small, compares those places alone. Most such articles
// match their original but for their bare elisions ("The [...] government"
// against "The oppressive government") and perhaps a word changed without
// a mark; sameWords cannot call them faithful, and the full check
// tokenized, named and diffed both texts whole: at 1 MiB, 12 ms of a
// 13 ms check, as long as git's word diff of the pair.
//
// checkSparse finds the places byte by byte (findRegions) and takes a
// window of the whole view around each (windowsOf): from windowReach bytes
// or more before the place, where a token starts and the tokenizer,
// started there, reads what it reads in the whole text (startsToken), to
// windowReach bytes or more after it, after white space; and the same
// bytes of the original, equal to the view's around the place. It checks
// each window as the full check would: its tokens diffed
// (Index.DiffFinal), its bare elisions matched with the words they cut
// (matchBares), its differences reported by a checker over the window's
// tokens, as an update reports them from a part (reader.around).
//
// Where it cannot be sure of giving the full check's Result it gives up,
// and the full check runs: a comment anywhere (the tokenizer reads one as
// a token across lines); more places than maxRegions, or one whose end it
// cannot find within syncReach bytes; windows that cover half the view; a
// difference, or the place a bare elision's words slide to, too near a
// window's edge for what its report reads; a difference that could lie in
// another place for a diff of the same size (rigid, alone), where the
// whole diff's anchors and compaction may put it elsewhere; a region
// diffed coarsely; a bare elision outside every window or matched with no
// words; as many diagnostics as rules.MaxDiagnostics; or too many
// differences for the verdict to be decided without counting every word.
// Every bound is a count of bytes or places, never a time: the Result is
// a function of the two texts.
//
// Windows start at ASCII words only (startsToken): in a text of other
// scripts written in long lines they start at line starts, grow, and the
// check gives up more often; it is never wrong for it.

const (
	// syncLen is how many bytes must agree, after a difference, for the
	// texts to be taken as in step again.
	syncLen = 32
	// syncReach is how far past a difference, in each text, the place
	// where they agree again is looked for.
	syncReach = 4 << 10
	// maxRegions is how many differing places a sparse check takes.
	maxRegions = 2048
)

// region is a place where the view and the original differ: view bytes
// [v0, v1) against original bytes [o0, o1). Between regions, and before
// the first and after the last, the texts are equal.
type region struct{ v0, v1, o0, o1 int }

// findRegions returns the places where a and b differ, in order, or false
// when there are more than maxRegions or one does not end within
// syncReach bytes, or looking for their ends took more than a budget of
// reads proportional to the texts.
func findRegions(a, b []byte) ([]region, bool) {
	var out []region
	i, j := 0, 0
	budget := len(a) + len(b) + 1<<16
	var sc resyncScratch
	for {
		k := commonPrefix(a[i:], b[j:])
		i, j = i+k, j+k
		if i == len(a) && j == len(b) {
			return out, true
		}
		if len(out) == maxRegions {
			return nil, false
		}
		q, p, ok := sc.resync(a, b, i, j, &budget)
		if !ok {
			return nil, false
		}
		// The texts agree for syncLen bytes from (q, p), or both end
		// there: the next place, if any, starts further on.
		out = append(out, region{i, q, j, p})
		i, j = q, p
	}
}

// nearSkip is how many bytes, in both texts together, resync first tries
// skipping one by one: most differences are a word or two.
const nearSkip = 48

// resyncScratch is resync's memory, used again for every place.
type resyncScratch struct{ runs []run }

// run is a run of syncLen bytes of b: its hash and where it starts.
type run struct {
	h uint64
	p int
}

// resync returns the place (q, p), q >= i and p >= j, where a and b agree
// again for syncLen bytes (or both end): first the nearest by the bytes
// skipped in both together, up to nearSkip; else, among the runs that
// start a word (after white space) within syncReach bytes, the first
// place in a whose run b has once there, at the nearest place in b. It
// reports false when there is none, or the search would overrun budget,
// which it spends.
func (sc *resyncScratch) resync(a, b []byte, i, j int, budget *int) (int, int, bool) {
	for s := 1; s <= nearSkip; s++ {
		if len(a)-i+len(b)-j == s {
			return len(a), len(b), true
		}
		for x := 0; x <= s; x++ {
			q, p := i+x, j+s-x
			if q+syncLen <= len(a) && p+syncLen <= len(b) && a[q] == b[p] && bytes.Equal(a[q:q+syncLen], b[p:p+syncLen]) {
				return q, p, true
			}
		}
	}
	*budget -= 2 * syncReach
	if *budget < 0 {
		return 0, 0, false
	}
	if len(a)-i <= syncReach && len(b)-j <= syncReach {
		return len(a), len(b), true // the rest of both
	}
	sc.runs = sc.runs[:0]
	for p := j; p <= min(len(b)-syncLen, j+syncReach); p++ {
		if p == j || wsByte[b[p-1]] {
			sc.runs = append(sc.runs, run{runHash(b[p : p+syncLen]), p})
		}
	}
	runs := sc.runs
	sort.Slice(runs, func(x, y int) bool { return runs[x].h < runs[y].h || runs[x].h == runs[y].h && runs[x].p < runs[y].p })
	for q := i; q <= min(len(a)-syncLen, i+syncReach); q++ {
		if q != i && !wsByte[a[q-1]] {
			continue
		}
		h := runHash(a[q : q+syncLen])
		k := sort.Search(len(runs), func(x int) bool { return runs[x].h >= h })
		if k == len(runs) || runs[k].h != h || k+1 < len(runs) && runs[k+1].h == h {
			continue // not there, or there twice
		}
		if p := runs[k].p; bytes.Equal(a[q:q+syncLen], b[p:p+syncLen]) {
			return q, p, true
		}
	}
	return 0, 0, false
}

const runBase = 0x100000001b3

// runHash hashes a run of bytes.
func runHash(s []byte) uint64 {
	var h uint64
	for _, c := range s {
		h = h*runBase + uint64(c)
	}
	return h
}

// sparseWindow is a stretch of the view checked apart, view bytes
// [vs, ve), against original bytes [os, oe); first and last say it starts
// at the view's start and ends at its end. checkSparse gives it its
// tokens of the original, [a0, a1) of the Original it prepares, and its
// marks, [m0, m1) of the document's.
type sparseWindow struct {
	vs, ve, os, oe int
	first, last    bool
	a0, a1, m0, m1 int
}

// windowReach is how many bytes a window reaches before and after its
// regions, at least: its tokens there are the context a report reads
// (margin tokens, and back to the line's start within lineReach bytes).
const windowReach = 2 * lineReach

// windowsOf returns the windows around regions of the view text v against
// the original body o, from a place windowReach bytes or more before each
// region where a token starts, read alike in the whole text and from there
// (startsToken), to the same after it; windows that would overlap are one.
// Each starts and ends where the texts are equal.
func windowsOf(v, o []byte, regions []region) ([]sparseWindow, bool) {
	var out []sparseWindow
	var firstOf, lastOf []int // each window's first and last region
	for k, r := range regions {
		prevV := 0
		if k > 0 {
			prevV = regions[k-1].v1
		}
		// Where the window starts: past the region before, and past its
		// last byte too (where the texts differ, so may the reading).
		vs := -1
		for p := r.v0 - windowReach; p > prevV; p-- {
			if startsToken(v, p, prevV) {
				vs = p
				break
			}
		}
		if k == 0 && vs < 0 {
			vs = 0
		}
		// Where it ends: after white space, or at the next region, whose
		// window then takes this one in.
		nextV := len(v)
		if k+1 < len(regions) {
			nextV = regions[k+1].v0
		}
		ve := min(r.v1+windowReach, nextV)
		for ve < nextV && !wsByte[v[ve-1]] {
			ve++
		}
		if n := len(out); n > 0 && (vs < 0 || vs < out[n-1].ve) {
			out[n-1].ve = max(out[n-1].ve, ve)
			lastOf[n-1] = k
			continue
		}
		out = append(out, sparseWindow{vs: vs, ve: ve})
		firstOf, lastOf = append(firstOf, k), append(lastOf, k)
	}
	for n := range out {
		w := &out[n]
		first, last := regions[firstOf[n]], regions[lastOf[n]]
		prevV, prevO := 0, 0
		if firstOf[n] > 0 {
			prevV, prevO = regions[firstOf[n]-1].v1, regions[firstOf[n]-1].o1
		}
		nextV := len(v)
		if lastOf[n]+1 < len(regions) {
			nextV = regions[lastOf[n]+1].v0
		}
		if w.vs < prevV || w.vs > first.v0 || w.ve < last.v1 || w.ve > nextV || w.ve < len(v) && !wsByte[v[w.ve-1]] {
			return nil, false // not in equal stretches, or not after white space
		}
		w.os, w.oe = prevO+w.vs-prevV, last.o1+w.ve-last.v1
		w.first, w.last = w.vs == 0, w.ve == len(v)
		if w.first != (w.os == 0) || w.last != (w.oe == len(o)) || w.oe > len(o) || w.os > w.oe {
			return nil, false
		}
	}
	return out, true
}

// startsToken reports whether the tokenizer, started at text[p] in the
// state the whole text's reading is in there, reads what it reads: p
// starts a line, or a word after a blank on a line that has a letter or
// digit before it, at floor or after (the texts are equal from floor to
// p), so that no line syntax is read where the whole text reads none.
func startsToken(text []byte, p, floor int) bool {
	if p <= 0 || text[p-1] == '\n' {
		return true
	}
	if c := text[p-1]; c != ' ' && c != '\t' || class[text[p]] != cWord {
		return false
	}
	for i := p - 2; i >= floor && text[i] != '\n'; i-- {
		if class[text[i]] == cWord {
			return true
		}
	}
	return false
}

// scanFrom appends to toks the tokens of text[from:to] as the whole
// text's reading has them, from's place read by startsToken, to's after
// white space.
func scanFrom(toks []Token, text []byte, from, to int) []Token {
	sc := scanner{text: text[:to], i: from, lineStart: from == 0 || text[from-1] == '\n'}
	toks, _ = sc.scan(toks, math.MaxInt)
	return toks
}

// checkSparse is the final check of d, whose original view is v, against
// original, by its windows; it reports false when it cannot be sure to
// give the full check's Result (see above), and the caller runs that.
func checkSparse(d *markup.Document, v *view.View, original []byte, fieldSpan span.Span, opts Options) (Result, bool) {
	if !opts.Final || tooLarge(d, original) {
		return Result{}, false
	}
	if opts.MaxChangeRatio <= 0 {
		opts.MaxChangeRatio = DefaultMaxChangeRatio
	}
	body, ok := originalBody(original)
	if !ok || bytes.Contains(d.Src, commentOpen) || bytes.Contains(body, commentOpen) {
		return Result{}, false
	}
	regions, ok := findRegions(v.Text, body)
	if !ok || len(regions) == 0 {
		return Result{}, false
	}
	windows, ok := windowsOf(v.Text, body, regions)
	if !ok {
		return Result{}, false
	}
	covered := 0
	for _, w := range windows {
		covered += w.ve - w.vs
	}
	if 2*covered > len(v.Text) {
		return Result{}, false // so many places that the full check is as quick
	}
	// Every window's tokens of the original, in one prepared Original, and
	// its marks; no bare elision may lie outside every window.
	otoks := make([]Token, 0, covered/4+16)
	m := 0
	for k := range windows {
		w := &windows[k]
		w.a0 = len(otoks)
		otoks = scanFrom(otoks, body, w.os, w.oe)
		w.a1 = len(otoks)
		aStart, aStop := v.ToArticle(w.vs), len(d.Src)
		if !w.last {
			aStop = v.ToArticle(w.ve)
		}
		for ; m < len(d.Marks) && d.Marks[m].Span().Start < aStart; m++ {
			if d.Marks[m].Kind == markup.BareElision {
				return Result{}, false
			}
		}
		w.m0 = m
		for m < len(d.Marks) && d.Marks[m].Span().Start < aStop {
			m++
		}
		w.m1 = m
	}
	for ; m < len(d.Marks); m++ {
		if d.Marks[m].Kind == markup.BareElision {
			return Result{}, false
		}
	}
	ow := prepareTokens(body, otoks)
	// The windows are checked apart, on two goroutines when they hold
	// enough: each window's result lands at its index, and its extra
	// tokens' ids are its half's, which only its own comparison reads.
	results := make([]windowResult, len(windows))
	sc := sparseCheck{d: d, v: v, body: body, o: ow, noFixes: opts.NoFixes}
	half := len(windows) // windows [half:] go to the second goroutine
	if covered >= parallelSparse {
		for tail := 0; half > 1 && 2*tail < covered; {
			half--
			tail += windows[half].ve - windows[half].vs
		}
	}
	var wg sync.WaitGroup
	if half < len(windows) {
		wg.Go(func() { sc.run(windows, half, len(windows), results) })
	}
	sc.run(windows, 0, half, results)
	wg.Wait()
	var bareDiags, changeDiags []rules.Diagnostic
	changed := 0
	for _, r := range results {
		if !r.ok {
			return Result{}, false
		}
		bareDiags = append(bareDiags, r.bares...)
		changeDiags = append(changeDiags, r.changes...)
		changed += r.changed
	}
	if len(bareDiags)+len(changeDiags)+1 >= rules.MaxDiagnostics {
		return Result{}, false
	}
	if changed > 0 && !atLeastWords(body, int(float64(changed)/opts.MaxChangeRatio)+1) {
		return Result{}, false
	}
	// As checkArticle lists them (the bare elisions' cuts, then the
	// differences), ordered by position, in that order for ties.
	dg := append(bareDiags, changeDiags...)
	sort.SliceStable(dg, func(i, j int) bool { return dg[i].Span.Start < dg[j].Span.Start })
	if dg == nil {
		dg = []rules.Diagnostic{}
	}
	return Result{Diagnostics: dg[:len(dg):len(dg)]}, true
}

// parallelSparse is how many bytes of windows make it worth checking them
// on two goroutines.
const parallelSparse = 64 << 10

// sparseCheck is what checking a window reads: the document, its view,
// and the original's body prepared in its windows' tokens.
type sparseCheck struct {
	d       *markup.Document
	v       *view.View
	body    []byte
	o       *Original
	noFixes bool
}

// windowResult is a window's diagnostics, as checkArticle lists them, and
// the tokens its differences change; not ok when the sparse check must
// give up.
type windowResult struct {
	bares, changes []rules.Diagnostic
	changed        int
	ok             bool
}

// run checks windows [from, to) into results, and stops at the first
// that gives up.
func (sc *sparseCheck) run(windows []sparseWindow, from, to int, results []windowResult) {
	x := newExtra(sc.o.dict.len())
	var vtoks []Token
	for k := from; k < to; k++ {
		vtoks = scanFrom(vtoks[:0], sc.v.Text, windows[k].vs, windows[k].ve)
		if results[k] = sc.window(windows[k], vtoks, x); !results[k].ok {
			return
		}
	}
}

// window checks one window, whose view tokens are vtoks.
func (sc *sparseCheck) window(w sparseWindow, vtoks []Token, x *extra) windowResult {
	d, o := sc.d, sc.o
	a0, a1 := w.a0, w.a1
	art := &article{v: sc.v, vall: make([]int32, len(vtoks))}
	for i, t := range vtoks {
		art.vall[i] = t.Start
	}
	// The bare elisions are left out of its tokens, as the full check
	// leaves them out.
	art.leaveOutBares(d, w.m0, w.m1, nil)
	if len(art.vt) < len(vtoks) {
		kept := vtoks[:0] // in order, a subset: filtered in place
		for _, t := range vtoks {
			if len(kept) < len(art.vt) && t.Start == art.vt[len(kept)] {
				kept = append(kept, t)
			}
		}
		vtoks = kept
	}
	b := namer{o, x}.name(sc.v.Text, vtoks, make([]uint32, 0, len(vtoks)))
	changes := tokdiff.NewLazyIndex(o.ids[a0:a1], o.dict.len()).DiffFinal(b, x.vocab()).Changes()
	// What a report reads about a difference must lie in the window: its
	// fixes read fitTokens tokens beyond a site that may take in a word on
	// either side (a widened addition), and back to that token's line start
	// (lineStart, of token 1 or later here).
	within := func(h hunk) bool {
		return (w.first || h.v0 > margin && h.o0-a0 > margin && art.lineStartAt(h.v0-fitTokens-1) >= w.vs) &&
			(w.last || h.v1+margin < len(b) && h.o1+margin < a1)
	}
	hunks := make([]hunk, len(changes))
	for i, ch := range changes {
		h := hunkOf(ch)
		h.o0, h.o1 = h.o0+a0, h.o1+a0
		if h.coarse || !within(h) {
			return windowResult{}
		}
		hunks[i] = h
	}
	c := &checker{d: d, src: d.Src, orig: sc.body, article: art, o: o, a: o.ids, b: b, noFixes: sc.noFixes}
	bs := matchBares(art.bares, art.barePos, hunks, c.a, func(j int) uint32 { return b[j] }, len(b))
	used := make([]bool, len(hunks))
	var r windowResult
	for _, mb := range bs {
		if mb.hunk < 0 {
			return windowResult{} // a bare elision of no words: the full check looks further
		}
		// A bare elision's words are its difference, slid to its place:
		// the difference must have one place for the whole diff too (or
		// be one word alone in its run, which slides to the same place
		// from wherever a diff puts it), and the report reads about the
		// place it slid to.
		if h := hunks[mb.hunk]; !rigid(h, o.ids, b, a0, a1, w.first, w.last) && !(h.o1-h.o0 == 1 && h.v0 == h.v1 && alone(hunks, int(mb.hunk), o.ids, a0, a1, w.first, w.last)) || !within(mb.slid) {
			return windowResult{}
		}
		used[mb.hunk] = true
		r.bares = append(r.bares, c.recordCut(mb.slid, &d.Marks[mb.mark]))
	}
	for j, h := range hunks {
		if used[j] {
			continue
		}
		if !rigid(h, o.ids, b, a0, a1, w.first, w.last) {
			return windowResult{}
		}
		r.changed += max(h.o1-h.o0, h.v1-h.v0)
		r.changes = append(r.changes, c.report(h))
	}
	r.ok = true
	return r
}

// alone reports whether the difference j of hunks, the deletion of one
// token, lies alone in the run of that token around it: a diff may put
// the deletion anywhere in the run, and tokdiff's compaction joins it to a
// difference the run reaches, so the run must hold no other, and lie in
// the window (a's tokens [a0, a1)) or reach the text's end.
func alone(hunks []hunk, j int, a []uint32, a0, a1 int, first, last bool) bool {
	h := hunks[j]
	t := a[h.o0]
	lo, hi := h.o0, h.o1
	for lo > a0 && a[lo-1] == t {
		lo--
	}
	for hi < a1 && a[hi] == t {
		hi++
	}
	return (lo > a0 || first) && (hi < a1 || last) &&
		(j == 0 || hunks[j-1].o1 < lo) && (j+1 == len(hunks) || hunks[j+1].o0 > hi)
}

// prepareTokens prepares the tokens toks of text, in order, as prepare
// does a whole text's.
func prepareTokens(text []byte, toks []Token) *Original {
	o := &Original{text: text, dict: newDict(len(toks) / 4)}
	o.starts = starts{base: make([]int32, 0, len(toks)/groupLen+1), off: make([]uint16, 0, len(toks))}
	o.ids = make([]uint32, 0, len(toks))
	for _, t := range toks {
		o.add(t)
	}
	o.index = tokdiff.NewLazyIndex(o.ids, o.dict.len())
	return o
}

// atLeastWords reports whether text holds at least n tokens, counting a
// run of bytes between white space that holds a letter or digit as one: it
// holds one token or more, and no token spans white space.
func atLeastWords(text []byte, n int) bool {
	count, counted := 0, false
	for k := 0; k < len(text); {
		c := text[k]
		if wsByte[c] {
			counted = false
			k++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[k:])
		}
		k += size
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			counted = true
			if count++; count >= n {
				return true
			}
		}
	}
	return false
}

// rigid reports whether the difference h of the original's tokens a
// (those of the window, [a0, a1)) and the view's b has one place only,
// for any diff that does as few edits as it can. The full check diffs the
// whole texts, with anchors over all of them, and where a difference
// could be made in more than one way it may choose another than a diff of
// the window does.
//
//   - A change of one token (or one token replaced by another) has one
//     place unless it could slide past an equal token beside it.
//   - A longer one has one place when its two sides share no token and
//     neither text holds, within as many tokens of h as it changes (and
//     one more), a token the other text has in h: no edit of the same size
//     then matches any of its tokens elsewhere.
//
// first and last say the window starts at the texts' start and ends at
// their end.
func rigid(h hunk, a, b []uint32, a0, a1 int, first, last bool) bool {
	del, ins := a[h.o0:h.o1], b[h.v0:h.v1]
	if len(del)+len(ins) == 1 || len(del) == 1 && len(ins) == 1 {
		// One token: it has another place only where it could slide, past
		// an equal token beside it.
		if len(del) == 1 && len(ins) == 1 && del[0] == ins[0] {
			return false
		}
		for _, id := range [][]uint32{del, ins} {
			if len(id) == 1 && (h.o0 > a0 && a[h.o0-1] == id[0] || h.o1 < a1 && a[h.o1] == id[0]) {
				return false
			}
		}
		return true
	}
	reach := len(del) + len(ins) + 1
	if reach > 64 {
		return false
	}
	aLo, aHi, bLo, bHi := h.o0-reach, h.o1+reach, h.v0-reach, h.v1+reach
	if !first && (aLo < a0 || bLo < 0) || !last && (aHi > a1 || bHi > len(b)) {
		return false // the window does not show that far
	}
	around := func(s []uint32, lo, hi, from, to int, side []uint32) bool {
		for _, id := range side {
			for k := max(lo, 0); k < min(hi, len(s)); k++ {
				if (k < from || k >= to) && s[k] == id {
					return true
				}
			}
		}
		return false
	}
	if around(a, max(aLo, a0), min(aHi, a1), h.o0, h.o1, ins) || around(b, bLo, bHi, h.v0, h.v1, del) {
		return false
	}
	for _, x := range del {
		for _, y := range ins {
			if x == y {
				return false
			}
		}
	}
	return true
}
