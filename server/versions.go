package server

import (
	"context"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/span"
)

// Requests against a moving text. A request's positions refer to the text
// the client had when it sent it: the head the read loop held when the
// request arrived, which capture records there, before the request is
// released to run on its own goroutine. The newest finished snapshot may
// be older than that head while an analysis runs, so each request decides:
//
//   - Hover and definition answer at once from the snapshot, reading the
//     request's position through the edits since (back), provided what they
//     show lies in text those edits left alone (forward): a keystroke
//     elsewhere moves a mark, it does not change what the mark says. On a
//     10 MiB article an analysis takes a quarter of a second, and a hover
//     should not. A position or a mark in edited text waits for the
//     analysis of the request's version, at most requestWait.
//   - Code actions carry edits, which must fit the text they will be
//     applied to, and are versioned with the version they were computed
//     on: they wait for the analysis of the request's version (at most
//     actionWait) and answer from it exactly. Mapping a fix computed on
//     older text would place it right but could still be wrong (a mark
//     typed since may enclose it).
//   - Pull diagnostics wait for an analysis at least as new as the request
//     and answer with the newest.
//
// A request whose version is superseded before it is analysed, and which
// the snapshot cannot answer, gets nothing: the client has sent newer text
// and will ask again. (ContentModified would be wrong: LSP keeps it for
// changes the server did not receive in order.)

const (
	// requestWait bounds how long a hover or a definition waits for the
	// analysis of its version when the snapshot cannot answer.
	requestWait = time.Second
	// actionWait bounds how long code actions wait for the analysis of
	// their version; an analysis of the largest article takes well under.
	actionWait = 2 * time.Second
	// pullWait bounds a pull of diagnostics.
	pullWait = 30 * time.Second
)

type arrivalKey struct{}

// arrival is a document as a request found it on the read loop.
type arrival struct {
	doc     *document
	head    *head
	gen     uint64
	snap    *snapshot
	pending []change
	lostAt  uint64
}

// arrivalLocked returns d as it stands. Called with Server.mu held.
func (d *document) arrivalLocked() *arrival {
	return &arrival{doc: d, head: d.head, gen: d.gen, snap: d.snap, pending: d.pending, lostAt: d.lostAt}
}

// docRequests are the requests whose positions refer to a document's text.
var docRequests = map[string]bool{
	"textDocument/hover": true, "textDocument/codeAction": true,
	"textDocument/definition": true, "textDocument/diagnostic": true,
	"textDocument/documentSymbol": true, "textDocument/codeLens": true,
	"textDocument/inlayHint":           true,
	"textDocument/completion":          true,
	"textDocument/semanticTokens/full": true, "textDocument/semanticTokens/range": true,
	"textDocument/documentHighlight": true, "textDocument/foldingRange": true, "textDocument/documentLink": true,
}

// capture records, on the read loop, the document a request names as it
// stands, for viewOf to read the request against. The URI is the one
// vetParams read, parsed as the protocol package parses it.
func (s *Server) capture(ctx context.Context, req *jsonrpc2.Request, v vetted) context.Context {
	if !docRequests[req.Method()] || v.uris != 1 {
		return ctx
	}
	u, err := uri.Parse(v.uri)
	if err != nil {
		return ctx
	}
	s.mu.Lock()
	var a *arrival
	if doc := s.docs[u]; doc != nil {
		a = doc.arrivalLocked()
	}
	s.mu.Unlock()
	if a == nil {
		return ctx
	}
	return context.WithValue(ctx, arrivalKey{}, a)
}

// docView is what a request reads: the text its positions refer to
// (head), the newest snapshot not newer than that, and the edits from the
// one to the other, if known. A snapshot made before a change of settings
// or original that the request came after is not used (gen): a request
// sees the effect of every notification sent before it.
type docView struct {
	doc   *document
	head  *head
	gen   uint64
	snap  *snapshot // nil before the first analysis
	edits []span.Edit
	known bool // edits lead from snap to head
}

// articleView is viewOf for the requests about an article's marks and
// words: nil, with ctx's error if it was cancelled before it started
// (answered as RequestCancelled), for a workspace settings file (YAML: no
// marks, no original, nothing to offer) or a document that is not open.
func (s *Server) articleView(ctx context.Context, u uri.URI) (*docView, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if isSettingsURI(u) {
		return nil, nil
	}
	return s.viewOf(ctx, u), nil
}

