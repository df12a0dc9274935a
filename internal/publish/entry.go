package publish

import (
	"net/url"
	"path"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/render"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Entry returns the index's line for the article d, whose page is named
// page (slash-separated, relative to the index) and whose file is named
// name.
func Entry(d *markup.Document, page, name string) render.IndexEntry {
	e := render.IndexEntry{Href: Href(page), Name: name, Counts: changes.Count(d)}
	if fm := frontMatter(d); fm != nil {
		e.Title, e.Outlet, e.Published = fm.Title, fm.Outlet, fm.PublishedDate
	}
	return e
}

// frontMatter returns d's front matter, or nil when it has none.
func frontMatter(d *markup.Document) *frontmatter.FrontMatter {
	if !d.HasFrontMatter {
		return nil
	}
	return rules.FrontMatter(d)
}

// Href returns the relative URL of the file named name (slash-separated):
// each character a URL would read otherwise escaped, and "./" before a
// first segment that would read as a scheme ("a:b.html").
func Href(name string) string {
	return (&url.URL{Path: path.Clean(name)}).String()
}
