package tokdiff

// Kind says what an Op does.
type Kind uint8

// The kinds of Op.
const (
	Equal  Kind = iota // the tokens are in both sequences
	Delete             // the tokens are only in A
	Insert             // the tokens are only in B
)

func (k Kind) String() string {
	switch k {
	case Equal:
		return "="
	case Delete:
		return "-"
	case Insert:
		return "+"
	}
	return "?"
}

// Op is a run of N tokens, N > 0, of one kind. The ops of a script
// alternate between Equal and a change (a Delete, an Insert, or a Delete
// followed by an Insert), and cover A and B in order.
type Op struct {
	N    int
	Kind Kind
	// Coarse is set on the Delete and Insert of a change that holds a
	// region the budget could not align token by token: the region is
	// reported whole, so the change is valid but may hold equal tokens.
	Coarse bool
}

// Stats tells what a diff cost and how good it is.
type Stats struct {
	// Work counts the steps spent: diagonals and snake steps of Myers'
	// search, and tokens scanned while anchoring and trimming.
	Work int64
	// Coarse counts the regions emitted as one coarse replacement.
	Coarse int
}

// Budget constants; see the package documentation.
const (
	costPerToken = 16
	costBase     = 4096
	maxLevel     = 4
	smallInput   = 2048
	bigGap       = 4096
)

// Diff returns the edit script that turns a into b. The ids are compared
// for equality only; any uint32 values may be used, but small dense ids
// (assigned in order of first appearance) save a remapping pass.
func Diff(a, b []uint32) []Op {
	ops, _ := DiffStats(a, b)
	return ops
}

// DiffStats is Diff that also reports what the diff cost.
func DiffStats(a, b []uint32) ([]Op, Stats) {
	a, b, vocab := dense(a, b)
	d := differ{a: a, b: b, vocab: vocab}
	d.run()
	ops, work := compact(a, b, d.out.finish())
	d.stats.Work += work
	return ops, d.stats
}

// dense returns a and b with ids below a bound proportional to their
// length, so that per-id counters stay small, and that bound.
func dense(a, b []uint32) ([]uint32, []uint32, int) {
	var top uint32
	for _, x := range a {
		top = max(top, x)
	}
	for _, x := range b {
		top = max(top, x)
	}
	limit := 2*(len(a)+len(b)) + 1024
	if int64(top) < int64(limit) {
		return a, b, int(top) + 1
	}
	ids := make(map[uint32]uint32)
	remap := func(s []uint32) []uint32 {
		out := make([]uint32, len(s))
		for i, x := range s {
			id, ok := ids[x]
			if !ok {
				id = uint32(len(ids))
				ids[x] = id
			}
			out[i] = id
		}
		return out
	}
	ra := remap(a)
	rb := remap(b)
	return ra, rb, len(ids)
}

type differ struct {
	a, b  []uint32
	vocab int
	out   emitter
	stats Stats
	my    myers
	// Per-id counters for unique-token anchors, allocated on first use
	// and left zeroed after each use.
	cntA, cntB, posB []int32
}

func (d *differ) run() {
	a0, a1, b0, b1, suffix := d.trim(0, len(d.a), 0, len(d.b))
	if a1-a0+b1-b0 <= smallInput {
		d.gap(a0, a1, b0, b1, 1)
		d.out.equal(suffix)
		return
	}
	pa, pb := a0, b0
	for _, an := range d.runAnchors(a0, a1, b0, b1) {
		if an.a < pa || an.b < pb {
			continue // overlaps the anchor before it
		}
		d.gap(pa, an.a, pb, an.b, 1)
		d.out.equal(anchorLen)
		pa, pb = an.a+anchorLen, an.b+anchorLen
	}
	d.gap(pa, a1, pb, b1, 1)
	d.out.equal(suffix)
}

