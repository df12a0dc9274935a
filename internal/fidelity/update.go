package fidelity

import (
	"bytes"
	"slices"
	"sort"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
)

// Update returns the Result of checking d against orig: the Result that
// CheckPrepared(d, orig, fieldSpan, opts) returns, the same in every
// diagnostic, fix and mapped offset. d must be the article r was checked
// from, with edit applied (edit's span is in that article's offsets), and
// orig the Original r was checked against.
//
// It redoes what the edit can change: it reads the article's view again
// from a checkpoint a line or more before the edit to one a line or more
// after it and the marks the edit changed, diffs that stretch again, and
// reports the differences in it; the others keep their diagnostics, moved.
// Its cost is that of the stretch and of the differences, not of the
// article. Where the edit may change what lies beyond (an unclosed mark,
// a comment opened, a passage pasted that the original has elsewhere, an
// edit of the front matter, an article whose differences are too many to
// list), it checks the whole article instead, which gives the same
// Result.
//
// r is not changed, and stays usable; two Updates of one Result may run at
// once.
func (r *Result) Update(d *markup.Document, orig *Original, edit span.Edit, fieldSpan span.Span, opts Options) Result {
	if res, ok := r.update(d, orig, edit, fieldSpan, opts); ok {
		return res
	}
	return CheckPrepared(d, orig, fieldSpan, opts)
}

// margin is how many tokens around a difference its report reads: the
// fits read two on either side.
const margin = fitTokens + 1

func (r *Result) update(d *markup.Document, o *Original, edit span.Edit, fieldSpan span.Span, opts Options) (Result, bool) {
	if opts.MaxChangeRatio <= 0 {
		opts.MaxChangeRatio = DefaultMaxChangeRatio
	}
	st := r.st
	if st == nil || st.orig != o || st.opts != opts || st.field != fieldSpan || st.script.Tiny() || tooLarge(d, o.text) {
		return Result{}, false
	}
	od := st.doc
	e0, e1 := edit.Span.Start, edit.Span.End
	delta := len(edit.New) - (e1 - e0)
	if e0 < 0 || e1 < e0 || e1 > len(od.Src) || len(d.Src) != len(od.Src)+delta || string(d.Src[e0:e0+len(edit.New)]) != edit.New {
		return Result{}, false
	}
	if vs := viewStart(od); e0 < vs || d.HasFrontMatter != od.HasFrontMatter || viewStart(d) != vs {
		return Result{}, false // the front matter changed
	}
	from, to, ok := changedMarks(od, d, e0, e1, delta)
	if !ok {
		return Result{}, false
	}
	u := updater{st: st, d: d, o: o, delta: delta}
	if !u.readStretch(from, to) {
		return Result{}, false
	}
	return u.finish()
}

// changedMarks returns the stretch of the article that the edit changed,
// with the marks that differ between the old document od and the new d:
// the old offset from, where od and d agree before, and to, where od
// agrees from on with d from to+delta. It reports false when the marks
// cannot be told apart so (a mark's parent moved).
func changedMarks(od, d *markup.Document, e0, e1, delta int) (int, int, bool) {
	om, nm := od.Marks, d.Marks
	// When markup.Update made d from od with this edit, it says which
	// marks it kept: those are equal, or the same moved, without a look.
	// Ten thousand marks were compared on every keystroke of a 1 MiB
	// article, a third of this update's time.
	k0, k1, kd, kept := d.Kept(od)
	kept = kept && kd == delta
	f := 0
	if kept {
		for f < k0 && om[f].Span().End <= e0 {
			f++
		}
	}
	for f < len(om) && f < len(nm) && om[f] == nm[f] && om[f].Span().End <= e0 {
		f++
	}
	dm := len(nm) - len(om)
	k := 0
	if kept {
		// Old marks from k1 on start at or past the end of the stretch
		// Update parsed again, which holds the edit's end.
		k = max(0, min(len(om)-k1, len(om)-f, len(nm)-f))
	}
	for k < len(om)-f && k < len(nm)-f {
		m, n := om[len(om)-1-k], nm[len(nm)-1-k]
		if m.Span().Start < e1 || !sameMoved(m, n, delta, dm) {
			break
		}
		k++
	}
	from, toOld, toNew := e0, e1, e1+delta
	if f < len(om) {
		from = min(from, om[f].Span().Start)
	}
	if f < len(nm) {
		from = min(from, nm[f].Span().Start)
	}
	for _, m := range om[f : len(om)-k] {
		toOld = max(toOld, m.Span().End)
	}
	for _, m := range nm[f : len(nm)-k] {
		toNew = max(toNew, m.Span().End)
	}
	return from, max(toOld, toNew-delta), true
}

