package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/bluepencil/bluepencil/internal/archive"
)

// TestCheckFloorFor: the heap floor grows with the largest regular file
// named, never past what the largest article allows, and a folder, a
// missing path or a named pipe (stat only: it must not block) keep the
// default.
func TestCheckFloorFor(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.bp.md")
	if err := os.WriteFile(small, []byte("Short.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.bp.md")
	sparse := filepath.Join(dir, "sparse.bp.md")
	for name, size := range map[string]int64{big: 4 << 20, sparse: 1 << 30} {
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	fifo := filepath.Join(dir, "fifo.bp.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		want  uint64
	}{
		{"folder", []string{dir}, checkHeapFloor},
		{"small file", []string{small}, checkHeapFloor},
		{"missing", []string{filepath.Join(dir, "none.bp.md")}, checkHeapFloor},
		{"fifo", []string{fifo}, checkHeapFloor},
		{"4 MiB", []string{small, big, dir}, 12 * 4 << 20},
		{"past the limit", []string{sparse}, 12 * archive.MaxArticleSize},
	} {
		if got := checkFloorFor(tc.paths); got != tc.want {
			t.Errorf("%s: floor %d MiB, want %d MiB", tc.name, got>>20, tc.want>>20)
		}
	}
}
