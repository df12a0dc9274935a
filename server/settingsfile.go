package server

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	wsconfig "github.com/bluepencil/bluepencil/internal/config"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// The workspace settings file. An article is checked with the nearest
// .bluepencil.yaml from its folder up to its workspace folder, never above
// (wsconfig.Find), under the editor's settings. Each file is parsed once,
// with its rule files and their matcher (the costly part), and kept until
// a change to it or a rule file it names is reported: a keystroke in an
// article costs a map lookup, not a read or a stat. Each article watches
// the names that can change which file applies or what it says (watch.go):
// FileName in every folder from its own up to the file that applies, and
// the rule files. A settings file the editor has open is read from the
// editor's text, and is a document of its own whose diagnostics are its
// problems; the problems of one that is not open, and of rule files, are
// pushed on their URIs.

// wsFiles caches the settings files. Its fields are guarded by mu.
type wsFiles struct {
	mu sync.Mutex
	// byDir is wsconfig.Find's answer for each article folder.
	byDir map[string]string
	// gen counts the changes to settings file names, so that a Find made
	// before one is not kept after it.
	gen   uint64
	files map[string]*wsFile // by path
	// open holds the text of the settings files open in the editor.
	open map[string][]byte
	// pubMu orders the publishes of problems; published lists, by settings
	// file, the URIs its last publish gave problems to, to clear them.
	pubMu     sync.Mutex
	published map[string][]uri.URI
}

// wsFile is one settings file as parsed, never modified once loaded.
type wsFile struct {
	path, root string
	once       sync.Once
	cfg        *wsconfig.Config
	probs      []wsconfig.Problem
	// read are the files parsing read or tried to (the settings file and
	// its rule files), by absolute path, with what they held.
	read map[string]readFile
	// announced publishes its problems once.
	announced sync.Once
	// loaded is set once load has returned: a file is cached before it is
	// loaded, and holds must not read what load is still writing.
	loaded atomic.Bool
}

// readFile is a file as a settings file's parsing read it.
type readFile struct {
	data    []byte
	ok      bool // read without error
	modTime time.Time
	size    int64
	open    bool // the editor's text, not the disk's
}

// lookup returns the settings file for an article in the folder dir of
// the workspace folder root, parsed, or nil; and the paths whose change
// can change that answer.
func (w *wsFiles) lookup(root, dir string) (*wsFile, []string) {
	w.mu.Lock()
	path, ok := w.byDir[dir]
	gen := w.gen
	w.mu.Unlock()
	if !ok {
		path = wsconfig.Find(root, dir)
		w.mu.Lock()
		if w.byDir == nil {
			w.byDir = map[string]string{}
		}
		if w.gen == gen {
			w.byDir[dir] = path
		}
		w.mu.Unlock()
	}
	watch := candidates(root, dir, path)
	if path == "" {
		return nil, watch
	}
	f := w.file(root, path)
	for p := range f.read {
		if !slices.Contains(watch, p) {
			watch = append(watch, p)
		}
	}
	return f, watch
}

// candidates are the settings file names from dir up to found's folder,
// or up to root when nothing was found: where a new or removed file
// changes which applies.
func candidates(root, dir, found string) []string {
	var out []string
	for {
		p := filepath.Join(dir, wsconfig.FileName)
		out = append(out, p)
		if p == found || dir == root || !within(root, dir) {
			return out
		}
		up := filepath.Dir(dir)
		if up == dir {
			return out
		}
		dir = up
	}
}

// file returns the settings file at path, parsed.
func (w *wsFiles) file(root, path string) *wsFile {
	w.mu.Lock()
	if w.files == nil {
		w.files = map[string]*wsFile{}
	}
	f := w.files[path]
	if f == nil || f.root != root {
		f = &wsFile{path: path, root: root}
		w.files[path] = f
	}
	text, isOpen := w.open[path]
	w.mu.Unlock()
	f.once.Do(func() {
		f.load(text, isOpen)
		f.loaded.Store(true)
	})
	return f
}

