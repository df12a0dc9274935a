package markup_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
)

var sizes = []int{20 << 10, 1 << 20}

// BenchmarkParseAndRules measures what the server does on every keystroke:
// parse the whole article and run every rule.
func BenchmarkParseAndRules(b *testing.B) {
	for _, size := range sizes {
		src := sample.Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			var marks int
			for b.Loop() {
				d := markup.Parse(src)
				rules.Check(d, rules.Options{})
				marks = len(d.Marks)
			}
			b.ReportMetric(float64(marks), "marks")
		})
	}
}

// BenchmarkParse measures the parser alone.
func BenchmarkParse(b *testing.B) {
	for _, size := range sizes {
		src := sample.Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				markup.Parse(src)
			}
		})
	}
}

// BenchmarkUpdate measures a keystroke's parse in the editor: a letter
// typed in the middle of the article and deleted again, each an Update of
// the document before, beside BenchmarkParse (the whole article again) and
// BenchmarkIndexByteFloor.
func BenchmarkUpdate(b *testing.B) {
	for _, size := range sizes {
		src := sample.Article(size)
		at := len(src) / 2
		for src[at] != ' ' {
			at++
		}
		typed := bytes.Join([][]byte{src[:at], []byte("a"), src[at:]}, nil)
		steps := []struct {
			src  []byte
			edit span.Edit
		}{{typed, span.Insert(at, "a")}, {src, span.Replace(span.Span{Start: at, End: at + 1}, "")}}
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			d := markup.Parse(src)
			for i := 0; b.Loop(); i++ {
				s := steps[i%2]
				d = markup.Update(d, s.src, s.edit)
			}
		})
	}
}

// BenchmarkIndexByteFloor is the floor to compare with: the cheapest full
// pass over the same bytes, finding every '{' with bytes.IndexByte.
func BenchmarkIndexByteFloor(b *testing.B) {
	for _, size := range sizes {
		src := sample.Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			n := 0
			for b.Loop() {
				for i := 0; ; {
					j := bytes.IndexByte(src[i:], '{')
					if j < 0 {
						break
					}
					n++
					i += j + 1
				}
			}
			_ = n
		})
	}
}

// TestArticleIsClean keeps the benchmark honest: the generated article must
// parse without problems, or the benchmark would measure error paths.
func TestArticleIsClean(t *testing.T) {
	d := markup.Parse(sample.Article(20 << 10))
	if len(d.Problems) > 0 {
		t.Fatalf("generated article has problems: %+v", d.Problems[0])
	}
	if len(d.Marks) < 150 {
		t.Fatalf("only %d marks in 20 KiB", len(d.Marks))
	}
}
