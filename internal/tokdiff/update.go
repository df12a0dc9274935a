package tokdiff

import (
	"slices"
	"sort"
)

// scanLimit bounds how far past an edit Update follows the common prefix
// or suffix of the texts before it gives up (and the caller diffs whole).
const scanLimit = 1 << 14

// Update returns the script of A against B', which is B with B[lo:hi]
// replaced by nb: lo is where checkpoint from starts in B, hi where
// checkpoint to ends, and nb starts and ends with their runs; from may be
// -1 for the start of the texts (lo is 0) and to len(Anchors()) for their
// end (hi is len(B)). The ids of nb are below vocab. The script is the one
// Diff would return for B', but for where it keeps checkpoints; Update
// costs what the stretch between the checkpoints and the changes around
// it cost, not B.
//
// It reports false when the edit may change the diff beyond the stretch:
// when it makes or unmakes a run of B that matches a run of A elsewhere,
// when a match from the stretch crosses the checkpoints, when the texts
// are tiny, and in a few rarer cases. The caller then diffs B' whole.
func (s *Script) Update(from, to int, nb []uint32, vocab int) (*Script, bool) {
	ix, a := s.ix, s.ix.a
	if s.tiny || from < -1 || from >= to || to > len(s.anchors) {
		return nil, false
	}
	L, R := s.cutAt(from), s.cutAt(to)
	lo, hi := L.b, R.b+R.run
	delta := len(nb) - (hi - lo)
	m2 := s.nb + delta
	if len(a)+m2 <= smallInput || len(nb) < L.run+R.run ||
		!equalRun(nb[:L.run], a[L.a:L.a+L.run]) || !equalRun(nb[len(nb)-R.run:], a[R.a:R.a+R.run]) {
		return nil, false
	}
	u := &Script{ix: ix, vocab: max(vocab, s.vocab), nb: m2}
	b := func(j int) uint32 { // B'
		switch {
		case j < lo:
			return s.B(j)
		case j < lo+len(nb):
			return nb[j-lo]
		}
		return s.B(j - delta)
	}
	var ok bool
	if u.counts, ok = s.recount(L, R, nb); !ok {
		return nil, false
	}
	p, ok := s.newPrefix(lo, hi, delta, b)
	if !ok {
		return nil, false
	}
	sfx, ok := s.newSuffix(hi, delta, p, b)
	if !ok {
		return nil, false
	}
	u.prefix, u.suffix = int32(p), int32(sfx)
	// The stretch to redo: the edit's, or, when the diff was of the region
	// between the common ends and now anchors, one that holds that region
	// too.
	wl, wr := from, to
	if s.regional() && !u.regional() {
		for wl >= 0 && s.cutAt(wl).b+anchorLen > int(s.prefix) {
			wl--
		}
		for wr < len(s.anchors) && s.cutAt(wr).b < s.nb-int(s.suffix) {
			wr++
		}
		if s.cutAt(wr).b-s.cutAt(wl).b > max(s.nb/2, 1<<16) {
			return nil, false
		}
	}
	WL, WR := s.cutAt(wl), s.cutAt(wr)
	wlo, whi := WL.b, WR.b+WR.run+delta // in B'
	bw := make([]uint32, whi-wlo)
	for j := range bw {
		bw[j] = b(wlo + j)
	}
	d := differ{a: a, b: bw, vocab: u.vocab}
	kept, cps, ok := u.rechain(&d, bw, WL, WR, wlo)
	if !ok {
		return nil, false
	}
	u.anchors = slices.Concat(s.anchors[:wl+1], cps, shifted(s.anchors[wr:], delta))
	if u.regional() {
		region := make([]uint32, m2-int(u.suffix)-p)
		for j := range region {
			region[j] = b(p + j)
		}
		d = differ{a: a, b: region, vocab: u.vocab}
		d.gap(p, len(a)-sfx, 0, len(region), 1)
		u.pre, u.ins = changesOf(d.out.finish(), region, p, p, nil, nil)
		u.changes = compactChanges(u.pre, a, b, m2, &d.stats.Work)
		u.stats = d.stats
		return u, true
	}
	// The stretch's changes, between its first and last anchors; bw holds
	// B' from wlo on.
	for i := range kept {
		kept[i].b -= int32(wlo)
	}
	d.gaps(kept, WL.a+WL.run, WL.run, WR.a, len(bw)-WR.run)
	win, winIns := changesOf(d.out.finish(), bw[WL.run:], WL.a+WL.run, wlo+WL.run, nil, nil)
	before, after := u.splice(s, win, winIns, WL, WR, delta)
	if s.regional() {
		u.changes = compactChanges(u.pre, a, b, m2, &d.stats.Work)
	} else {
		u.changes = s.recompact(u, before, len(win), after, delta, b, &d.stats.Work)
	}
	u.stats = d.stats
	return u, true
}

