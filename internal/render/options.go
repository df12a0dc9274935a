package render

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync"

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
	return page(w, d, o, policy())
}

// Check reports what Render would refuse in o, before anything is read
// or written: a caller that takes the options from a user says so early.
func (o Options) Check() error {
	_, err := settle(o)
	return err
}

// DefaultIDPrefix starts every id unless Options.IDPrefix is set.
const DefaultIDPrefix = "bp"

var idPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`) })

// maxIDPrefix keeps ids short; a prefix names a fragment, not a sentence.
const maxIDPrefix = 64

// settled is what the page is written from: the options checked, the
// defaults filled in, the stylesheet's origin found.
type settled struct {
	Options
	styleOrigin string
}

// settle checks o and fills in its defaults. Everything it refuses is an
// error rather than a silent change, since the caller asked for it.
func settle(o Options) (settled, error) {
	s := settled{Options: o}
	if s.Elision == "" {
		s.Elision = view.DefaultElision
	}
	if s.IDPrefix == "" {
		s.IDPrefix = DefaultIDPrefix
	}
	if len(s.IDPrefix) > maxIDPrefix || !idPrefix().MatchString(s.IDPrefix) {
		return s, fmt.Errorf("id prefix %q: it must be a letter followed by letters, digits or hyphens (at most %d)", s.IDPrefix, maxIDPrefix)
	}
	if s.Stylesheet.Inline != "" && s.Stylesheet.Href != "" {
		return s, errors.New("stylesheet: give its text or its address, not both")
	}
	if strings.Contains(strings.ToLower(s.Stylesheet.Inline), "</style") {
		return s, errors.New("stylesheet holds \"</style\", which would end the page's style element: refused")
	}
	if s.Stylesheet.Href != "" {
		origin, err := styleOrigin(s.Stylesheet.Href)
		if err != nil {
			return s, err
		}
		s.styleOrigin = origin
	}
	if s.OriginalHref != "" && !safeURL(s.OriginalHref, linkSchemes) {
		return s, fmt.Errorf("original's address %q: it must be relative, http or https", s.OriginalHref)
	}
	return s, nil
}

// origin is what a stylesheet's origin must look like to enter the
// Content-Security-Policy: a scheme and a host name or address, and a
// port; nothing that could end the policy's directive.
var origin = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^https?://(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$`)
})

// styleOrigin returns the origin of a linked stylesheet's address, which
// must be absolute http or https.
func styleOrigin(href string) (string, error) {
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("stylesheet address %q: it must be an absolute http or https address", href)
	}
	o := u.Scheme + "://" + u.Host
	if !origin().MatchString(o) {
		return "", fmt.Errorf("stylesheet address %q: its host is not a plain name or address", href)
	}
	return o, nil
}
