package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// BenchmarkMarksView measures the requests of marksview.go on the sample
// article, beside a hover in the same run, each the full round trip over
// a pipe:
//
//	go test ./server -run '^$' -bench MarksView -benchtime 2s
func BenchmarkMarksView(b *testing.B) {
	for _, sz := range benchSizes {
		text := string(sample.Article(sz.size))
		doc := map[string]any{"uri": benchURI}
		at := benchFind(text, "{--sweeping--}")
		at["character"] = at["character"].(int) + 3
		screen := map[string]any{"start": at, "end": map[string]any{"line": at["line"].(int) + 60, "character": 0}}
		reqs := []struct {
			name, method string
			params       map[string]any
		}{
			{"hover", "textDocument/hover", map[string]any{"textDocument": doc, "position": at}},
			{"semanticTokens-full", "textDocument/semanticTokens/full", map[string]any{"textDocument": doc}},
			{"semanticTokens-range60", "textDocument/semanticTokens/range", map[string]any{"textDocument": doc, "range": screen}},
			{"documentHighlight", "textDocument/documentHighlight", map[string]any{"textDocument": doc, "position": at}},
			{"foldingRange", "textDocument/foldingRange", map[string]any{"textDocument": doc}},
			{"documentLink", "textDocument/documentLink", map[string]any{"textDocument": doc}},
		}
		for _, r := range reqs {
			b.Run(sz.name+"/"+r.name, func(b *testing.B) {
				c := newPipeServer(b, Options{})
				benchOpen(b, c, text)
				var res json.RawMessage
				if err := c.call(r.method, r.params, &res); err != nil {
					b.Fatal(err)
				}
				if strings.HasPrefix(string(res), "null") {
					b.Fatalf("%s: empty answer %s", r.method, res)
				}
				benchCalls(b, c, r.method, r.params, &res)
				b.ReportMetric(float64(len(res)), "answer-bytes")
			})
		}
	}
}
