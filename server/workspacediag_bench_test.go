package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// BenchmarkWorkspace measures, beside a hover in the same run, the
// requests of workspacediag.go and commands.go on a workspace of two
// copies of the article, one open and one closed: a workspace pull from
// nothing (the closed copy read and analysed, the open one answered from
// its analysis), the same pull with the result ids of the first (every
// report unchanged; the closed copy is still analysed, to know), rendering
// the published view to a file, and accepting every change of the article
// (one workspace/applyEdit).
//
//	go test ./server -run '^$' -bench Workspace -benchtime 2s
func BenchmarkWorkspace(b *testing.B) {
	for _, sz := range benchSizes {
		text := string(sample.Article(sz.size))
		p := benchFind(text, "{--sweeping--}")
		p["character"] = p["character"].(int) + 3
		root := b.TempDir()
		if err := os.WriteFile(filepath.Join(root, "closed.bp.md"), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		open := string(uri.File(filepath.Join(root, "open.bp.md")))
		doc := map[string]any{"uri": open}
		for _, req := range []struct {
			name, method string
			params       func(prev []any) any
		}{
			{"hover", "textDocument/hover", func([]any) any { return map[string]any{"textDocument": doc, "position": p} }},
			{"workspaceDiagnostic", "workspace/diagnostic", func([]any) any { return map[string]any{"previousResultIds": []any{}} }},
			{"workspaceDiagnosticUnchanged", "workspace/diagnostic", func(prev []any) any { return map[string]any{"previousResultIds": prev} }},
			{"renderPublished", "workspace/executeCommand", func([]any) any {
				return map[string]any{"command": cmdRenderPublished, "arguments": []any{open}}
			}},
			{"acceptAll", "workspace/executeCommand", func([]any) any { return map[string]any{"command": cmdAcceptAll, "arguments": []any{open}} }},
		} {
			b.Run(sz.name+"/"+req.name, func(b *testing.B) {
				c := newPipeServer(b, Options{})
				init := withPull(pipeInitParams(false))
				init["workspaceFolders"] = []map[string]any{{"uri": string(uri.File(root)), "name": "w"}}
				if err := c.call("initialize", init, nil); err != nil {
					b.Fatal(err)
				}
				c.notify("initialized", map[string]any{})
				c.open(open, 1, text)
				if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": doc}, nil); err != nil {
					b.Fatal(err)
				}
				var first struct {
					Items []wsItem `json:"items"`
				}
				if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}}, &first); err != nil {
					b.Fatal(err)
				}
				var prev []any
				for _, it := range first.Items {
					prev = append(prev, map[string]any{"uri": it.URI, "value": it.ResultID})
				}
				params := req.params(prev)
				var res json.RawMessage
				benchCalls(b, c, req.method, params, &res)
				if len(res) < 10 {
					b.Fatalf("%s answered %s", req.method, res)
				}
				b.ReportMetric(float64(len(res)), "reply-bytes")
			})
		}
	}
}
