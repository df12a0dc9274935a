package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/uri"
	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/position"
)

// TestMarksView runs every testdata/marksview/*.txtar through the server
// in UTF-16 and in UTF-8: the file "article.bp.md" is opened (markers
// removed) in a workspace holding the archive's other files, and its
// semantic tokens, those of each ⟨selection⟩, and the document
// highlight at each ⌖ cursor are written out, each token with the text
// its position covers in that encoding, and compared with "want". Run
// with -update to rewrite "want".
func TestMarksView(t *testing.T) {
	golden.Run(t, "testdata/marksview/*.txtar", func(t *testing.T, ar *txtar.Archive) string {
		var out strings.Builder
		for _, enc := range []position.Encoding{position.UTF16, position.UTF8} {
			fmt.Fprintf(&out, "== %s\n", enc)
			out.WriteString(marksViewIn(t, ar, enc))
		}
		return out.String()
	})
}

// markCapsJSON declares every feature of marksview.go.
var markCapsJSON = map[string]any{
	"semanticTokens": map[string]any{
		"requests":   map[string]any{"full": true, "range": true},
		"tokenTypes": []string{"operator", "property"}, "tokenModifiers": []string{}, "formats": []string{"relative"},
	},
	"documentHighlight": map[string]any{},
	"foldingRange":      map[string]any{"lineFoldingOnly": true},
	"documentLink":      map[string]any{},
}

