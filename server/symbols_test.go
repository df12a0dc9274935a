package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"
	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/position"
)

// TestSymbolFiles runs every testdata/symbols/*.txtar through the server:
// its files are written to a workspace folder and "article.bp.md" is
// opened, by a client that takes hierarchical symbols in UTF-16 and by one
// that takes flat ones in UTF-8; the document symbols, the workspace
// symbols for each line of the optional file "queries", the inlay hints,
// and (once) the code lenses are written out, each range with the text it covers read back
// through the encoding it was given in, and compared with "want". Run
// with -update to rewrite "want".
func TestSymbolFiles(t *testing.T) {
	golden.Run(t, "testdata/symbols/*.txtar", runSymbolFile)
}

func runSymbolFile(t *testing.T, ar *txtar.Archive) string {
	root := t.TempDir()
	var article string
	var queries []string
	for _, f := range ar.Files {
		switch f.Name {
		case "want":
			continue
		case "queries":
			queries = strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
			continue
		case "article.bp.md":
			article = string(f.Data)
		}
		if err := os.WriteFile(filepath.Join(root, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	au := string(uri.File(filepath.Join(root, "article.bp.md")))
	m := position.New([]byte(article))
	text := func(r lspRange, enc position.Encoding) string {
		s, e := m.OffsetRange(position.Range{
			Start: position.Position{Line: r.Start.Line, Character: r.Start.Character},
			End:   position.Position{Line: r.End.Line, Character: r.End.Character}}, enc)
		return article[s:e]
	}
	var out strings.Builder
	for _, enc := range []position.Encoding{position.UTF16, position.UTF8} {
		hier := enc == position.UTF16
		c := newMarkerClient(t, nil)
		var init struct {
			Capabilities map[string]any `json:"capabilities"`
		}
		c.call("initialize", map[string]any{
			"processId": nil, "rootUri": string(uri.File(root)),
			"capabilities": map[string]any{
				"general":   map[string]any{"positionEncodings": []string{enc.String()}},
				"workspace": map[string]any{"symbol": map[string]any{}},
				"textDocument": map[string]any{
					"documentSymbol": map[string]any{"hierarchicalDocumentSymbolSupport": hier},
					"codeLens":       map[string]any{},
					"inlayHint":      map[string]any{},
				},
			},
		}, &init)
		for _, p := range []string{"documentSymbolProvider", "workspaceSymbolProvider", "codeLensProvider", "inlayHintProvider"} {
			if _, ok := init.Capabilities[p]; !ok {
				t.Errorf("%s not offered", p)
			}
		}
		c.notify("initialized", map[string]any{})
		open(c, au, article)
		c.waitVersion(1)
		fmt.Fprintf(&out, "document symbols (%s, hierarchical %v):\n", enc, hier)
		var raw json.RawMessage
		c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": au}}, &raw)
		if hier {
			var syms []docSymbol
			if err := json.Unmarshal(raw, &syms); err != nil {
				t.Fatal(err)
			}
			writeDocSymbols(t, &out, syms, 1, func(r lspRange) string { return text(r, enc) })
		} else {
			writeSymbolInfos(t, &out, raw, au, func(r lspRange) string { return text(r, enc) })
		}
		for _, q := range queries {
			fmt.Fprintf(&out, "workspace symbols %q (%s):\n", q, enc)
			c.call("workspace/symbol", map[string]any{"query": q}, &raw)
			writeSymbolInfos(t, &out, raw, au, func(r lspRange) string { return text(r, enc) })
		}
		var hints []struct {
			Position lspPos `json:"position"`
			Label    string `json:"label"`
		}
		end := m.Range(len(article), len(article), enc).End
		c.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": au},
			"range": lspRange{End: lspPos{end.Line, end.Character}}}, &hints)
		fmt.Fprintf(&out, "inlay hints (%s):\n", enc)
		for _, h := range hints {
			before := text(lspRange{Start: lspPos{h.Position.Line, 0}, End: h.Position}, enc)
			fmt.Fprintf(&out, "  %d:%d after %q: %q\n", h.Position.Line+1, h.Position.Character, before, h.Label)
		}
		if hier {
			var lenses []struct {
				Range   lspRange `json:"range"`
				Command struct {
					Title   string `json:"title"`
					Command string `json:"command"`
				} `json:"command"`
			}
			c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": au}}, &lenses)
			out.WriteString("code lenses:\n")
			for _, l := range lenses {
				fmt.Fprintf(&out, "  %s %q", l.Range, l.Command.Title)
				if l.Command.Command != "" {
					fmt.Fprintf(&out, " runs %s", l.Command.Command)
				}
				out.WriteString("\n")
			}
		}
	}
	return out.String()
}

type docSymbol struct {
	Name           string      `json:"name"`
	Kind           int         `json:"kind"`
	Range          lspRange    `json:"range"`
	SelectionRange lspRange    `json:"selectionRange"`
	Children       []docSymbol `json:"children"`
}

// writeDocSymbols writes a symbol tree, one symbol a line indented by
// depth, with its kind, its selection range and the text that covers;
// the full range is shown when it is more than the selection.
func writeDocSymbols(t *testing.T, out *strings.Builder, syms []docSymbol, depth int, text func(lspRange) string) {
	for _, s := range syms {
		fmt.Fprintf(out, "%s%s (%d) %s %q", strings.Repeat("  ", depth), s.Name, s.Kind, s.SelectionRange, text(s.SelectionRange))
		if s.Range != s.SelectionRange {
			fmt.Fprintf(out, " in %s", s.Range)
		}
		out.WriteString("\n")
		writeDocSymbols(t, out, s.Children, depth+1, text)
	}
}

func writeSymbolInfos(t *testing.T, out *strings.Builder, raw json.RawMessage, au string, text func(lspRange) string) {
	var syms []struct {
		Name      string `json:"name"`
		Kind      int    `json:"kind"`
		Container string `json:"containerName"`
		Location  struct {
			URI   string   `json:"uri"`
			Range lspRange `json:"range"`
		} `json:"location"`
	}
	if err := json.Unmarshal(raw, &syms); err != nil {
		t.Fatal(err)
	}
	if len(syms) == 0 {
		out.WriteString("  none\n")
	}
	for _, s := range syms {
		if s.Location.URI != au {
			t.Errorf("symbol %q in %s", s.Name, s.Location.URI)
		}
		fmt.Fprintf(out, "  %s (%d) %s %q", s.Name, s.Kind, s.Location.Range, text(s.Location.Range))
		if s.Container != "" {
			fmt.Fprintf(out, " under %q", s.Container)
		}
		out.WriteString("\n")
	}
}

// TestSymbolsNotOffered: a client that declares none of the requests of
// symbols.go, codelens.go and inlayhint.go is offered none of them.
func TestSymbolsNotOffered(t *testing.T) {
	c := newMarkerClient(t, nil)
	var init struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init)
	for _, p := range []string{"documentSymbolProvider", "workspaceSymbolProvider", "codeLensProvider", "inlayHintProvider", "completionProvider"} {
		if _, ok := init.Capabilities[p]; ok {
			t.Errorf("%s offered to a client that does not declare it", p)
		}
	}
}

// TestLensSetting: "lens": false turns the summary lens off, and a client
// that takes workspace/codeLens/refresh is asked to fetch lenses again.
func TestLensSetting(t *testing.T) {
	c := newMarkerClient(t, nil)
	var res map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{
		"workspace":    map[string]any{"codeLens": map[string]any{"refreshSupport": true}},
		"textDocument": map[string]any{"codeLens": map[string]any{}},
	}}, &res)
	c.notify("initialized", map[string]any{})
	const u = "file:///lens.bp.md"
	open(c, u, "A {--cut--}.\n")
	c.waitVersion(1)
	lenses := func() int {
		var ls []json.RawMessage
		c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": u}}, &ls)
		return len(ls)
	}
	if n := lenses(); n != 1 {
		t.Fatalf("%d lenses before the setting, want 1", n)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"bluepencil": map[string]any{"lens": false}}})
	timeout := time.After(5 * time.Second)
	for m := ""; m != "workspace/codeLens/refresh"; {
		select {
		case m = <-c.calls:
		case <-timeout:
			t.Fatal("no workspace/codeLens/refresh after the setting changed")
		}
	}
	if n := lenses(); n != 0 {
		t.Errorf("%d lenses with \"lens\": false, want 0", n)
	}
}
