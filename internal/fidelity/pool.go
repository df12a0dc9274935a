package fidelity

import "sync"

// The check's largest arrays live only while it runs: a token's start and
// an id for each of the article's words. They are kept for the next check
// rather than allocated, zeroed and collected again each time, which cost
// as much as interning the words.
var (
	startPool sync.Pool // *[]int32
	idPool    sync.Pool // *[]uint32
	offPool   sync.Pool // *[]uint16
)

// getOffs returns an empty slice of at least capacity n, for an
// original's token places (starts.off) while it is prepared.
func getOffs(n int) []uint16 {
	if p, ok := offPool.Get().(*[]uint16); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]uint16, 0, n)
}

func putOffs(b []uint16) {
	if b == nil {
		return
	}
	b = b[:0]
	offPool.Put(&b)
}

// getStarts returns an empty slice of at least capacity n.
func getStarts(n int) []int32 {
	if p, ok := startPool.Get().(*[]int32); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]int32, 0, n)
}

func putStarts(t []int32) {
	t = t[:0]
	startPool.Put(&t)
}

// getIDs returns a slice of length n.
func getIDs(n int) []uint32 {
	if p, ok := idPool.Get().(*[]uint32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]uint32, n)
}

func putIDs(b []uint32) {
	b = b[:0]
	idPool.Put(&b)
}
