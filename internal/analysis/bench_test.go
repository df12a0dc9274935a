package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
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
