package fidelity

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpBenchPair writes the measurement pairs to $BLUEPENCIL_DUMP, one
// folder each holding orig.txt and article.bp.md (whose front matter names
// orig.txt) plus the article's body alone as article.txt, to time
// `bluepencil check` and other tools (git diff --word-diff) on the same
// input, and noorig.bp.md, the article without `original:`, to time what
// check does besides the fidelity check. Besides the 1 MiB and 10 MiB pairs
// of the measurements, it writes 4 MiB ones.
func TestDumpBenchPair(t *testing.T) {
	dir := os.Getenv("BLUEPENCIL_DUMP")
	if dir == "" {
		t.Skip("set BLUEPENCIL_DUMP to a folder to write the measurement pairs")
	}
	all := pairs()
	toks := bigOriginal(1, 4<<20)
	orig := []byte(render(toks))
	all["4MiBSparse"] = measurePair{orig, []byte(withSilentEdits(toks, 4<<10))}
	all["4MiBQuarter"] = measurePair{orig, []byte(withReplacedShare(toks, 2, 0.25))}
	for name, p := range all {
		sub := filepath.Join(dir, name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{
			"orig.txt":      p.orig,
			"article.txt":   p.article,
			"article.bp.md": append([]byte("---\ntitle: T\noriginal: orig.txt\n---\n\n"), p.article...),
			"noorig.bp.md":  append([]byte("---\ntitle: T\n---\n\n"), p.article...),
		}
		for f, data := range files {
			if err := os.WriteFile(filepath.Join(sub, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
