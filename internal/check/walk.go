package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bluepencil/bluepencil/internal/archive"
)

// Ext is the file name ending of an article.
const Ext = ".bp.md"

// Target is an article to check and the folder its original must lie in:
// the directory the user named, or the article's own folder when the user
// named the file.
type Target struct {
	Path, Root string
}

// Visit receives each article Walk reads, or the error that kept a path
// from being read (then src is nil and t.Root may be empty). An error it
// returns, such as a failed write, stops the walk.
type Visit func(t Target, src []byte, err error) error

// Walk reads the articles named by paths, one at a time, and hands each to
// visit before reading the next, so that memory holds one article however
// many there are. A file is taken as it is, whatever its name, following a
// symbolic link the user named. A folder is searched recursively for
// *.bp.md files, skipping hidden folders and node_modules, in a
// depth-first walk with names sorted in each folder, and read only inside
// it: a symbolic link that leads out of it is refused. Only regular files
// up to archive.MaxArticleSize are read; a named pipe, device or socket is
// refused without blocking. A path, folder or file that cannot be read is
// reported to visit and the walk goes on, so that one typo or one locked
// folder does not hide the diagnostics of every other file.
func Walk(paths []string, visit Visit) error {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			err = visit(Target{Path: p}, nil, plainPathError(err))
		} else if info.IsDir() {
			err = walkFolder(p, visit)
		} else {
			src, rerr := archive.ReadFile(p, archive.MaxArticleSize)
			err = visit(Target{Path: p, Root: filepath.Dir(p)}, src, plainPathError(rerr))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walkFolder walks the folder dir through an os.Root on it, so that no
// change to the tree while it is walked can make it read outside.
func walkFolder(dir string, visit Visit) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return visit(Target{Path: dir}, nil, plainPathError(err))
	}
	defer root.Close()
	t := tree{fsys: rootFS{root.FS(), root}, dir: dir}
	realDir := archive.RealPath(dir)
	t.read = func(name string, d fs.DirEntry) ([]byte, error) {
		if d.Type()&fs.ModeSymlink != 0 {
			var err error
			if name, err = beneath(realDir, t.display(name)); err != nil {
				return nil, err
			}
		}
		return archive.ReadFileIn(root, filepath.FromSlash(name), archive.MaxArticleSize)
	}
	return t.walk(visit)
}

// beneath returns where the symbolic link at path leads, relative to the
// folder realDir (absolute and symlink-free), or an error when it leads
// out of it. os.Root refuses links that leave it, but also every absolute
// link, even one that stays inside; resolving first keeps those working,
// and reading the resolved name through the root keeps the read inside.
func beneath(realDir, path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", err
	}
	if !archive.Inside(realDir, real) {
		return "", fmt.Errorf("is a symbolic link that leads outside the folder being checked (to %q); check reads articles only inside the folder it is given", real)
	}
	return filepath.Rel(realDir, real)
}

// rootFS is root.FS() listing folders with archive.ReadDirIn, which does
// not block on a folder swapped for a named pipe.
type rootFS struct {
	fs.FS
	root *os.Root
}

// ReadDir lists the folder name.
func (r rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return archive.ReadDirIn(r.root, filepath.FromSlash(name))
}

// tree is one folder to walk: fsys holds its files, dir is how the user
// named it (the prefix of every path shown), and read reads an article
// found in it. Tests give it a fake file system.
type tree struct {
	fsys fs.FS
	dir  string
	read func(name string, d fs.DirEntry) ([]byte, error)
}

// display returns the path the user sees for name, a slash-separated path
// inside the tree.
func (t tree) display(name string) string {
	return filepath.Join(t.dir, filepath.FromSlash(name))
}

func (t tree) walk(visit Visit) error {
	return fs.WalkDir(t.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		path := t.display(name)
		if err != nil {
			// A folder that cannot be listed: say so and go on with its
			// siblings (WalkDir skips it when this returns nil).
			return visit(Target{Path: path}, nil, fmt.Errorf("%s: %w", path, cause(err)))
		}
		if d.IsDir() {
			base := d.Name()
			if name != "." && (strings.HasPrefix(base, ".") || base == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, Ext) {
			return nil
		}
		src, err := t.read(name, d)
		if err != nil {
			err = fmt.Errorf("%s: %w", path, cause(err))
		}
		return visit(Target{Path: path, Root: t.dir}, src, err)
	})
}

// plainPathError drops the system call from a path error ("stat x: no such
// file" becomes "x: no such file"): editors need the path and the reason.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// cause drops the operation and path from a path error, for a message
// that names the path itself.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
