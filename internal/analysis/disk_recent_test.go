package analysis

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskSourceKeepsRecent: an original larger than the bound is kept
// while it is the last one read, so that articles naming it one after the
// other share one read; reading another drops it.
func TestDiskSourceKeepsRecent(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "big.txt", strings.Repeat("big ", 100))
	write(t, dir, "small.txt", "small")
	src := &DiskSource{MaxBytes: 100}
	art := filepath.Join(dir, "x.bp.md")
	big, _ := src.Original(art, "big.txt", dir)
	if again, _ := src.Original(art, "big.txt", dir); again != big {
		t.Error("an original over the bound was read again at once")
	}
	small, _ := src.Original(art, "small.txt", dir)
	if len(src.byKey) != 1 || src.bytes != small.Bytes() {
		t.Errorf("after a small original the cache holds %d originals, %d bytes", len(src.byKey), src.bytes)
	}
	if again, _ := src.Original(art, "big.txt", dir); again == big {
		t.Error("the large original was kept past the bound")
	}
}
