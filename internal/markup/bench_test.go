package markup_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Article generates an article of about size bytes with one mark per ~100
// bytes, cycling through every kind, in paragraphs of about 600 bytes. It is
// deterministic so that benchmark runs compare.
func Article(size int) []byte {
	words := []string{"council", "river", "the", "storm", "harbour", "said", "on", "Tuesday", "residents",
		"of", "a", "new", "bridge", "plan", "mayor", "and", "water", "levels", "rose", "officials"}
	marks := []string{"{--sweeping--}", "{++provincial++}", "{~~vowed~>said~~}", "{>>check the wire copy<<}",
		"{==the mayor said==}{>>quote<<}", "[...]"}
	var b bytes.Buffer
	b.WriteString("---\ntitle: Harbour council approves bridge plan\noutlet: The Valley Courier\npublished: 2026-03-14\n---\n\n")
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	sinceMark, sincePara, k := 0, 0, 0
	for b.Len() < size {
		w := words[next()%uint32(len(words))]
		b.WriteString(w)
		sinceMark += len(w) + 1
		sincePara += len(w) + 1
		switch {
		case sinceMark >= 100:
			b.WriteByte(' ')
			b.WriteString(marks[k%len(marks)])
			k++
			sinceMark = 0
			b.WriteByte(' ')
		case sincePara >= 600:
			b.WriteString(".\n\n")
			sincePara = 0
		default:
			b.WriteByte(' ')
		}
	}
	return b.Bytes()
}

var sizes = []int{20 << 10, 1 << 20}

// BenchmarkParseAndRules measures what the server does on every keystroke:
// parse the whole article and run every rule.
func BenchmarkParseAndRules(b *testing.B) {
	for _, size := range sizes {
		src := Article(size)
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
		src := Article(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				markup.Parse(src)
			}
		})
	}
}

// BenchmarkIndexByteFloor is the floor to compare with: the cheapest full
// pass over the same bytes, finding every '{' with bytes.IndexByte.
func BenchmarkIndexByteFloor(b *testing.B) {
	for _, size := range sizes {
		src := Article(size)
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
	d := markup.Parse(Article(20 << 10))
	if len(d.Problems) > 0 {
		t.Fatalf("generated article has problems: %+v", d.Problems[0])
	}
	if len(d.Marks) < 150 {
		t.Fatalf("only %d marks in 20 KiB", len(d.Marks))
	}
}
