package server

import (
	"bytes"
	"context"
	"log/slog"
	"unsafe"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Text sync runs on the read loop, in wire order, and does only what must
// be done in that order: apply the edits and keep the newest text. The
// analysis runs on a worker (worker.go), so that a keystroke on a large
// article never holds up the messages behind it.

// DidOpen starts tracking a document; its diagnostics follow when its
// analysis is done.
func (s *Server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.open(p, bytesOf(p.TextDocument.Text))
	return nil
}

// didOpenVetted handles a didOpen whose params passed vetParams when its
// text is large enough to decode by hand (decodeTexts); it reports whether
// it did.
func (s *Server) didOpenVetted(ctx context.Context, raw []byte, v vetted) bool {
	var p protocol.DidOpenTextDocumentParams
	if len(v.texts) != 1 {
		return false
	}
	texts, ok := decodeTexts(raw, v, &p)
	if !ok {
		return false
	}
	s.open(&p, texts[0])
	return true
}

// open starts tracking the document p names, with text.
func (s *Server) open(p *protocol.DidOpenTextDocumentParams, text []byte) {
	u := p.TextDocument.URI
	doc := &document{uri: u, settled: make(chan struct{}),
		head: &head{text: text, version: p.TextDocument.Version, seq: 1}}
	s.mu.Lock()
	var dropped []string
	if old := s.docs[u]; old != nil {
		// Opened again without a close: the new text replaces the old.
		dropped = s.closeLocked(old)
	}
	s.docs[u] = doc
	s.mu.Unlock()
	s.forgetOriginals(dropped)
	s.schedule(doc, true)
}

// didChangeVetted decodes a didChange whose params passed vetParams, and
// drops it if the protocol package decoded a change with a range as a
// whole-document change: the range did not decode, and applying the text
// as the whole document would destroy it.
func (s *Server) didChangeVetted(ctx context.Context, raw []byte, v vetted) error {
	var p protocol.DidChangeTextDocumentParams
	if texts, ok := decodeTexts(raw, v, &p); ok && len(texts) == len(p.ContentChanges) {
		for i, ch := range p.ContentChanges {
			text := unsafe.String(unsafe.SliceData(texts[i]), len(texts[i])) // never modified, as bytesOf
			switch c := ch.(type) {
			case *protocol.TextDocumentContentChangePartial:
				c.Text = text
			case *protocol.TextDocumentContentChangeWholeDocument:
				c.Text = text
			}
		}
	} else if err := protocol.Unmarshal(raw, &p); err != nil {
		s.log.Warn("didChange dropped: params do not decode", slog.Any("error", err))
		return nil
	}
	for i, ch := range p.ContentChanges {
		if _, whole := ch.(*protocol.TextDocumentContentChangeWholeDocument); whole && i < len(v.ranged) && v.ranged[i] {
			s.log.Warn("didChange dropped: a change with a range did not decode as one", slog.Int("change", i))
			return nil
		}
	}
	return s.DidChange(ctx, &p)
}

// DidChange applies the changes in order, each in the coordinates of the
// text left by the one before, as LSP defines them, in the order the
// client sent them whatever their versions: a client whose version goes
// backwards has still applied the change, and dropping it would leave the
// server's text behind the client's for good. The new head carries the
// client's version, so that what the server publishes and the edits it
// offers name the version the client holds. The edits are applied outside
// the lock, so a panic in them cannot leave the server locked.
func (s *Server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	doc, enc := s.docs[p.TextDocument.URI], s.caps.enc
	s.mu.Unlock()
	if doc == nil {
		s.log.Warn("didChange for a document that is not open", slog.String("uri", string(p.TextDocument.URI)))
		return nil
	}
	// Only the read loop replaces a head, and this is the read loop.
	old := doc.head
	if p.TextDocument.Version <= old.version {
		s.log.Warn("didChange version is not above the last; applied in the order sent",
			slog.String("uri", string(p.TextDocument.URI)), slog.Int("version", int(p.TextDocument.Version)), slog.Int("last", int(old.version)))
	}
	text, edits, whole := applyChanges(old, p.ContentChanges, enc)
	h := &head{text: text, version: p.TextDocument.Version, seq: old.seq + 1}
	if !whole {
		// Known before any worker or request can see h.
		h.ascii.Store(asciiAfter(old.ascii.Load(), edits))
	}
	if len(edits) == 1 && !whole {
		// A keystroke's line table from the last, which the edit's
		// positions were read with: a few microseconds here instead of
		// a scan of the whole text on the worker, before it publishes.
		e := edits[0]
		m := old.mapper().Edited(text, e.Span.Start, e.Span.End, len(e.New))
		h.once.Do(func() { h.m = m })
	}
	s.mu.Lock()
	doc.head = h
	doc.addChange(h.seq, edits, whole)
	s.mu.Unlock()
	s.schedule(doc, true)
	return nil
}

// applyChanges applies content changes to old's text, each in the text
// left by the one before. It returns the new text and the changes as byte
// edits, each in the coordinates of the text the ones before it left, or
// whole set when a change replaced the whole text (its edits are not worth
// keeping). A run of edits goes through one position.Text, so that
// thousands of them cost the edits and not a line table each; a single
// edit, a keystroke, uses the line table of old.
func applyChanges(old *head, changes []protocol.TextDocumentContentChangeEvent, enc position.Encoding) (text []byte, edits []span.Edit, whole bool) {
	text = old.text
	if len(changes) == 1 {
		if c, ok := changes[0].(*protocol.TextDocumentContentChangePartial); ok {
			start, end := old.mapper().OffsetRange(toRange(c.Range), enc)
			// Join, not make and append: it leaves the new text's memory
			// unzeroed before it fills it, a megabyte per keystroke
			// written once instead of twice.
			next := bytes.Join([][]byte{text[:start], []byte(c.Text), text[end:]}, nil)
			return next, []span.Edit{span.Replace(span.Span{Start: start, End: end}, c.Text)}, false
		}
	}
	var t *position.Text
	for _, ch := range changes {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			t, text, edits, whole = nil, bytesOf(c.Text), nil, true
		case *protocol.TextDocumentContentChangePartial:
			if t == nil {
				t = position.NewText(text)
			}
			start, end := t.Replace(toRange(c.Range), enc, c.Text)
			if !whole {
				edits = append(edits, span.Replace(span.Span{Start: start, End: end}, c.Text))
			}
		}
	}
	if t != nil {
		text = t.Bytes()
	}
	return text, edits, whole
}

