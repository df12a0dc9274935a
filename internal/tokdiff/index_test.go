package tokdiff

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// vocabOf returns one more than the greatest id of a.
func vocabOf(a []uint32) int {
	v := 0
	for _, x := range a {
		v = max(v, int(x)+1)
	}
	return v
}

// diffIndexed diffs a and b through an Index, and checks that the script's
// ops and its compacted changes both turn a into b.
func diffIndexed(t *testing.T, a, b []uint32) *Script {
	t.Helper()
	s := NewIndex(a, vocabOf(a)).Diff(b, max(vocabOf(a), vocabOf(b)))
	apply(t, a, b, s.ops())
	checkChanges(t, a, b, s.Changes())
	for j := range b {
		if s.B(j) != b[j] {
			t.Fatalf("B(%d) = %d, want %d", j, s.B(j), b[j])
		}
	}
	return s
}

// checkChanges checks that changes, in order, turn a into b, with equal
// ids between them.
func checkChanges(t *testing.T, a, b []uint32, changes []Change) {
	t.Helper()
	ai, bi := 0, 0
	for k, c := range changes {
		if c.A0 < int32(ai) || c.A1 < c.A0 || c.B1 < c.B0 || c.A0-int32(ai) != c.B0-int32(bi) || c.A0 == c.A1 && c.B0 == c.B1 {
			t.Fatalf("change %d %+v after %d,%d", k, c, ai, bi)
		}
		if !slices.Equal(a[ai:c.A0], b[bi:c.B0]) {
			t.Fatalf("change %d: the run before it is not equal", k)
		}
		ai, bi = int(c.A1), int(c.B1)
	}
	if len(a)-ai != len(b)-bi || !slices.Equal(a[ai:], b[bi:]) {
		t.Fatalf("the run after the last change is not equal")
	}
}

// changesOfOps returns the changes of a compacted script of ops.
func changesOfOps(ops []Op) []Change {
	var out []Change
	for _, p := range must(changesOf(ops, nil, 0, 0, nil, nil)) {
		out = append(out, p.Change)
	}
	return out
}

func must(p []pre, _ []uint32) []pre { return p }

// TestIndexSmallSameAsDiff: on inputs of at most smallInput ids the
// indexed diff is Diff's, compaction included.
func TestIndexSmallSameAsDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 5000; iter++ {
		alphabet := 1 + r.IntN(30)
		a := randSeq(r, r.IntN(1000), alphabet)
		b := mutate(r, a, r.Float64(), alphabet+5)
		if len(a)+len(b) > smallInput {
			continue
		}
		s := diffIndexed(t, a, b)
		if !s.Tiny() {
			t.Fatal("not small")
		}
		want := changesOfOps(Diff(a, b))
		if !slices.Equal(s.Changes(), want) {
			t.Fatalf("%v %v: changes %v, Diff's %v", a, b, s.Changes(), want)
		}
	}
}

// TestCompactChangesSameAsCompact: compacting changes by their places is
// compact on ops.
func TestCompactChangesSameAsCompact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 3000; iter++ {
		alphabet := 1 + r.IntN(4)
		a := randSeq(r, r.IntN(3000), alphabet)
		b := mutate(r, a, r.Float64()/4, alphabet+1)
		s := diffIndexed(t, a, b)
		ops := s.ops()
		want, _ := compact(a, b, slices.Clone(ops))
		if got := s.Changes(); !slices.Equal(got, changesOfOps(want)) {
			t.Fatalf("compacted %v, compact gives %v", got, changesOfOps(want))
		}
	}
}

// TestIndexValid diffs large pairs through an Index: valid scripts, and
// for edits sparse enough, as few edits as Diff finds.
func TestIndexValid(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for iter := 0; iter < 60; iter++ {
		n := 3000 + r.IntN(40000)
		alphabet := []int{4, 150, 3000}[iter%3]
		a := randSeq(r, n, alphabet)
		b := mutate(r, a, []float64{0.001, 0.01, 0.25}[iter%3], alphabet+100)
		s := diffIndexed(t, a, b)
		if s.Tiny() {
			t.Fatal("tiny")
		}
		for k, an := range s.Anchors() {
			if !slices.Equal(a[an.A:an.A+anchorLen], b[an.B:an.B+anchorLen]) {
				t.Fatalf("checkpoint %d %+v not equal", k, an)
			}
		}
	}
}

// TestIndexPathological holds the indexed diff to the work bound on the
// pathological inputs.
func TestIndexPathological(t *testing.T) {
	const n = 1 << 15
	for _, p := range pathological {
		t.Run(p.name, func(t *testing.T) {
			a, b := p.gen(rand.New(rand.NewPCG(9, 1)), n)
			s := diffIndexed(t, a, b)
			if limit := int64(workBound) * int64(len(a)+len(b)+1); s.Stats().Work > limit {
				t.Errorf("work %d over the bound %d", s.Stats().Work, limit)
			}
		})
	}
}