func marksViewIn(t *testing.T, ar *txtar.Archive, enc position.Encoding) string {
	root := t.TempDir()
	var article string
	for _, f := range ar.Files {
		switch f.Name {
		case "article.bp.md":
			article = string(f.Data)
		case "want":
		default:
			p := filepath.Join(root, f.Name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	text, reqs := stripMarkers(t, article)
	c := newMarkerClient(t, nil)
	var init struct {
		Capabilities struct {
			SemanticTokensProvider struct {
				Legend struct {
					TokenTypes     []string `json:"tokenTypes"`
					TokenModifiers []string `json:"tokenModifiers"`
				} `json:"legend"`
			} `json:"semanticTokensProvider"`
		} `json:"capabilities"`
	}
	c.call("initialize", map[string]any{
		"processId": nil, "rootUri": string(uri.File(root)),
		"capabilities": map[string]any{
			"general":      map[string]any{"positionEncodings": []string{enc.String()}},
			"textDocument": markCapsJSON,
		},
	}, &init)
	c.notify("initialized", map[string]any{})
	u := string(uri.File(filepath.Join(root, "article.bp.md")))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": u, "languageId": "bluepencil", "version": 1, "text": text}})
	c.waitVersion(1)
	legend := init.Capabilities.SemanticTokensProvider.Legend
	src := []byte(text)
	m := position.New(src)
	doc := map[string]any{"uri": u}

	var out strings.Builder
	var full struct {
		Data []int `json:"data"`
	}
	c.call("textDocument/semanticTokens/full", map[string]any{"textDocument": doc}, &full)
	out.WriteString("tokens:\n")
	writeTokens(&out, m, src, enc, legend.TokenTypes, legend.TokenModifiers, full.Data)
	var folds []struct {
		StartLine      int    `json:"startLine"`
		EndLine        int    `json:"endLine"`
		StartCharacter *int   `json:"startCharacter"`
		Kind           string `json:"kind"`
	}
	c.call("textDocument/foldingRange", map[string]any{"textDocument": doc}, &folds)
	for _, f := range folds {
		fmt.Fprintf(&out, "fold %d-%d %s", f.StartLine+1, f.EndLine+1, f.Kind)
		if f.StartCharacter != nil {
			t.Errorf("fold with a character for a client that folds lines only")
		}
		out.WriteString("\n")
	}
	var links []struct {
		Range  lspRange `json:"range"`
		Target string   `json:"target"`
	}
	c.call("textDocument/documentLink", map[string]any{"textDocument": doc}, &links)
	for _, l := range links {
		target := strings.Replace(l.Target, string(uri.File(root)), "$ROOT", 1)
		fmt.Fprintf(&out, "link %s %q -> %s\n", l.Range, rangeText(m, src, enc, l.Range), target)
	}
	for _, r := range reqs {
		rg := m.Range(r.start, r.end, enc)
		lr := lspRange{lspPos{rg.Start.Line, rg.Start.Character}, lspPos{rg.End.Line, rg.End.Character}}
		if r.cursor {
			var hl []struct {
				Range lspRange `json:"range"`
				Kind  int      `json:"kind"`
			}
			c.call("textDocument/documentHighlight", map[string]any{"textDocument": doc, "position": lr.Start}, &hl)
			fmt.Fprintf(&out, "highlight %d:%d:", lr.Start.Line+1, lr.Start.Character)
			for _, h := range hl {
				fmt.Fprintf(&out, " %s %q", h.Range, rangeText(m, src, enc, h.Range))
			}
			out.WriteString("\n")
			continue
		}
		var part struct {
			Data []int `json:"data"`
		}
		c.call("textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": lr}, &part)
		fmt.Fprintf(&out, "tokens in %s:\n", lr)
		writeTokens(&out, m, src, enc, legend.TokenTypes, legend.TokenModifiers, part.Data)
	}
	return out.String()
}

// writeTokens decodes LSP's relative token encoding, one token a line,
// with the text its position covers.
func writeTokens(out *strings.Builder, m *position.Mapper, src []byte, enc position.Encoding, types, mods []string, data []int) {
	line, char := 0, 0
	for i := 0; i+5 <= len(data); i += 5 {
		if data[i] > 0 {
			char = 0
		}
		line += data[i]
		char += data[i+1]
		r := lspRange{lspPos{line, char}, lspPos{line, char + data[i+2]}}
		var ms []string
		for b, name := range mods {
			if data[i+4]&(1<<b) != 0 {
				ms = append(ms, name)
			}
		}
		fmt.Fprintf(out, "  %s %s%s %q\n", r, types[data[i+3]], strings.Join(append([]string{""}, ms...), "."), rangeText(m, src, enc, r))
	}
}

func rangeText(m *position.Mapper, src []byte, enc position.Encoding, r lspRange) string {
	s, e := m.OffsetRange(position.Range{
		Start: position.Position{Line: r.Start.Line, Character: r.Start.Character},
		End:   position.Position{Line: r.End.Line, Character: r.End.Character}}, enc)
	return string(src[s:e])
}

// TestMarksViewAdvertised checks that each feature of marksview.go is
// advertised to the clients that declare it, and only to them.
func TestMarksViewAdvertised(t *testing.T) {
	providers := []string{"semanticTokensProvider", "documentHighlightProvider", "foldingRangeProvider", "documentLinkProvider"}
	tests := []struct {
		name string
		td   map[string]any
		want []string
	}{
		{"none declared", map[string]any{}, nil},
		{"all declared", markCapsJSON, providers},
		{"semantic tokens without a format", map[string]any{"semanticTokens": map[string]any{
			"requests": map[string]any{"full": true}, "tokenTypes": []string{}, "tokenModifiers": []string{}, "formats": []string{}}}, nil},
		{"highlight only", map[string]any{"documentHighlight": map[string]any{}}, []string{"documentHighlightProvider"}},
		{"folding and links", map[string]any{"foldingRange": map[string]any{}, "documentLink": map[string]any{}},
			[]string{"foldingRangeProvider", "documentLinkProvider"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newMarkerClient(t, nil)
			var init struct {
				Capabilities map[string]json.RawMessage `json:"capabilities"`
			}
			c.call("initialize", map[string]any{"processId": nil, "rootUri": nil,
				"capabilities": map[string]any{"textDocument": tt.td}}, &init)
			for _, p := range providers {
				_, got := init.Capabilities[p]
				if want := slices.Contains(tt.want, p); got != want {
					t.Errorf("%s advertised: %v, want %v", p, got, want)
				}
			}
		})
	}
}
