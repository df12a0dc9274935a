package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"
)

// TestFidelityInServer: an article is checked against its original on disk
// inside the workspace; definition jumps into the original; a change to the
// original on disk, reported by the client, re-checks the article.
func TestFidelityInServer(t *testing.T) {
	root := t.TempDir()
	origPath := filepath.Join(root, "orig.txt")
	if err := os.WriteFile(origPath, []byte("The fierce storm destroyed the old pier.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	article := "---\noriginal: orig.txt\n---\nThe {--fierce--} storm wrecked the old pier.\n"
	c := newMarkerClient(t, nil)
	var res map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": string(uri.File(root)), "capabilities": map[string]any{}}, &res)
	c.notify("initialized", map[string]any{})
	au := string(uri.File(filepath.Join(root, "a.bp.md")))
	open(c, au, article)
	c.waitVersion(1)
	codes := func() []string {
		var pd struct {
			Diagnostics []struct {
				Code  string   `json:"code"`
				Range lspRange `json:"range"`
			} `json:"diagnostics"`
		}
		c.mu.Lock()
		json.Unmarshal(c.diags[au], &pd)
		c.mu.Unlock()
		var out []string
		for _, d := range pd.Diagnostics {
			out = append(out, d.Code+"@"+d.Range.String())
		}
		return out
	}
	got := strings.Join(codes(), " ")
	if !strings.Contains(got, "unmarked-change@4:23-4:30") {
		t.Fatalf("want an unmarked change on \"wrecked\" (line 4), got %s", got)
	}

	var loc struct {
		URI   string   `json:"uri"`
		Range lspRange `json:"range"`
	}
	c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": au},
		"position": map[string]any{"line": 3, "character": 40}}, &loc)
	if !strings.HasSuffix(loc.URI, "/orig.txt") || loc.Range.Start.Line != 0 || loc.Range.Start.Character != 36 {
		t.Errorf("definition of \"pier\" = %+v, want orig.txt 0:36", loc)
	}

	// The original is corrected on disk; the client reports it.
	if err := os.WriteFile(origPath, []byte("The fierce storm wrecked the old pier.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": string(uri.File(origPath)), "type": 2}}})
	// The server also watches orig.txt itself for this client, and may
	// read it between the truncation and the write of WriteFile and
	// publish that first: what must hold is the last publish.
	for deadline := time.Now().Add(5 * time.Second); len(codes()) != 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if got := codes(); len(got) != 0 {
		t.Errorf("after the original changed: %v, want none", got)
	}

	// An original outside the workspace is refused.
	open(c, string(uri.File(filepath.Join(root, "b.bp.md"))), "---\noriginal: ../../../etc/passwd\n---\nText.\n")
	// Waited for by URI: the server, which watches orig.txt itself for this
	// client, may publish a.bp.md again meanwhile.
	var raw string
	for deadline := time.Now().Add(5 * time.Second); raw == "" && time.Now().Before(deadline); {
		c.waitVersion(1)
		c.mu.Lock()
		raw = string(c.diags[string(uri.File(filepath.Join(root, "b.bp.md")))])
		c.mu.Unlock()
	}
	if !strings.Contains(raw, "original-outside-workspace") {
		t.Errorf("outside original: %s", raw)
	}
}

// TestRootForDotDotFolder: a folder named "..drafts" inside the workspace
// is inside it.
func TestRootForDotDotFolder(t *testing.T) {
	s := New(Options{})
	s.roots = []string{"/w"}
	if got := s.rootFor("/w/..drafts/a.bp.md"); got != "/w" {
		t.Errorf("rootFor = %q, want /w", got)
	}
	if got := s.rootFor("/elsewhere/a.bp.md"); got != "/elsewhere" {
		t.Errorf("rootFor outside = %q, want the file's folder", got)
	}
}
