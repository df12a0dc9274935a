package analysis

import (
	"container/list"
	"sync"

	"github.com/bluepencil/bluepencil/internal/archive"
)

// DiskSource reads originals from disk for the command line, each once per
// run however many articles name it, keeping at most MaxBytes of them
// (the least recently used go first), or the last one read when it alone
// is larger. It is safe for concurrent use, and
// two articles asking for the same original at once wait for one read.
type DiskSource struct {
	// MaxBytes bounds the originals kept; 0 means DefaultCacheBytes.
	MaxBytes int

	mu    sync.Mutex
	byKey map[string]*list.Element // of *entry
	order list.List                // least recently used first
	bytes int
}

// DefaultCacheBytes is the default bound of a DiskSource, counting what
// preparing the originals adds (about twice the text): a few originals of
// the largest size read, or hundreds of news-sized ones.
const DefaultCacheBytes = 4 * archive.MaxSize

type entry struct {
	key  string
	done chan struct{} // closed when the read ends
	orig *Original
	prob *archive.Problem
}

// Original implements Source. Originals are keyed by their resolved path,
// so articles that name one file by different relative paths share it;
// the trusted root is part of the key, since it decides what may be read.
func (s *DiskSource) Original(articlePath, rel, root string) (*Original, *archive.Problem) {
	real, prob := archive.Resolve(articlePath, rel, root)
	if prob != nil {
		return nil, prob
	}
	key := root + "\x00" + real
	s.mu.Lock()
	if s.byKey == nil {
		s.byKey = map[string]*list.Element{}
	}
	if el, ok := s.byKey[key]; ok {
		s.order.MoveToBack(el)
		e := el.Value.(*entry)
		s.mu.Unlock()
		<-e.done
		if e.prob != nil {
			// A problem is particular to the name the article used (it is
			// in the message): read again under this one.
			return s.read(articlePath, rel, root)
		}
		return e.orig, nil
	}
	e := &entry{key: key, done: make(chan struct{})}
	s.byKey[key] = s.order.PushBack(e)
	s.mu.Unlock()

	e.orig, e.prob = s.read(articlePath, rel, root)
	close(e.done)
	s.mu.Lock()
	if e.prob != nil {
		s.removeLocked(key)
	} else {
		// A lazy original counts the same before and after a check
		// prepares it, so what is counted on is what is counted off.
		s.bytes += e.orig.Bytes()
		s.evictLocked()
	}
	s.mu.Unlock()
	return e.orig, e.prob
}

func (s *DiskSource) read(articlePath, rel, root string) (*Original, *archive.Problem) {
	data, real, prob := archive.Load(articlePath, rel, root)
	if prob != nil {
		return nil, prob
	}
	// The command line's checks are final: a faithful article needs the
	// original neither tokenized nor indexed, and most need no index of
	// its runs; a check that needs either makes it.
	return NewLazyOriginal(real, data), nil
}

func (s *DiskSource) removeLocked(key string) {
	el, ok := s.byKey[key]
	if !ok {
		return
	}
	if e := el.Value.(*entry); e.orig != nil {
		s.bytes -= e.orig.Bytes()
	}
	delete(s.byKey, key)
	s.order.Remove(el)
}

// evictLocked drops the least recently used originals that are read (not
// being read) until the cache is within its bound, but never the most
// recently used: articles naming an original larger than the bound, one
// after the other, still share one read of it.
func (s *DiskSource) evictLocked() {
	limit := s.MaxBytes
	if limit <= 0 {
		limit = DefaultCacheBytes
	}
	for el := s.order.Front(); el != nil && el != s.order.Back() && s.bytes > limit; {
		next := el.Next()
		e := el.Value.(*entry)
		select {
		case <-e.done:
			s.removeLocked(e.key)
		default:
		}
		el = next
	}
}
