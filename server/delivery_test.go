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

	"github.com/fsnotify/fsnotify"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// pullCaps are the capabilities of a client that pulls diagnostics and
// takes workspace/diagnostic/refresh (VS Code).
func pullCaps() map[string]any {
	return map[string]any{
		"textDocument": map[string]any{"diagnostic": map[string]any{}},
		"workspace":    map[string]any{"diagnostics": map[string]any{"refreshSupport": true}},
	}
}

// withPull adds pullCaps to initialize params made by pipeInitParams.
func withPull(params map[string]any) map[string]any {
	caps := params["capabilities"].(map[string]any)
	caps["textDocument"].(map[string]any)["diagnostic"] = map[string]any{}
	caps["workspace"].(map[string]any)["diagnostics"] = map[string]any{"refreshSupport": true}
	return params
}

// waitPublished waits until the latest publish for u satisfies ok, and
// returns its params; it fails the test after timeout.
func (c *pipeClient) waitPublished(u, what string, timeout time.Duration, ok func(params string) bool) string {
	c.tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		d, seen := c.diags[u]
		changed := c.changed
		c.mu.Unlock()
		if seen && ok(string(d.Params)) {
			return string(d.Params)
		}
		select {
		case <-changed:
		case <-c.done:
			c.tb.Fatalf("server ended while waiting for %s", what)
		case <-deadline.C:
			c.tb.Fatalf("no %s within %v (latest publish: %.300s)", what, timeout, d.Params)
		}
	}
}

// countRequests counts the server-to-client requests of method so far.
func (c *pipeClient) countRequests(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, r := range c.requests {
		if r.Method == method {
			n++
		}
	}
	return n
}

// TestDiagnosticsDelivery: the server offers pull diagnostics only to a
// client that also takes workspace/diagnostic/refresh, and pushes them to
// every other, Neovim 0.10 included (it pulls, but only on open and change,
// and has no refresh handler: pulled diagnostics went stale).
func TestDiagnosticsDelivery(t *testing.T) {
	for _, tt := range []struct {
		name     string
		textDoc  map[string]any
		ws       map[string]any
		wantPull bool
	}{
		{"no pull (Neovim 0.7, Helix)", map[string]any{}, map[string]any{}, false},
		{"pull without refresh (Neovim 0.10)", map[string]any{"diagnostic": map[string]any{"dynamicRegistration": false}},
			map[string]any{}, false},
		{"pull, refresh false", map[string]any{"diagnostic": map[string]any{}},
			map[string]any{"diagnostics": map[string]any{"refreshSupport": false}}, false},
		{"refresh without pull", map[string]any{}, map[string]any{"diagnostics": map[string]any{"refreshSupport": true}}, false},
		{"pull and refresh (VS Code)", map[string]any{"diagnostic": map[string]any{}},
			map[string]any{"diagnostics": map[string]any{"refreshSupport": true}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newPipeServer(t, Options{})
			var res struct {
				Capabilities map[string]json.RawMessage `json:"capabilities"`
			}
			params := map[string]any{"processId": nil, "rootUri": nil,
				"capabilities": map[string]any{"textDocument": tt.textDoc, "workspace": tt.ws}}
			if err := c.call("initialize", params, &res); err != nil {
				t.Fatal(err)
			}
			c.notify("initialized", map[string]any{})
			_, offered := res.Capabilities["diagnosticProvider"]
			if offered != tt.wantPull {
				t.Errorf("diagnosticProvider offered: %v, want %v", offered, tt.wantPull)
			}
			const u = "file:///d.bp.md"
			c.open(u, 1, "A {--cut\n")
			if !tt.wantPull {
				if d := c.waitDiagnostics(u, 1, 5*time.Second); !strings.Contains(string(d.Params), "unclosed-mark") {
					t.Errorf("pushed: %s", d.Params)
				}
				return
			}
			var report struct {
				Items []struct {
					Code string `json:"code"`
				} `json:"items"`
			}
			if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}, &report); err != nil {
				t.Fatal(err)
			}
			if len(report.Items) != 1 || report.Items[0].Code != "unclosed-mark" {
				t.Errorf("pulled %+v", report)
			}
			if got := c.published(u); len(got) != 0 {
				t.Errorf("pushed versions %v to a client that pulls", got)
			}
		})
	}
}

