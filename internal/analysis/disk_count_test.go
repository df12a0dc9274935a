package analysis

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestDiskSourceCountBound: with MaxOriginals the cache keeps that many
// originals however small, the least recently used going first, so that
// a run over more articles does not keep more of them.
func TestDiskSourceCountBound(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		write(t, dir, fmt.Sprintf("o%d.txt", i), "Words.\n")
	}
	src := &DiskSource{MaxOriginals: 2}
	art := filepath.Join(dir, "x.bp.md")
	o0, _ := src.Original(art, "o0.txt", dir)
	for i := 1; i < 5; i++ {
		src.Original(art, fmt.Sprintf("o%d.txt", i), dir)
		if len(src.byKey) > 2 {
			t.Fatalf("after %d originals the cache holds %d", i+1, len(src.byKey))
		}
	}
	if again, _ := src.Original(art, "o0.txt", dir); again == o0 {
		t.Error("o0 was kept past the bound")
	}
	o4, _ := src.Original(art, "o4.txt", dir)
	if again, _ := src.Original(art, "o4.txt", dir); again != o4 {
		t.Error("the most recent original was dropped")
	}
}
