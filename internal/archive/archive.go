// Package archive reads the archived original an article names in its
// front matter ("original: path"), and refuses what it must not read: a
// path that leaves the folder the caller trusts (the workspace in the
// editor, the article's own folder tree for the command line), a file that
// does not exist, or one too large to be an article.
//
// It is the only place that touches the file system for the fidelity
// check, so the check itself stays a pure function of bytes. Its reader
// (ReadFile, ReadFileIn) is also the one every command reads articles
// with: regular files only, opened without blocking, bounded while read.
package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// MaxSize is the largest original read: far above any news article, low
// enough that a mistaken path to a video or a database is refused at once.
const MaxSize = 16 << 20

// The codes of the problems Load reports.
const (
	CodeNotFound         = "original-not-found"
	CodeOutsideWorkspace = "original-outside-workspace"
	CodeTooLarge         = "original-too-large"
)

// Problem explains why an original could not be read.
type Problem struct {
	Code    string
	Message string
}

func (p *Problem) Error() string { return p.Message }

// Resolve returns the absolute, symlink-free path of the original named rel
// by the article at articlePath, provided it lies inside root. It names the
// original (for caches and links); only Load reads it, and Load never
// reads outside root even when the tree changes after Resolve looked.
func Resolve(articlePath, rel, root string) (string, *Problem) {
	if filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q must be a path relative to the article", rel)}
	}
	p := filepath.Join(filepath.Dir(articlePath), filepath.FromSlash(rel))
	realRoot := realRootOf(root)
	// Check the path as written first, so that "../../etc/passwd" is called
	// outside the workspace even when it does not exist.
	if abs, err := filepath.Abs(p); err == nil && !Inside(realRoot, abs) {
		if !Inside(filepath.Clean(root), abs) {
			return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q lies outside %q; bluepencil reads originals only inside it", rel, root)}
		}
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &Problem{CodeNotFound, fmt.Sprintf("original %q not found (looked for %q)", rel, p)}
		}
		return "", &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, cause(err))}
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	if !Inside(realRoot, real) {
		// A symbolic link that leads out of the workspace counts as outside.
		return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q leads outside %q (to %q); bluepencil reads originals only inside it", rel, root, real)}
	}
	return real, nil
}

// realRoots holds RealPath of the workspace folders originals are read
// beneath, resolved once a process: an editor resolved its folder's
// symbolic links, a look at every folder above it, on every keystroke of
// an article with an original. A folder swapped for a link meanwhile
// leads no read out of the folder first resolved: Load opens beneath it
// with os.Root.
var realRoots struct {
	sync.Mutex
	m map[string]string
}

// realRootOf returns RealPath(root), resolved once when root is absolute
// (a relative one names another folder in another working directory).
func realRootOf(root string) string {
	if !filepath.IsAbs(root) {
		return RealPath(root)
	}
	realRoots.Lock()
	real, ok := realRoots.m[root]
	realRoots.Unlock()
	if ok {
		return real
	}
	real = RealPath(root)
	realRoots.Lock()
	if realRoots.m == nil || len(realRoots.m) >= 64 {
		realRoots.m = make(map[string]string) // a handful of folders a process; bounded all the same
	}
	realRoots.m[root] = real
	realRoots.Unlock()
	return real
}

// RealPath returns root made absolute and free of symbolic links, or as
// clean as it can be when it cannot be resolved.
func RealPath(root string) string {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = filepath.Clean(root)
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	return real
}

// Inside reports whether p lies in the folder root, both absolute and
// clean; it looks at the names only.
func Inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Load reads the original named rel by the article at articlePath, inside
// root, and returns it with the path Resolve gives. The file is opened
// beneath root with os.Root, which refuses any step out of it while
// opening: a folder swapped for a symbolic link between Resolve's look
// and the read cannot lead the read outside. Only a regular file is read
// (a named pipe would block, a device never end), and at most MaxSize
// bytes of it.
func Load(articlePath, rel, root string) ([]byte, string, *Problem) {
	path, prob := Resolve(articlePath, rel, root)
	if prob != nil {
		return nil, "", prob
	}
	realRoot := realRootOf(root)
	r, err := os.OpenRoot(realRoot)
	if err != nil {
		return nil, path, &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, cause(err))}
	}
	defer r.Close()
	name, err := filepath.Rel(realRoot, path)
	if err != nil {
		return nil, path, &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q lies outside %q; bluepencil reads originals only inside it", rel, root)}
	}
	data, err := ReadFileIn(r, name, MaxSize)
	if err != nil {
		return nil, path, loadProblem(articlePath, rel, root, err)
	}
	return data, path, nil
}

// loadProblem explains why reading the original failed.
func loadProblem(articlePath, rel, root string, err error) *Problem {
	var size sizeError
	var kind kindError
	switch {
	case errors.As(err, &size):
		return &Problem{CodeTooLarge, fmt.Sprintf("original %q %s; bluepencil reads originals up to %d MiB", rel, size.measure(), MaxSize>>20)}
	case errors.As(err, &kind):
		return &Problem{CodeNotFound, fmt.Sprintf("original %q %s", rel, kind.Error())}
	}
	// The tree changed since Resolve looked: say what it looks like now,
	// which is "leads outside" when os.Root refused a step out.
	if _, prob := Resolve(articlePath, rel, root); prob != nil {
		return prob
	}
	return &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, cause(err))}
}

// cause drops the operation and path from a path error, which name the
// system call and a path the message already gives.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
