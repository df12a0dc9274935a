package fidelity

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestSearchNear: searchNear answers as sort.Search does, from any hint.
func TestSearchNear(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		n := rng.IntN(40)
		starts := make([]int32, n)
		v := int32(0)
		for i := range starts {
			v += int32(rng.IntN(4))
			starts[i] = v
		}
		x := rng.IntN(int(v)+6) - 2
		hint := rng.IntN(n+6) - 3
		want := sort.Search(n, func(i int) bool { return int(starts[i]) >= x })
		if got := searchNear(starts, x, hint); got != want {
			t.Fatalf("searchNear(%v, %d, hint %d) = %d, want %d", starts, x, hint, got, want)
		}
	}
}
