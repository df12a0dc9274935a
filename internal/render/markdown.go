package render

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/bluepencil/bluepencil/internal/changes"
)

// newMarkdown returns goldmark set up for r: CommonMark with GitHub's
// extensions, raw HTML never passed through (goldmark's safe mode), and r
// rendering every node that carries article text or an address, so that
// sentinels become marks, raw HTML shows as text and addresses are checked
// against an allowlist.
func newMarkdown(r *mdRenderer) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(r, 0))),
	)
}

// mdRenderer renders the nodes of one page's units. goldmark's own renderer
// keeps the nodes that hold no article text (paragraphs, lists, emphasis).
type mdRenderer struct {
	p    *prepared
	base int // offset in p.buf of the unit being rendered
	// open is the region whose <ins> is open, or -1.
	open int32
	// lifted is the inline element that open wraps whole, or nil.
	lifted ast.Node
	// prefix starts the ids of the page; ids numbers the reveal buttons.
	prefix string
	ids    int
	// at is the offset in p.buf up to which the article has been written.
	at int
	// started records the regions whose first highlight was written, so
	// that only it opens with the screen-reader text.
	started []bool
	// wordAt caches, by region, one more than the offset of the first byte
	// at or after at that a later highlight of the region would write (see
	// wordsLeft), so that the search for it is linear over a page.
	wordAt []int32
	// reasons counts the reasons of the cuts written, for the legend.
	reasons map[string]int
	counted int32 // the last cut counted in reasons, its parts consecutive
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *mdRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
	reg.Register(ast.KindString, r.renderString)
	reg.Register(ast.KindEmphasis, r.renderEmphasis)
	reg.Register(east.KindStrikethrough, r.renderStrikethrough)
	reg.Register(ast.KindCodeSpan, r.renderCodeSpan)
	reg.Register(ast.KindCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindFencedCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
}

func (r *mdRenderer) renderText(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	r.segment(w, n.Segment, n.IsRaw())
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		_ = w.WriteByte('\n')
	}
	r.exit(w, n)
	return ast.WalkContinue, nil
}

// A change is highlighted by one <ins> for as long as it can be: across
// lines and sibling elements, around whole elements such as <em> or <a>
// that lie inside it with their delimiters, and split only where an
// element holds both changed and unchanged text. An <ins> opens and closes
// among the children of one element, so it always nests properly; a
// change across paragraphs is highlighted in each.

// enter starts inline element n: inside the highlight if n lies wholly in
// one region, outside any otherwise.
func (r *mdRenderer) enter(w util.BufWriter, n ast.Node) {
	reg := r.liftRegion(n)
	r.setRegion(w, reg)
	if reg >= 0 && r.lifted == nil {
		r.lifted = n
	}
}

// exit ends inline element n, and the highlight unless what follows
// continues it.
func (r *mdRenderer) exit(w util.BufWriter, n ast.Node) {
	if _, ok := n.(*ast.Text); !ok {
		// Past the element's closing syntax, which holds no words of a
		// highlight: at most where its next sibling or its parent ends.
		if end := r.extentEnd(n, 4); end >= 0 {
			r.at = max(r.at, r.base+end)
		}
	}
	if r.lifted == n {
		r.lifted = nil
	}
	if r.lifted != nil || r.open < 0 {
		return
	}
	next := n.NextSibling()
	if t, ok := next.(*ast.Text); ok && r.regionOf(t.Segment.Start) == r.open {
		return
	}
	if next != nil && lifts[next.Kind()] && r.liftRegion(next) == r.open {
		return
	}
	r.setRegion(w, -1)
}

// lifts holds the kinds of inline element that enter and exit a highlight
// through this renderer; any other element is kept out of one.
var lifts = map[ast.NodeKind]bool{
	ast.KindEmphasis: true, east.KindStrikethrough: true, ast.KindLink: true, ast.KindImage: true,
	ast.KindAutoLink: true, ast.KindCodeSpan: true, ast.KindRawHTML: true,
}

