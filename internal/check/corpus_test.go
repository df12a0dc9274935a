package check

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// writeCorpus writes c under dir: a newsroom's folder of articles.
func writeCorpus(tb testing.TB, dir string, c sample.Corpus) {
	tb.Helper()
	if err := c.Write(dir); err != nil {
		tb.Fatal(err)
	}
}

func corpusFile(tb testing.TB, dir, name string, data []byte) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestWriteCorpus writes a corpus of $BLUEPENCIL_CORPUS_N articles (1,000
// by default) to $BLUEPENCIL_CORPUS, to time `bluepencil check` and other
// tools on it.
func TestWriteCorpus(t *testing.T) {
	dir := os.Getenv("BLUEPENCIL_CORPUS")
	if dir == "" {
		t.Skip("set BLUEPENCIL_CORPUS to a folder to write the measurement corpus")
	}
	n := 1000
	fmt.Sscan(os.Getenv("BLUEPENCIL_CORPUS_N"), &n)
	writeCorpus(t, dir, sample.Corpus{N: n, MinSize: 2 << 10, MaxSize: 20 << 10, Seed: 1})
}
