package server

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/bluepencil/bluepencil/internal/analysis"
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
	// fid is the fidelity check's result when the front matter names a
	// readable original, and origPath that original's resolved path. The
	// original's bytes stay in the server's bounded cache, not here, so
	// that open articles do not pin their originals in memory.
	fid      *fidelity.Result
	origPath string
	// watch are the paths whose change on disk can change the check: the
	// original as the front matter names it, and where it resolves to.
	watch []string
}

// newSnapshot analyses text, against its original when it names one.
func (s *Server) newSnapshot(u uri.URI, version int32, text []byte, cfg config) *snapshot {
	in := analysis.Input{Src: text}
	if strings.HasPrefix(string(u), "file:") {
		in.Path = u.FsPath()
		in.Root = s.rootFor(in.Path)
	}
	a := analysis.Analyze(in, analysis.Options{Rules: cfg.rules, Fixes: true, Watch: true}, serverSource{s})
	snap := &snapshot{uri: u, version: version, text: text, doc: a.Doc, diags: a.Diagnostics,
		mapper: position.New(text), fid: a.Fidelity, watch: a.Watch}
	if a.Original != nil {
		snap.origPath = a.Original.Path
	}
	return snap
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

// didChangeVetted decodes a didChange whose params passed vetParams, and
// drops it if the protocol package decoded a change with a range as a
// whole-document change: the range did not decode, and applying the text
// as the whole document would destroy it.
func (s *Server) didChangeVetted(ctx context.Context, raw []byte, v vetted) error {
	var p protocol.DidChangeTextDocumentParams
	if err := protocol.Unmarshal(raw, &p); err != nil {
		s.log.Warn("didChange dropped: params do not decode", zap.Error(err))
		return nil
	}
	for i, ch := range p.ContentChanges {
		if _, whole := ch.(*protocol.TextDocumentContentChangeWholeDocument); whole && i < len(v.ranged) && v.ranged[i] {
			s.log.Warn("didChange dropped: a change with a range did not decode as one", zap.Int("change", i))
			return nil
		}
	}
	return s.DidChange(ctx, &p)
}

// DidChange applies the changes in order, each in the coordinates of the
// text left by the one before, as LSP defines them, in the order the
// client sent them whatever their versions: a client whose version goes
// backwards has still applied the change, and dropping it would leave the
// server's text behind the client's for good. The snapshot carries the
// client's version, so that what the server publishes and the edits it
// offers name the version the client holds. Parsing runs outside the state
// lock (pubMu alone orders changes), so a panic in it cannot leave the
// server locked.
func (s *Server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	old, caps, cfg := s.current(p.TextDocument.URI)
	if old == nil {
		s.log.Warn("didChange for a document that is not open", zap.String("uri", string(p.TextDocument.URI)))
		return nil
	}
	if p.TextDocument.Version <= old.version {
		s.log.Warn("didChange version is not above the last; applied in the order sent",
			zap.String("uri", string(p.TextDocument.URI)), zap.Int32("version", p.TextDocument.Version), zap.Int32("last", old.version))
	}
	text := applyChanges(old, p.ContentChanges, caps.enc)
	snap := s.newSnapshot(old.uri, p.TextDocument.Version, text, cfg)
	s.store(snap)
	s.publish(ctx, snap)
	return nil
}

// applyChanges applies content changes to old's text, each in the text
// left by the one before. A run of edits goes through one position.Text, so
// that thousands of them cost the edits and not a line table each; a
// single edit, a keystroke, uses the line table old already has.
func applyChanges(old *snapshot, changes []protocol.TextDocumentContentChangeEvent, enc position.Encoding) []byte {
	text := old.text
	if len(changes) == 1 {
		if c, ok := changes[0].(*protocol.TextDocumentContentChangePartial); ok {
			start, end := old.mapper.OffsetRange(toRange(c.Range), enc)
			next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			return append(append(append(next, text[:start]...), c.Text...), text[end:]...)
		}
	}
	var t *position.Text
	for _, ch := range changes {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			t, text = nil, []byte(c.Text)
		case *protocol.TextDocumentContentChangePartial:
			if t == nil {
				t = position.NewText(text)
			}
			t.Replace(toRange(c.Range), enc, c.Text)
		}
	}
	if t != nil {
		text = t.Bytes()
	}
	return text
}

func (s *Server) config() config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// store makes snap the document's current snapshot, and keeps the paths
// watched for it, and the originals cache, in step.
func (s *Server) store(snap *snapshot) {
	s.mu.Lock()
	var old []string
	if prev := s.docs[snap.uri]; prev != nil {
		old = prev.watch
	}
	s.docs[snap.uri] = snap
	dropped := s.watches.update(snap.uri, old, snap.watch)
	s.mu.Unlock()
	s.forgetOriginals(dropped)
}

// DidClose forgets a document and clears its diagnostics, as the client
// would otherwise keep showing them for a file no longer checked. An
// original no other open article names leaves the cache with it.
func (s *Server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	var dropped []string
	if prev := s.docs[p.TextDocument.URI]; prev != nil {
		dropped = s.watches.update(prev.uri, prev.watch, nil)
	}
	delete(s.docs, p.TextDocument.URI)
	pull := s.caps.pullDiagnostics
	s.mu.Unlock()
	s.forgetOriginals(dropped)
	if !pull {
		s.notify(ctx, "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	}
	return nil
}

// DidSave re-checks the articles whose original was just saved (an editor
// may have the original open too); an article itself needs no work, the
// server already has its text.
func (s *Server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	s.fileChanged(ctx, p.TextDocument.URI)
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
