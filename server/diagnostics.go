package server

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// DocsURL is where each code's documentation lives; a diagnostic links to
// DocsURL#code.
const DocsURL = "https://github.com/bluepencil/bluepencil/blob/main/docs/markup.md"

// publish pushes snap's diagnostics, unless the client pulls them (it would
// show both, as two copies of every problem).
func (s *Server) publish(ctx context.Context, snap *snapshot) {
	s.mu.Lock()
	caps := s.caps
	s.mu.Unlock()
	if caps.pullDiagnostics {
		return
	}
	params := &protocol.PublishDiagnosticsParams{
		URI:         snap.uri,
		Diagnostics: s.toLSP(snap, snap.diags, caps),
		// Sent even to clients that do not declare versionSupport: those
		// ignore it, and the others can drop a report for an old version.
		Version: protocol.NewOptional(snap.version),
	}
	s.notify(ctx, "textDocument/publishDiagnostics", params)
}

// Diagnostic answers a pull request with the diagnostics of the document's
// current snapshot.
func (s *Server) Diagnostic(ctx context.Context, p *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled before it started: answered as RequestCancelled
	}
	snap, caps, _ := s.current(p.TextDocument.URI)
	items := []protocol.Diagnostic{}
	if snap != nil {
		items = s.toLSP(snap, snap.diags, caps)
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", Items: items},
	}, nil
}

// toLSP converts diagnostics to the protocol's form.
func (s *Server) toLSP(snap *snapshot, diags []rules.Diagnostic, caps clientCaps) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(diags))
	for _, d := range diags {
		out = append(out, toLSPDiagnostic(snap, d, caps))
	}
	return out
}

func toLSPDiagnostic(snap *snapshot, d rules.Diagnostic, caps clientCaps) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:           snap.rangeOf(d.Span.Start, d.Span.End, caps.enc),
		Severity:        protocol.DiagnosticSeverity(d.Severity),
		Code:            protocol.String(d.Code),
		Source:          protocol.NewOptional(Name),
		Message:         protocol.String(d.Message),
		CodeDescription: protocol.CodeDescription{Href: uri.URI(DocsURL + "#" + d.Code)},
	}
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: snap.uri, Range: snap.rangeOf(r.Span.Start, r.Span.End, caps.enc)},
			Message:  r.Message,
		})
	}
	return pd
}

// republishAll re-checks every open document, after a settings change.
func (s *Server) republishAll(ctx context.Context) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	cfg := s.cfg
	olds := make([]*snapshot, 0, len(s.docs))
	for _, old := range s.docs {
		olds = append(olds, old)
	}
	s.mu.Unlock()
	for _, old := range olds {
		snap := newSnapshot(old.uri, old.version, old.text, cfg)
		s.store(snap)
		s.publish(ctx, snap)
	}
}
