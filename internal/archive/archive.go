// Package archive reads the archived original an article names in its
// front matter ("original: path"), and refuses what it must not read: a
// path that leaves the folder the caller trusts (the workspace in the
// editor, the article's own folder tree for the command line), a file that
// does not exist, or one too large to be an article.
//
// It is the only place that touches the file system for the fidelity
// check, so the check itself stays a pure function of bytes.
package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
// by the article at articlePath, provided it lies inside root.
func Resolve(articlePath, rel, root string) (string, *Problem) {
	if filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q must be a path relative to the article", rel)}
	}
	p := filepath.Join(filepath.Dir(articlePath), filepath.FromSlash(rel))
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = filepath.Clean(root)
	}
	if absRoot, err := filepath.Abs(realRoot); err == nil {
		realRoot = absRoot
	}
	// Check the path as written first, so that "../../etc/passwd" is called
	// outside the workspace even when it does not exist.
	if abs, err := filepath.Abs(p); err == nil && !inside(realRoot, abs) {
		if !inside(filepath.Clean(root), abs) {
			return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q lies outside %s; bluepencil reads originals only inside it", rel, root)}
		}
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &Problem{CodeNotFound, fmt.Sprintf("original %q not found (looked for %s)", rel, p)}
		}
		return "", &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, err)}
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	if !inside(realRoot, real) {
		// A symbolic link that leads out of the workspace counts as outside.
		return "", &Problem{CodeOutsideWorkspace, fmt.Sprintf("original %q leads outside %s (to %s); bluepencil reads originals only inside it", rel, root, real)}
	}
	return real, nil
}

func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Load reads the original named rel by the article at articlePath, inside
// root.
func Load(articlePath, rel, root string) ([]byte, string, *Problem) {
	path, prob := Resolve(articlePath, rel, root)
	if prob != nil {
		return nil, "", prob
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, path, &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, err)}
	}
	if info.IsDir() {
		return nil, path, &Problem{CodeNotFound, fmt.Sprintf("original %q is a folder, not a file", rel)}
	}
	if info.Size() > MaxSize {
		return nil, path, &Problem{CodeTooLarge, fmt.Sprintf("original %q is %d MiB; bluepencil reads originals up to %d MiB", rel, info.Size()>>20, MaxSize>>20)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, path, &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, err)}
	}
	defer f.Close()
	// Read at most one byte past the limit: the file may have grown since
	// the Stat.
	buf, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, path, &Problem{CodeNotFound, fmt.Sprintf("original %q cannot be read: %v", rel, err)}
	}
	if len(buf) > MaxSize {
		return nil, path, &Problem{CodeTooLarge, fmt.Sprintf("original %q is over %d MiB", rel, MaxSize>>20)}
	}
	return buf, path, nil
}
