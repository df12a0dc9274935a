//go:build unix

package check

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/bluepencil/bluepencil/internal/archive"
)

// TestWalk: a folder is read only inside it, file by file in name order;
// anything that is not a regular file of a sane size is refused with a
// message saying why, without blocking, and the walk goes on.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	t.Chdir(dir)
	mk := func(name, text string) {
		p := filepath.Join("ws", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("a.bp.md", "a")
	mk("sub/b.bp.md", "b")
	mk("notes.md", "not an article")
	mk(".hidden/c.bp.md", "hidden")
	mk("node_modules/d.bp.md", "dependency")
	os.WriteFile(filepath.Join(outside, "secret.bp.md"), []byte("secret"), 0o644)
	must(t, syscall.Mkfifo("ws/fifo.bp.md", 0o644))
	must(t, os.Symlink("/dev/zero", "ws/zero.bp.md"))
	must(t, os.Symlink(filepath.Join(outside, "secret.bp.md"), "ws/out.bp.md"))
	must(t, os.Symlink("sub/b.bp.md", "ws/rel.bp.md"))
	must(t, os.Symlink(filepath.Join(dir, "ws", "a.bp.md"), "ws/abs.bp.md"))
	must(t, os.Symlink("nowhere", "ws/dangling.bp.md"))
	big, _ := os.Create("ws/big.bp.md")
	big.Truncate(archive.MaxArticleSize + 1) // sparse: costs no disk
	big.Close()

	got := walkAll(t, "ws", "ws/fifo.bp.md", "ws/zero.bp.md", "ws/out.bp.md", "missing.bp.md", "ws/notes.md")
	want := []string{
		"ws/a.bp.md = a",
		"ws/abs.bp.md = a", // an absolute link that stays inside is followed
		"ws/big.bp.md ! ws/big.bp.md: is over 16 MiB; bluepencil reads files up to 16 MiB",
		"ws/dangling.bp.md ! ws/dangling.bp.md: no such file or directory",
		"ws/fifo.bp.md ! ws/fifo.bp.md: is a named pipe (FIFO), not a regular file",
		"ws/out.bp.md ! ws/out.bp.md: is a symbolic link that leads outside the folder being checked",
		"ws/rel.bp.md = b",
		"ws/sub/b.bp.md = b",
		"ws/zero.bp.md ! ws/zero.bp.md: is a symbolic link that leads outside the folder being checked",
		// Named on the command line: links are followed, but only to
		// regular files.
		"ws/fifo.bp.md ! ws/fifo.bp.md: is a named pipe (FIFO), not a regular file",
		"ws/zero.bp.md ! ws/zero.bp.md: is a character device, not a regular file",
		"ws/out.bp.md = secret",
		"missing.bp.md ! missing.bp.md: no such file or directory",
		"ws/notes.md = not an article",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d visits, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("visit %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}