// load parses the file, from text when the editor has it open.
func (f *wsFile) load(text []byte, isOpen bool) {
	f.read = map[string]readFile{}
	rel, err := filepath.Rel(f.root, f.path)
	read, closer, err2 := wsconfig.OpenRoot(f.root)
	if err != nil || err2 != nil {
		f.cfg, f.probs = wsconfig.Load(f.root, f.path, wsconfig.Options{}) // says why
		return
	}
	defer closer.Close()
	record := func(name string) ([]byte, error) {
		abs := filepath.Join(f.root, filepath.FromSlash(name))
		data, err := read(name)
		rf := readFile{data: data, ok: err == nil}
		if info, err := os.Stat(abs); err == nil {
			rf.modTime, rf.size = info.ModTime(), info.Size()
		}
		f.read[abs] = rf
		return data, err
	}
	name := filepath.ToSlash(rel)
	if isOpen {
		f.read[f.path] = readFile{data: text, ok: true, open: true}
	} else if text, err = record(name); err != nil {
		f.cfg, f.probs = wsconfig.Load(f.root, f.path, wsconfig.Options{})
		return
	}
	f.cfg, f.probs = wsconfig.Parse(name, text, record, wsconfig.Options{})
}

// changed forgets what a change to the file at path makes stale: the
// settings files that read it, and for a settings file's name, which file
// applies where. It returns the settings files forgotten.
func (w *wsFiles) changed(path string) []*wsFile {
	w.mu.Lock()
	defer w.mu.Unlock()
	if filepath.Base(path) == wsconfig.FileName {
		clear(w.byDir)
		w.gen++
	}
	var out []*wsFile
	for p, f := range w.files {
		// One being loaded may have read path before the change: dropped.
		if p == path || !f.loaded.Load() || f.reads(path) {
			delete(w.files, p)
			out = append(out, f)
		}
	}
	return out
}

// reads reports whether loading f read path. Only once f is loaded.
func (f *wsFile) reads(path string) bool {
	_, ok := f.read[path]
	return ok
}

// reset forgets every settings file (events were lost).
func (w *wsFiles) reset() []*wsFile {
	w.mu.Lock()
	defer w.mu.Unlock()
	clear(w.byDir)
	w.gen++
	out := slices.Collect(maps.Values(w.files))
	clear(w.files)
	return out
}

// setOpen records the editor's text of the settings file at path (nil
// when it was closed), and reports whether that changes what the file
// says, as last parsed.
func (w *wsFiles) setOpen(path string, text []byte) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	old, wasOpen := w.open[path]
	if text == nil {
		delete(w.open, path)
		return wasOpen
	}
	if w.open == nil {
		w.open = map[string][]byte{}
	}
	w.open[path] = text
	if wasOpen {
		return !bytes.Equal(old, text)
	}
	if f := w.files[path]; f != nil {
		if !f.loaded.Load() {
			return true // being loaded, perhaps from the disk's text
		}
		rf, ok := f.read[path]
		return !ok || !bytes.Equal(rf.data, text)
	}
	return false
}

// holds reports whether path is a file a cached settings file read
// (known), and if so whether it is still as read (held): the same size
// and time, or missing as it was.
func (w *wsFiles) holds(path string) (known, held bool) {
	info, err := os.Stat(path)
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range w.files {
		if !f.loaded.Load() {
			continue // being loaded: it reads the file as it is now
		}
		if rf, ok := f.read[path]; ok && !rf.open {
			if err != nil {
				return true, !rf.ok
			}
			return true, rf.ok && rf.modTime.Equal(info.ModTime()) && rf.size == info.Size()
		}
	}
	return false, false
}

// unchangedOnDisk reports whether the watched file at path is as the
// analyses that named it read it: an original as cached, a settings or
// rule file as parsed, a settings file name that was missing still
// missing.
func (s *Server) unchangedOnDisk(path string) bool {
	if known, held := s.ws.holds(path); known {
		return held
	}
	if filepath.Base(path) == wsconfig.FileName {
		_, err := os.Lstat(path)
		return err != nil
	}
	return s.originals.holds(path)
}

// current reports whether f is the settings file cached for its path.
func (w *wsFiles) current(f *wsFile) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.files[f.path] == f
}

// isSettingsURI reports whether u names a workspace settings file.
func isSettingsURI(u uri.URI) bool {
	p := uriPath(u)
	return p != "" && filepath.Base(p) == wsconfig.FileName
}

// settingsChanged re-reads, in the background, what a change to the file
// at path makes stale in the settings files' cache, and re-checks the open
// articles that watch path or a settings file the change made stale, each
// once; it returns how many. fileChanged calls it for every changed file.
func (s *Server) settingsChanged(path string) int {
	dropped := s.ws.changed(path)
	paths := []string{path}
	for _, f := range dropped {
		paths = append(paths, f.path)
	}
	if len(dropped) > 0 {
		go s.reloadSettings(dropped)
	}
	return s.markWatching(paths)
}

