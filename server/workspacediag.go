package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/check"
)

// Workspace diagnostics (workspace/diagnostic): the problems of every
// article in the workspace folders, open or not, so that a client's
// problem list shows the closed ones too. Closed articles are read from
// disk, as `bluepencil check` walks a folder (check.Walk: through an
// os.Root, skipping hidden folders and node_modules); open ones are
// answered from the editor's text and version. Every report carries a
// result id, a hash of what it says, so that an article whose problems
// have not changed since the client's last pull is answered "unchanged"
// and the client keeps what it shows.

// The bounds of one workspace pull. Beyond either, the walk stops: the
// articles after it are not reported (the client keeps showing what it
// had for them), the server logs a warning and says so in the progress's
// end message. A newsroom's archive of a few thousand articles of tens of
// kilobytes each is well inside both.
// Variables, not constants, so that tests can lower them.
var (
	wsDiagMaxFiles = 10000
	wsDiagMaxBytes = 256 << 20
)

// errWSBound stops the walk at a bound.
var errWSBound = errors.New("workspace diagnostics bound reached")

// DiagnosticWorkspace answers workspace/diagnostic.
func (s *Server) DiagnosticWorkspace(ctx context.Context, p *protocol.WorkspaceDiagnosticParams) (*protocol.WorkspaceDiagnosticReport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	caps, cfg := s.settings()
	s.mu.Lock()
	roots := slices.Clone(s.roots)
	open := map[string]*document{}
	for u, d := range s.docs {
		if path := uriPath(u); path != "" && !isSettingsURI(u) {
			open[path] = d
		}
	}
	s.mu.Unlock()
	prev := make(map[uri.URI]string, len(p.PreviousResultIds))
	for _, r := range p.PreviousResultIds {
		prev[r.URI] = r.Value
	}
	pr := &wsProgress{s: s, ctx: ctx, work: p.WorkDoneToken, partial: p.PartialResultToken}
	pr.begin()
	files, size := 0, 0
	seen := map[string]bool{}
	visit := func(t check.Target, src []byte, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil {
			s.log.Info("workspace diagnostics: article not read", slog.Any("error", err))
			return nil
		}
		if files >= wsDiagMaxFiles || size+len(src) > wsDiagMaxBytes {
			return errWSBound
		}
		files++
		size += len(src)
		seen[t.Path] = true
		pr.add(s.wsReport(t, src, open[t.Path], caps, cfg, prev), files)
		return nil
	}
	var err error
	for _, root := range roots {
		if err = check.Walk([]string{root}, visit); err != nil {
			break
		}
	}
	if err == nil {
		// Open articles not yet saved are in the workspace too.
		for path, d := range open {
			if !seen[path] && s.inRoots(roots, path) {
				files++
				pr.add(s.wsReport(check.Target{Path: path}, nil, d, caps, cfg, prev), files)
			}
		}
	}
	switch {
	case errors.Is(err, errWSBound):
		s.log.Warn("workspace diagnostics stopped at a bound", slog.Int("articles", files), slog.Int("bytes", size))
		pr.end(fmt.Sprintf("stopped after %d articles (%d bytes), the bound: the rest are not checked", files, size))
	case err != nil:
		pr.end("cancelled")
		return nil, err
	default:
		pr.end(fmt.Sprintf("%d articles checked", files))
	}
	return &protocol.WorkspaceDiagnosticReport{Items: pr.final()}, nil
}

// inRoots reports whether path lies in one of the workspace folders.
func (s *Server) inRoots(roots []string, path string) bool {
	for _, r := range roots {
		if within(r, path) {
			return true
		}
	}
	return false
}

// wsReport checks one article: from doc's text when it is open, else src
// as read from disk; and reports it unchanged when its result id is the
// one the client already has.
func (s *Server) wsReport(t check.Target, src []byte, doc *document, caps clientCaps, cfg config, prev map[uri.URI]string) protocol.WorkspaceDocumentDiagnosticReport {
	u := uri.File(t.Path)
	var version *int32
	var snap *snapshot
	if doc != nil {
		u = doc.uri
		var h *head
		snap, h = s.openSnapshot(doc, cfg)
		v := h.version
		version = &v
	} else {
		snap = s.analyseText(u, &head{text: src}, cfg)
	}
	items := s.toLSP(snap, caps)
	id := resultID(items)
	if prev[u] == id {
		return &protocol.WorkspaceUnchangedDocumentDiagnosticReport{
			UnchangedDocumentDiagnosticReport: protocol.UnchangedDocumentDiagnosticReport{Kind: "unchanged", ResultID: id},
			URI:                               u, Version: version,
		}
	}
	return &protocol.WorkspaceFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", ResultID: &id, Items: items},
		URI:                          u, Version: version,
	}
}

