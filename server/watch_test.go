package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// watchInit initializes c with root as the workspace and the client's file
// watching capabilities.
func watchInit(t *testing.T, c *pipeClient, root string, relative bool) {
	t.Helper()
	params := map[string]any{"processId": nil, "rootUri": string(uri.File(root)), "capabilities": map[string]any{
		"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true, "relativePatternSupport": relative}}}}
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
}

// registration decodes a client/registerCapability request into its id
// and watchers' glob patterns (a string, or baseUri + " " + pattern).
func registration(t *testing.T, r pipeRequest) (string, []string) {
	t.Helper()
	var p struct {
		Registrations []struct {
			ID              string `json:"id"`
			RegisterOptions struct {
				Watchers []struct {
					GlobPattern json.RawMessage `json:"globPattern"`
				} `json:"watchers"`
			} `json:"registerOptions"`
		} `json:"registrations"`
	}
	if err := json.Unmarshal(r.Params, &p); err != nil || len(p.Registrations) != 1 {
		t.Fatalf("registration %s: %v", r.Params, err)
	}
	var globs []string
	for _, w := range p.Registrations[0].RegisterOptions.Watchers {
		var s string
		var rel struct{ BaseURI, Pattern string }
		if json.Unmarshal(w.GlobPattern, &s) != nil {
			json.Unmarshal(w.GlobPattern, &rel)
			s = rel.BaseURI + " " + rel.Pattern
		}
		globs = append(globs, s)
	}
	slices.Sort(globs)
	return p.Registrations[0].ID, globs
}

// TestWatchRegistration: the server asks the client to watch exactly the
// originals the open articles name, missing ones included, and the
// settings file names that apply to them, as relative
// patterns when the client supports them and "**/name" otherwise, and
// registers again (dropping the old registration) when that set changes.
func TestWatchRegistration(t *testing.T) {
	for _, relative := range []bool{true, false} {
		root := t.TempDir()
		os.Mkdir(filepath.Join(root, "sub"), 0o755)
		os.WriteFile(filepath.Join(root, "sub", "o[1].txt"), []byte("Text.\n"), 0o644)
		c := newPipeServer(t, Options{})
		watchInit(t, c, root, relative)
		a, b := string(uri.File(filepath.Join(root, "a.bp.md"))), string(uri.File(filepath.Join(root, "b.bp.md")))
		c.open(a, 1, "---\noriginal: missing.txt\n---\nText.\n")
		c.open(b, 1, "---\noriginal: sub/o[1].txt\n---\nText.\n")
		c.waitDiagnostics(b, 1, 5*time.Second)
		// Where a settings file would apply to both articles is watched
		// too, for as long as either is open.
		want := []string{"**/.bluepencil.yaml", "**/missing.txt", "**/o?1?.txt"}
		if relative {
			want = []string{string(uri.File(root)) + " .bluepencil.yaml", string(uri.File(root)) + " missing.txt", string(uri.File(filepath.Join(root, "sub"))) + " o?1?.txt"}
		}
		var first string
		c.waitRequest("a registration of both originals", 5*time.Second, func(r pipeRequest) bool {
			if r.Method != "client/registerCapability" {
				return false
			}
			id, globs := registration(t, r)
			first = id
			return slices.Equal(globs, want)
		})
		c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": a}})
		c.waitRequest("the old registration dropped", 5*time.Second, func(r pipeRequest) bool {
			return r.Method == "client/unregisterCapability" && strings.Contains(string(r.Params), first)
		})
		c.waitRequest("a registration of one original", 5*time.Second, func(r pipeRequest) bool {
			if r.Method != "client/registerCapability" {
				return false
			}
			_, globs := registration(t, r)
			return slices.Equal(globs, []string{want[0], want[2]})
		})
		c.mu.Lock()
		for _, r := range c.requests {
			if strings.Contains(string(r.Params), `"**/*"`) {
				t.Errorf("the server asked to watch everything: %s", r.Params)
			}
		}
		c.mu.Unlock()
	}
}

// TestWatchEventsMarkTheirArticles: an event re-checks the articles whose
// original is the file (as named, or where it resolves to), and no other;
// events for the same file while the re-check waits are coalesced into one.
func TestWatchEventsMarkTheirArticles(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "real.txt"), []byte("Text.\n"), 0o644)
	os.Symlink("real.txt", filepath.Join(root, "link.txt"))
	s := New(Options{})
	s.roots = []string{root}
	ctx := context.Background()
	open := func(name, text string) uri.URI {
		u := uri.File(filepath.Join(root, name))
		s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
		return u
	}
	missing := open("a.bp.md", "---\noriginal: missing.txt\n---\nText.\n")
	linked := open("b.bp.md", "---\noriginal: link.txt\n---\nText.\n")
	open("c.bp.md", "No original.\n")
	s.waitIdle(t)
	analyses := func() map[uri.URI]int {
		s.mu.Lock()
		defer s.mu.Unlock()
		out := map[uri.URI]int{}
		for u, d := range s.docs {
			out[u] = d.analyses
		}
		return out
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(root, "real.txt"))
	for _, tc := range []struct {
		path string
		want []uri.URI
	}{
		{filepath.Join(root, ".git", "index"), nil},
		{filepath.Join(root, "c.bp.md"), nil},
		{filepath.Join(root, "other", "missing.txt"), nil},
		{filepath.Join(root, "missing.txt"), []uri.URI{missing}},
		{filepath.Join(root, "link.txt"), []uri.URI{linked}},
		{real, []uri.URI{linked}},
	} {
		before := analyses()
		// Every analysis slot held: the re-checks wait while the events
		// come.
		for range analysisSlots() {
			s.pool.acquire(true)
		}
		for range 1000 {
			s.DidChangeWatchedFiles(ctx, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.File(tc.path), Type: protocol.FileChangeTypeChanged}}})
		}
		s.mu.Lock()
		var got []uri.URI
		for u, d := range s.docs {
			if d.stale {
				got = append(got, u)
			}
		}
		s.mu.Unlock()
		if !slices.Equal(got, tc.want) {
			t.Errorf("event for %s marked %v, want %v", tc.path, got, tc.want)
		}
		for range analysisSlots() {
			s.pool.release()
		}
		s.waitIdle(t)
		after := analyses()
		for u, n := range after {
			want := before[u]
			if slices.Contains(tc.want, u) {
				want++
			}
			if n != want {
				t.Errorf("event for %s: %s analysed %d times, want %d", tc.path, u, n-before[u], want-before[u])
			}
		}
	}
}

