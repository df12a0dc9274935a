package tokdiff

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// apply checks that ops is a valid script from a to b and returns its edit
// count (deleted plus inserted tokens).
func apply(t *testing.T, a, b []uint32, ops []Op) int {
	t.Helper()
	i, j, edits := 0, 0, 0
	for k, op := range ops {
		if op.N <= 0 {
			t.Fatalf("op %d: %v with N=%d", k, op.Kind, op.N)
		}
		if k > 0 {
			prev := ops[k-1]
			if prev.Kind == op.Kind || prev.Kind == Insert && op.Kind == Delete {
				t.Fatalf("ops %d,%d: %v then %v: not canonical", k-1, k, prev.Kind, op.Kind)
			}
		}
		switch op.Kind {
		case Equal:
			if i+op.N > len(a) || j+op.N > len(b) || !slices.Equal(a[i:i+op.N], b[j:j+op.N]) {
				t.Fatalf("op %d: equal run of %d at %d,%d is not equal", k, op.N, i, j)
			}
			i += op.N
			j += op.N
		case Delete:
			i += op.N
			edits += op.N
		case Insert:
			j += op.N
			edits += op.N
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("script covers %d of %d and %d of %d tokens", i, len(a), j, len(b))
	}
	return edits
}

// lcs is the brute-force length of the longest common subsequence.
func lcs(a, b []uint32) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diag := 0
		for j := range b {
			up := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diag + 1
			} else {
				row[j+1] = max(row[j+1], row[j])
			}
			diag = up
		}
	}
	return row[len(b)]
}

func randSeq(r *rand.Rand, n, alphabet int) []uint32 {
	s := make([]uint32, n)
	for i := range s {
		s[i] = uint32(r.IntN(alphabet))
	}
	return s
}

// mutate copies a with random deletions, insertions and replacements.
func mutate(r *rand.Rand, a []uint32, rate float64, alphabet int) []uint32 {
	var b []uint32
	for _, x := range a {
		switch p := r.Float64(); {
		case p < rate/3:
		case p < 2*rate/3:
			b = append(b, uint32(r.IntN(alphabet)), x)
		case p < rate:
			b = append(b, uint32(r.IntN(alphabet)))
		default:
			b = append(b, x)
		}
	}
	return b
}

// TestMinimalOnSmallInputs compares the script with a brute-force LCS: on
// inputs this small the budget always allows the minimal script.
func TestMinimalOnSmallInputs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 20000; iter++ {
		alphabet := 1 + r.IntN(6)
		a := randSeq(r, r.IntN(40), alphabet)
		var b []uint32
		if r.IntN(2) == 0 {
			b = randSeq(r, r.IntN(40), alphabet)
		} else {
			b = mutate(r, a, r.Float64(), alphabet)
		}
		ops, st := DiffStats(a, b)
		edits := apply(t, a, b, ops)
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want || st.Coarse != 0 {
			t.Fatalf("a=%v b=%v: %d edits (%d coarse), want %d\n%v", a, b, edits, st.Coarse, want, ops)
		}
	}
}

// TestMinimalWithinBudget: medium inputs with few changes, past the first
// anchoring threshold too, stay minimal.
func TestMinimalWithinBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 300; iter++ {
		n := 100 + r.IntN(1500)
		alphabet := []int{2, 20, 1000}[iter%3]
		a := randSeq(r, n, alphabet)
		b := mutate(r, a, 0.01, alphabet)
		ops, st := DiffStats(a, b)
		edits := apply(t, a, b, ops)
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want || st.Coarse != 0 {
			t.Fatalf("n=%d alphabet %d: %d edits (%d coarse), want %d", n, alphabet, edits, st.Coarse, want)
		}
	}
}

// TestValidOnAnyInput: every script is valid, whatever the budget did.
func TestValidOnAnyInput(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 200; iter++ {
		n := r.IntN(20000)
		alphabet := 1 + r.IntN(3000)
		a := randSeq(r, n, alphabet)
		var b []uint32
		if iter%4 == 0 {
			b = randSeq(r, r.IntN(20000), alphabet)
		} else {
			b = mutate(r, a, r.Float64()*0.6, alphabet)
		}
		apply(t, a, b, Diff(a, b))
	}
}

