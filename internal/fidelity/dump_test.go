package fidelity

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpBenchPair writes the benchmark's 1 MiB pair to $BLUEPENCIL_DUMP,
// to time other tools (git diff --word-diff) on the same input.
func TestDumpBenchPair(t *testing.T) {
	dir := os.Getenv("BLUEPENCIL_DUMP")
	if dir == "" {
		t.Skip("set BLUEPENCIL_DUMP to a folder to write the benchmark pair")
	}
	toks := bigOriginal(1, 1<<20)
	os.WriteFile(filepath.Join(dir, "original.txt"), []byte(render(toks)), 0o644)
	os.WriteFile(filepath.Join(dir, "article.txt"), []byte(withSilentEdits(toks, 1000)), 0o644)
}
