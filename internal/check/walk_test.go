package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// walkAll returns what Walk handed to visit, one line per call: the path and
// either the text read or "!" and the error.
func walkAll(t *testing.T, paths ...string) []string {
	t.Helper()
	var got []string
	done := make(chan error)
	go func() {
		done <- Walk(paths, func(tg Target, src []byte, err error) error {
			if err != nil {
				got = append(got, tg.Path+" ! "+err.Error())
			} else {
				got = append(got, tg.Path+" = "+string(src))
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Walk blocked")
	}
	return got
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// lockedFS is a file system in which one folder cannot be listed, as a
// folder without read permission; running as root (as CI does), chmod
// cannot make one.
type lockedFS struct {
	fstest.MapFS
	locked string
}

func (l lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadDir(name)
}

// TestWalkLockedFolder: a folder that cannot be listed is reported, and
// every article after it is still read.
func TestWalkLockedFolder(t *testing.T) {
	fsys := lockedFS{fstest.MapFS{
		"a.bp.md":          {Data: []byte("a")},
		"locked/b.bp.md":   {Data: []byte("b")},
		"m/deeper/c.bp.md": {Data: []byte("c")},
		"z.bp.md":          {Data: []byte("z")},
	}, "locked"}
	tr := tree{fsys: fsys, dir: "site", read: func(name string, _ fs.DirEntry) ([]byte, error) {
		return fs.ReadFile(fsys, name)
	}}
	var got []string
	err := tr.walk(func(tg Target, src []byte, err error) error {
		got = append(got, fmt.Sprintf("%s %s %v", tg.Path, src, err))
		return nil
	})
	must(t, err)
	want := []string{
		"site/a.bp.md a <nil>",
		"site/locked  site/locked: permission denied",
		"site/m/deeper/c.bp.md c <nil>",
		"site/z.bp.md z <nil>",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWalkLockedFolderOnDisk is TestWalkLockedFolder on a real folder
// without permissions, where the system denies it (not to root).
func TestWalkLockedFolderOnDisk(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range []string{"site/a.bp.md", "site/locked/b.bp.md", "site/z.bp.md"} {
		os.MkdirAll(filepath.Dir(f), 0o755)
		os.WriteFile(f, []byte("x"), 0o644)
	}
	must(t, os.Chmod("site/locked", 0))
	defer os.Chmod("site/locked", 0o755)
	if _, err := os.ReadDir("site/locked"); err == nil {
		t.Skip("this user can read a folder without permissions (root); TestWalkLockedFolder covers it")
	}
	got := strings.Join(walkAll(t, "site"), "\n")
	want := "site/a.bp.md = x\nsite/locked ! site/locked: permission denied\nsite/z.bp.md = x"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWalkStops: an error from visit (a failed write) ends the walk.
func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.bp.md", "b.bp.md"} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	stop := errors.New("stop")
	n := 0
	err := Walk([]string{dir, dir}, func(Target, []byte, error) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Walk returned %v after %d visits, want stop after 1", err, n)
	}
}
