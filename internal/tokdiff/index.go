package tokdiff

import (
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// Index is a sequence A made ready to be diffed against many sequences B:
// its sampled runs of anchorLen ids that occur once in A, found once and
// kept. An Index is immutable; any number of goroutines may diff against
// it at once.
//
// A run is sampled by its content: when its hash falls in one eighth of
// the hash's range. So a run and its copies are all sampled or none is,
// and one pass over a sequence finds every sampled run and counts its
// copies. Diffs against an Index anchor on sampled runs of the whole of A
// and B, rather than on the region left between their common prefix and
// suffix as Diff does: so what the diff of a region depends on stays in
// that region, and Script.Update can redo one region alone.
type Index struct {
	a     []uint32
	vocab int
	// built samples A's runs once, on the first diff that needs them: a
	// lazy Index (NewLazyIndex) may never need them.
	built sync.Once
	table *sampleTable
	// uniq are the places of the sampled runs that occur once in A, in
	// order: sample k is at uniq[k]. once marks those places, and rank
	// counts the places marked before each word of once.
	uniq []int32
	once []uint64
	rank []int32
}

// sampled reports whether the run whose rolling hash is h is sampled.
func sampled(h uint64) bool { return (h*0xA24BAED4963EE407)>>61 == 0 }

// NewIndex prepares a, whose ids are all below vocab. It keeps a; the
// caller must not change it.
func NewIndex(a []uint32, vocab int) *Index {
	ix := NewLazyIndex(a, vocab)
	ix.Build()
	return ix
}

// NewLazyIndex is NewIndex that samples a's runs only when a diff first
// needs them: DiffFinal of a B that differs from a in one small region
// never does, and that is most checks of a faithful article, whose index
// would cost as much as reading the text again.
func NewLazyIndex(a []uint32, vocab int) *Index {
	return &Index{a: a, vocab: vocab}
}

// Build samples the Index's runs now, if no diff has yet: to do it ahead,
// on another goroutine. Any number of goroutines may call it at once.
func (ix *Index) Build() { ix.built.Do(ix.build) }

// Built reports whether the Index's runs are sampled, for tests; it must
// not be called while another goroutine diffs.
func (ix *Index) Built() bool { return ix.table != nil || len(ix.a) < anchorLen }

func (ix *Index) build() {
	a := ix.a
	if len(a) < anchorLen {
		return
	}
	t := newSampleTable(len(a)/anchorStride + 1)
	// The table's slots, in order of their run's place in A. About one
	// place in anchorStride is sampled; the room to spare keeps the list
	// from growing by a copy when chance samples a few more (room never
	// written is never faulted in).
	order := make([]int32, 0, len(a)/anchorStride+len(a)/64+16)
	pow := runPow()
	var h uint64
	for i, x := range a {
		// eachRun, written out: this loop runs once per token of A.
		if i >= anchorLen {
			h -= uint64(a[i-anchorLen]+1) * pow
		}
		h = h*hashMul + uint64(x+1)
		if i < anchorLen-1 || !sampled(h|1) {
			continue
		}
		k, ok := t.find(h | 1)
		if ok {
			t.slots[k].dup()
			continue
		}
		if 4*(len(order)+1) > 3*len(t.slots) {
			// More runs sampled than the table was sized for: chance on a
			// short text, or a text made so that every run is sampled. A
			// full table would never end a probe; a larger one holds the
			// same samples, so what the diff finds does not change.
			t = t.grown(a, order)
			k, _ = t.find(h | 1)
		}
		t.slots[k] = sampleSlot{key: sampleKey(h | 1), pos: int32(i - anchorLen + 1)}
		t.note(h | 1)
		order = append(order, int32(k))
	}
	ix.once = make([]uint64, len(a)/64+1)
	ix.rank = make([]int32, len(ix.once))
	ix.uniq = make([]int32, 0, len(order))
	for _, k := range order {
		if p := t.slots[k].pos; p >= 0 {
			ix.uniq = append(ix.uniq, p)
			ix.once[p/64] |= 1 << (p % 64)
		}
	}
	n := int32(0)
	for w, bits64 := range ix.once {
		ix.rank[w] = n
		n += int32(bits.OnesCount64(bits64))
	}
	ix.table = t
}

// eachRun calls f with the place and hash of each sampled run of s, in
// order.
func eachRun(s []uint32, f func(i int, h uint64)) {
	pow := runPow()
	var h uint64
	for i, x := range s {
		if i >= anchorLen {
			h -= uint64(s[i-anchorLen]+1) * pow
		}
		h = h*hashMul + uint64(x+1)
		if i >= anchorLen-1 && sampled(h|1) {
			f(i-anchorLen+1, h|1)
		}
	}
}

// sampleAt returns the number of the sampled run of A at p that occurs once
// in A, or -1.
func (ix *Index) sampleAt(p int) int {
	if p < 0 || p >= len(ix.a) {
		return -1
	}
	w, b := p/64, uint(p%64)
	if ix.once[w]&(1<<b) == 0 {
		return -1
	}
	return int(ix.rank[w]) + bits.OnesCount64(ix.once[w]&(1<<b-1))
}

// runPow is hashMul to the power anchorLen-1, which takes the first id of
// a run out of its rolling hash.
func runPow() uint64 {
	var pow uint64 = 1
	for range anchorLen - 1 {
		pow *= hashMul
	}
	return pow
}

// sample returns the number of the sampled run of A, unique in A, whose
// ids are those of run, whose hash is h; or -1.
func (ix *Index) sample(h uint64, run []uint32) int {
	if !ix.table.maybe(h) {
		return -1
	}
	if p := ix.table.match(h, ix.a, run); p >= 0 {
		return ix.sampleAt(p)
	}
	return -1
}

// Anchor is a run of anchorLen equal ids, A[A:A+anchorLen] and
// B[B:B+anchorLen], that the diff of a Script is cut at: whatever lies
// between two anchors is diffed alone.
type Anchor struct{ A, B int32 }

// Change is one difference of a script: A[A0:A1] became B[B0:B1]. Coarse is
// set when the change holds a region the budget could not align.
type Change struct {
	A0, A1, B0, B1 int32
	Coarse         bool
}

// Script is the diff of an Index's A and a sequence B, with what Update
// needs to diff a B changed in one place again without diffing it all.
type Script struct {
	ix    *Index
	vocab int // the ids of B are below it
	nb    int // len(B)
	// tiny is set for a pair of at most smallInput ids, which has no
	// anchors; prefix and suffix are the lengths of the common ends.
	tiny           bool
	prefix, suffix int32
	// pre are the changes before compact slid them together, in order,
	// with the ids of B's side of each in ins: with A they spell B.
	pre []pre
	ins []uint32
	// Changes are the changes of the script, compacted.
	changes []Change
	// counts holds, for each sample of the Index (a sampled run of A that
	// occurs once in A), how many runs of B have its ids, up to 255.
	counts []uint8
	// anchors are checkpoints: anchors of the diff that every longest
	// increasing chain of matched runs holds (no other match crosses
	// them), at least checkpointGap ids of B apart.
	anchors []Anchor
	stats   Stats
}

// pre is a change before compaction, and where its B side's ids are in
// Script.ins.
type pre struct {
	Change
	at int32
}

// checkpointGap is how far apart in B a Script keeps its checkpoints: the
// fewer, the less it holds, the more an update redoes.
const checkpointGap = 64

// Diff returns the script that turns A into b, whose ids are all below
// vocab; ids below the Index's vocab are A's. It keeps b only in the ids of
// the changes.
//
// Like Diff, it trims the common prefix and suffix and diffs what is left
// whole when that is at most smallInput ids (minimal when the budget
// allows); else it diffs the gaps between anchors, matched runs found
// over the whole of A and B.
func (ix *Index) Diff(b []uint32, vocab int) *Script { return ix.diff(b, vocab, false) }

// DiffFinal is Diff for a script that will never be updated: where A and
// B differ in one region small enough to diff whole, it finds no anchors,
// so a lazy Index need not sample its runs, and the script is Tiny. Its
// changes are Diff's: a region that small is diffed whole either way.
func (ix *Index) DiffFinal(b []uint32, vocab int) *Script { return ix.diff(b, vocab, true) }

func (ix *Index) diff(b []uint32, vocab int, final bool) *Script {
	a := ix.a
	s := &Script{ix: ix, vocab: max(vocab, ix.vocab), nb: len(b)}
	d := differ{a: a, b: b, vocab: s.vocab}
	p, sfx := commonEnds(a, b)
	s.prefix, s.suffix = int32(p), int32(sfx)
	if final && len(a)+len(b)-2*(p+sfx) <= smallInput {
		s.tiny = true
	} else {
		ix.Build()
		s.tiny = len(a)+len(b) <= smallInput || ix.table == nil
	}
	var kept []pair
	if !s.tiny {
		cands, counts := ix.candidates(b, &d.stats)
		s.counts = counts
		kept, s.anchors = d.keep(cands, pair{-anchorLen, -anchorLen})
	}
	if s.regional() {
		d.out.equal(p)
		d.gap(p, len(a)-sfx, p, len(b)-sfx, 1)
		d.out.equal(sfx)
	} else {
		d.gaps(kept, 0, 0, len(a), len(b))
	}
	d.stats.Work += int64(p + sfx + 1)
	s.pre, s.ins = changesOf(d.out.finish(), b, 0, 0, nil, nil)
	s.changes = compactChanges(s.pre, a, func(j int) uint32 { return b[j] }, len(b), &d.stats.Work)
	s.stats = d.stats
	return s
}

// commonEnds returns the lengths of the common prefix of a and b and of
// the common suffix of what follows it.
func commonEnds(a, b []uint32) (int, int) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for p < len(a)-s && p < len(b)-s && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return p, s
}

