package render

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	ghtml "github.com/yuin/goldmark/renderer/html"

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
`

// Page renders view w of document d as a complete HTML page.
func Page(w io.Writer, d *markup.Document, which view.Which, elision string) error {
	if elision == "" {
		elision = view.DefaultElision
	}
	opts := view.Options{ElisionText: elision}
	if which == view.Published {
		opts.Elide = func(m *markup.Mark) string {
			// The cut words as the original had them, nested marks resolved.
			cut := string(bytes.TrimSpace(view.Build(sub(d, m), view.Original, view.Options{}).Text))
			return fmt.Sprintf(`<span class="bp-elision" tabindex="0" title="%s">%s<span class="bp-cut"> %s</span></span>`,
				html.EscapeString("Cut: "+cut), html.EscapeString(elision), html.EscapeString(cut))
		}
		opts.Wrap = func(m *markup.Mark) (string, string) {
			title := "Added by the editor"
			if m.Kind == markup.Substitution {
				title = "Changed by the editor; the original read: " + string(bytes.TrimSpace(m.Old().Text(d.Src)))
			}
			return `<ins class="bp-added" title="` + html.EscapeString(title) + `">`, `</ins>`
		}
	}
	v := view.Build(d, which, opts)
	body := v.Text
	if which == view.Published {
		body = markBare(d, v)
	}
	var fm *frontmatter.FrontMatter
	if d.HasFrontMatter {
		fm = rules.FrontMatter(d)
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		// Marks become inline HTML above, so raw HTML must pass through.
		// It is the editor's own file being previewed, not third-party input.
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	var out bytes.Buffer
	if err := md.Convert(body, &out); err != nil {
		return err
	}
	title := "Article"
	if fm != nil && fm.Title != "" {
		title = fm.Title
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n", html.EscapeString(title), Style)
	if fm != nil {
		b.WriteString("<header>\n")
		if fm.Title != "" {
			fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(fm.Title))
		}
		var meta []string
		if fm.Outlet != "" {
			src := html.EscapeString(fm.Outlet)
			if fm.URL != "" {
				src = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(fm.URL), src)
			}
			meta = append(meta, "First published by "+src)
		}
		if fm.Published != "" {
			meta = append(meta, "on "+html.EscapeString(fm.Published))
		}
		if fm.Editor != "" {
			meta = append(meta, "edited by "+html.EscapeString(fm.Editor))
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "<p>%s.</p>\n", strings.Join(meta, ", "))
		}
		b.WriteString("</header>\n")
	}
	fmt.Fprintf(&b, "<article class=\"bp-%s\">\n", which)
	b.Write(out.Bytes())
	b.WriteString("</article>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// sub returns a document holding only mark m's body and the marks nested
// in it, so that the original words of an elision can be projected alone.
func sub(d *markup.Document, m *markup.Mark) *markup.Document {
	body := m.Body().Text(d.Src)
	return markup.Parse(body)
}

// markBare wraps each bare "[...]" of the published text in a span that
// says its words were not recorded.
func markBare(d *markup.Document, v *view.View) []byte {
	text := v.Text
	var out bytes.Buffer
	last := 0
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.Kind != markup.BareElision {
			continue
		}
		at := v.ToView(m.Span().Start)
		end := at + m.Span().Len()
		if at < last || end > len(text) || !bytes.Equal(text[at:end], m.Span().Text(d.Src)) {
			continue
		}
		out.Write(text[last:at])
		out.WriteString(`<span class="bp-untracked" title="The words cut here were not recorded">`)
		out.Write(text[at:end])
		out.WriteString(`</span>`)
		last = end
	}
	out.Write(text[last:])
	return out.Bytes()
}
