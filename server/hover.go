package server

import (
	"cmp"
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Hover shows what lies behind a mark: the cut words of an elision, the
// old and new text of a substitution, a note's text; and the message of any
// problem under the cursor. Plain text gets no hover. It answers from the
// newest analysis when what it shows was not edited since (versions.go), else
// from the analysis of the request's version.
func (s *Server) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, cfg := s.settings()
	off := v.offset(p.Position, caps)
	if h, ok := hoverIn(v, off, caps, cfg); ok {
		return h, nil
	}
	if v = s.await(ctx, v, requestWait); v == nil {
		return nil, ctx.Err()
	}
	h, _ := hoverIn(v, off, caps, cfg)
	return h, nil
}

// hoverIn builds the hover at byte offset off of v's text from v's
// snapshot. It is false when the snapshot cannot tell: off, or the mark or
// a problem there, lies in text edited since.
func hoverIn(v *docView, off int, caps clientCaps, cfg config) (*protocol.Hover, bool) {
	at, ok := v.toSnap(off)
	if !ok {
		return nil, false
	}
	snap := v.snap
	h := hoverText{md: caps.markdownHover}
	var hit span.Span
	found := false
	if i := snap.doc.MarkAt(at); i >= 0 {
		if _, ok := v.toHead(snap.doc.Marks[i].Span()); !ok {
			return nil, false
		}
		hit, found = snap.doc.Marks[i].Span(), true
		describeMark(&h, snap.doc, i, cmp.Or(snap.elision, cfg.elision))
		if snap.fid != nil && !snap.fid.TooDifferent && snap.doc.Marks[i].Kind != markup.BareElision {
			if differs(snap, snap.doc.Marks[i].Span()) {
				h.line("Does not match the archived original: see the problem below.")
			} else {
				h.line("Matches the archived original.")
			}
		}
	}
	if !found && len(v.edits) > 0 {
		// No mark here in the snapshot; but an edit since may have made
		// one (an opener typed before the cursor, a selection just wrapped
		// in a mark, around a word the style pass flags), which only the
		// analysis of the request's version can tell.
		return nil, false
	}
	for _, d := range snap.diags {
		if d.Span.Contains(at) || (d.Span.Start <= at && at < d.Span.End) {
			if _, ok := v.toHead(d.Span); !ok {
				return nil, false
			}
			if !found {
				hit, found = d.Span, true
			}
			h.rule()
			h.line(h.bold(severityWord(int(d.Severity))) + ": " + d.Message + " (" + h.code(d.Code) + ")")
		}
	}
	if !found {
		return nil, true
	}
	hit, _ = v.toHead(hit)
	r := v.rangeOf(hit, caps)
	kind := protocol.MarkupKindPlainText
	if caps.markdownHover {
		kind = protocol.MarkupKindMarkdown
	}
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: kind, Value: strings.TrimSpace(h.b.String())},
		Range:    &r,
	}, true
}

func severityWord(s int) string {
	switch s {
	case 1:
		return "Error"
	case 2:
		return "Warning"
	case 3:
		return "Info"
	}
	return "Hint"
}

