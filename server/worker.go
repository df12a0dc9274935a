package server

import (
	"context"
	"log/slog"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Analysis off the read loop. Each open document has at most one worker
// goroutine, started when the document needs an analysis and ending when
// it has none to do; the latest version wins:
//
//   - A worker analyses the document's head as it finds it when it starts,
//     so versions superseded before then are never analysed.
//   - A result superseded while it was computed becomes the document's
//     snapshot (hovers read it, and the next analysis updates from it) but
//     is not published: its diagnostics would be stale on arrival.
//   - One worker per document publishes in the order it analyses, so an
//     older version is never published after a newer one; didClose clears
//     the diagnostics under the same lock, after which nothing is published.
//
// Analyses of all documents share GOMAXPROCS slots (pool), so that
// opening a hundred articles or changing a setting does not run a hundred
// analyses at once; a document the user is editing goes before
// re-checks in the background.

// pool hands out a bounded number of analysis slots, to urgent waiters
// first.
type pool struct {
	mu                 sync.Mutex
	free               int
	urgent, background []chan struct{}
}

func newPool(n int) *pool { return &pool{free: n} }

func (p *pool) acquire(urgent bool) {
	p.mu.Lock()
	if p.free > 0 {
		p.free--
		p.mu.Unlock()
		return
	}
	ch := make(chan struct{})
	if urgent {
		p.urgent = append(p.urgent, ch)
	} else {
		p.background = append(p.background, ch)
	}
	p.mu.Unlock()
	<-ch
}

func (p *pool) release() {
	p.mu.Lock()
	var next chan struct{}
	switch {
	case len(p.urgent) > 0:
		next, p.urgent = p.urgent[0], p.urgent[1:]
	case len(p.background) > 0:
		next, p.background = p.background[0], p.background[1:]
	default:
		p.free++
	}
	p.mu.Unlock()
	if next != nil {
		close(next) // the slot passes to next
	}
}

// schedule makes sure doc's newest version gets analysed: by its worker if
// it has one, else by a new one. urgent marks an edit by the user, whose
// analysis goes before background re-checks.
func (s *Server) schedule(doc *document, urgent bool) {
	s.mu.Lock()
	start := !doc.running && !doc.closed
	doc.running = doc.running || start
	doc.urgent = doc.urgent || urgent
	if start {
		s.working++
	}
	many := s.working >= burstWorkers
	s.mu.Unlock()
	if start {
		s.gc.busy()
		if many {
			s.gc.burst()
		}
		go s.work(doc)
	}
}

// job is one analysis to run: the head to analyse, the analysis to update
// from with the edits since (nil for a fresh one), and the settings.
type job struct {
	h     *head
	gen   uint64
	prev  *analysis.Analysis
	edits []span.Edit
	cfg   config
	// recheck: the settings or an original changed, not (only) the text;
	// a client that pulls must be told to pull again.
	recheck bool
}

// work analyses doc until its snapshot is of its newest version.
func (s *Server) work(doc *document) {
	for {
		s.mu.Lock()
		urgent := doc.urgent
		doc.urgent = false
		if !doc.needsWork() {
			doc.running = false
			s.working--
			s.mu.Unlock()
			s.gc.idle()
			return
		}
		s.mu.Unlock()
		s.step(doc, urgent)
	}
}

// step runs one analysis of doc in a slot, then installs and publishes its
// result outside it: a client slow to read a publish holds up that
// document's worker, not every analysis. Nothing step does under s.mu can
// panic; a panic elsewhere (in the analysis, or publishing it) is logged,
// and the version is not tried again.
func (s *Server) step(doc *document, urgent bool) {
	s.pool.acquire(urgent)
	s.mu.Lock()
	j, ok := s.takeJob(doc)
	s.mu.Unlock()
	if !ok {
		s.pool.release()
		return
	}
	snap := s.analyseSafely(doc.uri, j)
	s.pool.release()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic publishing diagnostics", slog.String("uri", string(doc.uri)), slog.Int("version", int(j.h.version)),
				slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			s.install(doc, j, nil)
		}
	}()
	s.install(doc, j, snap)
}

// analyseSafely is analyse, a panic in which is logged and gives nil.
func (s *Server) analyseSafely(u uri.URI, j job) (snap *snapshot) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in analysis", slog.String("uri", string(u)), slog.Int("version", int(j.h.version)),
				slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			snap = nil
		}
	}()
	return s.analyse(u, j)
}

// needsWork reports whether doc's snapshot lags its head, or must be
// redone. Called with s.mu held.
func (d *document) needsWork() bool {
	if d.closed {
		return false
	}
	if d.stale {
		return true
	}
	return (d.snap == nil || d.snap.seq != d.head.seq) && d.failed != d.head.seq
}

// takeJob reads what the next analysis of doc needs, as it stands now:
// the newest head, and the snapshot to update from, unless the settings
// or an original changed since it was made. Called with s.mu held.
func (s *Server) takeJob(doc *document) (job, bool) {
	if !doc.needsWork() {
		return job{}, false
	}
	j := job{h: doc.head, gen: doc.gen, cfg: s.cfg, recheck: doc.stale}
	if doc.snap != nil && !doc.stale {
		if edits, ok := since(doc.pending, doc.lostAt, doc.snap.seq); ok {
			j.prev, j.edits = doc.snap.prev(), edits
		}
	}
	doc.stale = false
	doc.analyses++
	return j, true
}

