package server

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Watched files. The server asks the client to watch exactly the originals
// the open articles name (where the front matter points, and where that
// resolves to), registering again whenever that set changes; a change to
// one of them re-checks exactly the articles that name it. Asking for
// "**/*" brought every file of the workspace, .git/ included, and every
// event re-checked every article whose original was missing: a thousand
// events with three hundred such articles stalled the server for a minute.
// Events are also coalesced: they mark articles for a re-check that their
// workers run off the read loop, so a storm of them costs one re-check per
// article, and requests keep being read meanwhile.

// watches maps each watched path to the open articles whose check it can
// change. It is guarded by Server.mu.
type watches struct {
	byPath map[string]map[uri.URI]bool
	wake   chan struct{} // a pending wake-up of registerWatchers
}

// update replaces the paths watched for article u, old, by now. It returns
// the paths no article names any more, and signals the registration when
// the set of paths changed.
func (w *watches) update(u uri.URI, old, now []string) (dropped []string) {
	if w.byPath == nil {
		w.byPath = map[string]map[uri.URI]bool{}
	}
	changed := false
	for _, p := range old {
		if slices.Contains(now, p) {
			continue
		}
		delete(w.byPath[p], u)
		if len(w.byPath[p]) == 0 {
			delete(w.byPath, p)
			dropped = append(dropped, p)
			changed = true
		}
	}
	for _, p := range now {
		if w.byPath[p] == nil {
			w.byPath[p] = map[uri.URI]bool{}
			changed = true
		}
		w.byPath[p][u] = true
	}
	if changed {
		w.signal()
	}
	return dropped
}

func (w *watches) signal() {
	select {
	case w.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// paths returns the watched paths in order.
func (w *watches) paths() []string {
	out := make([]string, 0, len(w.byPath))
	for p := range w.byPath {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// DidChangeWatchedFiles re-checks the articles whose original, settings
// file or rule file changed.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	for _, ch := range p.Changes {
		s.fileChanged(ctx, ch.URI)
	}
	return nil
}

// fileChanged re-checks, in the background, the open articles whose
// original is the file at u, and forgets its cached copy. Marking an
// article that is already marked costs nothing more, so a storm of events
// costs one re-check per article.
func (s *Server) fileChanged(ctx context.Context, u uri.URI) {
	if !strings.HasPrefix(string(u), "file:") {
		return
	}
	path := filepath.Clean(u.FsPath())
	// Dropped before the articles are re-checked, which read it again (a
	// path no open article names is in no cache: dropping it costs nothing).
	s.originals.drop([]string{path})
	// The articles watching path, or a settings file that read it, once.
	if n := s.settingsChanged(path); n > 0 {
		s.log.Debug("original changed", slog.String("path", path), slog.Int("articles", n))
	}
}

// registerWatchers keeps the client's file watchers equal to the watched
// paths, registering anew (and dropping the old registration) whenever the
// set changes, until the connection ends. It runs on its own goroutine: a
// request to the client made from the read loop would wait for an answer
// only the read loop can read.
func (s *Server) registerWatchers(ctx context.Context) {
	s.mu.Lock()
	relative := s.caps.relativePatterns
	wake := s.watches.wake
	s.mu.Unlock()
	var registered []string
	id := ""
	for seq := 1; ; seq++ {
		select {
		case <-wake:
		case <-s.conn.Done():
			return
		}
		s.mu.Lock()
		want := s.watches.paths()
		s.mu.Unlock()
		if slices.Equal(want, registered) {
			continue
		}
		if id != "" {
			s.call(ctx, "client/unregisterCapability", map[string]any{"unregisterations": []any{
				map[string]any{"id": id, "method": "workspace/didChangeWatchedFiles"}}})
			id = ""
		}
		registered = want
		if len(want) == 0 {
			continue
		}
		id = "bluepencil-originals-" + strconv.Itoa(seq)
		s.call(ctx, "client/registerCapability", map[string]any{"registrations": []any{map[string]any{
			"id": id, "method": "workspace/didChangeWatchedFiles",
			"registerOptions": map[string]any{"watchers": watchers(want, relative)}}}})
	}
}

// watchers are the file watchers for paths: a relative pattern naming each
// file in its folder when the client supports them, else a pattern for its
// name anywhere, which may bring events for files of the same name
// elsewhere; fileChanged ignores those.
func watchers(paths []string, relative bool) []any {
	out := make([]any, 0, len(paths))
	for _, p := range paths {
		name := globLiteral(filepath.Base(p))
		if relative {
			out = append(out, map[string]any{"globPattern": map[string]any{
				"baseUri": string(uri.File(filepath.Dir(p))), "pattern": name}})
		} else {
			out = append(out, map[string]any{"globPattern": "**/" + name})
		}
	}
	return out
}

// globLiteral turns a file name into a glob matching it: each character
// with a meaning in LSP globs becomes "?", which matches it too. The server
// compares paths exactly, so matching a little more costs nothing.
func globLiteral(name string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("*?[]{}!\\", r) {
			return '?'
		}
		return r
	}, name)
}

func (s *Server) call(ctx context.Context, method string, params any) {
	if _, err := s.conn.Call(ctx, method, params, nil); err != nil {
		s.log.Warn("request to the client failed", slog.String("method", method), slog.Any("error", err))
	}
}
