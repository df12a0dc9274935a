package server

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// BenchmarkOutline measures, on the same open article and beside a hover
// in the same run, each request of symbols.go and codelens.go: the
// document symbols (hierarchical), a workspace symbol search, the
// summary lens, and the inlay hints of the whole article. Each answers from the analysis of the article's version
// (the lens) or from its parse; nothing is edited, so none waits.
//
//	go test ./server -run '^$' -bench Outline -benchtime 2s
func BenchmarkOutline(b *testing.B) {
	for _, sz := range benchSizes {
		text := string(sample.Article(sz.size))
		p := benchFind(text, "{--sweeping--}")
		p["character"] = p["character"].(int) + 3
		doc := map[string]any{"uri": benchURI}
		for _, req := range []struct {
			name, method string
			params       any
		}{
			{"hover", "textDocument/hover", map[string]any{"textDocument": doc, "position": p}},
			{"documentSymbol", "textDocument/documentSymbol", map[string]any{"textDocument": doc}},
			{"workspaceSymbol", "workspace/symbol", map[string]any{"query": "sweeping"}},
			{"codeLens", "textDocument/codeLens", map[string]any{"textDocument": doc}},
			{"inlayHint", "textDocument/inlayHint", map[string]any{"textDocument": doc,
				"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 1 << 20, "character": 0}}}},
		} {
			b.Run(sz.name+"/"+req.name, func(b *testing.B) {
				c := newPipeServer(b, Options{})
				init := pipeInitParams(false)
				td := init["capabilities"].(map[string]any)["textDocument"].(map[string]any)
				td["documentSymbol"] = map[string]any{"hierarchicalDocumentSymbolSupport": true}
				td["codeLens"] = map[string]any{}
				td["inlayHint"] = map[string]any{}
				if err := c.call("initialize", init, nil); err != nil {
					b.Fatal(err)
				}
				c.notify("initialized", map[string]any{})
				c.open(benchURI, 1, text)
				c.waitDiagnostics(benchURI, 1, 30*time.Second)
				var res json.RawMessage
				benchCalls(b, c, req.method, req.params, &res)
				if len(res) < 10 && req.name != "inlayHint" {
					b.Fatalf("%s answered %s", req.method, res)
				}
				b.ReportMetric(float64(len(res)), "reply-bytes")
			})
		}
	}
}
