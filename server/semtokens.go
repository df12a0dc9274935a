package server

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/tokens"
)

// The legend uses standard token types only, so that a theme that knows
// nothing of bluepencil colours the marks. Additions and new text are
// "property": the one standard type both Neovim's default colour scheme
// (@property, NvimLightBlue/NvimDarkBlue) and VS Code's Dark+ and Light+
// (variable.other.property: #9CDCFE, #001080) show blue. Cut and old text
// carry "deprecated", which Neovim strikes through (@lsp.mod.deprecated).
var (
	tokenTypes     = []string{"operator", "property", "regexp", "comment", "function", "string"}
	tokenModifiers = []string{"deprecated", "modification", "documentation"}
)

const (
	modDeprecated uint32 = 1 << iota
	modModification
	modDocumentation
)

// tokenCode is the legend index of each part's type and its modifiers.
var tokenCode = [...]struct{ typ, mods uint32 }{
	tokens.Delimiter:   {0, 0},
	tokens.Added:       {1, 0},
	tokens.New:         {1, modModification},
	tokens.Cut:         {2, modDeprecated},
	tokens.Old:         {2, modDeprecated | modModification},
	tokens.Note:        {3, modDocumentation},
	tokens.Highlighted: {4, 0},
	tokens.Untracked:   {5, 0},
}

// SemanticTokensFull colours every mark of the article.
func (s *Server) SemanticTokensFull(ctx context.Context, p *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	return s.semanticTokens(ctx, p.TextDocument.URI, nil)
}

// SemanticTokensRange colours the marks that overlap a range.
func (s *Server) SemanticTokensRange(ctx context.Context, p *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	return s.semanticTokens(ctx, p.TextDocument.URI, &p.Range)
}

// semanticTokens answers from the request's own text: tokens must fit the
// text exactly, and parsing it costs little next to an analysis, which a
// request would otherwise wait for while the user types.
func (s *Server) semanticTokens(ctx context.Context, u uri.URI, r *protocol.Range) (*protocol.SemanticTokens, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if isSettingsURI(u) {
		return &protocol.SemanticTokens{Data: []uint32{}}, nil
	}
	v := s.viewOf(ctx, u)
	if v == nil {
		return nil, nil
	}
	caps, _ := s.settings()
	d, m := v.markupDoc(), v.head.mapper()
	var toks []tokens.Token
	if r == nil {
		toks = tokens.Of(d)
	} else {
		start, end := m.OffsetRange(position.Range{Start: toPosition(r.Start), End: toPosition(r.End)}, caps.enc)
		toks = tokens.In(d, span.Span{Start: start, End: end})
	}
	return &protocol.SemanticTokens{Data: encodeTokens(m, caps.enc, toks)}, nil
}

// markupDoc returns the parse of the request's own text: the snapshot's
// when it is of that version, else a parse of the text, which takes a few
// milliseconds on a long article where the whole analysis takes many more.
// What is mapped from an older snapshot through the edits since would be
// stale for the marks the edits touched (an outline's labels, a token's
// kind).
func (v *docView) markupDoc() *markup.Document {
	if v.exact() && v.snap.doc != nil {
		return v.snap.doc
	}
	return markup.Parse(v.head.text)
}

// encodeTokens writes toks in LSP's relative encoding, one token per line
// a token covers, since a client need not take tokens that span lines.
func encodeTokens(m *position.Mapper, enc position.Encoding, toks []tokens.Token) []uint32 {
	data := make([]uint32, 0, 5*len(toks))
	c := m.Cursor(enc)
	var line, char int
	emit := func(at position.Position, length int, code uint32, mods uint32) {
		if length <= 0 {
			return
		}
		if at.Line != line {
			char = 0
		}
		data = append(data, uint32(at.Line-line), uint32(at.Character-char), uint32(length), code, mods)
		line, char = at.Line, at.Character
	}
	for _, t := range toks {
		code := tokenCode[t.Part]
		p := c.Position(t.Span.Start)
		for {
			lineEnd := m.LineEnd(p.Line)
			if t.Span.End <= lineEnd {
				emit(p, c.Position(t.Span.End).Character-p.Character, code.typ, code.mods)
				break
			}
			emit(p, c.Position(lineEnd).Character-p.Character, code.typ, code.mods)
			next := m.LineStart(p.Line + 1)
			if next >= t.Span.End || next <= t.Span.Start {
				break
			}
			p = c.Position(next)
		}
	}
	return data
}

// DocumentHighlight highlights the delimiters of the mark under the
// cursor (its opener, arrow and closer), so that either end of a long mark
// shows where the other is.
func (s *Server) DocumentHighlight(ctx context.Context, p *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	d := v.markupDoc()
	i := d.MarkAt(v.offset(p.Position, caps))
	if i < 0 {
		return nil, nil
	}
	var out []protocol.DocumentHighlight
	for _, sp := range tokens.Delimiters(d, i) {
		out = append(out, protocol.DocumentHighlight{Range: v.rangeOf(sp, caps), Kind: protocol.DocumentHighlightKindText})
	}
	return out, nil
}