// cut is where Update cuts the texts: a checkpoint, whose run starts at a
// in A and b in B, or an end of the texts, with no run.
type cut struct{ a, b, run int }

// cutAt returns checkpoint k as a cut, or the start of the texts for -1,
// their end for len(s.anchors).
func (s *Script) cutAt(k int) cut {
	switch {
	case k < 0:
		return cut{0, 0, 0}
	case k >= len(s.anchors):
		return cut{len(s.ix.a), s.nb, 0}
	}
	return cut{int(s.anchors[k].A), int(s.anchors[k].B), anchorLen}
}

// inside reports whether a run starting at j of a stretch of n ids from
// cut L to cut R starts strictly between their runs (at an end of the
// texts, it may start there).
func inside(j, n int, L, R cut) bool {
	return (j > 0 || L.run == 0) && (j < n-anchorLen || R.run == 0 && j <= n-anchorLen)
}

// shifted returns anchors moved by delta in B.
func shifted(anchors []Anchor, delta int) []Anchor {
	out := make([]Anchor, len(anchors))
	for i, an := range anchors {
		out[i] = Anchor{an.A, an.B + int32(delta)}
	}
	return out
}

// recount returns the counts of B' from those of B: the runs that start
// inside the stretch [lo, hi) (the checkpoints' own runs apart) are
// counted out, those of nb in. It reports false when a run of A that
// matched once in B, outside the stretch, stops being the only match, or
// becomes it: a match the stretch's diff cannot see changes.
func (s *Script) recount(L, R cut, nb []uint32) ([]uint8, bool) {
	lo, hi := L.b, R.b+R.run
	type within struct{ old, new int }
	seen := map[int]*within{}
	at := func(k int) *within {
		if seen[k] == nil {
			seen[k] = &within{}
		}
		return seen[k]
	}
	old := s.bRange(lo, hi)
	m := matcher{ix: s.ix}
	eachRun(old, func(j int, h uint64) {
		if inside(j, len(old), L, R) {
			if k := m.match(lo+j, h, old[j:j+anchorLen]); k >= 0 {
				at(k).old++
			}
		}
	})
	m = matcher{ix: s.ix}
	eachRun(nb, func(j int, h uint64) {
		if inside(j, len(nb), L, R) {
			if k := m.match(lo+j, h, nb[j:j+anchorLen]); k >= 0 {
				at(k).new++
			}
		}
	})
	counts := slices.Clone(s.counts)
	for k, in := range seen {
		total := int(s.counts[k])
		if total == 255 && in.old > 0 {
			return nil, false // the count was lost: how many are left is unknown
		}
		outside := total - in.old
		if outside < 0 {
			return nil, false
		}
		now := outside + in.new
		if (total == 1 && outside == 1) != (now == 1 && outside == 1) {
			return nil, false
		}
		counts[k] = uint8(min(now, 255))
	}
	return counts, true
}

