package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestOriginalsBounds: the cache never holds more than maxOriginals
// originals or maxOriginalBytes, evicting the least recently used, and
// a changed file (size or time) is a miss.
func TestOriginalsBounds(t *testing.T) {
	var o originals
	now := time.Unix(1, 0)
	put := func(name string, size int) {
		data := make([]byte, size)
		o.put(&original{path: name, data: data, shared: &analysis.Original{Path: name, Data: data}, modTime: now, size: int64(size)})
	}
	for i := range maxOriginals + 10 {
		put(fmt.Sprint(i), 10)
		o.get("0", now, 10) // keeps 0 the most recently used
	}
	if len(o.m) != maxOriginals || o.get("0", now, 10) == nil || o.get("1", now, 10) != nil {
		t.Errorf("%d cached; 0 cached: %v; 1 cached: %v", len(o.m), o.get("0", now, 10) != nil, o.get("1", now, 10) != nil)
	}
	for i := range 5 {
		put(fmt.Sprint("big", i), 16<<20)
	}
	if o.bytes > maxOriginalBytes || o.get("big0", now, 16<<20) != nil || o.get("big4", now, 16<<20) == nil {
		t.Errorf("%d MiB cached, big0 cached: %v", o.bytes>>20, o.get("big0", now, 16<<20) != nil)
	}
	if o.get("big4", now.Add(time.Second), 16<<20) != nil || o.get("big4", now, 1) != nil {
		t.Error("a changed file was a hit")
	}
	o.drop([]string{"big4", "0", "absent"})
	if o.get("big4", now, 16<<20) != nil || o.get("0", now, 10) != nil {
		t.Error("dropped originals still cached")
	}
}

// originalsServer is a server on a workspace at root, with no connection.
func originalsServer(t *testing.T) (*Server, string) {
	root := t.TempDir()
	s := New(Options{})
	s.roots = []string{root}
	return s, root
}

func originalsOpen(s *Server, root, name, text string) uri.URI {
	u := uri.File(filepath.Join(root, name))
	s.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
	s.waitIdle(nil)
	return u
}

func originalsCached(s *Server) []string {
	s.originals.mu.Lock()
	defer s.originals.mu.Unlock()
	var out []string
	for p := range s.originals.m {
		out = append(out, filepath.Base(p))
	}
	slices.Sort(out)
	return out
}

// TestOriginalsFollowOpenArticles: an original stays cached while an open
// article names it and leaves when none does: on close, and when the
// front matter stops naming it. Definition still works after the original
// left the cache, reading it again.
func TestOriginalsFollowOpenArticles(t *testing.T) {
	s, root := originalsServer(t)
	for _, n := range []string{"one.txt", "two.txt"} {
		os.WriteFile(filepath.Join(root, n), []byte("The storm destroyed the old pier.\n"), 0o644)
	}
	a := originalsOpen(s, root, "a.bp.md", "---\noriginal: one.txt\n---\nThe storm destroyed the old pier.\n")
	b := originalsOpen(s, root, "b.bp.md", "---\noriginal: one.txt\n---\nThe storm destroyed the old pier.\n")
	c := originalsOpen(s, root, "c.bp.md", "---\noriginal: two.txt\n---\nThe storm destroyed the old pier.\n")
	if got := originalsCached(s); !slices.Equal(got, []string{"one.txt", "two.txt"}) {
		t.Fatalf("cached %v", got)
	}
	ctx := context.Background()
	s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: a}})
	if got := originalsCached(s); !slices.Equal(got, []string{"one.txt", "two.txt"}) {
		t.Errorf("after closing one of two articles naming one.txt: cached %v", got)
	}
	s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: "No original now.\n"}},
	})
	s.waitIdle(t)
	if got := originalsCached(s); !slices.Equal(got, []string{"one.txt"}) {
		t.Errorf("after c stopped naming two.txt: cached %v", got)
	}
	s.originals.drop([]string{filepath.Join(root, "one.txt")})
	loc, err := s.Definition(ctx, &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: b}, Position: protocol.Position{Line: 3, Character: 29}}})
	if l, ok := loc.(*protocol.Location); err != nil || !ok || l.Range.Start.Character != 29 || !strings.HasSuffix(string(l.URI), "one.txt") {
		t.Errorf("definition after the original left the cache: %+v, %v", loc, err)
	}
	s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: b}})
	s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: c}})
	if got := originalsCached(s); len(got) != 0 {
		t.Errorf("with every article closed: cached %v", got)
	}
	s.mu.Lock()
	if n := len(s.watches.byPath); n != 0 {
		t.Errorf("%d paths still watched", n)
	}
	s.mu.Unlock()
}

// TestOriginalFIFO: an original that is a FIFO is refused at once, not
// opened: opening one blocks until a writer comes, and the analysis would
// hold its slot meanwhile.
func TestOriginalFIFO(t *testing.T) {
	s, root := originalsServer(t)
	if err := syscall.Mkfifo(filepath.Join(root, "orig.txt"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan uri.URI)
	go func() { done <- originalsOpen(s, root, "a.bp.md", "---\noriginal: orig.txt\n---\nText.\n") }()
	select {
	case u := <-done:
		s.mu.Lock()
		snap := s.docs[u].snap
		s.mu.Unlock()
		if len(snap.diags) != 1 || !strings.Contains(snap.diags[0].Message, "not a regular file") {
			t.Errorf("diagnostics %+v", snap.diags)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("didOpen blocked on a FIFO original")
	}
}
