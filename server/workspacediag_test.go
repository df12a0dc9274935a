package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// wsTree writes files (slash-separated names) under a new folder.
func wsTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// wsClient starts a server on root that pulls diagnostics, with positions
// in enc.
func wsClient(t *testing.T, root, enc string) *pipeClient {
	t.Helper()
	c := newPipeServer(t, Options{})
	params := withPull(pipeInitParams(false))
	params["capabilities"].(map[string]any)["general"] = map[string]any{"positionEncodings": []string{enc}}
	params["workspaceFolders"] = []map[string]any{{"uri": string(uri.File(root)), "name": "w"}}
	var res struct {
		Capabilities struct {
			DiagnosticProvider struct {
				WorkspaceDiagnostics bool `json:"workspaceDiagnostics"`
			} `json:"diagnosticProvider"`
		} `json:"capabilities"`
	}
	if err := c.call("initialize", params, &res); err != nil {
		t.Fatal(err)
	}
	if !res.Capabilities.DiagnosticProvider.WorkspaceDiagnostics {
		t.Fatal("workspaceDiagnostics not advertised to a client that pulls with refresh")
	}
	c.notify("initialized", map[string]any{})
	return c
}

// wsItem is one report of a workspace pull, as the client reads it.
type wsItem struct {
	URI      string `json:"uri"`
	Version  *int   `json:"version"`
	Kind     string `json:"kind"`
	ResultID string `json:"resultId"`
	Items    []struct {
		Code  string   `json:"code"`
		Range lspRange `json:"range"`
	} `json:"items"`
}

func (c *pipeClient) wsPull(t *testing.T, params map[string]any) map[string]wsItem {
	t.Helper()
	if params["previousResultIds"] == nil {
		params["previousResultIds"] = []any{}
	}
	var res struct {
		Items []wsItem `json:"items"`
	}
	if err := c.call("workspace/diagnostic", params, &res); err != nil {
		t.Fatalf("workspace/diagnostic: %v", err)
	}
	return byName(t, res.Items)
}

// byName keys reports by file name, failing on a repeated one.
func byName(t *testing.T, items []wsItem) map[string]wsItem {
	t.Helper()
	out := map[string]wsItem{}
	for _, it := range items {
		name := filepath.Base(uri.URI(it.URI).FsPath())
		if _, dup := out[name]; dup {
			t.Fatalf("%s reported twice", name)
		}
		out[name] = it
	}
	return out
}

func wsCodes(it wsItem) []string {
	var out []string
	for _, d := range it.Items {
		out = append(out, d.Code)
	}
	return out
}

const (
	wsBroken = "---\ntitle: T\n---\n\nE 😀 𐐀 x {--cut\n"
	wsClean  = "---\ntitle: T\n---\n\nNothing changed here.\n"
)

func wsFiles1(t *testing.T) string {
	return wsTree(t, map[string]string{
		"a.bp.md":                 wsBroken,
		"sub/b.bp.md":             wsClean,
		"open.bp.md":              wsClean,
		".hidden/c.bp.md":         wsBroken,
		"node_modules/d.bp.md":    wsBroken,
		"notes.md":                wsBroken,
		"sub/deeper/e.bp.md":      wsBroken,
		"sub/.bluepencil.yaml":    "severity:\n  unclosed-mark: off\n",
		"sub/deeper/also.txt":     "x",
		"sub/deeper/f.bp.md.orig": wsBroken,
	})
}

// TestWorkspaceDiagnostics: every article in the folder is reported, closed
// ones from disk (hidden folders and node_modules skipped, the settings
// file that applies applied), open ones from the editor's text and
// version; positions are exact after emoji and astral characters.
func TestWorkspaceDiagnostics(t *testing.T) {
	for _, tc := range []struct{ enc, start string }{
		{"utf-16", "5:10"}, // line 5 (1-based): E, space, 😀 (2), space, 𐐀 (2), " x " = 10
		{"utf-8", "5:14"},
	} {
		t.Run(tc.enc, func(t *testing.T) {
			root := wsFiles1(t)
			c := wsClient(t, root, tc.enc)
			c.open(string(uri.File(filepath.Join(root, "open.bp.md"))), 7, wsBroken)
			got := c.wsPull(t, map[string]any{})
			names := slices.Sorted(func(yield func(string) bool) {
				for k := range got {
					if !yield(k) {
						return
					}
				}
			})
			if want := []string{"a.bp.md", "b.bp.md", "e.bp.md", "open.bp.md"}; !slices.Equal(names, want) {
				t.Fatalf("reported %v, want %v", names, want)
			}
			a := got["a.bp.md"]
			if a.Kind != "full" || a.ResultID == "" || a.Version != nil || !slices.Equal(wsCodes(a), []string{"unclosed-mark"}) {
				t.Errorf("closed a.bp.md: %+v", a)
			}
			if r := a.Items[0].Range.String(); !strings.HasPrefix(r, tc.start+"-") {
				t.Errorf("range %s, want start %s", r, tc.start)
			}
			if e := got["e.bp.md"]; len(e.Items) != 0 {
				t.Errorf("e.bp.md, under a settings file turning the code off: %v", wsCodes(e))
			}
			o := got["open.bp.md"]
			if o.Version == nil || *o.Version != 7 || !slices.Equal(wsCodes(o), []string{"unclosed-mark"}) {
				t.Errorf("open.bp.md, answered from its open text: %+v", o)
			}
		})
	}
}

