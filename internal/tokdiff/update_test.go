package tokdiff

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// edited returns b with b[x:y] replaced by ins.
func edited(b []uint32, x, y int, ins []uint32) []uint32 {
	return slices.Concat(b[:x], ins, b[y:])
}

// window returns the checkpoints around b[x:y] for Update: the last one
// whose run ends by x and the first that starts at y or later, -1 and
// len(Anchors()) for the ends of the texts.
func window(s *Script, x, y int) (int, int, bool) {
	from, to := -1, len(s.Anchors())
	for k, an := range s.Anchors() {
		if int(an.B)+anchorLen <= x {
			from = k
		}
		if to == len(s.Anchors()) && int(an.B) >= y {
			to = k
		}
	}
	return from, to, !s.Tiny()
}

// randomEdit returns a random edit of b: a few ids replaced, inserted or
// removed, now and then a run copied from a (which may make or unmake a
// match) or a long stretch.
func randomEdit(r *rand.Rand, a, b []uint32, alphabet int) (int, int, []uint32) {
	x := r.IntN(len(b) + 1)
	y := min(len(b), x+r.IntN(4))
	var ins []uint32
	switch r.IntN(8) {
	case 0:
		p := r.IntN(len(a))
		ins = slices.Clone(a[p:min(len(a), p+anchorLen+r.IntN(20))])
	case 1:
		y = min(len(b), x+r.IntN(200))
	default:
		for n := r.IntN(4); n > 0; n-- {
			ins = append(ins, uint32(r.IntN(alphabet+20)))
		}
	}
	return x, y, ins
}

// TestUpdateSameAsDiff edits B at random and updates the script where the
// edit lies, then checks that the script is the one Diff gives for the
// edited B: the same changes, counts and common ends, and checkpoints
// that hold. Each pair takes a series of edits, each updating the last
// script.
func TestUpdateSameAsDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	updated, tried := 0, 0
	for iter := 0; iter < 150; iter++ {
		alphabet := []int{6, 150, 3000}[iter%3]
		a := randSeq(r, 3000+r.IntN(20000), alphabet)
		b := mutate(r, a, []float64{0, 0.002, 0.02, 0.2}[r.IntN(4)], alphabet+50)
		vocab := alphabet + 100
		ix := NewIndex(a, vocab)
		s := ix.Diff(b, vocab)
		for e := 0; e < 30; e++ {
			x, y, ins := randomEdit(r, a, b, alphabet)
			b2 := edited(b, x, y, ins)
			full := ix.Diff(b2, vocab)
			from, to, ok := window(s, x, y)
			if ok {
				tried++
				L, R := s.cutAt(from), s.cutAt(to)
				lo, hi := L.b, R.b+R.run
				nb := slices.Clone(b2[lo : hi+len(b2)-len(b)])
				if u, ok := s.Update(from, to, nb, vocab); ok {
					updated++
					checkSame(t, a, b2, u, full)
					s, b = u, b2
					continue
				}
			}
			s, b = full, b2
		}
	}
	t.Logf("%d of %d updates done in place", updated, tried)
	if updated < tried/2 {
		t.Errorf("only %d of %d updates done in place", updated, tried)
	}
}

func checkSame(t *testing.T, a, b []uint32, u, full *Script) {
	t.Helper()
	if !slices.Equal(u.Changes(), full.Changes()) {
		t.Fatalf("changes differ from Diff's:\n%v\n%v", u.Changes(), full.Changes())
	}
	if !slices.Equal(u.counts, full.counts) || u.prefix != full.prefix || u.suffix != full.suffix || u.nb != full.nb {
		t.Fatalf("counts or common ends differ from Diff's")
	}
	checkChanges(t, a, b, u.Changes())
	apply(t, a, b, u.ops())
	for j := range b {
		if u.B(j) != b[j] {
			t.Fatalf("B(%d) = %d, want %d", j, u.B(j), b[j])
		}
	}
	good := checkpointable(full.ix, b)
	for k, an := range u.Anchors() {
		if !good[an] || k > 0 && an.B <= u.Anchors()[k-1].B {
			t.Fatalf("checkpoint %d %+v is not an anchor that no match crosses", k, an)
		}
	}
}

