package server

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.lsp.dev/uri"
)

// completionItem is an item as the tests read it.
type completionItem struct {
	Label            string   `json:"label"`
	InsertTextFormat int      `json:"insertTextFormat"`
	TextEdit         textEdit `json:"textEdit"`
}

// TestCompletionOffered: completion, with its trigger characters, only to
// clients that declare it.
func TestCompletionOffered(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps map[string]any
		want bool
	}{
		{"none", map[string]any{}, false},
		{"declared", map[string]any{"textDocument": map[string]any{"completion": map[string]any{}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, res := initClient(t, tc.caps)
			cp, ok := res["capabilities"].(map[string]any)["completionProvider"].(map[string]any)
			if ok != tc.want {
				t.Fatalf("completionProvider offered: %v, want %v", ok, tc.want)
			}
			if ok {
				got := cp["triggerCharacters"].([]any)
				if len(got) != 2 || got[0] != "{" || got[1] != ">" {
					t.Errorf("trigger characters %v", got)
				}
			}
		})
	}
}

// TestCompletionPlainAndFiles: a client without snippets gets the marks
// as plain text; original: is offered the text files beside the article,
// read from disk, articles and other files left out.
func TestCompletionPlainAndFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.bp.md", "orig.txt", "Page 2.html", "notes.md", "image.png", "other.bp.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, _ := initClient(t, map[string]any{"textDocument": map[string]any{"completion": map[string]any{}}})
	u := string(uri.File(filepath.Join(dir, "a.bp.md")))
	open(c, u, "---\noriginal: \n---\n😀 {")
	c.waitVersion(1)
	ask := func(line, char int) []completionItem {
		var items []completionItem
		c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": u},
			"position": lspPos{line, char}}, &items)
		return items
	}
	items := ask(3, 4)
	if len(items) != 5 {
		t.Fatalf("%d items after {", len(items))
	}
	for _, it := range items {
		if it.InsertTextFormat == 2 || it.TextEdit.Range.String() != "4:3-4:4" {
			t.Errorf("mark item %+v: want plain text over 4:3-4:4", it)
		}
	}
	if items[0].TextEdit.NewText != "{----}" {
		t.Errorf("first mark %q", items[0].TextEdit.NewText)
	}
	var names []string
	for _, it := range ask(1, 10) {
		names = append(names, it.TextEdit.NewText)
	}
	if want := []string{`"Page 2.html"`, "notes.md", "orig.txt"}; !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
}

// TestTextFilesInBounded: at most maxListed entries are read.
func TestTextFilesInBounded(t *testing.T) {
	dir := t.TempDir()
	for i := range maxListed + 50 {
		os.WriteFile(filepath.Join(dir, "f"+string(rune('a'+i%26))+string(rune('a'+i/26))+".txt"), nil, 0o644)
	}
	if n := len(textFilesIn(filepath.Join(dir, "a.bp.md"))); n > maxListed {
		t.Errorf("%d files listed", n)
	}
	if textFilesIn("") != nil || textFilesIn(filepath.Join(dir, "missing", "a.bp.md")) != nil {
		t.Error("files from no folder")
	}
}
