package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// original is an archived original as last read from disk.
type original struct {
	path    string
	data    []byte
	mapper  *position.Mapper
	modTime time.Time
	size    int64
}

// originals caches the archived originals by path, re-reading one only
// when its size or modification time changed: a keystroke in an article
// costs one stat, not one read.
type originals struct {
	mu sync.Mutex
	m  map[string]*original
}

func (o *originals) get(path string) (*original, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if c, ok := o.m[path]; ok && c.modTime.Equal(info.ModTime()) && c.size == info.Size() {
		return c, nil
	}
	return nil, nil
}

func (o *originals) put(c *original) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[string]*original{}
	}
	o.m[c.path] = c
}

// fidelityCheck runs the check against the original for a parsed article,
// returning its diagnostics and what hover and definition need.
func (s *Server) fidelityCheck(u uri.URI, d *markup.Document) ([]rules.Diagnostic, *fidelity.Result, *original) {
	if !d.HasFrontMatter || !strings.HasPrefix(string(u), "file:") {
		return nil, nil, nil
	}
	fm := rules.FrontMatter(d)
	if fm == nil || fm.Original == "" {
		return nil, nil, nil
	}
	field := fm.Fields["original"].ValueSpan
	articlePath := u.FsPath()
	root := s.rootFor(articlePath)
	path, prob := archive.Resolve(articlePath, fm.Original, root)
	if prob != nil {
		return []rules.Diagnostic{rules.New(prob.Code, field, prob.Message)}, nil, nil
	}
	orig, _ := s.originals.get(path)
	if orig == nil {
		data, real, prob := archive.Load(articlePath, fm.Original, root)
		if prob != nil {
			return []rules.Diagnostic{rules.New(prob.Code, field, prob.Message)}, nil, nil
		}
		info, err := os.Stat(real)
		if err != nil {
			return []rules.Diagnostic{rules.New(rules.CodeOriginalNotFound, field, err.Error())}, nil, nil
		}
		orig = &original{path: real, data: data, mapper: position.New(data), modTime: info.ModTime(), size: info.Size()}
		s.originals.put(orig)
	}
	res := fidelity.Check(d, orig.data, field, fidelity.Options{})
	return res.Diagnostics, &res, orig
}

// rootFor returns the workspace folder that holds path (the deepest one),
// or the file's own folder when it lies in none.
func (s *Server) rootFor(path string) string {
	s.mu.Lock()
	roots := s.roots
	s.mu.Unlock()
	best := ""
	for _, r := range roots {
		rel, err := filepath.Rel(r, path)
		outside := err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
		if !outside && len(r) > len(best) {
			best = r
		}
	}
	if best == "" {
		return filepath.Dir(path)
	}
	return best
}

// recheckOriginal re-checks the open articles whose original is at path,
// and those whose original could not be read (it may just have appeared).
func (s *Server) recheckOriginal(ctx context.Context, path string) {
	s.log.Debug("file changed; re-checking the articles it may be the original of", zap.String("path", path))
	s.republish(ctx, func(snap *snapshot) bool {
		if snap.orig != nil {
			return snap.orig.path == path
		}
		fm := rules.FrontMatter(snap.doc)
		return fm != nil && fm.Original != ""
	})
}

// DidChangeWatchedFiles re-checks the articles whose original changed.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	for _, ch := range p.Changes {
		path := ch.URI.FsPath()
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		s.recheckOriginal(ctx, path)
	}
	return nil
}

// Definition jumps from any place in an article to the same place in its
// archived original.
func (s *Server) Definition(ctx context.Context, p *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, caps, _ := s.current(p.TextDocument.URI)
	if snap == nil || snap.fid == nil || snap.orig == nil {
		return nil, nil
	}
	off := snap.offsetOf(p.Position, caps.enc)
	o := snap.fid.OriginalOffset(off)
	if o < 0 {
		return nil, nil // too different to say where
	}
	pos := snap.orig.mapper.Position(o, caps.enc)
	lp := protocol.Position{Line: uint32(pos.Line), Character: uint32(pos.Character)}
	return &protocol.Location{URI: uri.File(snap.orig.path), Range: protocol.Range{Start: lp, End: lp}}, nil
}