// describeMark writes the hover of mark i. Its first line holds what the
// mark hides or changes (the cut words, the original and published text,
// the note), because that is all some clients show: Emacs's echo area
// shows a hover's first line only. The explanation follows.
func describeMark(h *hoverText, d *markup.Document, i int, elision string) {
	m := &d.Marks[i]
	src := d.Src
	orig := func(s span.Span) string {
		// The original words of a part, nested marks resolved, so that a
		// hover never shows raw mark syntax as "the original".
		return strings.TrimSpace(string(view.Build(markup.Parse(s.Text(src)), view.Original, view.Options{}).Text))
	}
	pub := func(s span.Span) string {
		return strings.TrimSpace(string(view.Build(markup.Parse(s.Text(src)), view.Published, view.Options{ElisionText: elision}).Text))
	}
	switch m.Kind {
	case markup.Elision:
		cut := orig(m.Body())
		h.first(h.bold("Cut words:") + " " + h.inline(cut))
		as := ""
		if r := changes.CutReason(d, i); r != "" {
			as = " as " + h.bold(r) // the reason the page gives readers
		}
		h.line("An elision: cut from the original" + as + ", published as " + h.code(elision) + ".")
		h.whole("Cut words", cut)
	case markup.Addition:
		added := pub(m.Body())
		h.first(h.bold("Added:") + " " + h.inline(added))
		h.line("An addition: these words are not in the original; published highlighted.")
		h.whole("Added", added)
	case markup.Substitution:
		old, repl := orig(m.Old()), pub(m.New())
		h.first(h.bold("Original:") + " " + h.inline(old) + " → " + h.bold("published:") + " " + h.inline(repl))
		h.line("A substitution: the original words were replaced; the new text is published highlighted.")
		h.whole("Original", old)
		h.whole("Published", repl)
	case markup.Note:
		note := string(m.Body().Text(src))
		h.first(h.bold("Editor's note:") + " " + h.inline(note))
		h.line("Never published.")
		h.whole("Note", note)
	case markup.Highlight:
		if n := d.AttachedNote(i); n >= 0 {
			note := string(d.Marks[n].Body().Text(src))
			h.first(h.bold("Highlight, with the note:") + " " + h.inline(note))
			h.line("Published as plain text; the note is never published.")
			h.whole("Note", note)
		} else {
			h.first(h.bold("Highlight:") + " " + h.inline(orig(m.Body())))
			h.line("Published as plain text.")
		}
	case markup.BareElision:
		h.first(h.bold("Untracked elision:") + " words were cut here, but they are not recorded, so readers cannot look them up.")
		h.line("Write the cut words as " + h.code("{--cut words--}") + ".")
	}
}

// firstLineMax is how many characters of a mark's text its hover's first
// line shows; the whole text follows below when it is longer.
const firstLineMax = 160

// hoverText builds a hover in Markdown or plain text from the same calls.
type hoverText struct {
	b  strings.Builder
	md bool
	// cut is set when the first line could not show a text whole (it was
	// long, or spread over lines), which whole then shows.
	cut bool
}

func (h *hoverText) bold(s string) string {
	if h.md {
		return "**" + s + "**"
	}
	return s
}

func (h *hoverText) code(s string) string {
	if h.md {
		return "`" + s + "`"
	}
	return s
}

func (h *hoverText) line(s string) {
	h.b.WriteString(s)
	h.b.WriteString("\n\n")
}

// first writes the first line; the texts in it went through inline.
func (h *hoverText) first(s string) { h.line(s) }

// inline returns a piece of the article's text for the first line: on one
// line, white space collapsed, shortened to firstLineMax characters. An
// empty piece says so, since nothing at all reads as a rendering fault.
func (h *hoverText) inline(text string) string {
	if text == "" {
		return "(nothing)"
	}
	one := strings.Join(strings.Fields(text), " ")
	if hasBlankLine(text) {
		h.cut = true // paragraphs run together on one line
	}
	if r := []rune(one); len(r) > firstLineMax {
		one = strings.TrimSpace(string(r[:firstLineMax])) + "…"
		h.cut = true
	}
	return one
}

// hasBlankLine reports whether text holds a line of only white space
// between two others: more than one paragraph.
func hasBlankLine(text string) bool {
	lines := strings.Split(text, "\n")
	if len(lines) < 3 {
		return false
	}
	for _, l := range lines[1 : len(lines)-1] {
		if strings.TrimSpace(l) == "" {
			return true
		}
	}
	return false
}

func (h *hoverText) rule() {
	if h.b.Len() == 0 {
		return
	}
	if h.md {
		h.b.WriteString("---\n\n")
	}
}

// whole shows a piece of the article's text in full under a label, when
// the first line could not.
func (h *hoverText) whole(label, text string) {
	if !h.cut || text == "" {
		return
	}
	if !h.md {
		h.b.WriteString(label + ":\n" + text + "\n\n")
		return
	}
	h.b.WriteString(label + ":\n\n")
	for _, l := range strings.Split(text, "\n") {
		h.b.WriteString("> " + l + "\n")
	}
	h.b.WriteString("\n")
}

// differs reports whether an unmarked change touches s.
func differs(snap *snapshot, s span.Span) bool {
	for _, d := range snap.diags {
		if d.Code == rules.CodeUnmarkedChange && (d.Span.Overlaps(s) || (d.Span.Empty() && s.Contains(d.Span.Start))) {
			return true
		}
	}
	return false
}
