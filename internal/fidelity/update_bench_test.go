package fidelity

import (
	"bytes"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// keystrokePair returns a marked article of about size bytes against its
// original, and the two documents of an edit typed in its middle: without
// and with a letter added to a word, and the edit that turns one into the
// other.
func keystrokePair(size int) (*Original, *markup.Document, *markup.Document, span.Edit) {
	toks := bigOriginal(1, size)
	orig := []byte(render(toks))
	text := []byte(withMarkedEdits(toks, size/1024, size/10240))
	at := len(text) / 2
	for text[at] == ' ' || text[at] == '\n' || text[at-1] == ' ' || text[at-1] == '\n' {
		at++
	}
	typed := bytes.Join([][]byte{text[:at], []byte("x"), text[at:]}, nil)
	return Prepare(orig), markup.Parse(text), markup.Parse(typed), span.Insert(at, "x")
}

// benchKeystroke types a letter into the middle of a word and takes it
// back, updating the Result each time: each op is one update.
func benchKeystroke(b *testing.B, size int) {
	o, d0, d1, typed := keystrokePair(size)
	undo := span.Delete(span.Span{Start: typed.Span.Start, End: typed.Span.Start + 1})
	r := CheckPrepared(d0, o, span.Span{}, Options{})
	if _, ok := r.update(d1, o, typed, span.Span{}, Options{}); !ok {
		b.Fatal("the keystroke is not updated in place")
	}
	b.SetBytes(int64(len(d0.Src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			r = r.Update(d1, o, typed, span.Span{}, Options{})
		} else {
			r = r.Update(d0, o, undo, span.Span{}, Options{})
		}
	}
}

// benchFull is the full check of the article benchKeystroke types into.
func benchFull(b *testing.B, size int) {
	o, d0, _, _ := keystrokePair(size)
	b.SetBytes(int64(len(d0.Src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		CheckPrepared(d0, o, span.Span{}, Options{})
	}
}

func BenchmarkKeystroke1MiB(b *testing.B)          { benchKeystroke(b, 1<<20) }
func BenchmarkKeystrokeFullCheck1MiB(b *testing.B) { benchFull(b, 1<<20) }
func BenchmarkKeystroke10MiB(b *testing.B)         { benchKeystroke(b, 10<<20) }
func BenchmarkKeystrokeFullCheck10MiB(b *testing.B) {
	benchFull(b, 10<<20)
}