// openSnapshot returns the analysis of the open document doc's text as it
// stands, with that text: its snapshot when that is of this version and
// not stale, else one made now with cfg.
func (s *Server) openSnapshot(doc *document, cfg config) (*snapshot, *head) {
	s.mu.Lock()
	h, snap := doc.head, doc.snap
	if snap != nil && (snap.seq != h.seq || doc.stale) {
		snap = nil
	}
	s.mu.Unlock()
	if snap == nil {
		snap = s.analyseText(doc.uri, h, cfg)
	}
	return snap, h
}

// analyseText checks the text of h, an article at u, with the settings an
// open article would have, in one pass: nothing will update it.
func (s *Server) analyseText(u uri.URI, h *head, cfg config) *snapshot {
	in := analysis.Input{Src: h.text, Path: uriPath(u)}
	opts := analysis.Options{Final: true}
	ws, _, elision := s.articleOptions(&in, &opts, cfg)
	snap := newSnapshot(u, h, analysis.Analyze(in, opts, serverSource{s}))
	snap.ws, snap.elision = ws, elision
	return snap
}

// resultID identifies a report by what it says: equal diagnostics, in the
// same positions, give the same id, whatever else changed in the file.
func resultID(items []protocol.Diagnostic) string {
	h := fnv.New64a()
	for _, d := range items {
		fmt.Fprintf(h, "%v|%d|%v|%v|%v\x00", d.Range, d.Severity, d.Code, d.Message, d.CodeDescription)
		for _, r := range d.RelatedInformation {
			fmt.Fprintf(h, "%v|%v\x00", r.Location.Range, r.Message)
		}
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// wsProgress reports a workspace pull's progress on the client's
// workDoneToken, and streams its reports on the client's
// partialResultToken (then the final answer is empty, as the LSP asks),
// in batches at most wsBatchEvery apart.
type wsProgress struct {
	s             *Server
	ctx           context.Context
	work, partial protocol.ProgressToken
	items         []protocol.WorkspaceDocumentDiagnosticReport
	last          time.Time
}

// wsBatchEvery spaces progress reports and partial results: a pull of a
// thousand small articles sends a few dozen notifications, not thousands.
const wsBatchEvery = 100 * time.Millisecond

func (p *wsProgress) send(tok protocol.ProgressToken, value any) {
	p.s.notify(context.WithoutCancel(p.ctx), "$/progress", map[string]any{"token": tok, "value": value})
}

func (p *wsProgress) begin() {
	p.last = time.Now()
	if p.work != nil {
		p.send(p.work, map[string]any{"kind": "begin", "title": "Checking the workspace's articles", "cancellable": false})
	}
}

// add takes the report of the n-th article.
func (p *wsProgress) add(r protocol.WorkspaceDocumentDiagnosticReport, n int) {
	p.items = append(p.items, r)
	if time.Since(p.last) < wsBatchEvery {
		return
	}
	p.last = time.Now()
	if p.work != nil {
		p.send(p.work, map[string]any{"kind": "report", "message": fmt.Sprintf("%d articles checked", n)})
	}
	p.flush()
}

// flush sends the reports held as a partial result, if the client takes them.
func (p *wsProgress) flush() {
	if p.partial == nil || len(p.items) == 0 {
		return
	}
	p.send(p.partial, protocol.WorkspaceDiagnosticReportPartialResult{Items: p.items})
	p.items = nil
}

func (p *wsProgress) end(msg string) {
	if p.ctx.Err() == nil {
		p.flush()
	}
	if p.work != nil {
		p.send(p.work, map[string]any{"kind": "end", "message": msg})
	}
}

// final is the request's answer: every report, or none when they were
// streamed.
func (p *wsProgress) final() []protocol.WorkspaceDocumentDiagnosticReport {
	if p.partial != nil || p.items == nil {
		return []protocol.WorkspaceDocumentDiagnosticReport{}
	}
	return p.items
}
