package server

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/fsnotify/fsnotify"
	"go.lsp.dev/uri"
)

// Watching originals without the client. A client that cannot watch files
// for the server (Neovim on Linux, Helix) would never say that an original
// changed unless the user also opened it as an article's neighbour and the
// client sent didSave for it, which Neovim does not for a buffer the
// server is not attached to. The server then watches the originals of open
// articles itself: exactly those files, by watching each one's folder and
// keeping the events that name them, since editors save by writing a new
// file and renaming it over the old, which a watch on the file itself (an
// inode) would not see. A folder is unwatched when no open article names
// an original in it any more.

// localWatcher is the server's own file watcher. Its goroutine alone
// changes it, under mu, which tests take to read it.
type localWatcher struct {
	w *fsnotify.Watcher

	mu   sync.Mutex
	dirs map[string]bool // the folders watched
}

// startLocalWatcher starts watching the originals of open articles, and
// keeps doing so until the connection ends. A failure to watch is logged:
// the server still works, without re-checks on a change to an original.
func (s *Server) startLocalWatcher(ctx context.Context) {
	lw := &localWatcher{dirs: map[string]bool{}}
	s.mu.Lock()
	s.local = lw
	wake := s.watches.wake
	s.mu.Unlock()
	go func() {
		// The watcher is made when there is a first original to watch: a
		// session without one costs no inotify instance.
		var events <-chan fsnotify.Event
		var errs <-chan error
		defer lw.close()
		for {
			select {
			case <-s.conn.Done():
				return
			case <-wake:
				s.mu.Lock()
				paths := s.watches.paths()
				s.mu.Unlock()
				if lw.w == nil && len(paths) > 0 {
					w, err := fsnotify.NewWatcher()
					if err != nil {
						s.log.Warn("cannot watch originals for changes", slog.Any("error", err))
						return
					}
					lw.mu.Lock()
					lw.w = w
					lw.mu.Unlock()
					events, errs = w.Events, w.Errors
				}
				if lw.w != nil {
					lw.follow(s, paths)
				}
			case ev, ok := <-events:
				if !ok {
					return
				}
				if ev.Op == fsnotify.Chmod {
					continue // no change to what the file holds
				}
				// fileChanged ignores files no open article names: other
				// files of the folder, and originals no longer named.
				s.fileChanged(ctx, uri.File(filepath.Clean(ev.Name)))
			case err, ok := <-errs:
				if !ok {
					return
				}
				if errors.Is(err, fsnotify.ErrEventOverflow) {
					// Events were lost: any original may have changed.
					s.ws.reset()
					s.markStale(func(*document) bool { return true })
				}
				s.log.Warn("watching originals", slog.Any("error", err))
			}
		}
	}()
}

// close stops watching.
func (lw *localWatcher) close() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.w != nil {
		lw.w.Close()
	}
	lw.dirs = map[string]bool{}
}

// follow makes the watched folders those holding paths. A folder that does
// not exist (an original named before it is created) is tried again on the
// next change of the set.
//
// A folder is watched only after an analysis named the original, so the
// file may have changed in between, unseen (a user saving it at once):
// once its folder is watched, an original that is not the file the
// analysis read is reported as changed.
func (lw *localWatcher) follow(s *Server, paths []string) {
	want := map[string]bool{}
	for _, p := range paths {
		want[filepath.Dir(p)] = true
	}
	lw.mu.Lock()
	added := map[string]bool{}
	for d := range lw.dirs {
		if !want[d] {
			lw.w.Remove(d) // an error means it is gone already
			delete(lw.dirs, d)
		}
	}
	for d := range want {
		if lw.dirs[d] {
			continue
		}
		if err := lw.w.Add(d); err != nil {
			s.log.Debug("cannot watch a folder of originals", slog.String("dir", d), slog.Any("error", err))
			continue
		}
		lw.dirs[d] = true
		added[d] = true
	}
	lw.mu.Unlock()
	for _, p := range paths {
		if added[filepath.Dir(p)] && !s.unchangedOnDisk(p) {
			s.fileChanged(context.Background(), uri.File(p))
		}
	}
}

// holds reports whether the file at path, if there is one, is the one the
// cache holds for path: same size and modification time. A missing file is
// held (there is nothing to re-read); a file not in the cache is not.
func (o *originals) holds(path string) bool {
	info, err := os.Stat(path)
	if err != nil {
		return true
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	c, ok := o.m[path]
	return ok && c.modTime.Equal(info.ModTime()) && c.size == info.Size()
}

// watched returns the folders watched, in order.
func (lw *localWatcher) watched() []string {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	out := make([]string, 0, len(lw.dirs))
	for d := range lw.dirs {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}
