package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/span"
)

// InlayHint shows, inside the requested range, the archived words behind
// each bare [...] whose cut words the check against the original found,
// and the absolute date behind each relative one ("yesterday", "on
// Tuesday") when the front matter gives the publication date: what the
// fixes "Record the cut words" and the date's replacement would write
// (changes.Hints). Offered only to clients that declare inlay hints; the
// setting "inlayHints": false turns them off. Hints come from the analysis
// of the request's version; while that runs late, from the newest one,
// each hint moved through the edits since and dropped where they touched.
func (s *Server) InlayHint(ctx context.Context, p *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	caps, cfg := s.settings()
	if cfg.noInlayHints {
		return nil, ctx.Err()
	}
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	if !v.exact() {
		if w := s.await(ctx, v, requestWait); w != nil {
			v = w
		} else if v.snap == nil || !v.known {
			return nil, ctx.Err()
		}
	}
	m := v.head.mapper()
	from, to := m.Offset(toPosition(p.Range.Start), caps.enc), m.Offset(toPosition(p.Range.End), caps.enc)
	yes := true
	var out []protocol.InlayHint
	for _, h := range changes.Hints(v.snap.doc.Src, v.snap.diags) {
		at, ok := v.toHead(span.Span{Start: h.At, End: h.At})
		if !ok || at.Start < from || at.Start > to {
			continue
		}
		pos := m.Position(at.Start, caps.enc)
		out = append(out, protocol.InlayHint{
			Position:    protocol.Position{Line: uint32(pos.Line), Character: uint32(pos.Character)},
			Label:       protocol.String(h.Label),
			PaddingLeft: &yes,
		})
	}
	return out, nil
}
