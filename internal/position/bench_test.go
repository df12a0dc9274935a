package position

import (
	"bytes"
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

// textEdits returns n edits of the kind a didChange with many changes
// carries: short insertions and deletions at random lines and columns of
// a text of about lines lines (clamped where they fall past a line's end).
func textEdits(n, lines int) ([]Range, []string) {
	rng := rand.New(rand.NewPCG(5, 6))
	ins := []string{"a", "the ", "é", "😀", "\n", "{++x++}", ""}
	rs, ss := make([]Range, n), make([]string, n)
	for i := range rs {
		p := Position{rng.IntN(lines), rng.IntN(80)}
		q := p
		if rng.IntN(3) == 0 {
			q.Character += rng.IntN(6)
		}
		rs[i], ss[i] = Range{p, q}, ins[rng.IntN(len(ins))]
	}
	return rs, ss
}

// BenchmarkTextEdits applies 5,000 edits to 1 MiB and returns the text,
// what a server does with one didChange of 5,000 changes. Beside it: the
// floor, building the Text and copying the text out with no edit at all
// (what any didChange costs); and the old way, a Mapper rebuilt for every
// edit, on 50 edits (5,000 take seconds), reported per edit like the others
// so that ns/edit compares directly.
func BenchmarkTextEdits(b *testing.B) {
	src := benchText(false)
	lines := New(src).LineCount()
	const n = 5000
	rs, ss := textEdits(n, lines)
	b.Run("Text", func(b *testing.B) {
		for b.Loop() {
			t := NewText(src)
			for i := range rs {
				t.Replace(rs[i], UTF16, ss[i])
			}
			_ = t.Bytes()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/edit")
	})
	b.Run("floor", func(b *testing.B) {
		for b.Loop() {
			_ = NewText(src).Bytes()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/edit")
	})
	b.Run("MapperPerEdit50", func(b *testing.B) {
		const k = 50
		for b.Loop() {
			text := src
			for i := range k {
				start, end := New(text).OffsetRange(rs[i], UTF16)
				next := make([]byte, 0, len(text)-(end-start)+len(ss[i]))
				next = append(append(append(next, text[:start]...), ss[i]...), text[end:]...)
				text = next
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/k, "ns/edit")
	})
}

// BenchmarkLines is what `check` does for one file's text output: 50
// positions spread over the text, in order. Its floor is
// BenchmarkLinesFloor, counting the text's line breaks once; BenchmarkNew
// is what it did before, building a Mapper's line table.
func BenchmarkLines(b *testing.B) {
	src := benchText(false)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		l := NewLines(src)
		for i := range 50 {
			l.LineCol(i * len(src) / 50)
		}
	}
}

func BenchmarkLinesFloor(b *testing.B) {
	src := benchText(false)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		bytes.Count(src, []byte{'\n'})
	}
}