// regional reports whether the script is the diff of the region between
// the common prefix and suffix, taken whole.
func (s *Script) regional() bool {
	return len(s.ix.a)+s.nb-2*int(s.prefix+s.suffix) <= smallInput || s.tiny
}

// keep returns the anchors of the chain of cands that the diff cuts at,
// in order, those of them that overlap none before it, from after prev;
// and the checkpoints among them: those no other candidate crosses, at
// least checkpointGap apart in B from prev on.
//
// The anchors kept are written over cands, which the caller is done with:
// the k-th kept is cands[j] for some j >= k, read before it is written.
func (d *differ) keep(cands []pair, prev pair) ([]pair, []Anchor) {
	chain, safe := d.chain(cands)
	kept := cands[:0]
	cps := make([]Anchor, 0, len(chain)/4+1)
	pa, pb := prev.a+anchorLen, prev.b+anchorLen
	last := prev.b
	for _, k := range chain {
		an := cands[k]
		if an.a < pa || an.b < pb {
			continue // overlaps the anchor before it
		}
		kept = append(kept, an)
		pa, pb = an.a+anchorLen, an.b+anchorLen
		if safe[k] && an.b >= last+checkpointGap {
			cps = append(cps, Anchor{an.a, an.b})
			last = an.b
		}
	}
	return kept, cps
}

