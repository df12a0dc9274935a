package tokdiff

import "math"

// myers is Myers' O(ND) diff in linear space: find the middle snake of an
// optimal path, recurse on both halves. It counts its steps and gives up
// when they pass the budget, or when the search would leave the frontier
// arrays, whose radius the budget bounds.
//
// The search is the one of GNU diffutils' diffseq.h (diag), without its
// heuristics: diagonals are numbered k = x - y in absolute coordinates,
// fd[k] is the furthest x the forward search reached on diagonal k, bd[k]
// the smallest x the backward search reached.
type myers struct {
	a, b   []uint32
	out    *emitter
	work   int64
	budget int64
	radius int     // how far from its middle diagonal a search may go
	fd, bd []int32 // frontiers, 2·radius+3 wide, reused across gaps
}

func (m *myers) reset(a, b []uint32, out *emitter, budget int64, size int) {
	m.a, m.b, m.out = a, b, out
	m.work, m.budget = 0, budget
	// After c rounds a search has visited at least about c²/2 diagonals
	// (c/2 per round in each direction, even when clamped on one side), so
	// the budget ends the search before c passes √(2·budget)... plus a
	// margin; and c never passes the gap's size.
	m.radius = min(size, int(math.Sqrt(2*float64(budget)))+4)
	if w := 2*m.radius + 3; len(m.fd) < w {
		m.fd = make([]int32, w)
		m.bd = make([]int32, w)
	}
}

// compare emits the diff of a[a0:a1] and b[b0:b1], or reports false when
// the budget ran out.
func (m *myers) compare(a0, a1, b0, b1 int) bool {
	p := 0
	for a0+p < a1 && b0+p < b1 && m.a[a0+p] == m.b[b0+p] {
		p++
	}
	m.out.equal(p)
	a0, b0 = a0+p, b0+p
	s := 0
	for a0 < a1-s && b0 < b1-s && m.a[a1-1-s] == m.b[b1-1-s] {
		s++
	}
	a1, b1 = a1-s, b1-s
	m.work += int64(p + s + 1)
	if a0 == a1 || b0 == b1 {
		m.out.change(a1-a0, b1-b0, false)
		m.out.equal(s)
		return true
	}
	x, y, ok := m.split(a0, a1, b0, b1)
	if !ok || !m.compare(a0, x, b0, y) || !m.compare(x, a1, y, b1) {
		return false
	}
	m.out.equal(s)
	return true
}

// split returns a point (x, y) on an optimal path through the box
// [a0,a1)×[b0,b1), which holds at least two edits (its first and last
// tokens differ), so that both halves are smaller than the box.
func (m *myers) split(a0, a1, b0, b1 int) (int, int, bool) {
	a, b := m.a, m.b
	dmin, dmax := a0-b1, a1-b0
	fmid, bmid := a0-b0, a1-b1
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0
	r := m.radius
	// Index of diagonal k in fd is k+fo, in bd k+bo; a search that stays
	// within r rounds touches diagonals mid-r-1 .. mid+r+1.
	fo, bo := r+1-fmid, r+1-bmid
	fd, bd := m.fd, m.bd
	fd[fmid+fo] = int32(a0)
	bd[bmid+bo] = int32(a1)
	for c := 1; ; c++ {
		if c > r || m.work > m.budget {
			return 0, 0, false
		}
		// Extend the forward search by one edit on each diagonal.
		if fmin > dmin {
			fmin--
			fd[fmin-1+fo] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fd[fmax+1+fo] = -1
		} else {
			fmax--
		}
		for k := fmax; k >= fmin; k -= 2 {
			lo, hi := int(fd[k-1+fo]), int(fd[k+1+fo])
			x0 := hi
			if lo >= hi {
				x0 = lo + 1
			}
			x, y := x0, x0-k
			for x < a1 && y < b1 && a[x] == b[y] {
				x++
				y++
			}
			m.work += int64(1 + x - x0)
			fd[k+fo] = int32(x)
			if odd && bmin <= k && k <= bmax && int(bd[k+bo]) <= x {
				return x, y, true
			}
		}
		// And the backward search.
		if bmin > dmin {
			bmin--
			bd[bmin-1+bo] = math.MaxInt32
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bd[bmax+1+bo] = math.MaxInt32
		} else {
			bmax--
		}
		for k := bmax; k >= bmin; k -= 2 {
			lo, hi := int(bd[k-1+bo]), int(bd[k+1+bo])
			x0 := lo
			if lo >= hi {
				x0 = hi - 1
			}
			x, y := x0, x0-k
			for x > a0 && y > b0 && a[x-1] == b[y-1] {
				x--
				y--
			}
			m.work += int64(1 + x0 - x)
			bd[k+bo] = int32(x)
			if !odd && fmin <= k && k <= fmax && x <= int(fd[k+fo]) {
				return x, y, true
			}
		}
	}
}