// liftRegion returns the region inline element n lies wholly in, its
// delimiters and address included, or -1.
func (r *mdRenderer) liftRegion(n ast.Node) int32 {
	if _, ok := n.(*ast.Text); ok || n.Pos() < 0 {
		return -1
	}
	start := r.base + n.Pos()
	end := r.extentEnd(n, 4)
	if end < 0 {
		return -1
	}
	reg, ci := r.p.regionAt(start)
	if ci < len(r.p.changes) && int(r.p.changes[ci].off) < r.base+end {
		return -1
	}
	return reg
}

// extentEnd returns where inline element n ends at the latest, in unit
// offsets: where its next sibling starts, or where its parent ends; -1 if
// that is not known within depth levels.
func (r *mdRenderer) extentEnd(n ast.Node, depth int) int {
	switch next := n.NextSibling().(type) {
	case *ast.Text:
		return next.Segment.Start
	case nil:
	default:
		return next.Pos()
	}
	parent := n.Parent()
	if parent == nil || depth == 0 {
		return -1
	}
	if parent.Type() == ast.TypeBlock {
		if lines := parent.Lines(); lines.Len() > 0 {
			return lines.At(lines.Len() - 1).Stop
		}
		return -1
	}
	return r.extentEnd(parent, depth-1)
}

func (r *mdRenderer) renderEmphasis(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	tag := "em>"
	if node.(*ast.Emphasis).Level == 2 {
		tag = "strong>"
	}
	r.element(w, node, entering, "<"+tag, "</"+tag)
	return ast.WalkContinue, nil
}

func (r *mdRenderer) renderStrikethrough(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	r.element(w, node, entering, "<del>", "</del>")
	return ast.WalkContinue, nil
}

// element writes the open or close tag of inline element n.
func (r *mdRenderer) element(w util.BufWriter, n ast.Node, entering bool, open, close string) {
	if entering {
		r.enter(w, n)
		_, _ = w.WriteString(open)
		return
	}
	_, _ = w.WriteString(close)
	r.exit(w, n)
}

// renderString renders text goldmark made up; it holds no sentinel.
func (r *mdRenderer) renderString(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.String)
		if n.IsRaw() || n.IsCode() {
			ghtml.DefaultWriter.RawWrite(w, n.Value)
		} else {
			ghtml.DefaultWriter.Write(w, n.Value)
		}
	}
	return ast.WalkContinue, nil
}

func (r *mdRenderer) renderCodeSpan(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</code>")
		r.exit(w, n)
		return ast.WalkContinue, nil
	}
	r.enter(w, n)
	_, _ = w.WriteString("<code>")
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		s := t.Segment
		// A line ending inside a code span reads as a space.
		nl := s.Stop > s.Start && r.p.buf[r.base+s.Stop-1] == '\n'
		if nl {
			s.Stop--
		}
		r.segment(w, s, true)
		if nl {
			_ = w.WriteByte(' ')
		}
	}
	if r.lifted == nil {
		r.setRegion(w, -1) // a highlight inside the code span ends in it
	}
	return ast.WalkSkipChildren, nil
}

// language is the part of a fenced code block's info string that may name
// a class: the rest is dropped rather than escaped into an attribute.
var language = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_+#.-]{1,32}$`) })

func (r *mdRenderer) renderCodeBlock(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<pre><code")
	if n, ok := node.(*ast.FencedCodeBlock); ok && n.Info != nil {
		if lang := n.Language(r.unit()); language().Match(lang) {
			_, _ = w.WriteString(` class="language-`)
			_, _ = w.Write(lang)
			_ = w.WriteByte('"')
		}
	}
	_ = w.WriteByte('>')
	r.lines(w, node.Lines())
	return ast.WalkContinue, nil
}

// renderHTMLBlock shows an HTML block as the text it is: readers see every
// character the article holds, and no markup of the article's own reaches
// the page.
func (r *mdRenderer) renderHTMLBlock(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString(`<p class="bp-html">`)
	r.lines(w, n.Lines())
	if n.HasClosure() {
		r.segment(w, n.ClosureLine, true)
	}
	r.setRegion(w, -1)
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// renderRawHTML shows inline HTML as text, for the reason above.
func (r *mdRenderer) renderRawHTML(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		for i := 0; i < n.Segments.Len(); i++ {
			r.segment(w, n.Segments.At(i), true)
		}
		r.exit(w, n)
	}
	return ast.WalkSkipChildren, nil
}