// markWatching marks for a re-check the open articles that watch any of
// paths, each once, and returns how many.
func (s *Server) markWatching(paths []string) int {
	s.mu.Lock()
	var docs []*document
	for _, p := range paths {
		for a := range s.watches.byPath[p] {
			if d := s.docs[a]; d != nil && !slices.Contains(docs, d) {
				d.markStale()
				docs = append(docs, d)
			}
		}
	}
	s.mu.Unlock()
	for _, d := range docs {
		s.schedule(d, false)
	}
	return len(docs)
}

// reloadSettings reads the settings files dropped from the cache again,
// when they still exist, to publish their problems, or clears them.
func (s *Server) reloadSettings(dropped []*wsFile) {
	for _, old := range dropped {
		if info, err := os.Lstat(old.path); err != nil || !info.Mode().IsRegular() {
			s.publishProblems(&wsFile{path: old.path, root: old.root}, true)
			continue
		}
		s.announce(s.ws.file(old.root, old.path))
	}
}

// announce publishes f's problems, once, in the background.
func (s *Server) announce(f *wsFile) {
	f.announced.Do(func() { go s.publishProblems(f, false) })
}

// publishProblems pushes f's problems on the settings file's URI and its
// rule files', clearing the URIs its previous publish gave problems to
// that have none now. A settings file open in the editor is left out: its
// problems are its document's diagnostics. gone: f no longer exists.
func (s *Server) publishProblems(f *wsFile, gone bool) {
	w := &s.ws
	w.pubMu.Lock()
	defer w.pubMu.Unlock()
	if !gone && !w.current(f) {
		return // a newer parse publishes
	}
	caps, _ := s.settings()
	byURI := map[uri.URI][]protocol.Diagnostic{}
	var order []uri.URI
	for _, p := range f.probs {
		abs := filepath.Join(f.root, filepath.FromSlash(p.Path))
		u := uri.File(abs)
		if byURI[u] == nil {
			order = append(order, u)
		}
		byURI[u] = append(byURI[u], problemDiagnostic(p, f.read[abs].data, caps))
	}
	prev := w.published[f.path]
	for _, u := range prev {
		if byURI[u] == nil {
			order = append(order, u)
		}
	}
	var now []uri.URI
	for _, u := range order {
		if s.isOpen(u) {
			if caps.pullDiagnostics && slices.Contains(prev, u) {
				// Pulled from now on: the pushed copy would show twice.
				s.notify(context.Background(), "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
			}
			continue
		}
		ds := byURI[u]
		if ds == nil {
			ds = []protocol.Diagnostic{}
		} else {
			now = append(now, u)
		}
		s.notify(context.Background(), "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: ds})
	}
	if w.published == nil {
		w.published = map[string][]uri.URI{}
	}
	w.published[f.path] = now
}

// isOpen reports whether the document u is open.
func (s *Server) isOpen(u uri.URI) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[u] != nil
}

// problemDiagnostic converts p, a problem of the file that held data.
func problemDiagnostic(p wsconfig.Problem, data []byte, caps clientCaps) protocol.Diagnostic {
	d := p.Diagnostic()
	start, end := min(d.Span.Start, len(data)), min(d.Span.End, len(data))
	return lspDiagnostic(fromRange(position.New(data).Range(start, end, caps.enc)), d, caps, true)
}

// analyseSettings is the analysis of a settings file open in the editor:
// its text replaces the disk's for the articles it applies to, which are
// checked again when it says something new, and its diagnostics are its
// problems.
func (s *Server) analyseSettings(u uri.URI, j job) *snapshot {
	snap := &snapshot{head: j.h, uri: u, gen: j.gen, settings: true, doc: &markup.Document{Src: j.h.text}}
	snap.mapper()
	path := uriPath(u)
	if path == "" {
		return snap
	}
	if s.ws.setOpen(path, j.h.text) {
		s.settingsChanged(path)
	}
	f := s.ws.file(s.rootFor(path), path)
	rel, _ := filepath.Rel(f.root, path)
	for _, p := range f.probs {
		if p.Path == filepath.ToSlash(rel) {
			d := p.Diagnostic()
			d.Span = span.Span{Start: min(d.Span.Start, len(j.h.text)), End: min(d.Span.End, len(j.h.text))}
			snap.diags = append(snap.diags, d)
		}
	}
	slices.SortStableFunc(snap.diags, func(a, b rules.Diagnostic) int { return a.Span.Start - b.Span.Start })
	s.announce(f) // its rule files'
	return snap
}

// closeSettings is didClose of a settings file: the disk's text applies
// again.
func (s *Server) closeSettings(u uri.URI) {
	if path := uriPath(u); path != "" && s.ws.setOpen(path, nil) {
		s.settingsChanged(path)
	}
}