// TestRefreshAfterRecheck: a client that pulls is sent
// workspace/diagnostic/refresh when the server re-checks on its own (the
// settings changed; an original changed, as reported by the client or by
// didSave), and its next pull shows the re-check. An edit, which the client
// pulls for by itself, sends none.
func TestRefreshAfterRecheck(t *testing.T) {
	root := t.TempDir()
	orig := filepath.Join(root, "o.txt")
	os.WriteFile(orig, []byte("Rain fell on the quiet town.\n"), 0o644)
	c := newPipeServer(t, Options{})
	params := withPull(pipeInitParams(false))
	params["rootUri"] = string(uri.File(root))
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	u := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(u, 1, "---\noriginal: o.txt\n---\nRain fell on the quiet town [...].\n")
	pull := func() string {
		t.Helper()
		return string(answered(t, c.async("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}}), 5*time.Second, "pull"))
	}
	if got := pull(); !strings.Contains(got, "untracked-elision") {
		t.Fatalf("first pull: %s", got)
	}
	const refresh = "workspace/diagnostic/refresh"

	// An edit: the client pulls by itself, no refresh.
	c.insert(u, 2, 3, 0, "So ")
	if got := pull(); !strings.Contains(got, "unmarked-change") {
		t.Fatalf("pull after the edit: %s", got)
	}
	time.Sleep(50 * time.Millisecond) // a refresh would be sent right after the analysis the pull waited for
	if n := c.countRequests(refresh); n != 0 {
		t.Errorf("%d refreshes after an edit", n)
	}

	// The settings change.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"bluepencil": map[string]any{"severity": map[string]any{"untracked-elision": "off"}}}})
	c.waitRequest("a refresh after the settings changed", 5*time.Second, func(r pipeRequest) bool { return r.Method == refresh })
	if got := pull(); strings.Contains(got, "untracked-elision") {
		t.Errorf("pull after the refresh still shows the code turned off: %s", got)
	}

	// The original changes (as reported by the client, then by didSave).
	for i, report := range []func(){
		func() {
			c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": string(uri.File(orig)), "type": 2}}})
		},
		func() {
			c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": string(uri.File(orig))}})
		},
	} {
		text := "So Rain fell on the quiet town.\n"
		if i == 1 {
			text = "Rain fell on the quiet town.\n"
		}
		os.WriteFile(orig, []byte(text), 0o644)
		before := c.countRequests(refresh)
		report()
		c.waitRequest("a refresh after the original changed", 5*time.Second, func(pipeRequest) bool { return c.countRequests(refresh) > before })
		got := pull()
		if want := i == 1; strings.Contains(got, "unmarked-change") != want {
			t.Errorf("pull after the original changed (%d): %s", i, got)
		}
	}
}

// TestPushAfterRecheck: a client that pulls without refresh (Neovim 0.10)
// sees a settings change without editing: the re-check is pushed.
func TestPushAfterRecheck(t *testing.T) {
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	params["capabilities"].(map[string]any)["textDocument"].(map[string]any)["diagnostic"] = map[string]any{}
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	const u = "file:///push.bp.md"
	c.open(u, 1, "Cut [...] here.\n")
	c.waitPublished(u, "untracked-elision pushed", 5*time.Second, func(p string) bool { return strings.Contains(p, "untracked-elision") })
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"bluepencil": map[string]any{"severity": map[string]any{"untracked-elision": "off"}}}})
	c.waitPublished(u, "the code turned off pushed", 5*time.Second, func(p string) bool { return !strings.Contains(p, "untracked-elision") })
	if n := c.countRequests("workspace/diagnostic/refresh"); n != 0 {
		t.Errorf("%d refreshes sent to a client that did not declare refreshSupport", n)
	}
}