func (r *mdRenderer) lines(w util.BufWriter, lines *text.Segments) {
	for i := 0; i < lines.Len(); i++ {
		r.segment(w, lines.At(i), true)
	}
	r.setRegion(w, -1)
}

const (
	unsafeLink  = "Link not published: its address is not http, https, mailto or relative"
	unsafeImage = "Image not shown: its address is not http, https or relative"
)

// renderLink publishes a link whose address the allowlist admits; any
// other link keeps its words, marked, without the address.
func (r *mdRenderer) renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	dest := address(n.Destination, r.p.elision, true)
	ok := safeURL(dest, linkSchemes)
	if !entering {
		if ok {
			_, _ = w.WriteString("</a>")
		} else {
			_, _ = w.WriteString("</span>")
		}
		r.exit(w, n)
		return ast.WalkContinue, nil
	}
	r.enter(w, n)
	switch {
	case ok:
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(dest)))
		_ = w.WriteByte('"')
		r.title(w, n.Title)
		_ = w.WriteByte('>')
	default:
		_, _ = w.WriteString(`<span class="bp-unsafe" title="` + unsafeLink + `">`)
	}
	return ast.WalkContinue, nil
}

// renderImage shows an image from an admitted address with its
// description; from any other, only the description, marked.
func (r *mdRenderer) renderImage(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	dest := address(n.Destination, r.p.elision, true)
	alt := r.altText(n, nil)
	r.enter(w, n)
	defer r.exit(w, n)
	if !safeURL(dest, imageSchemes) {
		_, _ = w.WriteString(`<span class="bp-unsafe" title="` + unsafeImage + `">`)
		ghtml.DefaultWriter.Write(w, alt)
		_, _ = w.WriteString("</span>")
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML([]byte(dest)))
	_, _ = w.WriteString(`" alt="`)
	ghtml.DefaultWriter.Write(w, alt)
	_ = w.WriteByte('"')
	r.title(w, n.Title)
	_ = w.WriteByte('>')
	return ast.WalkSkipChildren, nil
}

// altText gathers the words of an image's description, sentinels read as
// the words they stand for, Markdown escapes still to resolve.
func (r *mdRenderer) altText(n ast.Node, dst []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			dst = append(dst, plain(c.Segment.Value(r.unit()), r.p.elision)...)
		case *ast.String:
			dst = append(dst, c.Value...)
		default:
			dst = r.altText(c, dst)
		}
	}
	return dst
}

