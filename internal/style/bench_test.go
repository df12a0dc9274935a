package style

import (
	"bytes"
	"fmt"
	"math/rand/v2"
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
	benchBeside(b, proseArticle(b, 1<<20), true)
}

// benchBeside runs the style pass on src beside its yardsticks: parse,
// parse and rules, and the IndexByte floor.
func benchBeside(b *testing.B, src []byte, allocs bool) {
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
		if allocs {
			b.ReportAllocs()
		}
		var n int
		for b.Loop() {
			n = len(Check(d, Options{}))
		}
		b.ReportMetric(float64(n), "findings")
	})
	b.Run("Floor=IndexByte", func(b *testing.B) {
		benchIndexByte(b, src)
	})
}

// benchIndexByte is the floor of any pass over src: finding every line
// break with bytes.IndexByte, which reads 32 bytes an instruction.
func benchIndexByte(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	n := 0
	for b.Loop() {
		n = 0
		for rest := src; ; n++ {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				break
			}
			rest = rest[i+1:]
		}
	}
	if n == 0 {
		b.Fatal("no line breaks")
	}
}

// BenchmarkWireWords runs the pass on the prose of the speed probes
// (e2e/hostile: short sentences of common words, where about one word in
// seven, "of", "in", "is", starts some phrase of the lexicon) with a
// marked edit every 1,000 bytes, beside parse, parse and rules, and the
// IndexByte floor: the pass's share of check on the pair the probes time
// against git.
func BenchmarkWireWords(b *testing.B) {
	benchBeside(b, wireArticle(1<<20), false)
}

// wireWords are the common words the speed probes' prose is made of.
var wireWords = strings.Fields(`the of and to in is was for on that with as by at from it be were are this
	have had not but or an which their they been has its more one would there people council report over
	no these so most some said window house street back know like flood mayor good day any year work water`)

// wireArticle is size bytes of short sentences of wireWords, paragraphs
// of a few, with a substitution every 1,000 bytes or so.
func wireArticle(size int) []byte {
	r := rand.New(rand.NewPCG(9, 1))
	out := []byte("---\ntitle: Wire\n---\n\n")
	next := 1000
	for len(out) < size {
		for s := 2 + r.IntN(4); s > 0; s-- {
			n := 5 + r.IntN(10)
			for w := range n {
				word := wireWords[r.IntN(len(wireWords))]
				if len(out) > next {
					word = "{~~" + word + "~>new" + word + "~~}"
					next += 1000
				}
				out = append(out, word...)
				if w < n-1 {
					out = append(out, ' ')
				}
			}
			out = append(out, ". "...)
		}
		out = append(out[:len(out)-1], "\n\n"...)
	}
	return out
}

// BenchmarkCompileLexicon is what the first style pass of a process pays
// to compile the built-in lexicon, beside its floor: building the entries
// it compiles (lexicon_gen.go) alone.
func BenchmarkCompileLexicon(b *testing.B) {
	b.Run("Compile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			compile(generatedEntries())
		}
	})
	b.Run("Floor=Entries", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			generatedEntries()
		}
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
	one, _, _ := readEval(tb, "tuned.txt")
	var out []byte
	for len(out) < size {
		out = append(out, one...)
		out = append(out, "\n\n"...)
	}
	return out
}