// checkpointable returns the anchors a diff of b against ix keeps that no
// other match crosses.
func checkpointable(ix *Index, b []uint32) map[Anchor]bool {
	var st Stats
	cands, _ := ix.candidates(b, &st)
	d := differ{a: ix.a, b: b}
	chain, safe := d.chain(cands)
	out := map[Anchor]bool{}
	pa, pb := int32(0), int32(0)
	for _, k := range chain {
		an := cands[k]
		if an.a < pa || an.b < pb {
			continue
		}
		pa, pb = an.a+anchorLen, an.b+anchorLen
		if safe[k] {
			out[Anchor{an.a, an.b}] = true
		}
	}
	return out
}

// FuzzUpdate diffs a long sequence against a fuzzed edit of it, then
// edits that as prog says, updating the script each time, and holds each
// update to Diff.
func FuzzUpdate(f *testing.F) {
	f.Add(uint64(1), uint8(150), []byte{1, 2, 3, 4, 5, 6})
	f.Add(uint64(2), uint8(4), []byte{200, 0, 9, 9, 9, 9, 9})
	f.Fuzz(func(t *testing.T, seed uint64, alphabet uint8, prog []byte) {
		if len(prog) > 64 || alphabet == 0 {
			return
		}
		r := rand.New(rand.NewPCG(seed, 1))
		a := randSeq(r, 3000, int(alphabet))
		b := mutate(r, a, 0.01, int(alphabet)+10)
		vocab := int(alphabet) + 300
		ix := NewIndex(a, vocab)
		s := ix.Diff(b, vocab)
		for k := 0; k+3 < len(prog); k += 4 {
			x := int(prog[k]) * len(b) / 256
			y := min(len(b), x+int(prog[k+1]%8))
			var ins []uint32
			for n := int(prog[k+2] % 5); n > 0; n-- {
				ins = append(ins, uint32(prog[k+3])%uint32(vocab))
			}
			b2 := edited(b, x, y, ins)
			full := ix.Diff(b2, vocab)
			if from, to, ok := window(s, x, y); ok {
				L, R := s.cutAt(from), s.cutAt(to)
				nb := slices.Clone(b2[L.b : R.b+R.run+len(b2)-len(b)])
				if u, ok := s.Update(from, to, nb, vocab); ok {
					checkSame(t, a, b2, u, full)
					s, b = u, b2
					continue
				}
			}
			s, b = full, b2
		}
	})
}

// TestUpdateUndo: in a text equal to A, a few ids typed and then deleted
// again are both updates, not whole diffs. It is the editor's commonest
// case (an article that matches its original, a letter typed and taken
// back), and the second edit once scanned the whole text and gave up.
func TestUpdateUndo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const pairs = 60
	var missed [2]int
	for iter := 0; iter < pairs; iter++ {
		alphabet := []int{6, 150, 3000}[iter%3]
		a := randSeq(r, 40000+r.IntN(20000), alphabet)
		vocab := alphabet + 100
		ix := NewIndex(a, vocab)
		s := ix.Diff(slices.Clone(a), vocab)
		b := a
		x := len(a)/4 + r.IntN(len(a)/2)
		ins := []uint32{uint32(alphabet + 1 + r.IntN(20))}
		for step, e := range []struct {
			x, y int
			ins  []uint32
		}{{x, x, ins}, {x, x + 1, nil}} {
			b2 := edited(b, e.x, e.y, e.ins)
			from, to, _ := window(s, e.x, e.y)
			L, R := s.cutAt(from), s.cutAt(to)
			nb := slices.Clone(b2[L.b : R.b+R.run+len(b2)-len(b)])
			u, ok := s.Update(from, to, nb, vocab)
			full := ix.Diff(b2, vocab)
			if !ok {
				// The rarer cases Update leaves to Diff (a match of the
				// stretch crossing a checkpoint) are few, and only where
				// runs of A repeat (a small alphabet).
				missed[step]++
				s, b = full, b2
				continue
			}
			checkSame(t, a, b2, u, full)
			s, b = u, b2
		}
		if len(s.Changes()) != 0 {
			t.Fatalf("pair %d: %d changes after the undo", iter, len(s.Changes()))
		}
	}
	if missed[0] > 3 || missed[1] > 3 {
		t.Errorf("of %d pairs, %d typings and %d undos were diffed whole", pairs, missed[0], missed[1])
	}
}
