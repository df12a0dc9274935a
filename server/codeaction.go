package server

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// CodeAction offers, in this order: a quick fix for every diagnostic in
// the range that has one; allowing a word the style pass flags, in the
// article or the workspace (allow.go); on a selection, marking it as an elision, an
// addition or a modification; inside a mark, restoring the original or
// accepting the change (and joining an elision with the addition beside
// it); and fixing every safe problem at once. Every action carries its
// edit: no client-side command is involved. Actions are computed on the
// analysis of the request's own version, and their edits carry it, so that
// a client applies them to that text or refuses them (versions.go).
func (s *Server) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	if !v.exact() {
		if v = s.await(ctx, v, actionWait); v == nil {
			return nil, ctx.Err()
		}
	}
	snap := v.snap
	caps, _ := s.settings()
	start, end := snap.mapper().OffsetRange(toRange(p.Range), caps.enc)
	b := actionBuilder{s: s, snap: snap, caps: caps, only: p.Context.Only}
	b.quickFixes(start, end)
	b.allowActions(start, end)
	if end > start {
		b.markSelection(start, end)
	}
	b.markActions(start, end)
	b.fixAll()
	return b.out, nil
}

type actionBuilder struct {
	s    *Server
	snap *snapshot
	caps clientCaps
	only []protocol.CodeActionKind
	out  []protocol.CommandOrCodeAction
}

// wants reports whether the client's "only" filter admits kind k: an
// entry admits itself and every kind below it ("refactor" admits
// "refactor.rewrite").
func (b *actionBuilder) wants(k protocol.CodeActionKind) bool {
	if len(b.only) == 0 {
		return true
	}
	for _, o := range b.only {
		if k == o || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}

func (b *actionBuilder) add(title string, kind protocol.CodeActionKind, edits []span.Edit, preferred bool, diags []protocol.Diagnostic) {
	if !b.wants(kind) || len(edits) == 0 {
		return
	}
	a := &protocol.CodeAction{Title: title, Kind: &kind, Edit: b.workspaceEdit(edits), Diagnostics: diags}
	if preferred {
		a.IsPreferred = &preferred
	}
	b.out = append(b.out, a)
}

// workspaceEdit wraps edits for the client: a versioned document change
// when it supports them, so that an action computed for an older version is
// refused rather than applied to text it was not made for.
func (b *actionBuilder) workspaceEdit(edits []span.Edit) *protocol.WorkspaceEdit {
	snap := b.snap
	tes := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		tes[i] = protocol.TextEdit{Range: snap.rangeOf(e.Span.Start, e.Span.End, b.caps.enc), NewText: e.New}
	}
	v := snap.version
	return documentEdit(snap.uri, &v, tes, b.caps)
}

// documentEdit is the workspace edit that makes tes in the document u: a
// document change for version (nil: the file as it is on disk) when the
// client takes them, else a plain change.
func documentEdit(u uri.URI, version *int32, tes []protocol.TextEdit, caps clientCaps) *protocol.WorkspaceEdit {
	if !caps.documentChanges {
		return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{u: tes}}
	}
	elems := make([]protocol.TextDocumentEditElement, len(tes))
	for i := range tes {
		elems[i] = &tes[i]
	}
	return &protocol.WorkspaceEdit{DocumentChanges: []protocol.DocumentChange{&protocol.TextDocumentEdit{
		TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
			TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u},
			Version:                version,
		},
		Edits: elems,
	}}}
}

// quickFixes offers every fix of every diagnostic touching [start, end].
// Diagnostics are matched by the server's own list, not the client's
// context, whose ranges some clients report in bytes.
func (b *actionBuilder) quickFixes(start, end int) {
	for i, d := range b.snap.diags {
		if len(d.Fixes) == 0 || d.Span.End < start || d.Span.Start > end {
			continue
		}
		ld := []protocol.Diagnostic{toLSPDiagnostic(b.snap, i, b.caps)}
		for _, f := range d.Fixes {
			b.add(f.Title, protocol.CodeActionKindQuickFix, f.Edits, f.Preferred, ld)
		}
	}
}

// markSelection offers to turn the selection into marks, one per
// paragraph, each trimmed of surrounding white space. A selection never
// cuts through a word: one that ends inside a word takes in the whole word,
// so that "ine" of "fine" (or Helix's one-character cursor on "f") elides
// "fine", never "{--f--}ine". Nothing is offered where a mark would make no
// sense: a selection that cuts through a mark (bare elisions too), or lies
// in the front matter, would leave broken markup, and one holding no word
// or punctuation (white space, a heading's "#", emphasis) changes nothing a
// reader reads.
func (b *actionBuilder) markSelection(start, end int) {
	d := b.snap.doc
	start, end = fidelity.WordSpan(d.Src, start, end)
	if d.HasFrontMatter && start < d.FrontMatter.Span.End {
		return
	}
	for i := range d.Marks {
		ms := d.Marks[i].Span()
		inside := d.Marks[i].Kind == markup.BareElision && start <= ms.Start && ms.End <= end
		if ms.Start < end && start < ms.End && !inside {
			return
		}
	}
	var pieces []span.Span
	for _, p := range paragraphPieces(d.Src, start, end) {
		if fidelity.HasToken(p.Text(d.Src)) {
			pieces = append(pieces, p)
		}
	}
	if len(pieces) == 0 {
		return
	}
	wrap := func(open, mid, close string, withText bool) []span.Edit {
		var edits []span.Edit
		for _, p := range pieces {
			if withText {
				// A modification starts with the new side equal to the old;
				// the editor then types over it.
				edits = append(edits, span.Insert(p.Start, open), span.Insert(p.End, mid+string(p.Text(d.Src))+close))
			} else {
				edits = append(edits, span.Insert(p.Start, open), span.Insert(p.End, close))
			}
		}
		return edits
	}
	b.add("Elide selection", protocol.CodeActionKindRefactorRewrite, wrap(markup.Elision.Opener(), "", markup.Elision.Closer(), false), false, nil)
	b.add("Mark as addition", protocol.CodeActionKindRefactorRewrite, wrap(markup.Addition.Opener(), "", markup.Addition.Closer(), false), false, nil)
	b.add("Mark as modification", protocol.CodeActionKindRefactorRewrite, wrap(markup.Substitution.Opener(), markup.Arrow, markup.Substitution.Closer(), true), false, nil)
}

