package fidelity

import "sync"

// The check's largest arrays live only while it runs: a token's start and
// an id for each of the article's words, and an original's token places
// while it is prepared. They are kept for the next check rather than
// allocated, zeroed and collected again each time, which cost as much as
// interning the words.
var (
	startPool sync.Pool // *[]int32
	idPool    sync.Pool // *[]uint32
	offPool   sync.Pool // *[]uint16
)

// getBuf returns an empty slice of at least capacity n from p, or a new
// one.
func getBuf[T any](p *sync.Pool, n int) []T {
	if b, ok := p.Get().(*[]T); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]T, 0, n)
}

// putBuf gives b to p for the next getBuf.
func putBuf[T any](p *sync.Pool, b []T) {
	if b == nil {
		return
	}
	b = b[:0]
	p.Put(&b)
}

func getStarts(n int) []int32 { return getBuf[int32](&startPool, n) }
func putStarts(t []int32)     { putBuf(&startPool, t) }

// getIDs returns a slice of length n.
func getIDs(n int) []uint32 { return getBuf[uint32](&idPool, n)[:n] }
func putIDs(b []uint32)     { putBuf(&idPool, b) }

func getOffs(n int) []uint16 { return getBuf[uint16](&offPool, n) }
func putOffs(b []uint16)     { putBuf(&offPool, b) }
