package tokdiff

// maxSlide is the longest run of equal tokens compact slides a change
// across: enough for the repeated words of prose, and it keeps the pass
// linear.
const maxSlide = 16

// group is a run of equal tokens and the change after it (none for the
// last group).
type group struct {
	eq, del, ins int
	coarse       bool
}

// compact slides each change that only deletes or only inserts along the
// equal tokens around it, when that joins it to the change before or
// after it: of two scripts with the same edits, the one with fewer
// changes reads better. With tokens 0 0 0 0 against 0 0 00, it turns
// "delete the first 0, replace the last 0 by 00" into "replace 0 0 by
// 00".
func compact(a, b []uint32, ops []Op) ([]Op, int64) {
	g := groups(ops)
	out := make([]group, 0, len(g))
	var work int64
	ai, bi := 0, 0 // where the current group's change starts
	for j := 0; j < len(g); j++ {
		cur := g[j]
		ai += cur.eq
		bi += cur.eq
		pure := (cur.del > 0) != (cur.ins > 0)
		seq, at, n := a, ai, cur.del
		if cur.ins > 0 {
			seq, at, n = b, bi, cur.ins
		}
		if pure && len(out) > 0 && cur.eq > 0 && cur.eq <= maxSlide && slides(seq, at, n, -cur.eq) {
			work += int64(cur.eq)
			// The change joins the one before; the equal run moves after it.
			merge(&out[len(out)-1], cur)
			if j+1 < len(g) {
				g[j+1].eq += cur.eq
			} else {
				out = append(out, group{eq: cur.eq})
			}
			ai, bi = ai-cur.eq+cur.del, bi-cur.eq+cur.ins
			continue
		}
		if pure && j+1 < len(g) && hasChange(g[j+1]) && g[j+1].eq > 0 && g[j+1].eq <= maxSlide && slides(seq, at, n, g[j+1].eq) {
			work += int64(g[j+1].eq)
			// The change joins the one after; the equal run moves before it.
			merge(&g[j+1], cur)
			g[j+1].eq += cur.eq
			ai, bi = ai-cur.eq, bi-cur.eq
			continue
		}
		out = append(out, cur)
		ai += cur.del
		bi += cur.ins
	}
	return flatten(out, ops[:0]), work
}

func hasChange(g group) bool { return g.del+g.ins > 0 }

func merge(into *group, g group) {
	into.del += g.del
	into.ins += g.ins
	into.coarse = into.coarse || g.coarse
}

// slides reports whether the run s[at:at+n] can move by k tokens (left
// when k < 0) and still be the same tokens with the same ones around it:
// each token it leaves behind equals the one it takes in.
func slides(s []uint32, at, n, k int) bool {
	if k < 0 {
		for i := 1; i <= -k; i++ {
			if s[at-i] != s[at+n-i] {
				return false
			}
		}
		return true
	}
	for i := 0; i < k; i++ {
		if at+n+i >= len(s) || s[at+i] != s[at+n+i] {
			return false
		}
	}
	return true
}

func groups(ops []Op) []group {
	g := make([]group, 1, len(ops)/2+2)
	for _, op := range ops {
		last := &g[len(g)-1]
		switch {
		case op.Kind == Equal && hasChange(*last):
			g = append(g, group{eq: op.N})
		case op.Kind == Equal:
			last.eq += op.N
		case op.Kind == Delete:
			last.del += op.N
			last.coarse = last.coarse || op.Coarse
		default:
			last.ins += op.N
			last.coarse = last.coarse || op.Coarse
		}
	}
	return g
}

// flatten writes the groups as ops into dst, which may be the ops the
// groups were read from: there are never more groups than changes.
func flatten(g []group, dst []Op) []Op {
	e := emitter{ops: dst}
	for _, x := range g {
		e.equal(x.eq)
		e.change(x.del, x.ins, x.coarse)
	}
	return e.finish()
}
