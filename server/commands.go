package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/check"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/publish"
	"github.com/bluepencil/bluepencil/internal/render"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Commands (workspace/executeCommand), for what a client cannot do with
// the edits of a code action alone: write a file that is not a document,
// and change every mark in a selection at once.
const (
	// cmdRenderPublished renders the published view of the article
	// (argument: its URI) to <name>.published.html beside it, and answers
	// the written file's URI.
	cmdRenderPublished = "bluepencil.renderPublished"
	// cmdAcceptAll and cmdRejectAll apply, with workspace/applyEdit, the
	// Accept change (or Restore original) edit of every change in the
	// article (argument: its URI) that meets the range (second argument,
	// optional: the whole article), and answer whether the client applied
	// it.
	cmdAcceptAll = "bluepencil.acceptAll"
	cmdRejectAll = "bluepencil.rejectAll"
	// cmdOpenOriginal asks the client, with window/showDocument, to open
	// the archived original (argument: its file URI, inside a workspace
	// folder): the original's code lens runs it.
	cmdOpenOriginal = "bluepencil.openOriginal"
)

// commands are the names advertised in executeCommandProvider.
var commands = []string{cmdRenderPublished, cmdAcceptAll, cmdRejectAll, cmdOpenOriginal}

// ExecuteCommand runs one of the commands.
func (s *Server) ExecuteCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var u uri.URI
	if len(p.Arguments) == 0 || json.Unmarshal(p.Arguments[0], &u) != nil || uriPath(u) == "" {
		return nil, badArgs("%s takes the article's file URI as its first argument", p.Command)
	}
	switch p.Command {
	case cmdOpenOriginal:
		return s.openOriginal(ctx, u)
	case cmdRenderPublished:
		written, err := s.renderPublished(u)
		if err != nil {
			return nil, err
		}
		return json.Marshal(string(uri.File(written)))
	case cmdAcceptAll, cmdRejectAll:
		var r *protocol.Range
		if len(p.Arguments) > 1 {
			r = new(protocol.Range)
			if err := json.Unmarshal(p.Arguments[1], r); err != nil {
				return nil, badArgs("%s takes a range as its second argument: %v", p.Command, err)
			}
		}
		applied, err := s.changeAll(ctx, u, r, p.Command == cmdAcceptAll)
		if err != nil {
			return nil, err
		}
		return json.Marshal(map[string]bool{"applied": applied})
	}
	return nil, badArgs("unknown command %q", p.Command)
}

// openOriginal asks the client to show the file at u, which must lie in a
// workspace folder (the lens names the resolved original, which does), and
// answers whether it did.
func (s *Server) openOriginal(ctx context.Context, u uri.URI) (protocol.LSPAny, error) {
	root, _, err := s.inWorkspace(uriPath(u))
	if err != nil {
		return nil, err
	}
	root.Close()
	focus := true
	var res protocol.ShowDocumentResult
	if _, err := s.conn.Call(ctx, "window/showDocument", &protocol.ShowDocumentParams{URI: u, TakeFocus: &focus}, &res); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, jsonrpc2.NewError(jsonrpc2.InternalError, "bluepencil: window/showDocument: "+err.Error())
	}
	return json.Marshal(map[string]bool{"success": res.Success})
}

func badArgs(format string, args ...any) error {
	return jsonrpc2.NewError(jsonrpc2.InvalidParams, "bluepencil: "+fmt.Sprintf(format, args...))
}

// article returns the article at u as a snapshot: the newest analysis of
// its open text (the text as it stands, with its version), else its file
// read from disk inside the workspace folder that holds it. open says
// which.
func (s *Server) article(u uri.URI) (snap *snapshot, open bool, err error) {
	_, cfg := s.settings()
	s.mu.Lock()
	d := s.docs[u]
	s.mu.Unlock()
	if d != nil {
		snap, _ = s.openSnapshot(d, cfg)
		return snap, true, nil
	}
	root, rel, err := s.inWorkspace(uriPath(u))
	if err != nil {
		return nil, false, err
	}
	src, err := archive.ReadFileIn(root, rel, archive.MaxArticleSize)
	root.Close()
	if err != nil {
		return nil, false, badArgs("%v", err)
	}
	return s.analyseText(u, &head{text: src}, cfg), false, nil
}

