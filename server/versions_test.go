package server

import (
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
)

// waitIdle waits until no document has an analysis to run; with a nil tb
// it waits as long as that takes.
func (s *Server) waitIdle(tb testing.TB) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.mu.Lock()
		n := s.working
		s.mu.Unlock()
		if n == 0 {
			return
		}
		if tb != nil && time.Now().After(deadline) {
			tb.Helper()
			tb.Fatalf("%d documents still being analysed after 30 s", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// testSnapshot analyses src as version of the document at u, with no
// original.
func testSnapshot(u uri.URI, version int32, src string) *snapshot {
	h := &head{text: []byte(src), version: version, seq: 1}
	return newSnapshot(u, h, analysis.Analyze(analysis.Input{Src: h.text}, analysis.Options{Fixes: true}, nil))
}