// newPrefix returns the length of the common prefix of A and B', b.
func (s *Script) newPrefix(lo, hi, delta int, b func(int) uint32) (int, bool) {
	a := s.ix.a
	p := int(s.prefix)
	if p < lo {
		return p, true // the first difference lies before the edit
	}
	m2 := s.nb + delta
	for p = lo; p < len(a) && p < m2 && a[p] == b(p); p++ {
		if p < hi+delta {
			continue
		}
		if delta == 0 && int(s.prefix) >= hi {
			return int(s.prefix), true // past the edit B' is B, equal to A up to the old prefix
		}
		if len(a) == m2 && p-delta >= s.nb-int(s.suffix) {
			// Past the edit B' is B, which is A's end there (the old
			// suffix), and the lengths agree: B' is A from here on. This is
			// an edit that undoes the only difference, as typing a letter
			// and deleting it does, in an article that matches its
			// original: the common case, not to be scanned.
			return m2, true
		}
		if p-(hi+delta) > scanLimit {
			return 0, false
		}
	}
	return p, true
}

// newSuffix returns the length of the common suffix of what follows the
// prefix p in A and B', b.
func (s *Script) newSuffix(hi, delta, p int, b func(int) uint32) (int, bool) {
	a := s.ix.a
	n, m2 := len(a), s.nb+delta
	// B' ends as B does after the edit, and that part of the old suffix
	// holds.
	k := min(int(s.suffix), s.nb-hi, n-p, m2-p)
	if s.nb == n && int(s.prefix) >= n {
		// B was A (a prefix of all of it leaves no suffix to know): what
		// follows the edit is A's end. An edit in an article that matches
		// its original, the common case, is not to be scanned.
		k = min(s.nb-hi, n-p, m2-p)
	}
	start := k
	for p < n-k && p < m2-k && a[n-1-k] == b(m2-1-k) {
		k++
		if k-start > scanLimit+hi {
			return 0, false
		}
	}
	return k, true
}

// rechain finds the anchors of the stretch of B' between cuts WL and WR,
// whose ids are bw (from wlo on): the matches of the runs that start
// inside it with a run of A that matches once, chained. It returns the
// anchors kept and the checkpoints among them, and reports false when a
// match crosses WL or WR, or WR is no longer kept: then the stretch's
// chain is not the whole chain's.
func (u *Script) rechain(d *differ, bw []uint32, WL, WR cut, wlo int) ([]pair, []Anchor, bool) {
	var cands []pair
	m := matcher{ix: u.ix}
	eachRun(bw, func(j int, h uint64) {
		if !inside(j, len(bw), WL, WR) {
			return // the checkpoints' own runs
		}
		if k := m.match(wlo+j, h, bw[j:j+anchorLen]); k >= 0 && u.counts[k] == 1 {
			cands = append(cands, pair{u.ix.uniq[k], int32(wlo + j)})
		}
	})
	for _, c := range cands {
		if WL.run > 0 && int(c.a) <= WL.a || WR.run > 0 && int(c.a) >= WR.a {
			return nil, nil, false
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].a < cands[j].a })
	prev := pair{int32(WL.a), int32(WL.b)}
	if WL.run == 0 {
		prev = pair{-anchorLen, -anchorLen} // the start, as Diff begins
	}
	kept, cps := d.keep(cands, prev)
	last := prev
	if len(kept) > 0 {
		last = kept[len(kept)-1]
	}
	if WR.run > 0 && (WR.a < int(last.a)+anchorLen || wlo+len(bw)-anchorLen < int(last.b)+anchorLen) {
		return nil, nil, false
	}
	return kept, cps, true
}

