package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// notice heads a part of the article shown as written, see units.go.
const notice = `<p class="bp-notice">The part below is shown as written, without Markdown formatting: ` +
	`it holds more than 64 KiB or more than 4096 punctuation marks between two blank lines.</p>` + "\n"

// page is Render with the sanitizer as a parameter, so that tests can
// check that the renderer alone is safe, and the sanitizer only a second
// line.
func page(w io.Writer, d *markup.Document, o Options, policy *bluemonday.Policy) error {
	s, err := settle(o)
	if err != nil {
		return err
	}
	p, err := prepare(d, s.View, s.Elision)
	if err != nil {
		return err
	}
	var fm *frontmatter.FrontMatter
	if d.HasFrontMatter {
		fm = rules.FrontMatter(d)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if !s.Fragment {
		head(bw, s, fm)
	}
	bw.WriteString("<div class=\"bp-page\">\n")
	if err := sanitized(bw, policy, func(w *bufio.Writer) error {
		provenance(w, s, fm, p.d)
		if s.View == view.Published {
			controls(w, s.IDPrefix)
		}
		r, err := body(w, p, s)
		if err != nil {
			return err
		}
		legend(w, s, r.reasons)
		return nil
	}); err != nil {
		return err
	}
	bw.WriteString("</div>\n")
	if !s.Fragment {
		if s.View == view.Published {
			bw.WriteString("<script>" + Script + "</script>\n")
		}
		bw.WriteString("</body>\n</html>\n")
	}
	return bw.Flush()
}

// head writes the document up to the page's div: the policy that admits
// only the page's own style and script, the title and the stylesheet.
func head(w *bufio.Writer, s settled, fm *frontmatter.FrontMatter) {
	title := "Article"
	if fm != nil && fm.Title != "" {
		title = fm.Title
	}
	w.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	// The policy holds no quote, ampersand or angle bracket: the origin is checked.
	fmt.Fprintf(w, "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n", csp(s.styleOrigin))
	fmt.Fprintf(w, "<title>%s</title>\n", escape(title))
	colors := colorStyle(s.Publisher.Colors)
	switch {
	case s.Stylesheet.Href != "":
		fmt.Fprintf(w, "<link rel=\"stylesheet\" href=\"%s\">\n", escape(s.Stylesheet.Href))
		if colors != "" {
			w.WriteString("<style>\n" + colors + "</style>\n")
		}
	case s.Stylesheet.Inline != "":
		w.WriteString("<style>\n" + s.Stylesheet.Inline + "\n" + colors + "</style>\n")
	default:
		w.WriteString("<style>\n" + frameStyle + Style + colors + "</style>\n")
	}
	w.WriteString("</head>\n<body>\n")
}

// sanitized streams what write writes through the sanitizer to w, so that
// neither the page nor its unsanitized form is ever held whole.
func sanitized(w io.Writer, policy *bluemonday.Policy, write func(*bufio.Writer) error) error {
	if policy == nil {
		bw := bufio.NewWriter(w)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(pw, 64<<10)
		err := write(bw)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err) // nil: the reader sees EOF
		done <- err
	}()
	err := policy.SanitizeReaderToWriter(pr, w)
	pr.CloseWithError(io.ErrClosedPipe) // stops the writer if the sanitizer stopped first
	if werr := <-done; werr != nil && werr != io.ErrClosedPipe {
		return werr
	}
	return err
}

// body writes the article, unit by unit, and returns its renderer, which
// counted the reasons of the cuts it wrote.
func body(w *bufio.Writer, p *prepared, s settled) (*mdRenderer, error) {
	fmt.Fprintf(w, "<article class=\"bp-article bp-%s\">\n", s.View)
	r := &mdRenderer{p: p, open: -1, prefix: s.IDPrefix, counted: -1}
	md := newMarkdown(r)
	units := splitUnits(p.buf)
	var refs map[string]parser.Reference
	if len(units) > 1 {
		refs = harvest(md, p.buf, units)
	}
	for _, u := range units {
		r.base = u.start
		if u.plain {
			r.plain(w, u.start, u.end)
			continue
		}
		src := p.buf[u.start:u.end]
		doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(&refContext{parser.NewContext(), refs}))
		if deeperThan(doc, maxNesting) {
			r.plain(w, u.start, u.end) // see maxNesting
			continue
		}
		if err := md.Renderer().Render(w, src, doc); err != nil {
			return nil, err
		}
	}
	_, err := w.WriteString("</article>\n")
	return r, err
}

// maxNesting is how deep a unit's tree of Markdown may nest (each level
// an element or two of the page: a blockquote, a list and its item, an
// emphasis) before the unit is shown as written instead. HTML parsers
// stop nesting at 512 open elements (the WHATWG parser of x/net/html
// refuses the page; browsers hang what is deeper on the 512th), so a page
// of 900 nested quotes ("> > > ...") would not read as written; no article
// nests a tenth as deep.
const maxNesting = 128

// deeperThan reports whether the tree under n nests more than max levels.
func deeperThan(n ast.Node, max int) bool {
	depth, deep := 0, false
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		if depth++; depth > max {
			deep = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return deep
}

// plainChunk bounds the text between two tags of a unit shown as written.
// An HTML tokenizer, the sanitizer's included, holds a run of text whole,
// in several copies; a run as long as the article would cost many times
// its size.
const plainChunk = 16 << 10

// plain writes buf[start:end] as written, in chunks.
func (r *mdRenderer) plain(w *bufio.Writer, start, end int) {
	w.WriteString(notice + `<pre class="bp-plain">`)
	for a := start; a < end; {
		b := r.p.safeCut(a+plainChunk, end)
		w.WriteString("<span>")
		r.text(w, a, b, true)
		r.setRegion(w, -1)
		w.WriteString("</span>")
		a = b
	}
	w.WriteString("</pre>\n")
}

// harvest collects the link reference definitions of every unit, so that
// a link finds its definition in another unit, as it would in one
// document. The first definition of a label wins, as in CommonMark.
func harvest(md goldmark.Markdown, buf []byte, units []unit) map[string]parser.Reference {
	refs := map[string]parser.Reference{}
	for _, u := range units {
		if u.plain || !u.refs {
			continue
		}
		pc := parser.NewContext()
		md.Parser().Parse(text.NewReader(buf[u.start:u.end]), parser.WithContext(pc))
		for _, ref := range pc.References() {
			key := util.ToLinkReference(ref.Label())
			if _, ok := refs[key]; !ok {
				// A copy: goldmark's own keeps the unit's tree alive.
				refs[key] = parser.NewReference(ref.Label(), ref.Destination(), ref.Title())
			}
		}
	}
	return refs
}

// refContext is a parse context that also knows the definitions of the
// other units; the earlier definition wins, as in one document.
type refContext struct {
	parser.Context
	refs map[string]parser.Reference
}

// Reference implements parser.Context.
func (c *refContext) Reference(label string) (parser.Reference, bool) {
	if r, ok := c.refs[label]; ok {
		return r, true
	}
	return c.Context.Reference(label)
}