// sameMoved reports whether mark n is mark m moved by delta bytes and dm
// places in the list.
func sameMoved(m, n markup.Mark, delta, dm int) bool {
	parent := m.Parent()
	if parent >= 0 {
		parent += dm
	}
	arrow := m.Arrow()
	if arrow != (span.Span{}) {
		arrow = arrow.Moved(delta)
	}
	return m.Kind == n.Kind && m.Span().Moved(delta) == n.Span() && m.Close().Moved(delta) == n.Close() && arrow == n.Arrow() &&
		parent == n.Parent() && m.Closed() == n.Closed() && m.Mismatched() == n.Mismatched() && m.MultiParagraph() == n.MultiParagraph()
}

// updater carries an update from the old state st to the new document d.
type updater struct {
	st    *state
	d     *markup.Document
	o     *Original
	delta int // bytes the edit added
	// The stretch read again: from the checkpoint li to the checkpoint ri
	// of the old script, whose view is art; b0 is the index among the new
	// view's tokens of art.vt[0], and start and end its article offsets.
	li, ri     int
	art        *article
	b0         int
	start, end int
	script     *tokdiff.Script
	dtok       int // tokens the edit added
	next       *state
}

// readStretch reads the view of the new article from a checkpoint whose
// tokens end before the line the change from starts on to one that starts
// after the line to ends on (old offsets), or from and to the ends of the
// article where there is none, and diffs the stretch between them again.
func (u *updater) readStretch(from, to int) bool {
	st, d, old := u.st, u.d, u.st.doc.Src
	anchors := st.script.Anchors()
	ls := bytes.LastIndexByte(old[:from], '\n') + 1
	u.li = sort.Search(len(st.cpEnd), func(i int) bool { return int(st.cpEnd[i]) >= ls }) - 1
	u.ri = len(anchors)
	if nl := bytes.IndexByte(old[to:], '\n'); nl >= 0 {
		u.ri = sort.Search(len(st.cpStart), func(i int) bool { return int(st.cpStart[i]) > to+nl })
	}
	u.start, u.end = viewStart(d), len(d.Src)
	if u.li >= 0 {
		u.start = cutBefore(d, int(st.cpStart[u.li]))
	}
	if u.ri < len(anchors) {
		u.end = cutAfter(d, int(st.cpEnd[u.ri])+u.delta)
	}
	u.art = readPart(d, u.start, u.end)
	i0, last := 0, len(u.art.vt) // the stretch's tokens: from i0 to last
	if u.li >= 0 {
		var ok bool
		if i0, ok = u.art.find(int(st.cpStart[u.li])); !ok || u.art.inComment(i0) {
			return false
		}
	}
	if u.ri < len(anchors) {
		iR, ok := u.art.find(int(st.cpStart[u.ri]) + u.delta)
		if !ok || u.art.open || iR+anchorLen > len(u.art.vt) {
			return false
		}
		last = iR + anchorLen
	}
	if u.li >= 0 {
		u.b0 = int(anchors[u.li].B) - i0
	}
	nb := u.art.idsOf(u.o, st.extra, i0, last)
	var upd bool
	u.script, upd = st.script.Update(u.li, u.ri, nb, st.extra.vocab())
	if !upd {
		return false
	}
	u.dtok = u.script.Len() - st.script.Len()
	return u.checkpoints(last)
}

// idsOf interns the tokens vt[i:j] as ids does.
func (art *article) idsOf(o *Original, x *extra, i, j int) []uint32 {
	part := *art
	part.vt = art.vt[i:j]
	b := part.ids(o, x)
	out := slices.Clone(b)
	putIDs(b)
	return out
}

