package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Style is the page's stylesheet. Additions are blue as the ledger's
// convention asks; elisions are grey and reveal the cut words on hover or
// keyboard focus, so the page works without a mouse and without script.
const Style = `body{font:18px/1.6 Georgia,serif;max-width:42em;margin:2em auto;padding:0 1em;color:#1a1a1a}
header{border-bottom:1px solid #ddd;margin-bottom:1.5em}header p{color:#555;font-size:.9em}
ins.bp-added{background:#dbeafe;color:#1e3a8a;text-decoration:none;border-radius:2px;padding:0 .1em}
.bp-elision{color:#6b7280;cursor:help;position:relative;white-space:nowrap}
.bp-elision .bp-cut{display:none}
.bp-elision:hover .bp-cut,.bp-elision:focus .bp-cut{display:inline;white-space:normal;background:#fef3c7;color:#78350f;text-decoration:line-through;padding:0 .2em}
.bp-untracked{color:#b91c1c;cursor:help}
.bp-unsafe{text-decoration:underline dotted #b91c1c;cursor:help}
.bp-notice{color:#b91c1c;font-size:.9em}
pre.bp-plain{white-space:pre-wrap}
`

// notice heads a part of the article shown as written, see units.go.
const notice = `<p class="bp-notice">The part below is shown as written, without Markdown formatting: ` +
	`it holds more than 64 KiB or more than 4096 punctuation marks between two blank lines.</p>` + "\n"

// Page renders view which of document d as a complete HTML page, elisions
// in the published view reading elision ("[...]" if empty).
func Page(w io.Writer, d *markup.Document, which view.Which, elision string) error {
	return page(w, d, which, elision, policy())
}

// page is Page with the sanitizer as a parameter, so that tests can check
// that the renderer alone is safe, and the sanitizer only a second line.
func page(w io.Writer, d *markup.Document, which view.Which, elision string, policy *bluemonday.Policy) error {
	if elision == "" {
		elision = view.DefaultElision
	}
	p, err := prepare(d, which, elision)
	if err != nil {
		return err
	}
	var fm *frontmatter.FrontMatter
	if d.HasFrontMatter {
		fm = rules.FrontMatter(d)
	}
	title := "Article"
	if fm != nil && fm.Title != "" {
		title = fm.Title
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		escape(title), Style)
	if err := sanitized(bw, policy, func(w *bufio.Writer) error {
		header(w, fm)
		return body(w, p, which)
	}); err != nil {
		return err
	}
	bw.WriteString("</body>\n</html>\n")
	return bw.Flush()
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

// header writes the article's front matter: what it is and where it comes
// from.
func header(w *bufio.Writer, fm *frontmatter.FrontMatter) {
	if fm == nil {
		return
	}
	w.WriteString("<header>\n")
	if fm.Title != "" {
		fmt.Fprintf(w, "<h1>%s</h1>\n", escape(fm.Title))
	}
	var meta []string
	if fm.Outlet != "" {
		src := escape(fm.Outlet)
		if fm.URL != "" && safeURL(fm.URL, linkSchemes) {
			src = fmt.Sprintf(`<a href="%s">%s</a>`, escape(fm.URL), src)
		}
		meta = append(meta, "First published by "+src)
	}
	if fm.Published != "" {
		meta = append(meta, "on "+escape(fm.Published))
	}
	if fm.Editor != "" {
		meta = append(meta, "edited by "+escape(fm.Editor))
	}
	if len(meta) > 0 {
		fmt.Fprintf(w, "<p>%s.</p>\n", strings.Join(meta, ", "))
	}
	w.WriteString("</header>\n")
}

// body writes the article, unit by unit.
func body(w *bufio.Writer, p *prepared, which view.Which) error {
	fmt.Fprintf(w, "<article class=\"bp-%s\">\n", which)
	r := &mdRenderer{p: p, open: -1}
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
		if err := md.Renderer().Render(w, src, doc); err != nil {
			return err
		}
	}
	_, err := w.WriteString("</article>\n")
	return err
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