// pair is a candidate anchor of an Index's diff: a run at a in A and b in
// B, in 32 bits: a book has hundreds of thousands of them.
type pair struct{ a, b int32 }

// gaps emits the diff from (a0, b0) to (a1, b1) cut at the anchors kept,
// which lie between.
func (d *differ) gaps(kept []pair, a0, b0, a1, b1 int) {
	pa, pb := a0, b0
	for _, an := range kept {
		if int(an.a) != pa || int(an.b) != pb {
			d.gap(pa, int(an.a), pb, int(an.b), 1)
		}
		d.out.equal(anchorLen)
		pa, pb = int(an.a)+anchorLen, int(an.b)+anchorLen
	}
	d.gap(pa, a1, pb, b1, 1)
}

// candidates returns the matches of a sampled run of A unique in A with
// a run of b unique in b, in order of their place in A, and for each
// sampled run how many runs of b have its hash.
func (ix *Index) candidates(b []uint32, st *Stats) ([]pair, []uint8) {
	counts := make([]uint8, len(ix.uniq))
	pos := make([]int32, len(counts))
	if len(b) < parallelRuns {
		ix.count(b, 0, len(b), counts, pos)
	} else {
		// Two halves on two goroutines, added up: a count does not depend
		// on the order runs are met in.
		mid := len(b) / 2
		counts2 := make([]uint8, len(counts))
		pos2 := make([]int32, len(counts))
		var wg sync.WaitGroup
		wg.Go(func() { ix.count(b, mid, len(b), counts2, pos2) })
		ix.count(b, 0, mid, counts, pos)
		wg.Wait()
		for k, c := range counts2 {
			if c > 0 {
				if counts[k] == 0 {
					pos[k] = pos2[k]
				}
				counts[k] = uint8(min(int(counts[k])+int(c), 255))
			}
		}
	}
	st.Work += int64(len(b) + len(ix.uniq))
	cands := make([]pair, 0, len(ix.uniq))
	for k, p := range ix.uniq {
		if counts[k] == 1 {
			cands = append(cands, pair{p, pos[k]})
		}
	}
	return cands, counts
}

// parallelRuns is how long a B must be for its runs to be counted on two
// goroutines.
const parallelRuns = 1 << 16