// DidClose forgets a document and clears its diagnostics, as the client
// would otherwise keep showing them for a file no longer checked. An
// original no other open article names leaves the cache with it.
func (s *Server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	doc := s.docs[p.TextDocument.URI]
	var dropped []string
	if doc != nil {
		dropped = s.closeLocked(doc)
	}
	pull := s.caps.pullDiagnostics
	s.mu.Unlock()
	s.forgetOriginals(dropped)
	defer s.afterClose(p.TextDocument.URI)
	if pull {
		return nil
	}
	if doc != nil {
		// After any publish of the document in progress, and before none.
		doc.pubMu.Lock()
		defer doc.pubMu.Unlock()
	}
	s.notify(ctx, "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

// afterClose: a settings file closed applies as the disk has it again,
// and its problems are pushed from there.
func (s *Server) afterClose(u uri.URI) {
	if isSettingsURI(u) {
		s.closeSettings(u)
	}
}

// closeLocked forgets doc: its worker stops at its next step and publishes
// nothing more, and requests waiting on it give up. It returns the paths
// no open article watches any more. Called with s.mu held.
func (s *Server) closeLocked(doc *document) (dropped []string) {
	doc.closed = true
	doc.wake()
	delete(s.docs, doc.uri)
	if doc.snap != nil {
		dropped = s.watches.update(doc.uri, doc.snap.watch, nil)
	}
	return dropped
}

// DidSave re-checks the articles whose original was just saved (an editor
// may have the original open too); an article itself needs no work, the
// server already has its text.
func (s *Server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	s.fileChanged(ctx, p.TextDocument.URI)
	return nil
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

// toPosition converts an LSP position.
func toPosition(p protocol.Position) position.Position {
	return position.Position{Line: int(p.Line), Character: int(p.Character)}
}

func (s *Server) notify(ctx context.Context, method string, params any) {
	if s.conn == nil {
		return
	}
	if err := s.conn.Notify(ctx, method, params); err != nil {
		s.log.Warn("notify failed", slog.String("method", method), slog.Any("error", err))
	}
}

// settings returns the client's capabilities and the user's settings.
func (s *Server) settings() (clientCaps, config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps, s.cfg
}

// uriPath returns the file path of a file: URI, or "" for another scheme
// (an unsaved buffer), which has no original.
func uriPath(u uri.URI) string {
	if len(u) < 5 || u[:5] != "file:" {
		return ""
	}
	return u.FsPath()
}