// TestWatchMissingOriginalAppears: over a real connection, an article whose
// original is missing is re-checked when the client reports the file
// created.
func TestWatchMissingOriginalAppears(t *testing.T) {
	root := t.TempDir()
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, "---\noriginal: orig.txt\n---\nText.\n")
	if d := c.waitDiagnostics(a, 1, 5*time.Second); !strings.Contains(string(d.Params), "original-not-found") {
		t.Fatalf("before: %s", d.Params)
	}
	c.mu.Lock()
	delete(c.diags, a)
	c.mu.Unlock()
	os.WriteFile(filepath.Join(root, "orig.txt"), []byte("Text.\n"), 0o644)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": string(uri.File(filepath.Join(root, "orig.txt"))), "type": 1}}})
	if d := c.waitDiagnostics(a, 1, 5*time.Second); len(d.items(t)) != 0 {
		t.Errorf("after the original appeared: %s", d.Params)
	}
}

func TestGlobLiteral(t *testing.T) {
	for in, want := range map[string]string{"orig.txt": "orig.txt", "a*b?[c]{d,e}!.txt": "a?b??c??d,e??.txt", "é.txt": "é.txt"} {
		if got := globLiteral(in); got != want {
			t.Errorf("globLiteral(%q) = %q, want %q", in, got, want)
		}
	}
}