// TestLocalWatch: a client that cannot watch files (no dynamic
// registration of didChangeWatchedFiles) still gets its article re-checked
// when the original changes on disk, written in place or saved as a new
// file renamed over it; the server watches only the originals' folders
// (and those where a settings file would apply), and stops when the last
// article naming them closes.
func TestLocalWatch(t *testing.T) {
	root := t.TempDir()
	origDir := filepath.Join(root, "originals")
	os.Mkdir(origDir, 0o755)
	orig := filepath.Join(origDir, "o.txt")
	os.WriteFile(orig, []byte("The ferry left at dawn.\n"), 0o644)
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	params["rootUri"] = string(uri.File(root))
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	u := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(u, 1, "---\noriginal: originals/o.txt\n---\nThe ferry left at noon.\n")
	has := func(p string) bool { return strings.Contains(p, "unmarked-change") }
	c.waitPublished(u, "an unmarked change", 5*time.Second, has)
	// The root too: a settings file appearing there would apply.
	waitWatched(t, c.srv, []string{root, origDir})

	// Written in place.
	os.WriteFile(orig, []byte("The ferry left at noon.\n"), 0o644)
	c.waitPublished(u, "a re-check after the original was written", 5*time.Second, func(p string) bool { return !has(p) })

	// Saved the way editors do: a new file renamed over the old.
	tmp := filepath.Join(origDir, ".o.txt.swp")
	os.WriteFile(tmp, []byte("The ferry left at dusk.\n"), 0o644)
	if err := os.Rename(tmp, orig); err != nil {
		t.Fatal(err)
	}
	c.waitPublished(u, "a re-check after the original was replaced", 5*time.Second, has)

	// Another file of the folder re-checks nothing.
	before := len(c.published(u))
	os.WriteFile(filepath.Join(origDir, "other.txt"), []byte("Else.\n"), 0o644)
	time.Sleep(100 * time.Millisecond)
	if n := len(c.published(u)); n != before {
		t.Errorf("%d publishes after a change to another file", n-before)
	}

	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	waitWatched(t, c.srv, nil)
}

// TestNoLocalWatchWhenClientWatches: a client that watches files for the
// server gets registrations, and the server watches nothing itself.
func TestNoLocalWatchWhenClientWatches(t *testing.T) {
	root := t.TempDir()
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	u := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(u, 1, "---\noriginal: o.txt\n---\nText.\n")
	c.waitRequest("a registration", 5*time.Second, func(r pipeRequest) bool { return r.Method == "client/registerCapability" })
	c.srv.mu.Lock()
	local := c.srv.local
	c.srv.mu.Unlock()
	if local != nil {
		t.Errorf("the server watches files itself for a client that watches them: %v", local.watched())
	}
}

// waitWatched waits until the server's own watcher watches exactly dirs.
func waitWatched(t *testing.T, s *Server, dirs []string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		s.mu.Lock()
		lw := s.local
		s.mu.Unlock()
		if lw != nil {
			got = lw.watched()
			if slices.Equal(got, dirs) || (len(got) == 0 && len(dirs) == 0) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("watched folders %v, want %v", got, dirs)
}

// TestLocalWatchCatchesChangeBeforeWatch: an original saved after the
// analysis read it but before its folder was watched (the user saving it
// at once) still re-checks the article: once the folder is watched, an
// original that is not the file read is reported as changed, and one that
// is costs no re-check.
func TestLocalWatchCatchesChangeBeforeWatch(t *testing.T) {
	root := t.TempDir()
	orig := filepath.Join(root, "o.txt")
	os.WriteFile(orig, []byte("The bell rang twice.\n"), 0o644)
	s := New(Options{})
	s.roots = []string{root}
	ctx := context.Background()
	u := uri.File(filepath.Join(root, "a.bp.md"))
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1,
		Text: "---\noriginal: o.txt\n---\nThe bell rang twice.\n"}})
	s.waitIdle(t)
	analyses := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.docs[u].analyses
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	s.mu.Lock()
	paths := s.watches.paths()
	s.mu.Unlock()

	// Unchanged: watching the folder re-checks nothing.
	lw := &localWatcher{w: w, dirs: map[string]bool{}}
	before := analyses()
	lw.follow(s, paths)
	s.waitIdle(t)
	if n := analyses() - before; n != 0 {
		t.Errorf("%d re-checks when the folder was watched and the original had not changed", n)
	}

	// Changed in between: the folder watched anew re-checks the article.
	os.WriteFile(orig, []byte("The bell rang three times.\n"), 0o644)
	lw = &localWatcher{w: w, dirs: map[string]bool{}}
	w.Remove(root)
	lw.follow(s, paths)
	s.waitIdle(t)
	if n := analyses() - before; n != 1 {
		t.Errorf("%d re-checks after the original changed before its folder was watched, want 1", n)
	}
	s.mu.Lock()
	diags := s.docs[u].snap.diags
	s.mu.Unlock()
	if len(diags) == 0 {
		t.Errorf("the re-check did not read the changed original: no diagnostics")
	}
}
