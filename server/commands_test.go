package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/markup"
)

const cmdArticle = "---\ntitle: T\n---\n\nE 😀 𐐀 {--cut--} and {++added++} then {~~old~>new~~}.\n\nLater {--gone--} {>>a note<<} here.\n"

// TestRenderPublished: the published view is written beside the article,
// from the open text when it is open; a path outside the workspace is
// refused.
func TestRenderPublished(t *testing.T) {
	root := wsTree(t, map[string]string{"story.bp.md": cmdArticle})
	c := wsClient(t, root, "utf-16")
	u := string(uri.File(filepath.Join(root, "story.bp.md")))
	var written string
	if err := c.call("workspace/executeCommand", map[string]any{"command": "bluepencil.renderPublished", "arguments": []any{u}}, &written); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "story.published.html")
	if uri.URI(written).FsPath() != want {
		t.Fatalf("wrote %s, want %s", written, want)
	}
	page, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "added") || strings.Contains(string(page), "{++") {
		t.Errorf("page is not the published view:\n%s", page)
	}
	// Open with other words: the open text is rendered.
	c.open(u, 2, strings.Replace(cmdArticle, "added", "freshly typed", 1))
	if err := c.call("workspace/executeCommand", map[string]any{"command": "bluepencil.renderPublished", "arguments": []any{u}}, &written); err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(want); !strings.Contains(string(page), "freshly typed") {
		t.Errorf("open text not rendered")
	}
	// The page is the one render --html writes: the settings file's
	// publisher, the original linked by its front-matter path.
	root2 := wsTree(t, map[string]string{
		".bluepencil.yaml":    "publisher:\n  name: The Plain Ledger\n",
		"news/s.bp.md":        "---\noriginal: s.original.txt\n---\nThe {--fierce--} storm.\n",
		"news/s.original.txt": "The fierce storm.\n",
	})
	c2 := wsClient(t, root2, "utf-16")
	u2 := string(uri.File(filepath.Join(root2, "news", "s.bp.md")))
	if err := c2.call("workspace/executeCommand", map[string]any{"command": "bluepencil.renderPublished", "arguments": []any{u2}}, &written); err != nil {
		t.Fatal(err)
	}
	page, _ = os.ReadFile(uri.URI(written).FsPath())
	for _, want := range []string{"for The Plain Ledger", `<a href="s.original.txt">`, `class="bp-reveal bp-elision"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	outside := string(uri.File(filepath.Join(t.TempDir(), "x.bp.md")))
	for _, args := range [][]any{{outside}, {}, {"not a uri"}} {
		err := c.call("workspace/executeCommand", map[string]any{"command": "bluepencil.renderPublished", "arguments": args}, nil)
		if pipeCode(err) != -32602 {
			t.Errorf("args %v: %v, want InvalidParams", args, err)
		}
	}
}

// TestAcceptRejectAll: the command sends workspace/applyEdit with the
// edit of every change in the selection, versioned for an open article;
// applied, the marks in the selection are gone and the rest kept.
func TestAcceptRejectAll(t *testing.T) {
	for _, tc := range []struct {
		cmd, enc string
		line     string // line 5 after the edit (the selection holds it)
	}{
		{"bluepencil.acceptAll", "utf-16", "E 😀 𐐀 and added then new."},
		{"bluepencil.rejectAll", "utf-16", "E 😀 𐐀 cut and then old."},
		{"bluepencil.acceptAll", "utf-8", "E 😀 𐐀 and added then new."},
	} {
		t.Run(tc.cmd+"/"+tc.enc, func(t *testing.T) {
			root := wsTree(t, map[string]string{})
			c := wsClient(t, root, tc.enc)
			u := string(uri.File(filepath.Join(root, "story.bp.md")))
			c.open(u, 4, cmdArticle)
			// From after the emoji on line 5 to the end of that line.
			startChar := 7 // "E 😀 𐐀 " in UTF-16
			if tc.enc == "utf-8" {
				startChar = 11
			}
			rng := map[string]any{"start": map[string]any{"line": 4, "character": startChar}, "end": map[string]any{"line": 5, "character": 0}}
			var res struct {
				Applied bool `json:"applied"`
			}
			if err := c.call("workspace/executeCommand", map[string]any{"command": tc.cmd, "arguments": []any{u, rng}}, &res); err != nil || !res.Applied {
				t.Fatalf("executeCommand: %v %+v", err, res)
			}
			req := c.waitRequest("applyEdit", 5*time.Second, func(r pipeRequest) bool { return r.Method == "workspace/applyEdit" })
			var p struct {
				Edit struct {
					Changes map[string][]textEdit `json:"changes"`
				} `json:"edit"`
			}
			if err := json.Unmarshal(req.Params, &p); err != nil {
				t.Fatal(err)
			}
			edits := p.Edit.Changes[u]
			if len(edits) != 3 {
				t.Fatalf("%d edits, want 3: %s", len(edits), req.Params)
			}
			got := applyLSPEdits(t, cmdArticle, edits, tc.enc)
			lines := strings.Split(got, "\n")
			if lines[4] != tc.line || lines[6] != "Later {--gone--} {>>a note<<} here." {
				t.Errorf("after the edit:\n%s", got)
			}
			if d := markup.Parse([]byte(got)); len(d.Marks) != 2 {
				t.Errorf("%d marks left, want 2", len(d.Marks))
			}
		})
	}
}

// applyLSPEdits applies non-overlapping edits to text, positions in enc.
func applyLSPEdits(t *testing.T, text string, edits []textEdit, enc string) string {
	t.Helper()
	off := func(p lspPos) int {
		lines := strings.SplitAfter(text, "\n")
		o := 0
		for _, l := range lines[:p.Line] {
			o += len(l)
		}
		line := lines[p.Line]
		if enc == "utf-8" {
			return o + p.Character
		}
		units := 0
		for i, r := range line {
			if units >= p.Character {
				return o + i
			}
			units++
			if r > 0xFFFF {
				units++
			}
		}
		return o + len(line)
	}
	// Apply from the last to the first.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		a, b := off(e.Range.Start), off(e.Range.End)
		text = text[:a] + e.NewText + text[b:]
	}
	return text
}

// FuzzChangeEdits: over any text and range, the edits of accept all and
// reject all are in order, inside the text and apart, as a client needs.
func FuzzChangeEdits(f *testing.F) {
	f.Add(cmdArticle, 0, 1000)
	f.Add("a {--b--}{++c++} {~~d~>e~~}. {==f {++g++}==} {>>n<<} [...]", 3, 30)
	f.Add("x {--y--} .{++z++} {--", 0, 0)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		d := markup.Parse([]byte(text))
		start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
		start, end = min(start, end), max(start, end)
		for _, accept := range []bool{true, false} {
			last := 0
			for _, e := range changeEdits(d, start, end, accept) {
				if e.Span.Start < last || e.Span.End < e.Span.Start || e.Span.End > len(text) {
					t.Fatalf("accept=%v: edit %+v after %d in %q", accept, e, last, text)
				}
				last = e.Span.End
			}
		}
	})
}
