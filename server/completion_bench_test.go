package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// BenchmarkCompletion measures completion on the same open article and
// beside a hover in the same run: the marks after a "{" typed at the end
// (the worst case: the fence scan reads every line before it), and the
// replacements after the last substitution's "~>".
//
//	go test ./server -run '^$' -bench Completion -benchtime 2s
func BenchmarkCompletion(b *testing.B) {
	for _, sz := range benchSizes {
		text := string(sample.Article(sz.size)) + "\n\nThe {"
		hover := benchFind(text, "{--sweeping--}")
		hover["character"] = hover["character"].(int) + 3
		doc := map[string]any{"uri": benchURI}
		for _, req := range []struct {
			name, method string
			pos          map[string]any
			want         string
		}{
			{"hover", "textDocument/hover", hover, "sweeping"},
			{"completion-mark", "textDocument/completion", robustPos(text, len(text)), "{--$1--}"},
			{"completion-replacement", "textDocument/completion", robustPos(text, strings.LastIndex(text, "~>")+2), "said"},
		} {
			b.Run(sz.name+"/"+req.name, func(b *testing.B) {
				c := newPipeServer(b, Options{})
				init := pipeInitParams(false)
				td := init["capabilities"].(map[string]any)["textDocument"].(map[string]any)
				td["completion"] = map[string]any{"completionItem": map[string]any{"snippetSupport": true}}
				if err := c.call("initialize", init, nil); err != nil {
					b.Fatal(err)
				}
				c.notify("initialized", map[string]any{})
				c.open(benchURI, 1, text)
				c.waitDiagnostics(benchURI, 1, 30*time.Second)
				params := map[string]any{"textDocument": doc, "position": req.pos}
				var res json.RawMessage
				if err := c.call(req.method, params, &res); err != nil {
					b.Fatal(err)
				}
				if !strings.Contains(string(res), req.want) {
					b.Fatalf("%s answered %s", req.method, res)
				}
				benchCalls(b, c, req.method, params, &res)
				b.ReportMetric(float64(len(res)), "reply-bytes")
			})
		}
	}
}