// TestWorkspaceDiagnosticsUnchanged: a report whose result id the client
// sends back is answered unchanged until the article's problems change.
func TestWorkspaceDiagnosticsUnchanged(t *testing.T) {
	root := wsFiles1(t)
	c := wsClient(t, root, "utf-16")
	first := c.wsPull(t, map[string]any{})
	var prev []map[string]any
	for _, it := range first {
		prev = append(prev, map[string]any{"uri": it.URI, "value": it.ResultID})
	}
	second := c.wsPull(t, map[string]any{"previousResultIds": prev})
	for name, it := range second {
		if it.Kind != "unchanged" || it.ResultID != first[name].ResultID {
			t.Errorf("%s: %s %q, want unchanged %q", name, it.Kind, it.ResultID, first[name].ResultID)
		}
	}
	// Fixing a.bp.md on disk changes its report alone; rewriting b.bp.md
	// with other words and the same problems leaves it unchanged.
	if err := os.WriteFile(filepath.Join(root, "a.bp.md"), []byte(wsClean), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "sub", "b.bp.md"), []byte(strings.Replace(wsClean, "Nothing", "Nobody", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	third := c.wsPull(t, map[string]any{"previousResultIds": prev})
	if a := third["a.bp.md"]; a.Kind != "full" || len(a.Items) != 0 || a.ResultID == first["a.bp.md"].ResultID {
		t.Errorf("a.bp.md after its fix: %+v", a)
	}
	for _, name := range []string{"b.bp.md", "e.bp.md", "open.bp.md"} {
		if third[name].Kind != "unchanged" {
			t.Errorf("%s: %s, want unchanged", name, third[name].Kind)
		}
	}
}

// TestWorkspaceDiagnosticsProgress: with a workDoneToken, $/progress
// begins and ends on it; with a partialResultToken, the reports come as
// partial results and the answer is empty.
func TestWorkspaceDiagnosticsProgress(t *testing.T) {
	root := wsFiles1(t)
	c := wsClient(t, root, "utf-16")
	got := c.wsPull(t, map[string]any{"workDoneToken": "w1", "partialResultToken": 9})
	if len(got) != 0 {
		t.Fatalf("answer with partial results holds %d reports, want none", len(got))
	}
	c.mu.Lock()
	notes := slices.Clone(c.progress)
	c.mu.Unlock()
	var kinds []string
	var partial []wsItem
	for _, raw := range notes {
		var n struct {
			Token json.RawMessage `json:"token"`
			Value struct {
				Kind    string   `json:"kind"`
				Message string   `json:"message"`
				Items   []wsItem `json:"items"`
			} `json:"value"`
		}
		if err := json.Unmarshal(raw, &n); err != nil {
			t.Fatal(err)
		}
		switch string(n.Token) {
		case `"w1"`:
			kinds = append(kinds, n.Value.Kind)
			if n.Value.Kind == "end" && n.Value.Message != "4 articles checked" {
				t.Errorf("end message %q", n.Value.Message)
			}
		case `9`:
			partial = append(partial, n.Value.Items...)
		default:
			t.Errorf("progress on token %s", n.Token)
		}
	}
	if len(kinds) < 2 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" {
		t.Errorf("work done progress %v, want begin … end", kinds)
	}
	if len(byName(t, partial)) != 4 {
		t.Errorf("partial results hold %d reports, want 4", len(partial))
	}
}

// TestWorkspaceDiagnosticsBounds: the walk stops at the bound on articles
// and says so.
func TestWorkspaceDiagnosticsBounds(t *testing.T) {
	old := wsDiagMaxFiles
	wsDiagMaxFiles = 2
	t.Cleanup(func() { wsDiagMaxFiles = old })
	root := wsFiles1(t)
	c := wsClient(t, root, "utf-16")
	if got := c.wsPull(t, map[string]any{"workDoneToken": "b"}); len(got) != 2 {
		t.Fatalf("%d reports past a bound of 2", len(got))
	}
	c.mu.Lock()
	last := string(c.progress[len(c.progress)-1])
	c.mu.Unlock()
	if !strings.Contains(last, "stopped after 2 articles") {
		t.Errorf("last progress %s", last)
	}
}

// TestWorkspaceDiagnosticsCancelled: a cancelled pull stops and answers
// the cancellation.
func TestWorkspaceDiagnosticsCancelled(t *testing.T) {
	root := wsFiles1(t)
	c := wsClient(t, root, "utf-16")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.srv.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{}); err != context.Canceled {
		t.Fatalf("cancelled pull: %v", err)
	}
}

// TestWorkspaceDiagnosticsAdvertised: only to clients that pull with
// refresh, the server's rule for pull.
func TestWorkspaceDiagnosticsAdvertised(t *testing.T) {
	for _, caps := range []map[string]any{{}, {"textDocument": map[string]any{"diagnostic": map[string]any{}}}} {
		_, res := initClient(t, caps)
		if dp := res["capabilities"].(map[string]any)["diagnosticProvider"]; dp != nil {
			t.Errorf("caps %v: diagnosticProvider %v", caps, dp)
		}
	}
}
