package fidelity

import (
	"math/rand"
	"strings"
	"sync"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// The pairs the closing measurements use: 1 MiB and 10 MiB originals, with
// about one silent change per KiB, or with a quarter of the words silently
// replaced. This file uses only what Check offered before and after the
// deterministic diff, so that the same benchmarks run on both.

// withReplacedShare replaces each word with probability share by a word
// the original lacks.
func withReplacedShare(toks []gtok, seed int64, share float64) string {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.sep)
		if t.word && rng.Float64() < share {
			b.WriteString(newWords[rng.Intn(len(newWords))])
			continue
		}
		b.WriteString(t.text)
	}
	return b.String()
}

type measurePair struct{ orig, article []byte }

var (
	measureOnce  sync.Once
	measurePairs map[string]measurePair
)

func pairs() map[string]measurePair {
	measureOnce.Do(func() {
		measurePairs = map[string]measurePair{}
		for _, size := range []struct {
			name string
			n    int
		}{{"1MiB", 1 << 20}, {"10MiB", 10 << 20}} {
			toks := bigOriginal(1, size.n)
			orig := []byte(render(toks))
			measurePairs[size.name+"Sparse"] = measurePair{orig, []byte(withSilentEdits(toks, size.n/1024))}
			measurePairs[size.name+"Quarter"] = measurePair{orig, []byte(withReplacedShare(toks, 2, 0.25))}
		}
	})
	return measurePairs
}

func benchCheck(b *testing.B, name string) {
	p := pairs()[name]
	d := markup.Parse(p.article)
	b.SetBytes(int64(len(p.article)))
	b.ResetTimer()
	var r Result
	for i := 0; i < b.N; i++ {
		r = Check(d, p.orig, span.Span{}, Options{})
	}
	b.StopTimer()
	n := 0
	for _, dg := range r.Diagnostics {
		if dg.Code == CodeUnmarkedChange {
			n++
		}
	}
	b.ReportMetric(float64(n), "unmarked")
	if r.TooDifferent {
		b.ReportMetric(1, "toodifferent")
	} else {
		b.ReportMetric(0, "toodifferent")
	}
}

// benchFloor tokenizes both texts of the pair: the least any word-by-word
// comparison must do.
func benchFloor(b *testing.B, name string) {
	p := pairs()[name]
	benchFloorTokenize(b, p.orig, p.article)
}

// benchRead reads both texts of the pair once.
func benchRead(b *testing.B, name string) {
	p := pairs()[name]
	benchFloorRead(b, p.orig, p.article)
}

// BenchmarkNoFixes10MiBQuarter is the check as the command line could
// run it, without fixes, on the pair with the most differences.
func BenchmarkNoFixes10MiBQuarter(b *testing.B) {
	p := pairs()["10MiBQuarter"]
	d := markup.Parse(p.article)
	b.SetBytes(int64(len(p.orig)))
	for b.Loop() {
		Check(d, p.orig, span.Span{}, Options{NoFixes: true})
	}
}

func BenchmarkMeasureRead1MiBSparse(b *testing.B)    { benchRead(b, "1MiBSparse") }
func BenchmarkMeasureRead10MiBSparse(b *testing.B)   { benchRead(b, "10MiBSparse") }
func BenchmarkMeasureCheck1MiBSparse(b *testing.B)   { benchCheck(b, "1MiBSparse") }
func BenchmarkMeasureFloor1MiBSparse(b *testing.B)   { benchFloor(b, "1MiBSparse") }
func BenchmarkMeasureCheck1MiBQuarter(b *testing.B)  { benchCheck(b, "1MiBQuarter") }
func BenchmarkMeasureFloor1MiBQuarter(b *testing.B)  { benchFloor(b, "1MiBQuarter") }
func BenchmarkMeasureCheck10MiBSparse(b *testing.B)  { benchCheck(b, "10MiBSparse") }
func BenchmarkMeasureFloor10MiBSparse(b *testing.B)  { benchFloor(b, "10MiBSparse") }
func BenchmarkMeasureCheck10MiBQuarter(b *testing.B) { benchCheck(b, "10MiBQuarter") }
func BenchmarkMeasureFloor10MiBQuarter(b *testing.B) { benchFloor(b, "10MiBQuarter") }