// paragraphPieces splits [start, end) at blank lines and trims each piece
// of white space, dropping empty ones.
func paragraphPieces(src []byte, start, end int) []span.Span {
	var out []span.Span
	pieceStart := start
	emit := func(s, e int) {
		for s < e && isSpace(src[s]) {
			s++
		}
		for e > s && isSpace(src[e-1]) {
			e--
		}
		if e > s {
			out = append(out, span.Span{Start: s, End: e})
		}
	}
	for i := start; i < end; i++ {
		if src[i] != '\n' {
			continue
		}
		j := i + 1
		for j < end && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j < end && src[j] == '\n' {
			emit(pieceStart, i)
			pieceStart = j
			i = j - 1
		}
	}
	emit(pieceStart, end)
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// markActions offers the actions of the marks under the cursor or range.
func (b *actionBuilder) markActions(start, end int) {
	d := b.snap.doc
	src := d.Src
	i := d.MarkAt(start)
	if i < 0 && end > start {
		i = d.MarkAt(end - 1)
	}
	if i < 0 {
		return
	}
	m := &d.Marks[i]
	if m.Kind == markup.BareElision || !m.Closed() {
		return
	}
	restore, accept := markTexts(m, src)
	whole := m.Span()
	if n := changes.ReasonNote(d, i); n >= 0 {
		whole.End = d.Marks[n].Span().End // the cut's reason goes with it either way
	}
	replace := func(text string) []span.Edit { return []span.Edit{markEdit(src, whole, text)} }
	if m.Kind == markup.Note {
		b.add("Remove note", protocol.CodeActionKindRefactorRewrite, replace(""), false, nil)
	} else {
		b.add("Restore original", protocol.CodeActionKindRefactorRewrite, replace(restore), false, nil)
		if m.Kind != markup.Highlight {
			b.add("Accept change", protocol.CodeActionKindRefactorRewrite, replace(accept), false, nil)
		}
	}
	// An elision beside an addition (either order) is one modification.
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(d.Marks) {
			continue
		}
		first, second := &d.Marks[min(i, j)], &d.Marks[max(i, j)]
		if first.Parent() >= 0 || second.Parent() >= 0 || !first.Closed() || !second.Closed() || first.Span().End != second.Span().Start {
			continue
		}
		cut, add := first, second
		if cut.Kind == markup.Addition {
			cut, add = add, cut
		}
		if cut.Kind != markup.Elision || add.Kind != markup.Addition {
			continue
		}
		joined := markup.Substitution.Opener() + string(cut.Body().Text(src)) + markup.Arrow + string(add.Body().Text(src)) + markup.Substitution.Closer()
		b.add("Join into modification", protocol.CodeActionKindRefactorRewrite,
			[]span.Edit{span.Replace(span.Span{Start: first.Span().Start, End: second.Span().End}, joined)}, false, nil)
		break
	}
}

// markTexts returns what the closed mark m of src reads as once restored
// (the original's words) and once accepted (the published words). A note
// is gone either way; a highlight keeps its words either way.
func markTexts(m *markup.Mark, src []byte) (restore, accept string) {
	switch m.Kind {
	case markup.Elision:
		return string(m.Body().Text(src)), ""
	case markup.Addition:
		return "", string(m.Body().Text(src))
	case markup.Substitution:
		return string(m.Old().Text(src)), string(m.New().Text(src))
	case markup.Highlight:
		return string(m.Body().Text(src)), string(m.Body().Text(src))
	}
	return "", ""
}

// markEdit replaces a mark at s (with its reason note, if any) with text,
// removing it with the space around it when text is empty.
func markEdit(src []byte, s span.Span, text string) span.Edit {
	if text == "" {
		return rules.RemoveEdit(src, s)
	}
	return span.Replace(s, text)
}

// fixAll offers every safe fix at once.
func (b *actionBuilder) fixAll() {
	if len(b.only) == 0 {
		// Fix-all is a source action: clients ask for it by kind (on save,
		// or from a "source action" menu), not in the light bulb.
		return
	}
	edits := rules.FixAll(b.snap.diags)
	if !b.wants(kindFixAll) && !b.wants(protocol.CodeActionKindSourceFixAll) {
		return
	}
	kind := kindFixAll
	if !b.wants(kindFixAll) {
		kind = protocol.CodeActionKindSourceFixAll
	}
	b.add("Fix all safe bluepencil problems", kind, edits, false, nil)
}
