package fidelity

import (
	"sort"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// op is a run of n tokens: equal in both, or deleted from the original
// (del), or inserted in the article (ins).
type op struct {
	kind diffmatchpatch.Operation
	n    int
}

// anchorLen is the length of the token sequences used as anchors.
const anchorLen = 8

// diffTokens returns the token diff of a (original) and b (article) and
// whether it ran out of time.
//
// It anchors first: sequences of anchorLen tokens that occur once in b and
// at a sampled place in a, kept in order by a longest increasing
// subsequence. Myers' O(ND) diff (diffmatchpatch) then runs between
// anchors, where D is small, instead of on the whole text, where the
// middle-snake search would cost O(N·D).
func diffTokens(a, b []rune, deadline time.Time) ([]op, bool) {
	dmp := diffmatchpatch.New()
	var ops []op
	timedOut := false
	emit := func(kind diffmatchpatch.Operation, n int) {
		if n == 0 {
			return
		}
		if k := len(ops) - 1; k >= 0 && ops[k].kind == kind {
			ops[k].n += n
			return
		}
		ops = append(ops, op{kind, n})
	}
	gap := func(x, y []rune) {
		// Most gaps between anchors are equal or one simple change: no
		// need for the diff's string conversions.
		p := 0
		for p < len(x) && p < len(y) && x[p] == y[p] {
			p++
		}
		emit(diffmatchpatch.DiffEqual, p)
		x, y = x[p:], y[p:]
		s := 0
		for s < len(x) && s < len(y) && x[len(x)-1-s] == y[len(y)-1-s] {
			s++
		}
		x, y = x[:len(x)-s], y[:len(y)-s]
		defer emit(diffmatchpatch.DiffEqual, s)
		if len(x) == 0 || len(y) == 0 {
			emit(diffmatchpatch.DiffDelete, len(x))
			emit(diffmatchpatch.DiffInsert, len(y))
			return
		}
		left := time.Until(deadline)
		if left <= 0 {
			timedOut = true
			left = time.Nanosecond
		}
		dmp.DiffTimeout = left
		for _, d := range dmp.DiffMainRunes(x, y, false) {
			emit(d.Type, utf8.RuneCountInString(d.Text))
		}
		if time.Now().After(deadline) {
			timedOut = true
		}
	}
	pa, pb := 0, 0
	for _, an := range anchors(a, b) {
		if an.a < pa || an.b < pb {
			continue
		}
		gap(a[pa:an.a], b[pb:an.b])
		emit(diffmatchpatch.DiffEqual, anchorLen)
		pa, pb = an.a+anchorLen, an.b+anchorLen
	}
	gap(a[pa:], b[pb:])
	return ops, timedOut
}

type anchor struct{ a, b int }

const anchorStride = 8

func anchors(a, b []rune) []anchor {
	if len(a) < 4*anchorLen || len(b) < 4*anchorLen {
		return nil
	}
	const mul = 0x100000001b3
	var pow uint64 = 1
	for i := 0; i < anchorLen-1; i++ {
		pow *= mul
	}
	hashes := func(r []rune, f func(i int, h uint64)) {
		var h uint64
		for i := 0; i < len(r); i++ {
			if i >= anchorLen {
				h -= uint64(r[i-anchorLen]) * pow
			}
			h = h*mul + uint64(r[i])
			if i >= anchorLen-1 {
				f(i-anchorLen+1, h)
			}
		}
	}
	// An open-addressing table of a's sampled hashes: slot -> hash, its
	// position in a (-1 when it occurs twice there), and its position in b
	// (-2 unseen, -1 when it occurs twice there).
	size := 1
	for size < 2*(len(a)/anchorStride+1) {
		size <<= 1
	}
	mask := uint64(size - 1)
	keys := make([]uint64, size)
	posA := make([]int32, size)
	posB := make([]int32, size)
	slots := make([]int32, 0, len(a)/anchorStride+1) // of each sampled a position, in order
	slot := func(h uint64) (int, bool) {
		i := (h * 0x9E3779B97F4A7C15) >> 32 & mask
		for {
			switch keys[i] {
			case h:
				return int(i), true
			case 0:
				return int(i), false
			}
			i = (i + 1) & mask
		}
	}
	hashes(a, func(i int, h uint64) {
		if i%anchorStride != 0 {
			return
		}
		h |= 1
		k, ok := slot(h)
		if ok {
			posA[k] = -1
			return
		}
		keys[k], posA[k], posB[k] = h, int32(i), -2
		slots = append(slots, int32(k))
	})
	hashes(b, func(i int, h uint64) {
		k, ok := slot(h | 1)
		if !ok || posA[k] < 0 {
			return
		}
		if posB[k] == -2 {
			posB[k] = int32(i)
		} else {
			posB[k] = -1
		}
	})
	cands := make([]anchor, 0, len(slots))
	for _, k := range slots {
		if posA[k] < 0 || posB[k] < 0 {
			continue
		}
		ca, cb := int(posA[k]), int(posB[k])
		x, y := a[ca:ca+anchorLen], b[cb:cb+anchorLen]
		same := true
		for j := range x {
			if x[j] != y[j] {
				same = false
				break
			}
		}
		if same {
			cands = append(cands, anchor{ca, cb})
		}
	}
	// cands are in order of a.
	// Longest strictly increasing subsequence in b.
	tails := make([]int, 0, len(cands)) // index into cands
	prev := make([]int, len(cands))
	for i, c := range cands {
		k := sort.Search(len(tails), func(k int) bool { return cands[tails[k]].b >= c.b })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([]anchor, len(tails))
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i, k = i-1, prev[k] {
		out[i] = cands[k]
	}
	return out
}