func (r *mdRenderer) renderAutoLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	src := r.unit()
	url := address(n.URL(src), r.p.elision, false)
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	label := []byte(plain(n.Label(src), r.p.elision))
	r.enter(w, n)
	defer r.exit(w, n)
	if !safeURL(url, linkSchemes) {
		_, _ = w.WriteString(`<span class="bp-unsafe" title="` + unsafeLink + `">`)
		ghtml.DefaultWriter.RawWrite(w, label)
		_, _ = w.WriteString("</span>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML([]byte(url)))
	_, _ = w.WriteString(`">`)
	ghtml.DefaultWriter.RawWrite(w, label)
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func (r *mdRenderer) title(w util.BufWriter, title []byte) {
	if title == nil {
		return
	}
	_, _ = w.WriteString(` title="`)
	ghtml.DefaultWriter.Write(w, []byte(plain(title, r.p.elision)))
	_ = w.WriteByte('"')
}

// address returns the address a page would carry for destination b, as
// goldmark writes it: sentinels read as words, entities resolved if refs,
// and unsafe characters percent-encoded. The allowlist is checked on this
// form, the one a browser reads, never on the Markdown source.
func address(b []byte, elision string, refs bool) string {
	return string(util.URLEscape([]byte(plain(b, elision)), refs))
}

func (r *mdRenderer) unit() []byte { return r.p.buf[r.base:] }

// plain returns b with each sentinel replaced by the words it stands for,
// for places that hold no markup: addresses, titles, descriptions. Those
// copies have lost their offsets, so the sentinel's letter says what it is.
func plain(b []byte, elision string) string {
	if bytes.IndexByte(b, sentinel) < 0 {
		return string(b)
	}
	var s strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != sentinel {
			s.WriteByte(b[i])
			continue
		}
		if i+1 >= len(b) {
			s.WriteString("\uFFFD")
			continue
		}
		switch b[i+1] {
		case kindCut:
			s.WriteString(elision)
			i++
		case kindBare:
			s.WriteString("[...]")
			i += bareLen - 1
		case kindBareU:
			s.WriteString("[…]")
			i += bareLen - 1
		default:
			s.WriteString("\uFFFD")
		}
	}
	return s.String()
}

// segment writes the article text of segment s of the current unit: the
// Markdown escapes and entities resolved unless raw, HTML escaped, each
// sentinel as its mark and each region's text highlighted.
func (r *mdRenderer) segment(w util.BufWriter, s text.Segment, raw bool) {
	for i := 0; i < s.Padding; i++ {
		_ = w.WriteByte(' ')
	}
	r.text(w, r.base+s.Start, r.base+s.Stop, raw)
	if s.ForceNewline && s.Stop > s.Start && r.p.buf[r.base+s.Stop-1] != '\n' {
		_ = w.WriteByte('\n')
	}
}

// text writes p.buf[a:b], split where a sentinel stands or the innermost
// region changes. Both tables are searched once and then walked, so a run
// of text costs its length plus the marks in it.
func (r *mdRenderer) text(w util.BufWriter, a, b int, raw bool) {
	p := r.p
	ti := p.firstToken(a)
	cur, ci := p.regionAt(a)
	for a < b {
		next := b
		if ti < len(p.tokens) && int(p.tokens[ti].off) < next {
			next = max(int(p.tokens[ti].off), a)
		}
		if ci < len(p.changes) && int(p.changes[ci].off) < next {
			next = max(int(p.changes[ci].off), a)
		}
		if next > a {
			r.setRegion(w, cur)
			r.write(w, p.buf[a:next], raw)
			a = next
			r.at = max(r.at, a)
			continue
		}
		if ci < len(p.changes) && int(p.changes[ci].off) <= a {
			cur = p.changes[ci].region
			ci++
			continue
		}
		t := p.tokens[ti]
		ti++
		if int(t.off) >= a { // not the tail of a sentinel cut by the segment
			r.setRegion(w, cur)
			r.mark(w, t)
		}
		a = min(int(t.off+p.tokenLen(t.off)), b)
		r.at = max(r.at, a)
	}
}

// write writes article text that holds no sentinel.
func (r *mdRenderer) write(w util.BufWriter, b []byte, raw bool) {
	if raw {
		ghtml.DefaultWriter.RawWrite(w, b)
	} else {
		ghtml.DefaultWriter.Write(w, b)
	}
}

// regionOf returns the innermost region at offset off of the current unit.
func (r *mdRenderer) regionOf(off int) int32 {
	reg, _ := r.p.regionAt(r.base + off)
	return reg
}

// setRegion closes the open highlight if it is not region reg, and opens
// reg's. Highlights open and close within one run of text or between two
// sibling runs, so they always nest properly in goldmark's elements.
func (r *mdRenderer) setRegion(w util.BufWriter, reg int32) {
	if r.open == reg {
		return
	}
	if r.open >= 0 {
		r.closeRegion(w)
	}
	r.open = reg
	if reg < 0 {
		return
	}
	if r.started == nil {
		r.started = make([]bool, len(r.p.regions))
	}
	class, start := `<ins class="bp-added">`, `<span class="bp-sr">[added by the publisher] </span>`
	if isChange(&r.p.d.Marks[r.p.regions[reg].mark], r.p.d.Src) {
		class, start = `<ins class="bp-changed">`, `<span class="bp-sr">[changed by the publisher] </span>`
	}
	_, _ = w.WriteString(class)
	if !r.started[reg] {
		r.started[reg] = true
		_, _ = w.WriteString(start)
	}
}

// closeRegion closes the open highlight. If it is the region's last, it
// tells a screen reader so, and a change is followed by the button that
// reveals the words it replaced, and those words.
func (r *mdRenderer) closeRegion(w util.BufWriter) {
	reg := r.open
	m := &r.p.d.Marks[r.p.regions[reg].mark]
	last := !r.wordsLeft(reg)
	if !last {
		_, _ = w.WriteString("</ins>")
		return
	}
	if !isChange(m, r.p.d.Src) {
		_, _ = w.WriteString(`<span class="bp-sr"> [end of addition]</span></ins>`)
		return
	}
	_, _ = w.WriteString(`<span class="bp-sr"> [end of change]</span></ins>`)
	id := r.nextID()
	_, _ = w.WriteString(`<button type="button" class="bp-reveal bp-was" aria-expanded="false" aria-controls="` + id +
		`" title="Show the words this replaced">was</button><del class="bp-old" id="` + id + `"><span class="bp-sr">[the original read] </span>`)
	_, _ = w.WriteString(escape(string(r.p.original(r.p.regions[reg].mark, m.Old()))))
	_, _ = w.WriteString(`<span class="bp-sr"> [end of original words]</span></del>`)
}

// wordsLeft reports whether region reg holds, past what has been written,
// anything a later highlight of it would write: anything but spaces and
// the delimiters of emphasis and code, which close the elements around
// the highlight's last words. The answer is kept, and the search goes on
// from where it stopped, so that all of a region's searches cost its
// length.
func (r *mdRenderer) wordsLeft(reg int32) bool {
	if r.wordAt == nil {
		r.wordAt = make([]int32, len(r.p.regions))
	}
	end := int(r.p.regions[reg].end)
	if at := int(r.wordAt[reg]) - 1; at >= r.at {
		return at < end
	} else if at >= end {
		return false
	}
	i := r.at
	for i < end && !isWord(r.p.buf[i]) {
		i++
	}
	r.wordAt[reg] = int32(i) + 1
	return i < end
}

// isWord reports whether byte c may be text a highlight writes.
func isWord(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '*', '_', '~', '`':
		return false
	}
	return true
}

