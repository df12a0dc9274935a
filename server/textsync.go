package server

import (
	"context"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// snapshot is one version of an open document, never modified once made:
// requests read it without holding the server's lock.
type snapshot struct {
	uri     uri.URI
	version int32
	text    []byte
	doc     *markup.Document
	diags   []rules.Diagnostic
	mapper  *position.Mapper
	// fid and orig are the fidelity check's result and the original it
	// compared with, when the front matter names a readable original.
	fid  *fidelity.Result
	orig *original
}

// newSnapshot parses and checks text, against its original when it names
// one.
func (s *Server) newSnapshot(u uri.URI, version int32, text []byte, cfg config) *snapshot {
	d := markup.Parse(text)
	diags := rules.Check(d, rules.Options{})
	fd, fid, orig := s.fidelityCheck(u, d)
	return &snapshot{
		uri: u, version: version, text: text, doc: d,
		diags:  cfg.rules.Apply(rules.Merge(diags, fd)),
		mapper: position.New(text),
		fid:    fid, orig: orig,
	}
}

// DidOpen starts tracking a document and publishes its diagnostics.
func (s *Server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	cfg := s.config()
	snap := s.newSnapshot(p.TextDocument.URI, p.TextDocument.Version, []byte(p.TextDocument.Text), cfg)
	s.store(snap)
	s.publish(ctx, snap)
	return nil
}

// DidChange applies the changes in order, each in the coordinates of the
// text left by the one before, as LSP defines them. Parsing runs outside
// the state lock (pubMu alone orders changes), so a panic in it cannot
// leave the server locked.
func (s *Server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	old, caps, cfg := s.current(p.TextDocument.URI)
	if old == nil {
		s.log.Warn("didChange for a document that is not open", zap.String("uri", string(p.TextDocument.URI)))
		return nil
	}
	if p.TextDocument.Version <= old.version {
		s.log.Warn("stale didChange ignored", zap.Int32("version", p.TextDocument.Version), zap.Int32("have", old.version))
		return nil
	}
	text := old.text
	mapper := old.mapper
	for i, ch := range p.ContentChanges {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = []byte(c.Text)
		case *protocol.TextDocumentContentChangePartial:
			if i > 0 {
				mapper = position.New(text)
			}
			start, end := mapper.OffsetRange(toRange(c.Range), caps.enc)
			next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			next = append(next, text[:start]...)
			next = append(next, c.Text...)
			text = append(next, text[end:]...)
		}
	}
	snap := s.newSnapshot(old.uri, p.TextDocument.Version, text, cfg)
	s.store(snap)
	s.publish(ctx, snap)
	return nil
}

func (s *Server) config() config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

func (s *Server) store(snap *snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[snap.uri] = snap
}

// DidClose forgets a document and clears its diagnostics, as the client
// would otherwise keep showing them for a file no longer checked.
func (s *Server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	pull := s.caps.pullDiagnostics
	s.mu.Unlock()
	if !pull {
		s.notify(ctx, "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	}
	return nil
}

// DidSave re-checks the articles whose original was just saved (an editor
// may have the original open too); an article itself needs no work, the
// server already has its text.
func (s *Server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	if strings.HasPrefix(string(p.TextDocument.URI), "file:") {
		path := p.TextDocument.URI.FsPath()
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		s.recheckOriginal(ctx, path)
	}
	return nil
}

// current returns the snapshot of an open document, or nil.
func (s *Server) current(u uri.URI) (*snapshot, clientCaps, config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[u], s.caps, s.cfg
}

func toRange(r protocol.Range) position.Range {
	return position.Range{
		Start: position.Position{Line: int(r.Start.Line), Character: int(r.Start.Character)},
		End:   position.Position{Line: int(r.End.Line), Character: int(r.End.Character)},
	}
}

func fromRange(r position.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
		End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
	}
}

// rangeOf converts a byte span of snap to an LSP range.
func (snap *snapshot) rangeOf(start, end int, enc position.Encoding) protocol.Range {
	return fromRange(snap.mapper.Range(start, end, enc))
}

// offsetOf converts an LSP position to a byte offset, clamped.
func (snap *snapshot) offsetOf(p protocol.Position, enc position.Encoding) int {
	return snap.mapper.Offset(position.Position{Line: int(p.Line), Character: int(p.Character)}, enc)
}

func (s *Server) notify(ctx context.Context, method string, params any) {
	if s.conn == nil {
		return
	}
	if err := s.conn.Notify(ctx, method, params); err != nil {
		s.log.Warn("notify failed", zap.String("method", method), zap.Error(err))
	}
}