func TestEdgeCases(t *testing.T) {
	big := func(x uint32, n int) []uint32 { return slices.Repeat([]uint32{x}, n) }
	tests := []struct {
		name string
		a, b []uint32
		want string
	}{
		{"both empty", nil, nil, "[]"},
		{"a empty", nil, []uint32{1, 2}, "[+2]"},
		{"b empty", []uint32{1, 2}, nil, "[-2]"},
		{"equal", []uint32{1, 2, 3}, []uint32{1, 2, 3}, "[=3]"},
		{"replace middle", []uint32{1, 2, 3}, []uint32{1, 9, 3}, "[=1 -1 +1 =1]"},
		{"huge ids", []uint32{1 << 31, 7, 1<<32 - 1}, []uint32{1 << 31, 8, 1<<32 - 1}, "[=1 -1 +1 =1]"},
		{"one against many", []uint32{5}, big(5, 3000), "[=1 +2999]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops := Diff(tc.a, tc.b)
			apply(t, tc.a, tc.b, ops)
			if got := format(ops); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func format(ops []Op) string {
	s := "["
	for i, op := range ops {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%v%d", op.Kind, op.N)
		if op.Coarse {
			s += "c"
		}
	}
	return s + "]"
}

// TestDeterministic: the same pair gives the same script, also when the
// budget decides, and the ids' values do not matter, only their equality.
func TestDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	a := randSeq(r, 200000, 200)
	b := mutate(r, a, 0.4, 200)
	first := Diff(a, b)
	shift := func(s []uint32) []uint32 {
		out := make([]uint32, len(s))
		for i, x := range s {
			out[i] = x*2654435761 + 12345 // injective on uint32, huge ids
		}
		return out
	}
	for i := 0; i < 3; i++ {
		if got := Diff(a, b); !slices.Equal(got, first) {
			t.Fatal("two runs differ")
		}
	}
	if got := Diff(shift(a), shift(b)); !slices.Equal(got, first) {
		t.Fatal("renaming the ids changed the script")
	}
}

// pathological inputs of about n tokens a side.
var pathological = []struct {
	name string
	gen  func(r *rand.Rand, n int) (a, b []uint32)
}{
	{"unrelated", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		return randSeq(r, n, 5000), randSeq(r, n, 5000)
	}},
	{"unrelated small alphabet", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		return randSeq(r, n, 4), randSeq(r, n, 4)
	}},
	{"one token repeated", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		return slices.Repeat([]uint32{1}, n), slices.Repeat([]uint32{1}, n/2)
	}},
	{"one token against another", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		return slices.Repeat([]uint32{1}, n), slices.Repeat([]uint32{2}, n)
	}},
	{"periodic shifted", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := make([]uint32, n)
		b := make([]uint32, n)
		for i := range a {
			a[i] = uint32(i % 7)
			b[i] = uint32((i + 3) % 5)
		}
		return a, b
	}},
	{"periodic with changes", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := make([]uint32, n)
		for i := range a {
			a[i] = uint32(i % 13)
		}
		return a, mutate(r, a, 0.25, 13)
	}},
	{"reversed", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := randSeq(r, n, 3000)
		b := slices.Clone(a)
		slices.Reverse(b)
		return a, b
	}},
	{"quarter replaced", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := randSeq(r, n, 150)
		b := slices.Clone(a)
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = uint32(150 + r.IntN(150))
			}
		}
		return a, b
	}},
	{"sparse changes", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := randSeq(r, n, 150)
		return a, mutate(r, a, 0.004, 150)
	}},
	{"halves swapped", func(r *rand.Rand, n int) ([]uint32, []uint32) {
		a := randSeq(r, n, 150)
		return a, append(slices.Clone(a[n/2:]), a[:n/2]...)
	}},
}

// workBound is the documented bound on Stats.Work per token of input,
// with room for the anchoring passes.
const workBound = maxLevel*(costPerToken+64+8) + 64

// TestLinearOnPathologicalInputs holds every pathological input to the
// work bound, and checks that four times the input costs about four times
// the steps, which are counted, so that the machine's load cannot make the
// check flaky, and not much more than four times the time (the best of a
// few runs, measured again when the first try looks bad, since other work
// on the machine can stall any run).
func TestLinearOnPathologicalInputs(t *testing.T) {
	const n = 1 << 15
	for _, p := range pathological {
		t.Run(p.name, func(t *testing.T) {
			var works [2]int64
			var pairs [2][2][]uint32
			for i, size := range []int{n, 4 * n} {
				a, b := p.gen(rand.New(rand.NewPCG(9, uint64(i))), size)
				pairs[i] = [2][]uint32{a, b}
				ops, st := DiffStats(a, b)
				apply(t, a, b, ops)
				works[i] = st.Work
				if limit := int64(workBound) * int64(len(a)+len(b)+1); works[i] > limit {
					t.Errorf("size %d: work %d over the bound %d", size, works[i], limit)
				}
			}
			wr := float64(works[1]) / float64(works[0])
			if wr > 6 {
				t.Errorf("work grew ×%.2f for ×4 input", wr)
			}
			var tr float64
			for try := 0; try < 3; try++ {
				var times [2]time.Duration
				for i := range pairs {
					times[i] = bestOf(5, func() { Diff(pairs[i][0], pairs[i][1]) })
				}
				tr = float64(times[1]) / float64(times[0])
				t.Logf("work %d -> %d (×%.2f), time %v -> %v (×%.2f)", works[0], works[1], wr, times[0], times[1], tr)
				if tr <= 8 || times[1] < 5*time.Millisecond {
					return
				}
			}
			t.Errorf("time grew ×%.2f for ×4 input, three times over", tr)
		})
	}
}