// nextID returns the next id for a revealed passage.
func (r *mdRenderer) nextID() string {
	r.ids++
	return r.prefix + "-c" + strconv.Itoa(r.ids)
}

// mark writes the mark a sentinel stands for: a cut's button and its
// words, hidden until the button reveals them, or an untracked cut.
func (r *mdRenderer) mark(w util.BufWriter, t token) {
	p := r.p
	if p.buf[t.off+1] != kindCut {
		_, _ = w.WriteString(`<span class="bp-untracked" title="The words cut here were not recorded">`)
		_, _ = w.WriteString(escape(string(p.d.Marks[t.mark].Span().Text(p.d.Src))))
		_, _ = w.WriteString(`</span>`)
		return
	}
	part, ok := p.parts[t.off]
	if !ok {
		part = cutWords(&p.d.Marks[t.mark])
	}
	reason := changes.CutReason(p.d, int(t.mark))
	as := ""
	if reason != "" {
		as = " as " + reason
		if r.reasons == nil {
			r.reasons = map[string]int{}
		}
		if t.mark != r.counted {
			r.reasons[reason]++ // once for a cut across paragraphs
			r.counted = t.mark
		}
	}
	id := r.nextID()
	_, _ = w.WriteString(`<button type="button" class="bp-reveal bp-elision" aria-expanded="false" aria-controls="` + id + `"`)
	if reason != "" {
		_, _ = w.WriteString(` data-reason="` + reason + `"`)
	}
	// The name a screen reader reads is the label, which starts with the
	// visible text (WCAG's label in name); the button's text is the
	// elision alone, as a reader sees it and a search finds it.
	_, _ = w.WriteString(` aria-label="` + escape(p.elision) + ` (cut by the publisher` + as + `)"`)
	_, _ = w.WriteString(` title="Cut by the publisher` + as + `: show the words">`)
	_, _ = w.WriteString(escape(p.elision))
	_, _ = w.WriteString(`</button><del class="bp-cut-words" id="` + id + `"><span class="bp-sr">[cut words] </span>`)
	_, _ = w.WriteString(escape(string(p.original(t.mark, part))))
	_, _ = w.WriteString(`<span class="bp-sr"> [end of cut]</span></del>`)
}

// escape escapes s for HTML text or a quoted attribute, and turns any NUL
// into U+FFFD as an HTML parser would.
func escape(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\x00", "\uFFFD")
}