// checkpoints builds the new state's checkpoints: the old ones before the
// stretch, the new ones in it, and the old ones after it, moved. The new
// ones must lie in the stretch read, whose tokens end at last.
func (u *updater) checkpoints(last int) bool {
	st := u.st
	old, now := st.script.Anchors(), u.script.Anchors()
	if len(now) < u.li+1 || !slices.Equal(now[:u.li+1], old[:u.li+1]) {
		return false
	}
	j := len(now) - (len(old) - u.ri) // the new index of the old checkpoint ri
	if j <= u.li {
		return false
	}
	for k, an := range old[u.ri:] {
		if now[j+k] != (tokdiff.Anchor{A: an.A, B: an.B + int32(u.dtok)}) {
			return false // the diff redid more than the stretch
		}
	}
	inner := now[u.li+1 : j]
	for _, an := range inner {
		if int(an.B)-u.b0 < 0 || int(an.B)-u.b0+anchorLen > last {
			return false
		}
	}
	starts, ends := u.art.checkpoints(inner, u.b0)
	u.next = &state{doc: u.d, orig: u.o, opts: st.opts, field: st.field, script: u.script, extra: st.extra}
	u.next.cpStart = slices.Concat(st.cpStart[:u.li+1], starts, moved32(st.cpStart[u.ri:], u.delta))
	u.next.cpEnd = slices.Concat(st.cpEnd[:u.li+1], ends, moved32(st.cpEnd[u.ri:], u.delta))
	return true
}

func moved32(xs []int32, delta int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = x + int32(delta)
	}
	return out
}

// finish matches the bare elisions, reports the differences that are new
// or lie in the stretch, keeps the other diagnostics, and puts the Result
// together as checkArticle does.
func (u *updater) finish() (Result, bool) {
	st, next, o := u.st, u.next, u.o
	changes := u.script.Changes()
	hunks := make([]hunk, len(changes))
	for i, c := range changes {
		hunks[i] = hunkOf(c)
	}
	oldChanges := st.script.Changes()
	lo, hi := u.b0, u.b0+len(u.art.vt) // the stretch's tokens
	// For each difference, the old one it is, or -1; after, whether it lies
	// after the stretch, its diagnostic moved by the bytes the edit added.
	same := make([]int, len(hunks))
	after := make([]bool, len(hunks))
	for j, h := range hunks {
		same[j] = -1
		switch {
		case h.v1+margin <= lo && j < len(oldChanges) && hunkOf(oldChanges[j]) == h:
			same[j] = j
		case h.v0-margin >= hi:
			k := j - len(hunks) + len(oldChanges)
			if k >= 0 && hunkOf(oldChanges[k]) == (hunk{h.o0, h.o1, h.v0 - u.dtok, h.v1 - u.dtok, h.coarse}) {
				same[j], after[j] = k, true
			}
		}
	}
	marks, pos, oldBare := u.bares()
	b := u.script.B
	bs := matchBares(marks, pos, hunks, o.ids, b, u.script.Len())
	used := make([]bool, len(hunks))
	for _, x := range bs {
		if x.hunk >= 0 {
			used[x.hunk] = true
		}
	}
	listed := 0
	for j := range hunks {
		if !used[j] {
			listed++
		}
	}
	if listed+len(bs)+1 >= rules.MaxDiagnostics {
		return Result{}, false // which differences are listed may move
	}
	res := Result{st: next, Diagnostics: make([]rules.Diagnostic, 0, listed+len(bs)+1)}
	rd := reader{u: u}
	for k := range bs {
		x := &bs[k]
		if x.hunk < 0 {
			continue
		}
		x.diag = int32(len(res.Diagnostics))
		if ob := oldBare[k]; ob != nil && ob.hunk >= 0 && same[x.hunk] == int(ob.hunk) && x.slid == u.moveHunk(ob.slid, after[x.hunk]) && rd.outside(x.slid) {
			res.Diagnostics = append(res.Diagnostics, u.moveDiag(st.diags[ob.diag], after[x.hunk]))
			continue
		}
		c, rel, ok := rd.around(x.slid)
		if !ok {
			return Result{}, false
		}
		res.Diagnostics = append(res.Diagnostics, c.recordCut(rel, &u.d.Marks[x.mark]))
	}
	if msg, bad := verdict(hunks, used, len(o.ids), u.script.Len(), st.opts.MaxChangeRatio); bad {
		res.TooDifferent = true
		res.Diagnostics = append(res.Diagnostics, rules.New(CodeOriginalTooDifferent, st.field, msg))
	}
	next.diagOf = make([]int32, len(hunks))
	for j, h := range hunks {
		next.diagOf[j] = -1
		if used[j] {
			continue
		}
		next.diagOf[j] = int32(len(res.Diagnostics))
		if k := same[j]; k >= 0 && st.diagOf[k] >= 0 {
			res.Diagnostics = append(res.Diagnostics, u.moveDiag(st.diags[st.diagOf[k]], after[j]))
			continue
		}
		c, rel, ok := rd.around(h)
		if !ok {
			return Result{}, false
		}
		res.Diagnostics = append(res.Diagnostics, c.report(rel))
	}
	next.bares = bs
	next.sortDiagnostics(&res)
	return res, true
}

