package render

import (
	"io"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Options say how an article is rendered: which view, and how the
// published page presents itself for one publisher (its name, legend and
// colours), whether it is a whole page or a fragment for a site's own
// page, and where the archived original is published.
type Options struct {
	// View is the view rendered; the zero value is the published view.
	View view.Which
	// Elision is the text each cut reads as; "" is "[...]".
	Elision string
	// Fragment writes the page's div.bp-page alone, without the document
	// around it, its stylesheet or its script, for a site to embed.
	Fragment bool
	// IDPrefix starts every id the page writes ("bp" if empty), so that
	// two fragments on one site page do not share an id.
	IDPrefix string
	// Publisher is who republishes the article, as configured.
	Publisher Publisher
	// Stylesheet replaces the built-in stylesheet when set.
	Stylesheet Stylesheet
	// OriginalHref links the archived original, published beside the
	// article; "" writes no link.
	OriginalHref string
}

// Publisher is the republisher as its configuration names it.
type Publisher struct {
	// Name is the publisher's name; "" reads "the publisher".
	Name string
	// Legend replaces the default legend's text: plain text, paragraphs
	// separated by blank lines.
	Legend string
	// Colors override the built-in colours of additions.
	Colors Colors
}

// Colors are the colours a publisher may set, each "#rgb" or "#rrggbb"
// or empty for the built-in one. The configuration checks that each pair
// meets WCAG AA (4.5:1) before it gets here.
type Colors struct {
	Added, AddedBackground         string
	DarkAdded, DarkAddedBackground string
}

// Stylesheet is a site's own stylesheet: its text, inlined in place of the
// built-in one, or the http(s) address of one to link.
type Stylesheet struct {
	Inline string
	Href   string
}

// Render writes document d as o says.
func Render(w io.Writer, d *markup.Document, o Options) error {
	return Page(w, d, o.View, o.Elision)
}