func bestOf(runs int, f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range runs {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// TestQuarterReplacedStaysFine: a quarter of the tokens replaced is still
// aligned token by token, with no coarse region.
func TestQuarterReplacedStaysFine(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	a := randSeq(r, 50000, 150)
	b := slices.Clone(a)
	replaced := 0
	for i := range b {
		if r.IntN(4) == 0 {
			b[i] = uint32(150 + r.IntN(150))
			replaced++
		}
	}
	ops, st := DiffStats(a, b)
	edits := apply(t, a, b, ops)
	if st.Coarse != 0 || edits > 2*replaced {
		t.Errorf("%d coarse regions, %d edits for %d replaced tokens", st.Coarse, edits, replaced)
	}
}

func FuzzDiff(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{1, 3, 2})
	f.Add([]byte("the cat sat on the mat"), []byte("the dog sat on a mat"))
	f.Fuzz(func(t *testing.T, x, y []byte) {
		a, b := make([]uint32, len(x)), make([]uint32, len(y))
		for i, c := range x {
			a[i] = uint32(c)
		}
		for i, c := range y {
			b[i] = uint32(c)
		}
		ops, st := DiffStats(a, b)
		edits := apply(t, a, b, ops)
		if len(a) <= 40 && len(b) <= 40 {
			if want := len(a) + len(b) - 2*lcs(a, b); edits != want || st.Coarse != 0 {
				t.Fatalf("%d edits, want %d", edits, want)
			}
		}
	})
}

func benchPair(n int, rate float64) ([]uint32, []uint32) {
	r := rand.New(rand.NewPCG(12, 13))
	a := randSeq(r, n, 3000)
	return a, mutate(r, a, rate, 3000)
}

// BenchmarkDiff250kTokens is about a 1 MiB article against its original
// with one change per KiB.
func BenchmarkDiff250kTokens(b *testing.B) {
	x, y := benchPair(250000, 1.0/250)
	b.SetBytes(4 * int64(len(x)))
	for b.Loop() {
		Diff(x, y)
	}
}

// BenchmarkFloor250kTokens is the floor for BenchmarkDiff250kTokens: one
// pass over both sequences, comparing them position by position.
func BenchmarkFloor250kTokens(b *testing.B) {
	x, y := benchPair(250000, 1.0/250)
	b.SetBytes(4 * int64(len(x)))
	same := 0
	for b.Loop() {
		same = 0
		for i := range min(len(x), len(y)) {
			if x[i] == y[i] {
				same++
			}
		}
	}
	if same == len(x) {
		b.Fatal("the pair has no change")
	}
}

func TestCompact(t *testing.T) {
	tests := []struct {
		name string
		a, b []uint32
		want string
	}{
		{"deletion joins replacement", []uint32{0, 1, 0, 0, 0, 0}, []uint32{0, 2, 1, 0, 0, 9}, "[=1 +1 =3 -2 +1]"},
		{"insertion joins replacement", []uint32{5, 1, 2, 3}, []uint32{5, 5, 1, 2, 4}, "[=1 +1 =2 -1 +1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops := Diff(tc.a, tc.b)
			apply(t, tc.a, tc.b, ops)
			if got := format(ops); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// BenchmarkPathological10MiB runs each pathological input at about the
// token count of a 10 MiB text (2.5 million a side) and reports the steps
// per token, next to BenchmarkFloor10MiB, one pass over the same sizes.
func BenchmarkPathological10MiB(b *testing.B) {
	const n = 2500000
	for _, p := range pathological {
		x, y := p.gen(rand.New(rand.NewPCG(9, 9)), n)
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(4 * int64(len(x)+len(y)))
			var st Stats
			for b.Loop() {
				_, st = DiffStats(x, y)
			}
			b.ReportMetric(float64(st.Work)/float64(len(x)+len(y)), "steps/token")
			b.ReportMetric(float64(st.Coarse), "coarse")
		})
	}
}

// BenchmarkFloor10MiB is one pass comparing two sequences of 2.5 million
// ids position by position.
func BenchmarkFloor10MiB(b *testing.B) {
	x, y := benchPair(2500000, 1.0/250)
	b.SetBytes(4 * int64(len(x)+len(y)))
	same := 0
	for b.Loop() {
		same = 0
		for i := range min(len(x), len(y)) {
			if x[i] == y[i] {
				same++
			}
		}
	}
	if same == len(x) {
		b.Fatal("the pair has no change")
	}
}
