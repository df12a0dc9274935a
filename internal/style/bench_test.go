package style

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/sample"
)

var benchSizes = []int{20 << 10, 1 << 20}

// BenchmarkParseAndRules is what the server already does on every
// keystroke (markup's benchmark of the same name), measured here so that
// BenchmarkStyle has its yardstick beside it: the target is a style pass
// costing at most 20% of this.
func BenchmarkParseAndRules(b *testing.B) {
	for _, size := range benchSizes {
		src := sample.Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				rules.Check(markup.Parse(src), rules.Options{})
			}
		})
	}
}

// BenchmarkParse is markup's benchmark of the parser alone, beside the
// style pass.
func BenchmarkParse(b *testing.B) {
	for _, size := range benchSizes {
		src := sample.Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				markup.Parse(src)
			}
		})
	}
}

// BenchmarkStyle is the style pass alone, on a document already parsed.
func BenchmarkStyle(b *testing.B) {
	for _, size := range benchSizes {
		src := sample.Article(size)
		d := markup.Parse(src)
		lexicon()
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(Check(d, Options{}))
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}

// BenchmarkProse compares the pass with parse+rules on 1 MiB of neutral
// wire copy (the evaluation's neutral.txt repeated, with a mark every few
// sentences), the article an editor actually has open: few flags, so this
// is the cost of the scan itself.
func BenchmarkProse(b *testing.B) {
	src := proseArticle(b, 1<<20)
	d := markup.Parse(src)
	lexicon()
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			markup.Parse(src)
		}
	})
	b.Run("ParseAndRules", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			rules.Check(markup.Parse(src), rules.Options{})
		}
	})
	b.Run("Style", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = len(Check(d, Options{}))
		}
		b.ReportMetric(float64(n), "findings")
	})
}

func proseArticle(tb testing.TB, size int) []byte {
	data, err := os.ReadFile("testdata/eval/neutral.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var one []byte
	for i, para := range strings.Split(string(data), "\n\n") {
		if strings.HasPrefix(para, "#") {
			continue
		}
		if i%3 == 0 {
			para = strings.Replace(para, " the ", " {--the--} ", 1)
		}
		if i%4 == 0 {
			para = strings.Replace(para, " said", " {~~said~>told reporters~~}", 1)
		}
		one = append(one, para...)
		one = append(one, "\n\n"...)
	}
	out := []byte("---\ntitle: Prose\npublished: 2025-11-07\n---\n")
	for len(out) < size {
		out = append(out, one...)
	}
	return out
}

// BenchmarkStyleLoaded runs the pass on prose dense with flags (the
// evaluation sentences repeated to 1 MiB), the worst case for the matcher's
// slow path.
func BenchmarkStyleLoaded(b *testing.B) {
	src := loadedArticle(b, 1<<20)
	d := markup.Parse(src)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Check(d, Options{})
	}
}

func loadedArticle(tb testing.TB, size int) []byte {
	t, ok := tb.(*testing.T)
	if !ok {
		t = &testing.T{}
	}
	one, _, _ := readEval(t, "tuned.txt")
	var out []byte
	for len(out) < size {
		out = append(out, one...)
		out = append(out, "\n\n"...)
	}
	return out
}
