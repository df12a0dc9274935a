package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// BenchmarkAnalyzePair analyses the article of a pair dumped by
// internal/fidelity's TestDumpBenchPair (BLUEPENCIL_PAIR names its folder)
// against its original, beside its floors: parsing alone, and parsing and
// the rules (the analysis without an original).
func BenchmarkAnalyzePair(b *testing.B) {
	dir := os.Getenv("BLUEPENCIL_PAIR")
	if dir == "" {
		b.Skip("set BLUEPENCIL_PAIR to a folder holding article.bp.md and orig.txt")
	}
	src, err := os.ReadFile(filepath.Join(dir, "article.bp.md"))
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Src: src, Path: filepath.Join(dir, "article.bp.md"), Root: dir}
	source := &DiskSource{}
	b.Run("analyze", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for i := 0; i < b.N; i++ {
			Analyze(in, Options{}, source)
		}
	})
	b.Run("floor=parse+rules", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for i := 0; i < b.N; i++ {
			rules.Check(markup.Parse(src), rules.Options{})
		}
	})
	b.Run("floor=parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for i := 0; i < b.N; i++ {
			markup.Parse(src)
		}
	})
}

// BenchmarkKeystroke1MiB is what a keystroke in the middle of a 1 MiB
// marked article with an original costs the editor's analysis: Update from
// the previous version, beside a full Analyze of the same text and the
// floor every analysis pays, parsing and the rules.
func BenchmarkKeystroke1MiB(b *testing.B) {
	dir := b.TempDir()
	body := sample.Article(1 << 20)
	if err := os.WriteFile(filepath.Join(dir, "orig.txt"), view.Build(markup.Parse(body), view.Original, view.Options{}).Text, 0o644); err != nil {
		b.Fatal(err)
	}
	in := Input{Src: append([]byte("---\noriginal: orig.txt\n---\n"), body...), Path: filepath.Join(dir, "a.bp.md"), Root: dir}
	src, opts := &DiskSource{}, Options{Fixes: true}
	prev := Analyze(in, opts, src)
	if prev.Fidelity == nil {
		b.Fatal("no comparison")
	}
	// Typing "a" then deleting it, in the middle of a line of words.
	at := len(in.Src) / 2
	for in.Src[at] != ' ' {
		at++
	}
	typed := append(append(append([]byte(nil), in.Src[:at]...), 'a'), in.Src[at:]...)
	steps := []struct {
		src  []byte
		edit span.Edit
	}{{typed, span.Insert(at, "a")}, {in.Src, span.Replace(span.Span{Start: at, End: at + 1}, "")}}
	b.Run("update", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			s := steps[i%2]
			next := in
			next.Src = s.src
			prev = Update(prev, next, []span.Edit{s.edit}, opts, src)
		}
	})
	b.Run("analyze", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			next := in
			next.Src = steps[i%2].src
			Analyze(next, opts, src)
		}
	})
	b.Run("floor=parse+rules", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			rules.Check(markup.Parse(steps[i%2].src), rules.Options{})
		}
	})
}
