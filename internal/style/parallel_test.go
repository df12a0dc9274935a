package style

import (
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/sample"
)

// parallelSame fails t unless the pass cut into n chunks of at least
// minChunk bytes finds what the whole pass finds, and reports how many
// of its cuts it used.
func parallelSame(t *testing.T, name string, src []byte, opts Options, n, minChunk int) {
	t.Helper()
	d := markup.Parse(src)
	want := Check(d, opts)
	got := checkParallel(d, opts, n, minChunk)
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%s, %d chunks of %d: finding %d is %+v, want %+v", name, n, minChunk, i, got[i], want[i])
			}
		}
		t.Fatalf("%s, %d chunks of %d: %d findings, want %d", name, n, minChunk, len(got), len(want))
	}
}

// TestParallelSame: the pass on several cores finds what the whole pass
// finds, on the evaluation sets (cut at every few paragraphs), the
// samples of 1 and 4 MiB and prose dense with flags.
func TestParallelSame(t *testing.T) {
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	opts := Options{Published: pub}
	entries, err := os.ReadDir("testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, _, _ := readEval(t, e.Name())
		for _, n := range []int{2, 3, 8, 64} {
			parallelSame(t, e.Name(), src, opts, n, 1)
		}
	}
	sizes := []int{1 << 20, 4 << 20}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		src := sample.Article(size)
		for _, n := range []int{2, 4} {
			parallelSame(t, "sample", src, opts, n, MinChunk)
		}
		parallelSame(t, "sample", src, opts, 16, 1)
	}
	parallelSame(t, "loaded", loadedArticle(t, 1<<20), opts, 4, 1)
	parallelSame(t, "prose", proseArticle(t, 1<<20), opts, 2, MinChunk)
}

// TestParallelCutsHold: on the samples most cuts are where the whole
// pass is quiet with the punctuation guessed, so the cores share the work.
func TestParallelCutsHold(t *testing.T) {
	for name, src := range map[string][]byte{"sample": sample.Article(1 << 20), "prose": proseArticle(t, 1<<20)} {
		d := markup.Parse(src)
		base := newPass(d, Options{})
		cuts := cutPoints(d.Src, passStart(d), 16, base.regions)
		held := 0
		for _, c := range cuts {
			p := newPass(d, Options{})
			p.record = true
			p.scan(passStart(d), int(c.pos)+1)
			for _, q := range p.quiet {
				if q == c {
					held++
				}
			}
		}
		if held < len(cuts)*3/4 {
			t.Errorf("%s: %d of %d cuts hold", name, held, len(cuts))
		}
	}
}

// TestParallelCap: an article with more findings than MaxFindings is
// capped as the whole pass caps it.
func TestParallelCap(t *testing.T) {
	src := []byte(strings.Repeat("It was very, very bad. \"Thugs\" did it.\n\n", 6000))
	parallelSame(t, "capped", src, Options{}, 4, 1)
}

// FuzzParallel: cut at every paragraph break, the pass finds what the
// whole pass finds.
func FuzzParallel(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(3))
	}
	f.Add([]byte("\"a very\n\nbad\" day.\n\n'x\n\nthe 'regime'\n\nsaid.\n\n{++very\n\nbad++}"), uint8(5))
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, src []byte, n uint8) {
		parallelSame(t, "fuzz", src, Options{Published: pub}, 2+int(n%30), 1)
	})
}

// BenchmarkCheckParallel1MiB is the pass over the 1 MiB sample on every
// core; its floor is BenchmarkCheckWhole1MiB, the one pass, beside it.
func BenchmarkCheckParallel1MiB(b *testing.B) { benchSplit(b, 0) }

func BenchmarkCheckWhole1MiB(b *testing.B) { benchSplit(b, 1) }

func benchSplit(b *testing.B, n int) {
	src := sample.Article(1 << 20)
	d := markup.Parse(src)
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		checkParallel(d, Options{}, n, MinChunk)
	}
}