// TestCandidatesInHalves: counting a long B's runs in two halves at once
// gives what one pass gives.
func TestCandidatesInHalves(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	a := randSeq(r, 3*parallelRuns, 500)
	b := mutate(r, a, 0.01, 600)
	b = append(b, a[1000:5000]...) // runs matched twice
	ix := NewIndex(a, 1000)
	var st Stats
	cands, counts := ix.candidates(b, &st)
	one := make([]uint8, len(ix.uniq))
	pos := make([]int32, len(one))
	ix.count(b, 0, len(b), one, pos)
	if !slices.Equal(counts, one) {
		t.Fatal("counts differ")
	}
	for _, c := range cands {
		k := ix.sampleAt(int(c.a))
		if one[k] != 1 || pos[k] != c.b {
			t.Fatalf("candidate %+v differs", c)
		}
	}
}

// TestIndexEverySampled: a text made so that every run of it is sampled
// (each id chosen until the run it ends is) holds far more samples than
// the table is sized for. The table grows instead of filling up, which
// made every probe of a full table loop forever (found by FuzzFixes in
// internal/fidelity as a hang), and the samples are the same: all of
// them, in order.
func TestIndexEverySampled(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 2000
	a := make([]uint32, 0, n)
	for len(a) < n {
		x := uint32(r.IntN(1 << 20))
		if len(a) >= anchorLen-1 && !sampled(runHash(append(a[len(a)-anchorLen+1:len(a):len(a)], x))|1) {
			continue
		}
		a = append(a, x)
	}
	ix := NewIndex(a, 1<<20)
	if len(ix.uniq) != n-anchorLen+1 {
		t.Fatalf("%d samples, want every run: %d", len(ix.uniq), n-anchorLen+1)
	}
	for k, p := range ix.uniq {
		if int(p) != k {
			t.Fatalf("sample %d at %d", k, p)
		}
	}
	if s := ix.Diff(slices.Clone(a), 1<<20); len(s.Changes()) != 0 {
		t.Errorf("a text against itself: %d changes", len(s.Changes()))
	}
	b := slices.Clone(a)
	b[n/2] = 1<<20 - 1
	if s := ix.Diff(b, 1<<20); len(s.Changes()) != 1 {
		t.Errorf("one id replaced: %d changes", len(s.Changes()))
	}
}

// TestDiffFinalSameAsDiff: a final diff has Diff's changes, and samples a
// lazy Index's runs only when A and B differ beyond one small region.
func TestDiffFinalSameAsDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for iter := 0; iter < 300; iter++ {
		n := r.IntN(20000)
		alphabet := []int{4, 150, 3000}[iter%3]
		a := randSeq(r, n, alphabet)
		var b []uint32
		switch iter % 4 {
		case 0: // equal
			b = slices.Clone(a)
		case 1: // one small region changed
			b = slices.Clone(a)
			if n > 0 {
				at := r.IntN(n)
				b = slices.Concat(b[:at], randSeq(r, r.IntN(300), alphabet+10), b[min(n, at+r.IntN(300)):])
			}
		default: // spread edits
			b = mutate(r, a, []float64{0.001, 0.01}[iter%2], alphabet+100)
		}
		vocab := max(vocabOf(a), vocabOf(b))
		want := NewIndex(a, vocabOf(a)).Diff(b, vocab)
		lazy := NewLazyIndex(a, vocabOf(a))
		got := lazy.DiffFinal(b, vocab)
		if !slices.Equal(got.Changes(), want.Changes()) {
			t.Fatalf("iter %d: final changes %v, Diff's %v", iter, got.Changes(), want.Changes())
		}
		p, s := commonEnds(a, b)
		small := len(a)+len(b)-2*(p+s) <= smallInput
		if sampled := lazy.table != nil; sampled == small && len(a) >= anchorLen {
			t.Fatalf("iter %d: region small %v, runs sampled %v", iter, small, sampled)
		}
		if small != got.Tiny() && len(a)+len(b) > smallInput {
			t.Fatalf("iter %d: region small %v, Tiny %v", iter, small, got.Tiny())
		}
	}
}

// TestLazyIndexBytes: what a lazy Index counts before sampling its runs is
// close to what they take once sampled, on random text as on prose, so a
// cache that counts it once stays near the truth.
func TestLazyIndexBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{8, 100, 5000, 200000} {
		a := randSeq(r, n, 3000)
		lazy := NewLazyIndex(a, 3000)
		before := lazy.Bytes()
		lazy.Build()
		after := lazy.Bytes()
		if 4*before < 3*after || 4*after < 3*before {
			t.Errorf("n=%d: %d bytes counted before sampling, %d after", n, before, after)
		}
	}
}
