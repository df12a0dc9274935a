package position

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchText returns about 1 MiB of article-like text: mostly ASCII words,
// with an accented letter, a CJK character or an emoji now and then, and
// lines of varying length ending in newline (or "\r\n" if crlf).
func benchText(crlf bool) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"the", "council", "voted", "on", "Tuesday", "{++to++}", "approve",
		"budget", "café", "中文", "😀", "naïve", "résumé", "a", "of", "{>>check<<}"}
	var b strings.Builder
	for b.Len() < 1<<20 {
		for n := rng.IntN(20); n > 0; n-- {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		if crlf {
			b.WriteString("\r\n")
		} else {
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

func BenchmarkNew(b *testing.B) {
	src := benchText(false)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		New(src)
	}
}

func BenchmarkNewCRLF(b *testing.B) {
	src := benchText(true)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		New(src)
	}
}

func BenchmarkPosition(b *testing.B) {
	src := benchText(false)
	m := New(src)
	rng := rand.New(rand.NewPCG(3, 4))
	offs := make([]int, 4096)
	for i := range offs {
		offs[i] = rng.IntN(len(src) + 1)
	}
	i := 0
	for b.Loop() {
		m.Position(offs[i%len(offs)], UTF16)
		i++
	}
}

func BenchmarkOffset(b *testing.B) {
	src := benchText(false)
	m := New(src)
	rng := rand.New(rand.NewPCG(3, 4))
	ps := make([]Position, 4096)
	for i := range ps {
		ps[i] = m.Position(rng.IntN(len(src)+1), UTF16)
	}
	i := 0
	for b.Loop() {
		m.Offset(ps[i%len(ps)], UTF16)
		i++
	}
}
