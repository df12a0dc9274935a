package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"
)

const avoidRule = `extends: existence
message: "Consider cutting '%s'."
level: warning
ignorecase: true
tokens:
  - synergy
`

const article = "The regime admitted it. Synergy matters, sadly.\n"

// codes returns "code/severity" of each diagnostic in publish params.
func codes(t *testing.T, params string) []string {
	t.Helper()
	var p struct {
		Diagnostics []struct {
			Code     string `json:"code"`
			Severity int    `json:"severity"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(params), &p); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Code+"/"+severityWord(d.Severity))
	}
	return out
}

// codesAre returns a waitPublished test for exactly want.
func codesAre(t *testing.T, want ...string) func(string) bool {
	return func(p string) bool { return slices.Equal(codes(t, p), want) }
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (c *pipeClient) changedOnDisk(paths ...string) {
	var changes []any
	for _, p := range paths {
		changes = append(changes, map[string]any{"uri": string(uri.File(p)), "type": 2})
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": changes})
}

// TestSettingsFile: the nearest .bluepencil.yaml up to the workspace folder
// applies to an article, with its severities, allow list and Vale rules,
// under the editor's settings; a change to it or a rule file, reported by
// the client, re-checks the article; its problems are published on its own
// URI and cleared when fixed; a nearer file appearing takes over.
func TestSettingsFile(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, ".bluepencil.yaml")
	rule := filepath.Join(root, "styles", "House", "Avoid.yml")
	writeFile(t, settings, "severity:\n  loaded-verb: warning\nallow: [regime]\nrules: [styles/House/Avoid.yml]\n")
	writeFile(t, rule, avoidRule)
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "sub", "a.bp.md")))
	c.open(a, 1, article)
	c.waitPublished(a, "the file's settings applied", 5*time.Second,
		codesAre(t, "loaded-verb/Warning", "House.Avoid/Warning", "editorializing/Info"))

	// The editor's settings go over the file's.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"bluepencil": map[string]any{"severity": map[string]any{"loaded-verb": "off", "editorializing": "hint"}}}})
	c.waitPublished(a, "the editor's settings over the file's", 5*time.Second,
		codesAre(t, "House.Avoid/Warning", "editorializing/Hint"))

	// The file changes on disk: the allow list is gone.
	writeFile(t, settings, "rules: [styles/House/Avoid.yml]\n")
	c.changedOnDisk(settings)
	c.waitPublished(a, "a re-check after the file changed", 5*time.Second,
		codesAre(t, "loaded-label/Info", "House.Avoid/Warning", "editorializing/Hint"))

	// A rule file changes.
	writeFile(t, rule, strings.Replace(avoidRule, "synergy", "matters", 1))
	c.changedOnDisk(rule)
	c.waitPublished(a, "a re-check after the rule file changed", 5*time.Second,
		func(p string) bool { return strings.Contains(p, "'matters'") && !strings.Contains(p, "'Synergy'") })

	// A problem in the file is published on it, and cleared when fixed.
	su := string(uri.File(settings))
	writeFile(t, settings, "severty: {}\nrules: [styles/House/Avoid.yml]\n")
	c.changedOnDisk(settings)
	c.waitPublished(su, "the settings file's problem", 5*time.Second, codesAre(t, "invalid-config/Warning"))
	writeFile(t, settings, "rules: [styles/House/Avoid.yml, styles/House/Gone.yml]\n")
	c.changedOnDisk(settings)
	c.waitPublished(su, "a rule file that cannot be read", 5*time.Second, codesAre(t, "invalid-config/Error"))
	writeFile(t, settings, "rules: [styles/House/Avoid.yml]\n")
	c.changedOnDisk(settings)
	c.waitPublished(su, "the problem cleared", 5*time.Second, codesAre(t))

	// A rule file's own problem is published on the rule file.
	writeFile(t, rule, avoidRule+"scope: heading\n")
	c.changedOnDisk(rule)
	c.waitPublished(string(uri.File(rule)), "the rule file's problem", 5*time.Second, func(p string) bool { return len(codes(t, p)) > 0 })

	// A nearer settings file appears: it applies instead.
	near := filepath.Join(root, "sub", ".bluepencil.yaml")
	writeFile(t, near, "allow: [sadly, regime]\n")
	c.changedOnDisk(near)
	c.waitPublished(a, "the nearer file applied", 5*time.Second, codesAre(t))
	os.Remove(near)
	c.changedOnDisk(near)
	c.waitPublished(a, "the outer file applied again", 5*time.Second,
		codesAre(t, "loaded-label/Info", "House.Avoid/Warning", "editorializing/Hint"))
}

// TestSettingsFileNotAboveRoot: a settings file above the workspace folder
// does not apply.
func TestSettingsFileNotAboveRoot(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "ws")
	writeFile(t, filepath.Join(top, ".bluepencil.yaml"), "allow: [sadly, regime]\n")
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, article)
	c.waitPublished(a, "the built-in settings", 5*time.Second,
		codesAre(t, "loaded-label/Info", "loaded-verb/Info", "editorializing/Info"))
}

// TestSettingsFileOpen: a settings file open in the editor applies as the
// editor has it, and its problems are its diagnostics; closed, the disk's
// applies again.
func TestSettingsFileOpen(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, ".bluepencil.yaml")
	writeFile(t, settings, "allow: [regime]\n")
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, article)
	c.waitPublished(a, "the disk's settings", 5*time.Second, codesAre(t, "loaded-verb/Info", "editorializing/Info"))
	su := string(uri.File(settings))
	c.open(su, 1, "allow: [regime, sadly]\nbogus: 1\n")
	c.waitPublished(a, "the editor's text applied", 5*time.Second, codesAre(t, "loaded-verb/Info"))
	d := c.waitDiagnostics(su, 1, 5*time.Second)
	if got := codes(t, string(d.Params)); !slices.Equal(got, []string{"invalid-config/Warning"}) {
		t.Errorf("the open settings file's diagnostics: %v", got)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": su, "version": 2},
		"contentChanges": []any{map[string]any{"text": "allow: [admitted]\n"}}})
	c.waitPublished(a, "the edit applied", 5*time.Second, codesAre(t, "loaded-label/Info", "editorializing/Info"))
	c.waitPublished(su, "the problem fixed", 5*time.Second, codesAre(t))
	var hover json.RawMessage
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": su}, "position": map[string]any{"line": 0, "character": 1}}, &hover); err != nil || string(hover) != "null" {
		t.Errorf("hover on the settings file: %s, %v", hover, err)
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": su}})
	c.waitPublished(a, "the disk's settings again", 5*time.Second, codesAre(t, "loaded-verb/Info", "editorializing/Info"))
}

// TestSettingsFileLocalWatch: without the client's watching, the server
// notices a settings file created in the article's folder itself.
func TestSettingsFileLocalWatch(t *testing.T) {
	root := t.TempDir()
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	params["rootUri"] = string(uri.File(root))
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	a := string(uri.File(filepath.Join(root, "sub", "a.bp.md")))
	os.MkdirAll(filepath.Join(root, "sub"), 0o755)
	c.open(a, 1, article)
	c.waitPublished(a, "the built-in settings", 5*time.Second,
		codesAre(t, "loaded-label/Info", "loaded-verb/Info", "editorializing/Info"))
	waitWatched(t, c.srv, []string{root, filepath.Join(root, "sub")})
	writeFile(t, filepath.Join(root, "sub", ".bluepencil.yaml"), "allow: [regime, admitted, sadly]\n")
	c.waitPublished(a, "the new file applied", 5*time.Second, codesAre(t))
}

// TestKeystrokeReadsNoSettings: typing in an article reads no settings
// file: the parsed file is kept until a change is reported.
func TestKeystrokeReadsNoSettings(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, ".bluepencil.yaml")
	writeFile(t, settings, "allow: [regime]\n")
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, article)
	c.waitDiagnostics(a, 1, 5*time.Second)
	c.srv.ws.mu.Lock()
	f := c.srv.ws.files[settings]
	c.srv.ws.mu.Unlock()
	// Unreported, a change on disk is not seen: nothing was read again.
	writeFile(t, settings, "allow: [regime, sadly]\n")
	for v := 2; v <= 5; v++ {
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": a, "version": v},
			"contentChanges": []any{map[string]any{"text": article + strings.Repeat("x", v)}}})
	}
	d := c.waitDiagnostics(a, 5, 5*time.Second)
	if !strings.Contains(string(d.Params), "editorializing") {
		t.Errorf("the settings file was read again on a keystroke: %s", d.Params)
	}
	c.srv.ws.mu.Lock()
	same := c.srv.ws.files[settings] == f
	c.srv.ws.mu.Unlock()
	if !same {
		t.Error("the parsed settings file was replaced without a reported change")
	}
}

// allowAction returns the code action titled title at line 0, character
// char of u, or nil.
func (c *pipeClient) allowAction(t *testing.T, u string, char int, title string) map[string]any {
	t.Helper()
	var actions []map[string]any
	pos := map[string]any{"line": 0, "character": char}
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u},
		"range": map[string]any{"start": pos, "end": pos}, "context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if a["title"] == title {
			if a["kind"] != "quickfix" || a["isPreferred"] == true {
				t.Errorf("%s: kind %v, preferred %v", title, a["kind"], a["isPreferred"])
			}
			return a
		}
	}
	return nil
}

// TestAllowInWorkspace: on a Vale rule's flag, "Allow in this workspace"
// edits the settings file that applies (versioned when it is open); with
// none, it creates one in the workspace folder, offered only to a client
// that can create files.
func TestAllowInWorkspace(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, ".bluepencil.yaml")
	writeFile(t, settings, "# house words\nrules: [styles/House/Avoid.yml]\n")
	writeFile(t, filepath.Join(root, "styles", "House", "Avoid.yml"), avoidRule)
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, "Synergy matters.\n")
	c.waitPublished(a, "the rule's flag", 5*time.Second, codesAre(t, "House.Avoid/Warning"))
	act := c.allowAction(t, a, 2, `Allow "synergy" in this workspace`)
	if act == nil {
		t.Fatal("no Allow in this workspace")
	}
	edits := act["edit"].(map[string]any)["changes"].(map[string]any)[string(uri.File(settings))].([]any)
	e := edits[0].(map[string]any)
	if e["newText"] != "allow: [synergy]\n" {
		t.Errorf("edit %v", e)
	}
	// Applied as a client would, and saved.
	writeFile(t, settings, "# house words\nrules: [styles/House/Avoid.yml]\nallow: [synergy]\n")
	c.changedOnDisk(settings)
	c.waitPublished(a, "the word allowed", 5*time.Second, codesAre(t))

	// No settings file, a client that cannot create one: not offered.
	bare := t.TempDir()
	c2 := newPipeServer(t, Options{})
	watchInit(t, c2, bare, true)
	b := string(uri.File(filepath.Join(bare, "b.bp.md")))
	c2.open(b, 1, "Sadly so.\n")
	c2.waitPublished(b, "the flag", 5*time.Second, codesAre(t, "editorializing/Info"))
	if act := c2.allowAction(t, b, 2, `Allow "sadly" in this workspace`); act != nil {
		t.Errorf("offered without resourceOperations: %v", act)
	}
	if act := c2.allowAction(t, b, 2, `Allow "sadly" in this article`); act == nil {
		t.Error("no Allow in this article")
	}

	// A client that can: a CreateFile, then the text.
	c3 := newPipeServer(t, Options{})
	params := map[string]any{"processId": nil, "rootUri": string(uri.File(bare)), "capabilities": map[string]any{
		"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true, "resourceOperations": []string{"create"}}}}}
	if err := c3.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c3.notify("initialized", map[string]any{})
	c3.open(b, 1, "Sadly so.\n")
	c3.waitPublished(b, "the flag", 5*time.Second, codesAre(t, "editorializing/Info"))
	act = c3.allowAction(t, b, 2, `Allow "sadly" in this workspace`)
	if act == nil {
		t.Fatal("no Allow in this workspace for a client that can create files")
	}
	raw, _ := json.Marshal(act["edit"])
	want := `{"documentChanges":[{"kind":"create","options":{"ignoreIfExists":true},"uri":"` + string(uri.File(filepath.Join(bare, ".bluepencil.yaml"))) +
		`"},{"edits":[{"newText":"allow: [sadly]\n","range":{"end":{"character":0,"line":0},"start":{"character":0,"line":0}}}],"textDocument":{"uri":"` +
		string(uri.File(filepath.Join(bare, ".bluepencil.yaml"))) + `","version":null}}]}`
	if string(raw) != want {
		t.Errorf("edit\n%s\nwant\n%s", raw, want)
	}
}

// TestSettingsFileElision: a cut reads as the settings file's elision in
// the hover, unless the editor's settings name one.
func TestSettingsFileElision(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".bluepencil.yaml"), "elision: \"[…]\"\n")
	c := newPipeServer(t, Options{})
	watchInit(t, c, root, true)
	a := string(uri.File(filepath.Join(root, "a.bp.md")))
	c.open(a, 1, "A {--cut--} here.\n")
	c.waitDiagnostics(a, 1, 5*time.Second)
	hover := func() string {
		var h json.RawMessage
		if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": a}, "position": map[string]any{"line": 0, "character": 5}}, &h); err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	if h := hover(); !strings.Contains(h, "[…]") {
		t.Errorf("hover without the file's elision: %q", h)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"bluepencil": map[string]any{"elision": "(cut)"}}})
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(hover(), "(cut)") {
		if time.Now().After(deadline) {
			t.Fatalf("the editor's elision does not win: %q", hover())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
