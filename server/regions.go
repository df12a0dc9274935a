package server

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/regions"
)

// FoldingRanges offers the front matter and long notes for folding.
func (s *Server) FoldingRanges(ctx context.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	m := v.head.mapper()
	out := []protocol.FoldingRange{}
	for _, f := range regions.Folds(v.markupDoc()) {
		r := m.Range(f.Span.Start, f.Span.End, caps.enc)
		fr := protocol.FoldingRange{StartLine: uint32(r.Start.Line), EndLine: uint32(r.End.Line), Kind: protocol.FoldingRangeKindRegion}
		if f.Kind == regions.Note {
			fr.Kind = protocol.FoldingRangeKindComment
		}
		if caps.marks.lineFoldingOnly {
			if f.Shared {
				// A client that folds whole lines would hide the words
				// after the closer: stop a line before.
				fr.EndLine--
			}
			if fr.EndLine <= fr.StartLine {
				continue
			}
		} else {
			sc, ec := uint32(r.Start.Character), uint32(r.End.Character)
			fr.StartCharacter, fr.EndCharacter = &sc, &ec
		}
		out = append(out, fr)
	}
	return out, nil
}

// DocumentLink links the front matter's url to the address as given, and
// its original to the file it resolves to inside the workspace, which
// opens in the editor; an original that does not resolve gets no link
// (the diagnostics say why).
func (s *Server) DocumentLink(ctx context.Context, p *protocol.DocumentLinkParams) ([]protocol.DocumentLink, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	path := uriPath(p.TextDocument.URI)
	out := []protocol.DocumentLink{}
	for _, l := range regions.Links(v.markupDoc()) {
		target := uri.URI(l.Target)
		if l.Original {
			if path == "" {
				continue // not a file: nothing to resolve against
			}
			real, prob := archive.Resolve(path, l.Target, s.rootFor(path))
			if prob != nil {
				continue
			}
			target = uri.File(real)
		}
		out = append(out, protocol.DocumentLink{Range: v.rangeOf(l.Span, caps), Target: &target})
	}
	return out, nil
}