// viewOf returns the view of document u for the request of ctx, or nil if
// the document is not open.
func (s *Server) viewOf(ctx context.Context, u uri.URI) *docView {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _ := ctx.Value(arrivalKey{}).(*arrival)
	if a == nil || a.doc.uri != u {
		// A call from a test, or params the capture did not read.
		doc := s.docs[u]
		if doc == nil {
			return nil
		}
		a = doc.arrivalLocked()
	}
	if a.doc.closed {
		return nil
	}
	snap := a.snap
	if cur := a.doc.snap; cur != nil && cur.seq <= a.head.seq {
		snap = cur // finished since the request arrived: closer to it
	}
	v := &docView{doc: a.doc, head: a.head, gen: a.gen}
	if snap != nil && snap.gen >= a.gen {
		v.snap = snap
		v.edits, v.known = since(a.pending, a.lostAt, snap.seq)
	}
	return v
}

// exact reports whether the snapshot is of the request's own version.
func (v *docView) exact() bool { return v.snap != nil && v.snap.seq == v.head.seq }

// toSnap maps a byte offset of the request's text to the snapshot's.
func (v *docView) toSnap(off int) (int, bool) {
	if v.snap == nil || !v.known {
		return 0, false
	}
	return back(v.edits, off)
}

// toHead maps a span of the snapshot to the request's text; false if the
// edits since changed it.
func (v *docView) toHead(s span.Span) (span.Span, bool) {
	if !v.known {
		return s, false
	}
	return forward(v.edits, s)
}

// offset converts a position of the request to a byte offset of its text.
func (v *docView) offset(p protocol.Position, caps clientCaps) int {
	return v.head.mapper().Offset(toPosition(p), caps.enc)
}

// rangeOf converts a span of the request's text to an LSP range.
func (v *docView) rangeOf(s span.Span, caps clientCaps) protocol.Range {
	return fromRange(v.head.mapper().Range(s.Start, s.End, caps.enc))
}

// await waits, at most bound, for the analysis of v's own version, and
// returns the exact view; nil if the document closed, that version was
// superseded before it was analysed, or time ran out.
func (s *Server) await(ctx context.Context, v *docView, bound time.Duration) *docView {
	snap := s.settle(ctx, v, bound)
	if snap == nil || snap.seq != v.head.seq {
		return nil
	}
	return &docView{doc: v.doc, head: v.head, gen: v.gen, snap: snap, known: true}
}

// settle waits, at most bound, until v's document has a snapshot at least
// as new as v's version and settings, or its analysis failed, and returns
// the newest snapshot then; nil if the document closed or time ran out.
func (s *Server) settle(ctx context.Context, v *docView, bound time.Duration) *snapshot {
	timer := time.NewTimer(bound)
	defer timer.Stop()
	d := v.doc
	for {
		s.mu.Lock()
		if d.closed {
			s.mu.Unlock()
			return nil
		}
		if snap := d.snap; (snap != nil && snap.seq >= v.head.seq && snap.gen >= v.gen) || d.failed >= v.head.seq {
			s.mu.Unlock()
			return snap
		}
		settled := d.settled
		s.mu.Unlock()
		select {
		case <-settled:
		case <-ctx.Done():
			return nil
		case <-timer.C:
			return nil
		}
	}
}

// back maps byte offset off of the text that edits left to the text they
// were applied to, each edit in the coordinates the ones before it left.
// It is false when off lies in text an edit inserted.
func back(edits []span.Edit, off int) (int, bool) {
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		switch n := len(e.New); {
		case off < e.Span.Start:
		case off >= e.Span.Start+n:
			off += e.Span.Len() - n
		default:
			return 0, false
		}
	}
	return off, true
}

// forward maps span s of the text edits were applied to to the text they
// left. It is false when an edit replaced any of s's bytes or inserted
// inside it; an insertion at its edge leaves it whole, and an empty s
// moves after text inserted at its place.
func forward(edits []span.Edit, s span.Span) (span.Span, bool) {
	for _, e := range edits {
		switch {
		case e.Span.Empty() && e.New == "":
			// changes nothing (a didChange may carry such edits)
		case e.Span.End <= s.Start:
			d := len(e.New) - e.Span.Len()
			s.Start += d
			s.End += d
		case e.Span.Start >= s.End:
		default:
			return s, false
		}
	}
	return s, true
}
