package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// serverSource gives the analysis the server's cached originals.
type serverSource struct{ s *Server }

// Original implements analysis.Source.
func (ss serverSource) Original(articlePath, rel, root string) (*analysis.Original, *archive.Problem) {
	path, prob := archive.Resolve(articlePath, rel, root)
	if prob != nil {
		return nil, prob
	}
	o, prob := ss.s.loadOriginal(articlePath, rel, root, path)
	if prob != nil {
		return nil, prob
	}
	return o.shared, nil
}

// loadOriginal returns the original at path, the resolved form of rel, from
// the cache or from disk. Only a regular file is read: opening a FIFO or a
// device would block the analysis, holding one of the few analysis slots
// until a writer comes, or a definition request forever.
func (s *Server) loadOriginal(articlePath, rel, root, path string) (*original, *archive.Problem) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &archive.Problem{Code: archive.CodeNotFound, Message: fmt.Sprintf("original %q cannot be read: %v", rel, err)}
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, &archive.Problem{Code: archive.CodeNotFound, Message: fmt.Sprintf("original %q is not a regular file", rel)}
	}
	if c := s.originals.get(path, info.ModTime(), info.Size()); c != nil {
		return c, nil
	}
	data, real, prob := archive.Load(articlePath, rel, root)
	if prob != nil {
		return nil, prob
	}
	c := &original{path: real, data: data, modTime: info.ModTime(), size: info.Size(),
		shared: analysis.NewOriginal(real, data)}
	if real == path && int64(len(data)) == info.Size() {
		s.originals.put(c)
	}
	return c, nil
}

// rootFor returns the workspace folder that holds path (the deepest one),
// or the file's own folder when it lies in none.
func (s *Server) rootFor(path string) string {
	if root, ok := s.workspaceRoot(path); ok {
		return root
	}
	return filepath.Dir(path)
}

// workspaceRoot returns the workspace folder that holds path, the deepest
// one when folders nest, if any.
func (s *Server) workspaceRoot(path string) (string, bool) {
	s.mu.Lock()
	roots := s.roots
	s.mu.Unlock()
	best := ""
	for _, r := range roots {
		if within(r, path) && len(r) > len(best) {
			best = r
		}
	}
	return best, best != ""
}

// within reports whether path lies in the folder root, by their names.
func within(root, path string) bool { return analysis.Within(root, path) }

// Definition jumps from any place in an article to the same place in its
// archived original. Like a hover, it reads the newest analysis when the
// place was not edited since.
func (s *Server) Definition(ctx context.Context, p *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	off := v.offset(p.Position, caps)
	at, ok := v.toSnap(off)
	if !ok {
		if v = s.await(ctx, v, requestWait); v == nil {
			return nil, ctx.Err()
		}
		at = off
	}
	snap := v.snap
	if snap.fid == nil {
		return nil, nil
	}
	o := snap.fid.OriginalOffset(at)
	if o < 0 {
		return nil, nil // too different to say where
	}
	orig := s.originalOf(snap)
	if orig == nil {
		return nil, nil // gone from disk since the check
	}
	pos := position.New(orig.data).Position(o, caps.enc)
	lp := protocol.Position{Line: uint32(pos.Line), Character: uint32(pos.Character)}
	return &protocol.Location{URI: uri.File(orig.path), Range: protocol.Range{Start: lp, End: lp}}, nil
}

// originalOf returns the original snap was checked against, from the cache
// or read again, or nil if it can no longer be read.
func (s *Server) originalOf(snap *snapshot) *original {
	fm := rules.FrontMatter(snap.doc)
	if fm == nil || snap.origPath == "" {
		return nil
	}
	articlePath := snap.uri.FsPath()
	orig, prob := s.loadOriginal(articlePath, fm.Original, s.rootFor(articlePath), snap.origPath)
	if prob != nil {
		return nil
	}
	return orig
}
