package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/check"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/publish"
	"github.com/bluepencil/bluepencil/internal/render"
	"github.com/bluepencil/bluepencil/internal/view"
)

const renderSynopsis = `render --view original|published|clean FILE
       bluepencil render --html [--view V] [--fragment] [--css FILE|URL] [--id-prefix P] [--elision T] FILE
       bluepencil render --html --out DIR [--view V] [--css FILE|URL] [--id-prefix P] [--elision T] PATH...
       bluepencil render --assets DIR`

// renderFlags are render's flags, as given.
type renderFlags struct {
	view, elision, css, idPrefix, out, assets string
	html, fragment                            bool
	set                                       map[string]bool
}

func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("render", renderSynopsis, stderr)
	var f renderFlags
	fs.StringVar(&f.view, "view", "published", "`view` to print: original (every change rejected), published (the reader's text) or clean (every change accepted)")
	fs.BoolVar(&f.html, "html", false, "write an HTML page: the article with its marks explained, for readers")
	fs.StringVar(&f.elision, "elision", "", "`text` that stands for each cut in the published view (default: with --html the settings file's elision; else, or without one, [...])")
	fs.BoolVar(&f.fragment, "fragment", false, "with --html: write only the page's div.bp-page, for a site to embed, without document, stylesheet or script")
	fs.StringVar(&f.css, "css", "", "with --html: a stylesheet `FILE` whose text replaces the built-in one, or an http(s) URL to link instead")
	fs.StringVar(&f.idPrefix, "id-prefix", "", "with --html: `prefix` of every id on the page (default bp), so that two fragments on one page differ")
	fs.StringVar(&f.out, "out", "", "with --html: write a page per article under PATH (files or folders) into `DIR`, each original beside its page, and DIR/index.html")
	fs.StringVar(&f.assets, "assets", "", "write the built-in stylesheet and script into `DIR` (bluepencil.css, bluepencil.js), for a site that embeds --fragment output")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	which, ok := view.ParseWhich(f.view)
	if !ok {
		fmt.Fprintf(stderr, "bluepencil render: --view must be original, published or clean, not %q\n", f.view)
		return exitUsage
	}
	if f.set["assets"] {
		return writeAssets(f, paths, stderr)
	}
	if msg := f.misuse(paths); msg != "" {
		fmt.Fprintf(stderr, "bluepencil render: %s\n", msg)
		if len(paths) == 0 {
			fs.Usage()
		}
		return exitUsage
	}
	if !f.html {
		if f.elision == "" {
			f.elision = view.DefaultElision
		}
		return renderText(paths[0], which, f.elision, stdout, stderr)
	}
	o := publish.Options{Render: render.Options{View: which, Fragment: f.fragment, IDPrefix: f.idPrefix}}
	o.Elision = f.elision // "": the settings file's
	if o.Render.Stylesheet, err = publish.Stylesheet(f.css); err != nil {
		fmt.Fprintf(stderr, "bluepencil render: --css %s\n", fileError(err))
		return exitUsage
	}
	report := func(err error, _ bool) { fmt.Fprintf(stderr, "bluepencil render: %s\n", fileError(err)) }
	if f.out != "" {
		return renderFolder(f.out, paths, o, report, stderr)
	}
	if info, err := os.Stat(paths[0]); err == nil && info.IsDir() {
		fmt.Fprintf(stderr, "bluepencil render: %s is a folder: --out DIR writes a page for each article in it\n", check.Escape(paths[0]))
		return exitUsage
	} else if err == nil {
		softMemoryLimit(int(min(info.Size(), archive.MaxArticleSize)))
	}
	if err := publish.Page(stdout, paths[0], o, report); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		fmt.Fprintf(stderr, "bluepencil render: %s\n", fileError(err))
		return exitUsage
	}
	return exitOK
}

// misuse says why the flags and paths make no sense together, or "".
func (f *renderFlags) misuse(paths []string) string {
	for _, name := range []string{"fragment", "css", "id-prefix", "out"} {
		if f.set[name] && !f.html {
			return "--" + name + " needs --html: it shapes the HTML page"
		}
	}
	switch {
	case len(paths) == 0:
		return "no article named"
	case f.set["fragment"] && f.set["css"]:
		return "--fragment writes no stylesheet: the site's own styles the fragment, so --css has nothing to replace"
	case f.set["fragment"] && f.set["out"]:
		return "--out writes whole pages and their index; --fragment writes one article's part of a page to the standard output"
	case f.set["out"] && f.out == "":
		return "--out needs a folder"
	case f.out == "" && len(paths) > 1:
		return fmt.Sprintf("%d articles named: one page is written to the standard output; --out DIR writes a page for each", len(paths))
	case f.set["id-prefix"] && f.idPrefix == "":
		return "--id-prefix needs a prefix"
	case f.set["id-prefix"]:
		if err := (render.Options{IDPrefix: f.idPrefix}).Check(); err != nil {
			return "--id-prefix: " + err.Error()
		}
	}
	return ""
}

// renderText prints a view of the article as text, as it reads.
func renderText(file string, which view.Which, elision string, stdout, stderr io.Writer) int {
	src, err := archive.ReadFile(file, archive.MaxArticleSize)
	if err != nil {
		fmt.Fprintf(stderr, "bluepencil render: %s\n", fileError(err))
		return exitUsage
	}
	softMemoryLimit(len(src))
	d := markup.Parse(src)
	if _, err = stdout.Write(view.Build(d, which, view.Options{ElisionText: elision}).Text); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		fmt.Fprintf(stderr, "bluepencil render: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// renderFolder writes the pages of paths into dir: 0 when every page was
// written, 1 when an article could not be, 2 when dir could not be.
func renderFolder(dir string, paths []string, o publish.Options, report publish.Report, stderr io.Writer) int {
	softMemoryLimit(archive.MaxArticleSize)
	failed, err := publish.Write(dir, paths, o, report)
	if err != nil {
		fmt.Fprintf(stderr, "bluepencil render: --out %s\n", fileError(err))
		return exitUsage
	}
	if failed > 0 {
		return exitProblem
	}
	return exitOK
}

// writeAssets writes --assets: alone, since it renders no article.
func writeAssets(f renderFlags, paths []string, stderr io.Writer) int {
	if len(f.set) > 1 || len(paths) > 0 || f.assets == "" {
		fmt.Fprintf(stderr, "bluepencil render: --assets DIR takes no article and no other flag: it writes the stylesheet and script a site links beside embedded fragments\n")
		return exitUsage
	}
	if err := publish.Assets(f.assets); err != nil {
		fmt.Fprintf(stderr, "bluepencil render: --assets %s\n", fileError(err))
		return exitUsage
	}
	return exitOK
}