// splice sets u's changes before compaction: s's before the stretch from
// cut L to cut R of B, win (whose ids are winIns) in it, and s's after it,
// moved by delta. It returns how many of s's come before the stretch and
// after. At an end of the texts the stretch holds the changes there, a
// deletion at B's very start or end among them.
func (u *Script) splice(s *Script, win []pre, winIns []uint32, L, R cut, delta int) (int, int) {
	before := sort.Search(len(s.pre), func(k int) bool { return int(s.pre[k].B1) > L.b })
	after := sort.Search(len(s.pre), func(k int) bool { return int(s.pre[k].B0) >= R.b+R.run })
	if L.run == 0 {
		before = 0
	}
	if R.run == 0 {
		after = len(s.pre)
	}
	u.pre = make([]pre, 0, before+len(win)+len(s.pre)-after)
	u.ins = make([]uint32, 0, len(s.ins)+len(winIns))
	add := func(c pre, ids []uint32, shift int) {
		c.at = int32(len(u.ins))
		c.B0 += int32(shift)
		c.B1 += int32(shift)
		u.ins = append(u.ins, ids...)
		u.pre = append(u.pre, c)
	}
	for _, c := range s.pre[:before] {
		add(c, s.ins[c.at:int(c.at)+int(c.B1-c.B0)], 0)
	}
	for _, c := range win {
		add(c, winIns[c.at:int(c.at)+int(c.B1-c.B0)], 0)
	}
	for _, c := range s.pre[after:] {
		add(c, s.ins[c.at:int(c.at)+int(c.B1-c.B0)], delta)
	}
	return before, len(s.pre) - after
}

// recompact returns u's compacted changes from s's. Compaction decides
// the changes on either side of a change whose equal run before it is
// longer than maxSlide apart: only the changes between two such around
// the stretch, which u's first before changes share with s and its last
// after ones too (moved), are compacted again; s's compacted changes
// stand on either side.
func (s *Script) recompact(u *Script, before, win, after, delta int, b func(int) uint32, work *int64) []Change {
	eqBefore := func(pre []pre, k int) int {
		if k == 0 {
			return int(pre[0].A0)
		}
		return int(pre[k].A0 - pre[k-1].A1)
	}
	k0 := 0 // a change before the stretch with a long run before it
	for k := before - 1; k > 0; k-- {
		if eqBefore(u.pre, k) > maxSlide {
			k0 = k
			break
		}
	}
	k1 := len(u.pre) // a change after the stretch, after another, with a long run before it
	for k := before + win + 1; k < len(u.pre); k++ {
		if eqBefore(u.pre, k) > maxSlide {
			k1 = k
			break
		}
	}
	mid := compactChanges(u.pre[k0:k1], s.ix.a, b, u.nb, work)
	i, j := 0, len(s.changes)
	if k0 > 0 {
		start := s.pre[k0].B0
		i = sort.Search(len(s.changes), func(i int) bool { return s.changes[i].B0 >= start })
	}
	if k1 < len(u.pre) {
		end := s.pre[k1-len(u.pre)+len(s.pre)].B0
		j = sort.Search(len(s.changes), func(i int) bool { return s.changes[i].B0 >= end })
	}
	out := make([]Change, 0, i+len(mid)+len(s.changes)-j)
	out = append(out, s.changes[:i]...)
	out = append(out, mid...)
	for _, c := range s.changes[j:] {
		c.B0 += int32(delta)
		c.B1 += int32(delta)
		out = append(out, c)
	}
	_ = after
	return out
}

// bRange returns the ids of B[lo:hi].
func (s *Script) bRange(lo, hi int) []uint32 {
	out := make([]uint32, hi-lo)
	k := sort.Search(len(s.pre), func(k int) bool { return int(s.pre[k].B1) > lo })
	for j := lo; j < hi; j++ {
		for k < len(s.pre) && int(s.pre[k].B1) <= j {
			k++
		}
		switch {
		case k < len(s.pre) && int(s.pre[k].B0) <= j:
			c := &s.pre[k]
			out[j-lo] = s.ins[int(c.at)+j-int(c.B0)]
		case k > 0:
			c := &s.pre[k-1]
			out[j-lo] = s.ix.a[int(c.A1)+j-int(c.B1)]
		default:
			out[j-lo] = s.ix.a[j]
		}
	}
	return out
}
