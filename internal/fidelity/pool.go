package fidelity

import "sync"

// The check's largest arrays live only while it runs: a token and an id
// for each of the article's words. They are kept for the next check
// rather than allocated, zeroed and collected again each time, which cost
// as much as interning the words.
var (
	tokenPool sync.Pool // *[]Token
	idPool    sync.Pool // *[]uint32
)

// getTokens returns an empty slice of at least capacity n.
func getTokens(n int) []Token {
	if p, ok := tokenPool.Get().(*[]Token); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]Token, 0, n)
}

func putTokens(t []Token) {
	t = t[:0]
	tokenPool.Put(&t)
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
