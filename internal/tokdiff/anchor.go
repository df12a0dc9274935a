package tokdiff

// anchor is a match at a in A and b in B.
type anchor struct{ a, b int }

// anchorLen is the length of the runs runAnchors matches; anchorStride is
// how often it samples A for them, which bounds its table to n/anchorStride
// entries: every equal stretch of 2·anchorLen-1 tokens holds a sample.
const (
	anchorLen    = 8
	anchorStride = 8
)

// hashMul is the multiplier of the rolling hash (the FNV-1a 64-bit prime:
// odd, with its bits spread).
const hashMul = 0x100000001b3

// rolling calls f with the hash of each run of anchorLen ids of s, by its
// start. The hash is deterministic: no seed.
func rolling(s []uint32, f func(i int, h uint64)) {
	var pow uint64 = 1
	for i := 0; i < anchorLen-1; i++ {
		pow *= hashMul
	}
	var h uint64
	for i := 0; i < len(s); i++ {
		if i >= anchorLen {
			h -= uint64(s[i-anchorLen]+1) * pow
		}
		h = h*hashMul + uint64(s[i]+1)
		if i >= anchorLen-1 {
			f(i-anchorLen+1, h|1) // never 0, the empty slot
		}
	}
}

// runTable is an open-addressing table of the sampled runs of A. Each
// slot holds a run's hash, its place in A (-1 when the run occurs twice in
// A) and its place in B (-2 while unseen, -1 when it occurs twice in B),
// side by side so that a probe touches one cache line. A filter of 8 bits
// per sample, small enough to stay in cache, answers most probes for runs
// that are not there (7 in 8 of them: the unsampled places) without
// touching the table.
type runTable struct {
	slots  []runSlot
	mask   uint64
	filter []uint64
	fshift uint
}

type runSlot struct {
	key        uint64
	posA, posB int32
}

func newRunTable(samples int) *runTable {
	size := 1
	for size < 2*samples {
		size <<= 1
	}
	bits, shift := uint64(64), uint(58)
	for bits < 8*uint64(samples) {
		bits <<= 1
		shift--
	}
	return &runTable{slots: make([]runSlot, size), mask: uint64(size - 1), filter: make([]uint64, bits/64), fshift: shift}
}

// maybe reports whether hash h may be in the table; false is sure.
func (t *runTable) maybe(h uint64) bool {
	b := (h * 0xD6E8FEB86659FD93) >> t.fshift
	return t.filter[b>>6]&(1<<(b&63)) != 0
}

func (t *runTable) note(h uint64) {
	b := (h * 0xD6E8FEB86659FD93) >> t.fshift
	t.filter[b>>6] |= 1 << (b & 63)
}

// find returns the slot of hash h, and whether h is there (else the slot
// is the empty one where h would go).
func (t *runTable) find(h uint64) (*runSlot, bool) {
	i := (h * 0x9E3779B97F4A7C15) >> 32 & t.mask
	for {
		s := &t.slots[i]
		switch s.key {
		case h:
			return s, true
		case 0:
			return s, false
		}
		i = (i + 1) & t.mask
	}
}

// runAnchors returns matches of anchorLen-long runs that occur once in
// a[a0:a1] and once in b[b0:b1], in increasing order in both.
func (d *differ) runAnchors(a0, a1, b0, b1 int) []anchor {
	a, b := d.a[a0:a1], d.b[b0:b1]
	if len(a) < 4*anchorLen || len(b) < 4*anchorLen {
		return nil
	}
	t := newRunTable(len(a)/anchorStride + 1)
	var order []*runSlot // in order of their run's place in A
	rolling(a, func(i int, h uint64) {
		if i%anchorStride != 0 {
			return
		}
		s, ok := t.find(h)
		if ok {
			s.posA = -1
			return
		}
		*s = runSlot{key: h, posA: int32(i), posB: -2}
		t.note(h)
		order = append(order, s)
	})
	// A sampled run that also occurs at an unsampled place is no anchor.
	rolling(a, func(i int, h uint64) {
		if i%anchorStride == 0 || !t.maybe(h) {
			return
		}
		if s, ok := t.find(h); ok {
			s.posA = -1
		}
	})
	rolling(b, func(i int, h uint64) {
		if !t.maybe(h) {
			return
		}
		s, ok := t.find(h)
		if !ok || s.posA < 0 {
			return
		}
		if s.posB == -2 {
			s.posB = int32(i)
		} else {
			s.posB = -1
		}
	})
	d.stats.Work += int64(2*len(a) + len(b))
	cands := make([]anchor, 0, len(order))
	for _, s := range order {
		pa, pb := int(s.posA), int(s.posB)
		if pa < 0 || pb < 0 || !equalRun(a[pa:pa+anchorLen], b[pb:pb+anchorLen]) {
			continue // a hash collision, or not unique
		}
		cands = append(cands, anchor{a0 + pa, b0 + pb})
	}
	return d.increasing(cands)
}

func equalRun(x, y []uint32) bool {
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// uniqueAnchors returns matches of the ids that occur once in a[a0:a1] and
// once in b[b0:b1], in increasing order in both.
func (d *differ) uniqueAnchors(a0, a1, b0, b1 int) []anchor {
	if d.cntA == nil {
		d.cntA = make([]int32, d.vocab)
		d.cntB = make([]int32, d.vocab)
		d.posB = make([]int32, d.vocab)
	}
	a, b := d.a, d.b
	for _, x := range a[a0:a1] {
		d.cntA[x]++
	}
	for j := b0; j < b1; j++ {
		d.cntB[b[j]]++
		d.posB[b[j]] = int32(j)
	}
	var cands []anchor
	for i := a0; i < a1; i++ {
		if x := a[i]; d.cntA[x] == 1 && d.cntB[x] == 1 {
			cands = append(cands, anchor{i, int(d.posB[x])})
		}
	}
	for _, x := range a[a0:a1] {
		d.cntA[x] = 0
	}
	for _, x := range b[b0:b1] {
		d.cntB[x] = 0
	}
	d.stats.Work += int64(3 * (a1 - a0 + b1 - b0))
	return d.increasing(cands)
}

// increasing returns the longest subsequence of cands, which are in
// increasing order of a, that is also increasing in b (patience sorting,
// O(k log k)); of several, the one that ends earliest in b at each length.
func (d *differ) increasing(cands []anchor) []anchor {
	if len(cands) == 0 {
		return nil
	}
	pairs := make([]pair, len(cands))
	for i, c := range cands {
		pairs[i] = pair{int32(c.a), int32(c.b)}
	}
	idx := d.increasingIndexes(pairs, make([]int32, len(cands)))
	out := make([]anchor, len(idx))
	for i, k := range idx {
		out[i] = cands[k]
	}
	return out
}