// count counts the runs of b that start in [from, to) into counts and
// pos: for each sample, how many runs match it (up to 255) and where the
// last one starts.
func (ix *Index) count(b []uint32, from, to int, counts []uint8, pos []int32) {
	m := matcher{ix: ix}
	pow := runPow()
	var h uint64
	for i := from; i < min(to+anchorLen-1, len(b)); i++ {
		// eachRun, written out: this loop runs once per token of B.
		if i >= from+anchorLen {
			h -= uint64(b[i-anchorLen]+1) * pow
		}
		h = h*hashMul + uint64(b[i]+1)
		if i < from+anchorLen-1 || !sampled(h|1) {
			continue
		}
		j := i - anchorLen + 1
		if k := m.match(j, h|1, b[j:j+anchorLen]); k >= 0 {
			if counts[k] < 255 {
				counts[k]++
			}
			pos[k] = int32(j)
		}
	}
}

// matcher finds the sample a sampled run of B matches. Most runs of B
// that match one are where the last match predicts: the same ids there
// mean the same sample, found without probing the table.
type matcher struct {
	ix    *Index
	delta int // where the last match put B in A
}

// match returns the number of the sample, unique in A, whose ids are those
// of run, the run of B at j, whose hash is h; or -1.
func (m *matcher) match(j int, h uint64, run []uint32) int {
	a := m.ix.a
	if p := j + m.delta; p >= 0 && p+anchorLen <= len(a) && equalRun(a[p:p+anchorLen], run) {
		return m.ix.sampleAt(p) // the same ids: the same hash, and sampled
	}
	k := m.ix.sample(h, run)
	if k >= 0 {
		m.delta = int(m.ix.uniq[k]) - j
	}
	return k
}

// chain returns the longest chain of cands (in increasing order of a)
// that is also increasing in b, as indexes into cands, as increasing
// chooses it; and for each candidate whether no other crosses it: then
// every longest chain holds it, and the chains before and after it are
// chosen apart.
func (d *differ) chain(cands []pair) ([]int32, []bool) {
	safe := make([]bool, len(cands))
	if len(cands) == 0 {
		return nil, safe
	}
	low := make([]int32, len(cands)) // the least b after k
	m := int32(1<<31 - 1)
	for k := len(cands) - 1; k >= 0; k-- {
		low[k] = m
		m = min(m, cands[k].b)
	}
	high := int32(-1) // the greatest b before k
	for k, c := range cands {
		safe[k] = high < c.b && c.b < low[k]
		high = max(high, c.b)
	}
	// low is done with: the chain's links go in its memory, which is
	// already faulted in (a fresh page costs more than filling it).
	return d.increasingIndexes(cands, low), safe
}

// increasingIndexes is increasing, returning indexes into cands. It
// overwrites scratch, of at least len(cands), and returns the chain in
// memory of its own.
func (d *differ) increasingIndexes(cands []pair, scratch []int32) []int32 {
	if len(cands) == 0 {
		return nil
	}
	tails := make([]int32, 0, len(cands)) // per length, the candidate ending it
	prev := scratch[:len(cands)]
	for i, c := range cands {
		// Most candidates extend the longest chain: an article keeps its
		// original's order.
		k := len(tails)
		if k > 0 && cands[tails[k-1]].b >= c.b {
			k = sort.Search(len(tails), func(k int) bool { return cands[tails[k]].b >= c.b })
		}
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, int32(i))
		} else {
			tails[k] = int32(i)
		}
	}
	d.stats.Work += int64(len(cands))
	// The chain is written over tails, from its end: past its first
	// step, the walk reads only prev.
	out := tails
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i, k = i-1, prev[k] {
		out[i] = k
	}
	return out
}

// changesOf appends to out the changes of ops, which start at a0 in A and
// b0 in B, and to ins the ids of their B sides, read from b (indexed from
// b0; nil for no ids).
func changesOf(ops []Op, b []uint32, a0, b0 int, out []pre, ins []uint32) ([]pre, []uint32) {
	ai, bi := a0, b0
	for k := 0; k < len(ops); {
		if ops[k].Kind == Equal {
			ai += ops[k].N
			bi += ops[k].N
			k++
			continue
		}
		c := pre{Change: Change{A0: int32(ai), B0: int32(bi)}, at: int32(len(ins))}
		for ; k < len(ops) && ops[k].Kind != Equal; k++ {
			if ops[k].Kind == Delete {
				ai += ops[k].N
			} else {
				if b != nil {
					ins = append(ins, b[bi-b0:bi-b0+ops[k].N]...)
				}
				bi += ops[k].N
			}
			c.Coarse = c.Coarse || ops[k].Coarse
		}
		c.A1, c.B1 = int32(ai), int32(bi)
		out = append(out, c)
	}
	return out, ins
}

