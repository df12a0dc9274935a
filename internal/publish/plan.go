package publish

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/bluepencil/bluepencil/internal/check"
)

// IndexName is the index page's name in the output folder.
const IndexName = "index.html"

// Arg is a PATH of the command line: a file or a folder of articles.
type Arg struct {
	Path string
	Dir  bool
}

// Plan names the files of a folder of pages, and finds the names that
// would collide. The zero Plan is not usable; see NewPlan.
type Plan struct {
	base      string            // absolute and clean
	pages     map[string]string // folded output name → the article's absolute path
	originals map[string]string // folded output name → the original's resolved path
}

// NewPlan plans the pages of the articles under args: their names are
// relative to the deepest folder that holds every arg (a folder arg
// itself, a file arg's folder).
func NewPlan(args []Arg) (*Plan, error) {
	if len(args) == 0 {
		return nil, errors.New("no path to render")
	}
	var base string
	for i, a := range args {
		abs, err := filepath.Abs(a.Path)
		if err != nil {
			return nil, err
		}
		if !a.Dir {
			abs = filepath.Dir(abs)
		}
		if i == 0 {
			base = abs
			continue
		}
		if base, err = common(base, abs); err != nil {
			return nil, err
		}
	}
	return &Plan{base: base, pages: map[string]string{}, originals: map[string]string{}}, nil
}

// common returns the deepest folder holding both a and b, absolute and
// clean.
func common(a, b string) (string, error) {
	for !inside(a, b) {
		up := filepath.Dir(a)
		if up == a {
			return "", fmt.Errorf("%s and %s have no folder in common", a, b)
		}
		a = up
	}
	return a, nil
}

// inside reports whether p is root or lies in it, by their names.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && filepath.IsLocal(rel) || rel == "."
}

// ErrSame is returned by Page for an article already planned: named
// twice on the command line, or as a file and within a folder.
var ErrSame = errors.New("named more than once")

// Page returns the slash-separated name, in the output folder, of the
// page of the article at article (as walked), or why it cannot have one.
func (p *Plan) Page(article string) (string, error) {
	abs, err := filepath.Abs(article)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(p.base, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("lies outside %s, the folder the pages are named from", p.base)
	}
	name := filepath.ToSlash(rel)
	if stem, ok := strings.CutSuffix(name, check.Ext); ok && stem != "" && !strings.HasSuffix(stem, "/") {
		name = stem + ".html"
	} else {
		name += ".html"
	}
	key := fold(name)
	if key == fold(IndexName) {
		return "", fmt.Errorf("its page would be %s, the index page; rename it or render from the folder above", IndexName)
	}
	if prev, ok := p.pages[key]; ok {
		if prev == abs {
			return "", ErrSame
		}
		return "", fmt.Errorf("its page %s would overwrite the page of %s", name, prev)
	}
	p.pages[key] = abs
	return name, nil
}

// Original returns the slash-separated name, in the output folder, of the
// copy of the original at real (its resolved path) beside the page named
// page, and whether it is still to be copied (false when an article before
// already copied it there), or why it cannot be copied.
func (p *Plan) Original(page, real string) (name string, copy bool, err error) {
	base := filepath.Base(real)
	if !strings.HasSuffix(strings.ToLower(base), ".txt") {
		base += ".txt"
	}
	name = path.Join(path.Dir(page), base)
	key := fold(name)
	if prev, ok := p.originals[key]; ok {
		if prev == real {
			return name, false, nil
		}
		return "", false, fmt.Errorf("its original would be copied as %s, over the copy of %s", name, prev)
	}
	p.originals[key] = real
	return name, true, nil
}

// fold is the name as a file system that ignores case sees it.
func fold(name string) string { return strings.ToLower(name) }