// moveHunk returns the old difference h in the new view's tokens.
func (u *updater) moveHunk(h hunk, after bool) hunk {
	if after {
		h.v0 += u.dtok
		h.v1 += u.dtok
	}
	return h
}

// moveDiag returns the old diagnostic dg as it reads in the new article:
// moved by the bytes the edit added when it lies after the edit.
func (u *updater) moveDiag(dg rules.Diagnostic, after bool) rules.Diagnostic {
	if !after || u.delta == 0 {
		return dg
	}
	return dg.Moved(u.delta)
}

// bares returns the bare elisions of the new article, as indexes into its
// marks, the count of view tokens before each, and for each the old
// state's, when it lies outside the stretch read.
func (u *updater) bares() ([]int, []int, []*bareState) {
	st := u.st
	var marks, pos []int
	var old []*bareState
	dm := len(u.d.Marks) - len(st.doc.Marks)
	for k := range st.bares {
		if b := &st.bares[k]; st.doc.Marks[b.mark].Span().Start < u.start {
			marks, pos, old = append(marks, int(b.mark)), append(pos, int(b.pos)), append(old, b)
		}
	}
	for k, mi := range u.art.bares {
		marks, pos, old = append(marks, mi), append(pos, u.b0+u.art.barePos[k]), append(old, nil)
	}
	for k := range st.bares {
		if b := &st.bares[k]; st.doc.Marks[b.mark].Span().Start >= u.end-u.delta {
			marks, pos, old = append(marks, int(b.mark)+dm), append(pos, int(b.pos)+u.dtok), append(old, b)
		}
	}
	return marks, pos, old
}

// reader gives the checker that reports a difference: that of the stretch
// read when the difference lies well inside it, or one of a part read
// around it.
type reader struct {
	u       *updater
	stretch *checker
}

// outside reports whether h lies clear of the stretch, where its report
// cannot have changed.
func (rd *reader) outside(h hunk) bool {
	lo, hi := rd.u.b0, rd.u.b0+len(rd.u.art.vt)
	return h.v1+margin <= lo || h.v0-margin >= hi
}

// around returns a checker whose tokens hold h with margin tokens on
// either side, and h in its tokens.
func (rd *reader) around(h hunk) (*checker, hunk, bool) {
	u := rd.u
	lo, hi := max(h.v0-margin, 0), min(h.v1+margin, u.script.Len())
	art, b0 := u.art, u.b0
	if lo < b0 || hi > b0+len(art.vt) {
		p, ok := u.next.partOf(u.d, lo, hi)
		if !ok {
			return nil, h, false
		}
		art, b0 = p.art, p.b0
	} else if rd.stretch != nil {
		return rd.stretch, hunk{h.o0, h.o1, h.v0 - b0, h.v1 - b0, h.coarse}, true
	}
	c := &checker{d: u.d, src: u.d.Src, orig: u.o.text, article: art, o: u.o, a: u.o.ids, noFixes: u.st.opts.NoFixes}
	if art == u.art {
		rd.stretch = c
	}
	return c, hunk{h.o0, h.o1, h.v0 - b0, h.v1 - b0, h.coarse}, true
}

// partOf reads the view of d around its view tokens [v0, v1): from the
// last checkpoint at or before v0 to the first at or after v1.
func (st *state) partOf(d *markup.Document, v0, v1 int) (part, bool) {
	anchors := st.script.Anchors()
	k1 := sort.Search(len(anchors), func(k int) bool { return int(anchors[k].B) > v0 }) - 1
	k2 := sort.Search(len(anchors), func(k int) bool { return int(anchors[k].B) >= v1 })
	end := len(d.Src)
	if k2 < len(anchors) {
		end = cutAfter(d, int(st.cpEnd[k2]))
	}
	start, b0 := viewStart(d), 0
	var art *article
	for ; k1 >= 0; k1-- {
		cp := int(st.cpStart[k1])
		start = cutBefore(d, cp)
		art = readPart(d, start, end)
		if i, ok := art.find(cp); ok && !art.inComment(i) {
			b0 = int(anchors[k1].B) - i
			break
		}
	}
	if k1 < 0 {
		start = viewStart(d)
		art = readPart(d, start, end)
	}
	if art.open && end < len(d.Src) || v0 < b0 || v1 > b0+len(art.vt) {
		return part{}, false
	}
	return part{art: art, b0: b0, start: start, end: end}, true
}
