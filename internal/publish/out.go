package publish

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/check"
	"github.com/bluepencil/bluepencil/internal/config"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/render"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Options say how the pages are rendered: Render holds the options every
// page shares (view, id prefix, stylesheet); the publisher, elision and
// original's link come from each article's settings file and front
// matter. Elision, when set, goes over the settings file's.
type Options struct {
	Render  render.Options
	Elision string
}

// Report receives each problem met, one line's worth: an article that
// could not be read or rendered (failed), or a note that changes nothing
// in what is written (a settings file's problem, an original that is
// not published beside its page).
type Report func(err error, failed bool)

// Page writes the page of the article at file, read as check reads a
// file named on the command line, to w: the original is linked, by the
// path its front matter gives, when it exists in the article's folder or
// below. An error is returned when the article cannot be read or
// rendered.
func Page(w io.Writer, file string, o Options, report Report) error {
	src, err := archive.ReadFile(file, archive.MaxArticleSize)
	if err != nil {
		return err
	}
	d := markup.Parse(src)
	ro := NewSettings(report).options(file, o)
	if fm := frontMatter(d); fm != nil && fm.Original != "" {
		if _, prob := archive.Resolve(file, fm.Original, filepath.Dir(file)); prob == nil {
			ro.OriginalHref = OriginalHref(d)
		}
	}
	return renderPage(w, d, ro)
}

// Write writes the pages of the articles under paths into the folder out
// (created if missing), each archived original beside its page, and the
// index, all through an os.Root of out. It returns how many articles
// could not be read, named or rendered (each reported), and an error
// when out cannot be written at all.
func Write(out string, paths []string, o Options, report Report) (failed int, err error) {
	var args []Arg
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			continue // the walk reports it
		}
		args = append(args, Arg{Path: p, Dir: info.IsDir()})
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	w := &writer{root: root, o: o, report: report, settings: NewSettings(report)}
	if len(args) > 0 {
		if w.plan, err = NewPlan(args); err != nil {
			return 0, err
		}
	}
	err = check.Walk(paths, func(t check.Target, src []byte, err error) error {
		if err == nil {
			err = w.article(t, src)
		}
		if err != nil && !errors.Is(err, ErrSame) {
			report(err, true)
			w.failed++
		}
		return nil
	})
	if err != nil {
		return w.failed, err
	}
	f, err := root.Create(IndexName)
	if err != nil {
		return w.failed, err
	}
	bw := bufio.NewWriter(f)
	err = render.Index(bw, w.entries, render.IndexOptions{Publisher: w.publisher, Stylesheet: o.Render.Stylesheet})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return w.failed, err
}

// writer is one run of Write.
type writer struct {
	root      *os.Root
	plan      *Plan
	o         Options
	report    Report
	settings  *Settings
	entries   []render.IndexEntry
	publisher string // the one every article names so far, for the index, or ""
	seen      bool
	failed    int
}

// article writes the page of one article read by the walk, and copies
// its original; an error is why the page was not written.
func (w *writer) article(t check.Target, src []byte) error {
	page, err := w.plan.Page(t.Path)
	if err != nil {
		if errors.Is(err, ErrSame) {
			return err
		}
		return fmt.Errorf("%s: %w", t.Path, err)
	}
	d := markup.Parse(src)
	ro := w.settings.options(t.Path, w.o)
	switch {
	case !w.seen:
		w.seen, w.publisher = true, ro.Publisher.Name
	case w.publisher != ro.Publisher.Name:
		w.publisher = "" // articles of several publishers: the index names none
	}
	if dir := path.Dir(page); dir != "." {
		if err := w.root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return fmt.Errorf("%s: %w", t.Path, err)
		}
	}
	if fm := frontMatter(d); fm != nil && fm.Original != "" {
		ro.OriginalHref = w.original(t, fm.Original, page)
	}
	if err := w.writePage(page, d, ro); err != nil {
		return fmt.Errorf("%s: %w", t.Path, err)
	}
	w.entries = append(w.entries, Entry(d, page, filepath.Base(t.Path)))
	return nil
}

// original copies the original named rel by the article t beside its
// page and returns the page's link to it, or "" when it cannot: that is
// reported, and the page is written without the link.
func (w *writer) original(t check.Target, rel, page string) string {
	data, real, prob := archive.Load(t.Path, rel, t.Root)
	if prob != nil {
		w.report(fmt.Errorf("%s: %s; the page does not link it", t.Path, prob.Message), false)
		return ""
	}
	name, copy, err := w.plan.Original(page, real)
	if err == nil && copy {
		err = w.root.WriteFile(filepath.FromSlash(name), data, 0o644)
	}
	if err != nil {
		w.report(fmt.Errorf("%s: original %q: %w; the page does not link it", t.Path, rel, err), false)
		return ""
	}
	return Href(path.Base(name))
}

// writePage renders d into the file page of the output folder, whose
// folder exists.
func (w *writer) writePage(page string, d *markup.Document, ro render.Options) error {
	f, err := w.root.Create(filepath.FromSlash(page))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = renderPage(bw, d, ro)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// renderPage is render.Render; tests see the options each page gets.
var renderPage = render.Render

// Settings are the settings files of a run, read through check's cache
// (found as check finds them, each read once), and each one's problems
// that are errors reported once.
type Settings struct {
	report   Report
	files    *check.Settings
	reported map[*check.SettingsFile]bool
}

// NewSettings returns an empty cache that reports the problems of each
// file it reads to report.
func NewSettings(report Report) *Settings {
	return &Settings{report: report, files: check.NewSettings(), reported: map[*check.SettingsFile]bool{}}
}

// For returns the settings that apply to an article in the folder dir,
// or nil when there are none.
func (s *Settings) For(dir string) *config.Config {
	sf := s.files.For(dir)
	if sf == nil {
		return nil
	}
	if !s.reported[sf] {
		s.reported[sf] = true
		for _, r := range sf.Problems() {
			for _, d := range r.Diags {
				if d.Severity == rules.Error {
					s.report(fmt.Errorf("%s: %s", r.Path, d.Message), false)
				}
			}
		}
	}
	return sf.Config()
}

// options returns o's render options for the article at file, with the
// publisher and elision of its settings file.
func (s *Settings) options(file string, o Options) render.Options {
	ro := o.Render
	ro.Elision = o.Elision
	if c := s.For(filepath.Dir(file)); c != nil {
		ro.Publisher = PublisherOf(c)
		if ro.Elision == "" {
			ro.Elision = c.Elision
		}
	}
	return ro
}

// PublisherOf returns the publisher a settings file names, for the page.
func PublisherOf(c *config.Config) render.Publisher {
	p := c.Publisher
	return render.Publisher{Name: p.Name, Legend: p.Legend, Colors: render.Colors(p.Colors)}
}

// OriginalHref returns the link from a page written beside the article d
// to its archived original, by the path the front matter gives, or "" when
// d names none. The caller has checked that the original exists beneath
// the workspace.
func OriginalHref(d *markup.Document) string {
	if fm := frontMatter(d); fm != nil && fm.Original != "" {
		return Href(filepath.ToSlash(fm.Original))
	}
	return ""
}
