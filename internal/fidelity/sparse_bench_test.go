package fidelity

import (
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// bareElisions1MiB is a 1 MiB original and an article faithful to it but
// for a bare elision every 97 tokens (about 2,000), each of one word.
func bareElisions1MiB() (orig, article []byte) {
	toks := bigOriginal(12, 1<<20)
	return []byte(render(toks)), []byte(withBareElisions(toks))
}

// BenchmarkCheckBareElisions1MiB is the final check of an article whose
// only differences are its bare elisions, which the sparse check takes;
// its floor is BenchmarkCheckBareElisions1MiBFull, the full check of the
// same pair, and BenchmarkFloorRead1MiB1000Edits, reading two such texts.
func BenchmarkCheckBareElisions1MiB(b *testing.B) {
	orig, article := bareElisions1MiB()
	d := markup.Parse(article)
	b.SetBytes(int64(len(article)))
	for b.Loop() {
		if _, ok := checkSparse(d, buildView(d), orig, span.Span{}, Options{Final: true}); !ok {
			b.Fatal("the sparse check gave up")
		}
	}
}

func BenchmarkCheckBareElisions1MiBFull(b *testing.B) {
	orig, article := bareElisions1MiB()
	d := markup.Parse(article)
	b.SetBytes(int64(len(article)))
	for b.Loop() {
		CheckPrepared(d, PrepareLazy(orig), span.Span{}, Options{Final: true})
	}
}