// trim emits the common prefix of a[a0:a1] and b[b0:b1] and returns the
// region left between the common prefix and the common suffix, and the
// suffix's length, which the caller emits last.
func (d *differ) trim(a0, a1, b0, b1 int) (int, int, int, int, int) {
	p := 0
	for a0+p < a1 && b0+p < b1 && d.a[a0+p] == d.b[b0+p] {
		p++
	}
	d.out.equal(p)
	a0, b0 = a0+p, b0+p
	s := 0
	for a0 < a1-s && b0 < b1-s && d.a[a1-1-s] == d.b[b1-1-s] {
		s++
	}
	d.stats.Work += int64(p + s + 1)
	return a0, a1 - s, b0, b1 - s, s
}

// gap diffs a[a0:a1] against b[b0:b1] at anchoring level level. A small
// gap is diffed by Myers under budget, which is minimal; a large one is
// anchored first on the ids unique to it, since Myers would run out of
// budget on any large gap with many changes, and sub-gaps are diffed the
// same way. What neither can align is one coarse replacement.
func (d *differ) gap(a0, a1, b0, b1, level int) {
	a0, a1, b0, b1, suffix := d.trim(a0, a1, b0, b1)
	defer d.out.equal(suffix)
	if a0 == a1 || b0 == b1 {
		d.out.change(a1-a0, b1-b0, false)
		return
	}
	big := a1-a0+b1-b0 > bigGap
	if !big && d.myersGap(a0, a1, b0, b1) {
		return
	}
	if level < maxLevel {
		if ans := d.uniqueAnchors(a0, a1, b0, b1); len(ans) > 0 {
			pa, pb := a0, b0
			for _, an := range ans {
				d.gap(pa, an.a, pb, an.b, level+1)
				d.out.equal(1)
				pa, pb = an.a+1, an.b+1
			}
			d.gap(pa, a1, pb, b1, level+1)
			return
		}
	}
	if big && d.myersGap(a0, a1, b0, b1) {
		return
	}
	d.stats.Coarse++
	d.out.change(a1-a0, b1-b0, true)
}

// myersGap runs Myers on the gap under its budget, and reports whether it
// finished; when it did not, nothing was emitted.
func (d *differ) myersGap(a0, a1, b0, b1 int) bool {
	size := a1 - a0 + b1 - b0
	budget := int64(costPerToken)*int64(size) + costBase
	snap := d.out.mark()
	d.my.reset(d.a, d.b, &d.out, budget, size)
	ok := d.my.compare(a0, a1, b0, b1)
	d.stats.Work += d.my.work
	if !ok {
		d.out.rollback(snap)
	}
	return ok
}

// emitter builds a canonical script: runs of one kind merged, and the
// changes between two equal runs written as one Delete then one Insert.
type emitter struct {
	ops      []Op
	del, ins int
	coarse   bool
}

func (e *emitter) equal(n int) {
	if n == 0 {
		return
	}
	e.flush()
	if k := len(e.ops) - 1; k >= 0 && e.ops[k].Kind == Equal {
		e.ops[k].N += n
		return
	}
	e.ops = append(e.ops, Op{Kind: Equal, N: n})
}

func (e *emitter) change(del, ins int, coarse bool) {
	if del+ins == 0 {
		return
	}
	e.del += del
	e.ins += ins
	e.coarse = e.coarse || coarse
}

func (e *emitter) flush() {
	if e.del > 0 {
		e.ops = append(e.ops, Op{Kind: Delete, N: e.del, Coarse: e.coarse})
	}
	if e.ins > 0 {
		e.ops = append(e.ops, Op{Kind: Insert, N: e.ins, Coarse: e.coarse})
	}
	e.del, e.ins, e.coarse = 0, 0, false
}

func (e *emitter) finish() []Op {
	e.flush()
	return e.ops
}

// snapshot is an emitter state to roll back to.
type snapshot struct {
	n        int
	last     Op
	del, ins int
	coarse   bool
}

func (e *emitter) mark() snapshot {
	s := snapshot{n: len(e.ops), del: e.del, ins: e.ins, coarse: e.coarse}
	if s.n > 0 {
		s.last = e.ops[s.n-1]
	}
	return s
}

func (e *emitter) rollback(s snapshot) {
	e.ops = e.ops[:s.n]
	if s.n > 0 {
		e.ops[s.n-1] = s.last
	}
	e.del, e.ins, e.coarse = s.del, s.ins, s.coarse
}