// inWorkspace opens the workspace folder that holds path and returns it
// with path relative to it, or refuses a path outside every folder.
func (s *Server) inWorkspace(path string) (*os.Root, string, error) {
	best, ok := s.workspaceRoot(path)
	if !ok {
		return nil, "", badArgs("%s is outside the workspace folders", path)
	}
	rel, err := filepath.Rel(best, path)
	if err != nil {
		return nil, "", badArgs("%v", err)
	}
	root, err := os.OpenRoot(best)
	if err != nil {
		return nil, "", badArgs("%v", err)
	}
	return root, rel, nil
}

// renderPublished writes the published page of the article at u beside
// it, for the publisher its settings file names and linking its original,
// through an os.Root on its workspace folder, so that neither the
// name nor a symbolic link can make it write outside.
func (s *Server) renderPublished(u uri.URI) (string, error) {
	snap, _, err := s.article(u)
	if err != nil {
		return "", err
	}
	path := uriPath(u)
	out := publishedName(path)
	root, rel, err := s.inWorkspace(out)
	if err != nil {
		return "", err
	}
	defer root.Close()
	o := render.Options{View: view.Published, Elision: snap.elision}
	if snap.ws != nil {
		o.Publisher = publish.PublisherOf(snap.ws.cfg)
	}
	if snap.origPath != "" { // read beneath the workspace: the page beside the article links it
		o.OriginalHref = publish.OriginalHref(snap.doc)
	}
	var buf bytes.Buffer
	if err := render.Render(&buf, snap.doc, o); err != nil {
		return "", jsonrpc2.NewError(jsonrpc2.InternalError, "bluepencil: "+err.Error())
	}
	if err := root.WriteFile(rel, buf.Bytes(), 0o644); err != nil {
		return "", jsonrpc2.NewError(jsonrpc2.InternalError, "bluepencil: "+err.Error())
	}
	return out, nil
}

// publishedName is where an article's published view is written:
// story.bp.md gives story.published.html.
func publishedName(path string) string {
	return strings.TrimSuffix(strings.TrimSuffix(path, check.Ext), ".md") + ".published.html"
}

// changeAll sends the client the edit that accepts (or rejects) every
// change of the article at u meeting r (the whole article when r is nil).
func (s *Server) changeAll(ctx context.Context, u uri.URI, r *protocol.Range, accept bool) (bool, error) {
	snap, open, err := s.article(u)
	if err != nil {
		return false, err
	}
	caps, _ := s.settings()
	start, end := 0, len(snap.text)
	if r != nil {
		start, end = snap.mapper().OffsetRange(toRange(*r), caps.enc)
	}
	edits := changeEdits(snap.doc, start, end, accept)
	if len(edits) == 0 {
		return false, nil
	}
	if !open {
		caps.documentChanges = false // a file on disk has no version
	}
	b := actionBuilder{s: s, snap: snap, caps: caps}
	label := "Reject"
	if accept {
		label = "Accept"
	}
	label += " every change in the selection"
	var res protocol.ApplyWorkspaceEditResult
	if _, err := s.conn.Call(ctx, "workspace/applyEdit", &protocol.ApplyWorkspaceEditParams{
		Label: &label, Edit: *b.workspaceEdit(edits),
	}, &res); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, jsonrpc2.NewError(jsonrpc2.InternalError, "bluepencil: workspace/applyEdit: "+err.Error())
	}
	return res.Applied, nil
}

// changeEdits returns, in order, the edits that accept (or restore) every
// closed outermost mark of d meeting [start, end) (the mark under start
// when the range is empty); a mark inside another goes with it. Notes go
// either way, highlights keep their words. Where removing a mark with the
// space beside it would meet the edit before, the mark alone is removed.
func changeEdits(d *markup.Document, start, end int, accept bool) []span.Edit {
	var out []span.Edit
	for i := range d.Marks {
		m := &d.Marks[i]
		sp := m.Span()
		if m.Parent() >= 0 || !m.Closed() || m.Kind == markup.BareElision {
			continue
		}
		meets := sp.Start < end && sp.End > start || start == end && sp.Start <= start && start < sp.End
		if !meets {
			continue
		}
		restore, accepted := markTexts(m, d.Src)
		text := restore
		if accept {
			text = accepted
		}
		e := markEdit(d.Src, m.Span(), text)
		if n := len(out); n > 0 && e.Span.Start < out[n-1].Span.End {
			if e = span.Replace(sp, text); e.Span.Start < out[n-1].Span.End {
				continue // left for a second run
			}
		}
		out = append(out, e)
	}
	return out
}