// compactChanges is compact on changes given by their places: each change
// that only deletes or only inserts slides along the equal ids around it
// (at most maxSlide of them) when that joins it to the one before or
// after it. b reads B, of length nb, anywhere. A change whose equal run
// before it is longer than maxSlide is never joined to the one before,
// nor the one before to it: compact decides the changes on either side of
// such a run apart, which Update relies on.
func compactChanges(pre []pre, a []uint32, b func(int) uint32, nb int, work *int64) []Change {
	w := make([]Change, len(pre))
	for k := range pre {
		w[k] = pre[k].Change
	}
	out := make([]Change, 0, len(w))
	for j := 0; j < len(w); j++ {
		cur := w[j]
		del, ins := int(cur.A1-cur.A0), int(cur.B1-cur.B0)
		pure := (del > 0) != (ins > 0)
		slide := func(k int) bool {
			if del > 0 {
				return slidesIn(func(i int) uint32 { return a[i] }, len(a), int(cur.A0), del, k)
			}
			return slidesIn(b, nb, int(cur.B0), ins, k)
		}
		if pure && len(out) > 0 {
			last := &out[len(out)-1]
			eq := int(cur.A0 - last.A1)
			if eq > 0 && eq <= maxSlide && slide(-eq) {
				*work += int64(eq)
				// The change joins the one before; the equal run moves after it.
				last.A1 += int32(del)
				last.B1 += int32(ins)
				last.Coarse = last.Coarse || cur.Coarse
				continue
			}
		}
		if pure && j+1 < len(w) {
			next := &w[j+1]
			eq := int(next.A0 - cur.A1)
			if eq > 0 && eq <= maxSlide && slide(eq) {
				*work += int64(eq)
				// The change joins the one after; the equal run moves before it.
				next.A0 -= int32(del)
				next.B0 -= int32(ins)
				next.Coarse = next.Coarse || cur.Coarse
				continue
			}
		}
		out = append(out, cur)
	}
	return out
}

// slidesIn is slides on a sequence read through at, of length n.
func slidesIn(at func(int) uint32, n, pos, size, k int) bool {
	if k < 0 {
		for i := 1; i <= -k; i++ {
			if at(pos-i) != at(pos+size-i) {
				return false
			}
		}
		return true
	}
	for i := 0; i < k; i++ {
		if pos+size+i >= n || at(pos+i) != at(pos+size+i) {
			return false
		}
	}
	return true
}

// Changes returns the changes of the script, in order. The caller must not
// change them.
func (s *Script) Changes() []Change { return s.changes }

// Anchors returns the script's checkpoints, in order: places where A and B
// are equal for anchorLen ids and that Update may cut a region at.
func (s *Script) Anchors() []Anchor { return s.anchors }

// Stats reports what the diff cost.
func (s *Script) Stats() Stats { return s.stats }

// Tiny reports whether A and B together are too short to have anchors:
// Update then redoes nothing alone.
func (s *Script) Tiny() bool { return s.tiny }

// Len returns the length of B.
func (s *Script) Len() int { return s.nb }

// B returns the id of B at j.
func (s *Script) B(j int) uint32 {
	k := sort.Search(len(s.pre), func(k int) bool { return int(s.pre[k].B0) > j }) - 1
	if k < 0 {
		return s.ix.a[j]
	}
	c := &s.pre[k]
	if j < int(c.B1) {
		return s.ins[int(c.at)+j-int(c.B0)]
	}
	return s.ix.a[int(c.A1)+j-int(c.B1)]
}

// ops returns the script as ops, uncompacted, for tests.
func (s *Script) ops() []Op {
	e := emitter{}
	ai := 0
	for _, c := range s.pre {
		e.equal(int(c.A0) - ai)
		e.change(int(c.A1-c.A0), int(c.B1-c.B0), c.Coarse)
		ai = int(c.A1)
	}
	e.equal(len(s.ix.a) - ai)
	return slices.Clip(e.finish())
}

// Bytes returns the memory the index holds besides A, for a cache that
// bounds what it keeps. A lazy Index that has not sampled its runs yet
// counts what sampling them will take on prose (a text made so that more
// runs are sampled takes more), so that a cache counts the same before
// and after: it must not call Bytes while another goroutine diffs.
func (ix *Index) Bytes() int {
	if ix.table == nil && len(ix.a) >= anchorLen {
		samples := len(ix.a)/anchorStride + 1
		words := len(ix.a)/64 + 1
		return 4*samples + 12*words + sampleTableBytes(samples)
	}
	n := 4*cap(ix.uniq) + 8*cap(ix.once) + 4*cap(ix.rank)
	if t := ix.table; t != nil {
		n += 8*cap(t.slots) + 8*cap(t.filter)
	}
	return n
}