// analyse runs one analysis.
func (s *Server) analyse(u uri.URI, j job) *snapshot {
	if isSettingsURI(u) {
		return s.analyseSettings(u, j)
	}
	in := analysis.Input{Src: j.h.text, Path: uriPath(u)}
	opts := analysis.Options{Fixes: true, Watch: true}
	ws, watch, elision := s.articleOptions(&in, &opts, j.cfg)
	if j.prev != nil && len(j.edits) > 0 && len(j.h.text) >= typingMinText {
		s.gc.typing() // an edit's analysis: someone is typing
	}
	a := analysis.Update(j.prev, in, j.edits, opts, serverSource{s})
	snap := newSnapshot(u, j.h, a)
	snap.gen, snap.ws, snap.elision = j.gen, ws, elision
	if len(watch) > 0 {
		snap.watch = append(slices.Clip(snap.watch), watch...)
	}
	snap.mapper() // here rather than on the read loop, which needs it for the next keystroke
	if s.analysed != nil {
		s.analysed(u, j.h.version)
	}
	return snap
}

// articleOptions sets in.Root and the rules and style options of opts
// for the article at in.Path, under the editor's settings cfg over the
// workspace settings file that applies (announced once). It returns that
// file (nil for none), the paths whose change can change which applies,
// and what a cut reads as. An open article and a closed one the workspace
// pull reads are checked alike.
func (s *Server) articleOptions(in *analysis.Input, opts *analysis.Options, cfg config) (*wsFile, []string, string) {
	opts.Rules = cfg.rules
	var ws *wsFile
	var watch []string
	if in.Path != "" {
		in.Root = s.rootFor(in.Path)
		ws, watch = s.ws.lookup(in.Root, filepath.Dir(in.Path))
	}
	elision := cfg.elision
	if ws != nil {
		opts.Rules = rules.Overlay(ws.cfg.Rules, cfg.rules)
		opts.Style.Allow, opts.Style.Matcher = ws.cfg.Allow, ws.cfg.Matcher
		if !cfg.elisionSet && ws.cfg.Elision != "" {
			elision = ws.cfg.Elision
		}
		s.announce(ws)
	}
	return ws, watch, elision
}

// install makes snap doc's snapshot and publishes it, unless a newer
// version or a re-check superseded it meanwhile, or doc was closed.
func (s *Server) install(doc *document, j job, snap *snapshot) {
	s.mu.Lock()
	if doc.closed {
		s.mu.Unlock()
		return
	}
	if snap == nil {
		doc.failed = j.h.seq
		doc.wake()
		s.mu.Unlock()
		return
	}
	var old []string
	if doc.snap != nil {
		old = doc.snap.watch
	}
	doc.snap = snap
	doc.trimPending()
	dropped := s.watches.update(doc.uri, old, snap.watch)
	doc.wake()
	current := doc.head == j.h && doc.gen == j.gen
	pull := s.caps.pullDiagnostics
	// The last analysis, with nothing after it: a burst (a workspace
	// opened, a setting changed) ends with this publish. Other documents'
	// workers may still be counted in s.working, publishing what they
	// installed, so what says it is whether any document (this one too)
	// needs work.
	last := current && s.noneNeedsWork()
	s.mu.Unlock()
	s.forgetOriginals(dropped)
	s.gc.analysed(string(doc.uri))
	if current && pull && j.recheck {
		s.askRefresh()
	}
	if last {
		s.gc.settle()
	}
	if current {
		s.publish(context.Background(), doc, snap)
	}
}

// noneNeedsWork reports whether no open document needs an analysis: a
// few loads a document, once a publish. Called with s.mu held.
func (s *Server) noneNeedsWork() bool {
	for _, d := range s.docs {
		if d.needsWork() {
			return false
		}
	}
	return true
}

// trimPending drops the changes the snapshot has taken in. The slice is
// copied, not cut in place: requests may hold the old one. Called with
// Server.mu held.
func (d *document) trimPending() {
	var kept []change
	size := 0
	for _, c := range d.pending {
		if c.seq > d.snap.seq {
			kept = append(kept, c)
			for _, e := range c.edits {
				size += len(e.New) + editSize
			}
		}
	}
	d.pending, d.pendingBytes = kept, size
}

// markStale asks for a fresh analysis of the open documents which selects,
// in the background: the settings, or an original, changed.
func (s *Server) markStale(which func(*document) bool) {
	s.mu.Lock()
	var docs []*document
	for _, d := range s.docs {
		if which(d) {
			d.markStale()
			docs = append(docs, d)
		}
	}
	s.mu.Unlock()
	for _, d := range docs {
		s.schedule(d, false)
	}
}

// analysisSlots is how many analyses run at once.
func analysisSlots() int { return runtime.GOMAXPROCS(0) }
