package fidelity

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
)

// bigOriginal returns a random original of at least size bytes.
func bigOriginal(seed int64, size int) []gtok {
	rng := rand.New(rand.NewSource(seed))
	var toks []gtok
	n := 0
	for n < size {
		more := genOriginal(rng, 50)
		for i := range more {
			n += len(more[i].sep) + len(more[i].text)
		}
		if len(toks) > 0 && more[0].sep == "" {
			more[0].sep = "\n\n"
		}
		toks = append(toks, more...)
	}
	return toks
}

// withSilentEdits replaces, inserts or removes edits words spread evenly.
func withSilentEdits(toks []gtok, edits int) string {
	var b strings.Builder
	step := len(toks) / edits
	for i, t := range toks {
		if i%step == step/2 && t.word {
			switch (i / step) % 3 {
			case 0:
				b.WriteString(t.sep + "replacement")
			case 1:
				b.WriteString(t.sep + "intruder " + t.text)
			case 2:
				b.WriteString(t.sep)
			}
			continue
		}
		b.WriteString(t.sep)
		b.WriteString(t.text)
	}
	return b.String()
}

// edits1000 is the pair of BenchmarkCheck1MiB1000Edits: a 1 MiB original
// and an article with 1,000 silent edits spread evenly.
func edits1000() (orig, article []byte) {
	toks := bigOriginal(1, 1<<20)
	return []byte(render(toks)), []byte(withSilentEdits(toks, 1000))
}

// BenchmarkCheck1MiB1000Edits is the whole check, the original prepared
// on the way, fixes included; its MB/s are the article's bytes. Its floors
// are BenchmarkFloorRead1MiB1000Edits (both texts read once) and
// BenchmarkFloorTokenize1MiB1000Edits (both texts tokenized).
func BenchmarkCheck1MiB1000Edits(b *testing.B) {
	orig, article := edits1000()
	d := markup.Parse(article)
	b.SetBytes(int64(len(article)))
	b.ResetTimer()
	var r Result
	for i := 0; i < b.N; i++ {
		r = Check(d, orig, span.Span{}, Options{})
	}
	b.StopTimer()
	if r.TooDifferent || len(r.Diagnostics) < 600 {
		b.Fatalf("too different %v, %d diagnostics", r.TooDifferent, len(r.Diagnostics))
	}
}

// BenchmarkCheckPrepared1MiB1000Edits is the check against an original
// prepared once, as the language server keeps it.
func BenchmarkCheckPrepared1MiB1000Edits(b *testing.B) {
	orig, article := edits1000()
	d := markup.Parse(article)
	o := Prepare(orig)
	b.SetBytes(int64(len(article)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		CheckPrepared(d, o, span.Span{}, Options{})
	}
}

// BenchmarkPrepare1MiB prepares the original of BenchmarkCheck1MiB1000Edits.
func BenchmarkPrepare1MiB(b *testing.B) {
	orig, _ := edits1000()
	b.SetBytes(int64(len(orig)))
	for b.Loop() {
		Prepare(orig)
	}
}

func BenchmarkFloorRead1MiB1000Edits(b *testing.B) {
	orig, article := edits1000()
	benchFloorRead(b, orig, article)
}

func BenchmarkFloorTokenize1MiB1000Edits(b *testing.B) {
	orig, article := edits1000()
	benchFloorTokenize(b, orig, article)
}

// benchFloorRead reads both texts once, counting their line ends: the
// least anything that compares them does.
func benchFloorRead(b *testing.B, orig, article []byte) {
	b.SetBytes(int64(len(article)))
	n := 0
	for b.Loop() {
		n = bytes.Count(orig, []byte{'\n'}) + bytes.Count(article, []byte{'\n'})
	}
	if n == 0 {
		b.Fatal("no lines")
	}
}

// benchFloorTokenize tokenizes both texts: the least any word-by-word
// comparison does.
func benchFloorTokenize(b *testing.B, orig, article []byte) {
	b.SetBytes(int64(len(article)))
	n := 0
	for b.Loop() {
		n = len(Tokenize(orig)) + len(Tokenize(article))
	}
	if n == 0 {
		b.Fatal("no tokens")
	}
}

func BenchmarkCheck1MiBUnrelated(b *testing.B) {
	orig := []byte(render(bigOriginal(1, 1<<20)))
	article := []byte(render(bigOriginal(2, 1<<20)))
	d := markup.Parse(article)
	b.SetBytes(int64(len(orig)))
	b.ResetTimer()
	var r Result
	for i := 0; i < b.N; i++ {
		r = Check(d, orig, span.Span{}, Options{})
	}
	b.StopTimer()
	if !r.TooDifferent || len(codes(r, CodeOriginalTooDifferent)) != 1 || len(codes(r, CodeUnmarkedChange)) == 0 {
		b.Fatalf("too different %v, %d diagnostics", r.TooDifferent, len(r.Diagnostics))
	}
}

// withMarkedEdits marks edits changes spread evenly, and injects silent
// silent edits among them.
func withMarkedEdits(toks []gtok, edits, silentEdits int) string {
	var b strings.Builder
	step := len(toks) / edits
	sstep := len(toks) / max(silentEdits, 1)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case silentEdits > 0 && i%sstep == sstep/3 && t.word:
			b.WriteString(t.sep + "intruder " + t.text)
			continue
		case i%step == step/2 && t.word && i+1 < len(toks) && toks[i+1].word:
			switch (i / step) % 4 {
			case 0:
				b.WriteString(t.sep + "{--" + t.text + toks[i+1].sep + toks[i+1].text + "--}")
				i++
			case 1:
				b.WriteString(t.sep + "{~~" + t.text + "~>zebra~~}")
			case 2:
				b.WriteString(t.sep + "{++added words++} " + t.text)
			case 3:
				b.WriteString(t.sep + t.text + "{>>a note<<}")
			}
			continue
		}
		b.WriteString(t.sep)
		b.WriteString(t.text)
	}
	return b.String()
}

func BenchmarkCheck1MiB1000MarkedEdits(b *testing.B) {
	toks := bigOriginal(1, 1<<20)
	orig := []byte(render(toks))
	article := []byte(withMarkedEdits(toks, 1000, 100))
	d := markup.Parse(article)
	b.SetBytes(int64(len(orig)))
	b.ResetTimer()
	var r Result
	for i := 0; i < b.N; i++ {
		r = Check(d, orig, span.Span{}, Options{})
	}
	b.StopTimer()
	if r.TooDifferent || len(r.Diagnostics) < 80 || len(r.Diagnostics) > 100 {
		b.Fatalf("too different %v, %d diagnostics", r.TooDifferent, len(r.Diagnostics))
	}
}

func BenchmarkTokenize1MiB(b *testing.B) {
	text := []byte(render(bigOriginal(1, 1<<20)))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokenize(text)
	}
}

func BenchmarkDiffTokens1000Edits(b *testing.B) {
	toks := bigOriginal(1, 1<<20)
	orig := []byte(render(toks))
	article := []byte(withSilentEdits(toks, 1000))
	ids := map[string]uint32{}
	seq := func(text []byte) []uint32 {
		var out []uint32
		for _, t := range Tokenize(text) {
			x, ok := ids[string(text[t.Start:t.End])]
			if !ok {
				x = uint32(len(ids))
				ids[string(text[t.Start:t.End])] = x
			}
			out = append(out, x)
		}
		return out
	}
	a, c := seq(orig), seq(article)
	b.SetBytes(int64(len(orig)))
	for b.Loop() {
		tokdiff.Diff(a, c)
	}
}
