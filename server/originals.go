package server

import (
	"runtime/debug"
	"sync"
	"time"

	"github.com/bluepencil/bluepencil/internal/analysis"
)

// The originals cache holds at most maxOriginals originals and
// maxOriginalBytes of them, counting what preparing them for the fidelity
// check adds (about twice the text): a few originals of the largest size
// archive reads, or dozens of news-sized ones. Beyond that, a keystroke in an
// article whose original was evicted reads the original again.
const (
	maxOriginals     = 64
	maxOriginalBytes = 64 << 20
	// returnAfter is how many bytes of originals dropped from the cache
	// make the server hand freed memory back to the operating system at
	// once. The Go runtime does so in the background, slowly; a user who
	// opened and closed a few large originals would otherwise see the
	// server keep hundreds of MiB it no longer uses.
	returnAfter = 16 << 20
)

// original is an archived original as last read from disk.
type original struct {
	path    string
	data    []byte
	shared  *analysis.Original // what analyses see: prepared once, shared
	modTime time.Time
	size    int64
	used    uint64 // when it was last used, in cache ticks
}

// originals caches archived originals by resolved path, re-reading one
// only when its size or modification time changed, so that a keystroke in
// an article costs one stat, not one read. It is bounded in count and
// bytes, least recently used first out, and the server drops an original
// as soon as no open article names it.
type originals struct {
	mu      sync.Mutex
	m       map[string]*original
	bytes   int
	tick    uint64
	dropped int // bytes dropped since memory was last handed back
}

// get returns the cached original at path if it is still the file that
// modTime and size describe, or nil.
func (o *originals) get(path string, modTime time.Time, size int64) *original {
	o.mu.Lock()
	defer o.mu.Unlock()
	c, ok := o.m[path]
	if !ok || !c.modTime.Equal(modTime) || c.size != size {
		return nil
	}
	o.tick++
	c.used = o.tick
	return c
}

// put caches c, evicting the least recently used originals beyond the
// bounds.
func (o *originals) put(c *original) {
	o.mu.Lock()
	if o.m == nil {
		o.m = map[string]*original{}
	}
	o.removeLocked(c.path)
	o.tick++
	c.used = o.tick
	o.m[c.path] = c
	o.bytes += c.shared.Bytes()
	for len(o.m) > maxOriginals || o.bytes > maxOriginalBytes {
		o.removeLocked(o.oldestLocked())
	}
	o.mu.Unlock()
}

func (o *originals) oldestLocked() string {
	var oldest *original
	for _, c := range o.m {
		if oldest == nil || c.used < oldest.used {
			oldest = c
		}
	}
	return oldest.path
}

// drop removes the originals at paths, if cached.
func (o *originals) drop(paths []string) {
	if len(paths) == 0 {
		return
	}
	o.mu.Lock()
	for _, p := range paths {
		o.removeLocked(p)
	}
	give := o.dropped >= returnAfter
	if give {
		o.dropped = 0
	}
	o.mu.Unlock()
	if give {
		// A full collection and a scavenge: the originals just dropped were
		// the bulk of the heap.
		debug.FreeOSMemory()
	}
}

func (o *originals) removeLocked(path string) {
	if c, ok := o.m[path]; ok {
		delete(o.m, path)
		o.bytes -= c.shared.Bytes()
		o.dropped += c.shared.Bytes()
	}
}

// forgetOriginals drops from the cache the originals at paths, which no
// open article names any more.
func (s *Server) forgetOriginals(paths []string) {
	s.originals.drop(paths)
}
