package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Benchmarks of the server over a pipe with a real jsonrpc2 client, each
// beside the same exchange with a null server (benchNull) as the floor: what
// the transport, framing and client cost when the server does no work.
//
//	go test ./server -run '^$' -bench . -benchtime 2s
//
// Keystroke latency is reported as p50-µs and p99-µs beside the mean
// (ns/op). Sizes named "+original" name an archived original in their front
// matter, which every analysis compares the article with.

var benchSizes = []struct {
	name string
	size int
}{{"20KiB", 20 << 10}, {"1MiB", 1 << 20}}

const benchURI = "file:///bench/article.bp.md"

// benchServers are the two peers every benchmark runs against: the real
// server, and under "null" the floor.
var benchServers = []struct {
	name  string // "" for the real server
	start func(testing.TB) *pipeClient
}{
	{"", func(tb testing.TB) *pipeClient { return newPipeServer(tb, Options{}) }},
	{"null", newBenchNull},
}

// benchRun runs f as sub-benchmark name of b, under "null/" for the null
// server.
func benchRun(b *testing.B, peer, name string, f func(b *testing.B)) {
	if peer != "" {
		name = peer + "/" + name
	}
	b.Run(name, f)
}

// newBenchNull connects a pipeClient to a null server: a jsonrpc2 handler
// that answers every request with null and, for didOpen and didChange,
// publishes empty diagnostics for the document's version at once.
func newBenchNull(tb testing.TB) *pipeClient {
	c, _ := newPipeClient(tb, Options{})
	sconn, cconn := net.Pipe()
	sc := jsonrpc2.NewConn(jsonrpc2.NewStream(sconn))
	sc.Go(context.Background(), func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		switch req.Method() {
		case "textDocument/didOpen", "textDocument/didChange":
			var p struct {
				TextDocument struct {
					URI     string `json:"uri"`
					Version int    `json:"version"`
				} `json:"textDocument"`
			}
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				return nil, nil
			}
			sc.Notify(ctx, "textDocument/publishDiagnostics", map[string]any{
				"uri": p.TextDocument.URI, "version": p.TextDocument.Version, "diagnostics": []any{}})
		}
		return nil, nil
	})
	go func() {
		<-sc.Done()
		close(c.done)
	}()
	c.start(cconn)
	return c
}

// benchOpen initializes c and opens text, waiting for its diagnostics; it
// returns how many there are.
func benchOpen(b *testing.B, c *pipeClient, text string) int {
	return benchOpenAt(b, c, benchURI, text)
}

func benchOpenAt(b *testing.B, c *pipeClient, u, text string) int {
	b.Helper()
	c.initialize()
	c.open(u, 1, text)
	return len(c.waitDiagnostics(u, 1, 30*time.Second).items(b))
}

// benchArticle returns the sample article of size bytes and its URI. With
// original set, its front matter names an archived original, written to a
// temporary folder beside it: the article's original view, so that the
// check finds every word in place and reports only the rules' problems.
func benchArticle(b *testing.B, size int, original bool) (string, string) {
	text := sample.Article(size)
	if !original {
		return benchURI, string(text)
	}
	orig := view.Build(markup.Parse(text), view.Original, view.Options{}).Text
	body := text[bytes.Index(text, []byte("\n---\n"))+5:]
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "orig.txt"), orig, 0o644); err != nil {
		b.Fatal(err)
	}
	return string(uri.File(filepath.Join(dir, "article.bp.md"))), "---\ntitle: T\noriginal: orig.txt\n---\n" + string(body)
}

// benchCalls times the request method with params on c, once per
// b.Loop, each answer decoded into res, and reports the latencies'
// percentiles; the timer is stopped when it returns.
func benchCalls(b *testing.B, c *pipeClient, method string, params, res any) {
	b.Helper()
	lat := make([]time.Duration, 0, 1024)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if err := c.call(method, params, res); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	benchPercentiles(b, lat)
}

// benchPercentiles reports the p50 and p99 of ds in µs.
func benchPercentiles(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(q float64) float64 {
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// BenchmarkInitialize measures the initialize round trip on a fresh
// connection; starting and ending the connection are not timed.
func BenchmarkInitialize(b *testing.B) {
	for _, peer := range benchServers {
		name := "server"
		if peer.name != "" {
			name = peer.name
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			params := pipeInitParams(true)
			for range b.N {
				b.StopTimer()
				c := peer.start(b)
				b.StartTimer()
				if err := c.call("initialize", params, nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				c.close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkKeystrokeToDiagnostics measures one keystroke: an incremental
// one-character didChange (inserting and deleting a letter by turns, in the
// middle of the article), until the publishDiagnostics of that version
// arrives.
//
// The generated article has an untracked elision ("[...]") in every sixth
// mark, each a diagnostic the server publishes again on every keystroke;
// 1MiB-nodiags is the same article with those written as tracked elisions,
// to separate checking from publishing.
func BenchmarkKeystrokeToDiagnostics(b *testing.B) {
	type size struct {
		name     string
		size     int
		original bool
	}
	for _, peer := range benchServers {
		sizes := []size{{"20KiB", 20 << 10, false}, {"1MiB", 1 << 20, false}, {"20KiB+original", 20 << 10, true}, {"1MiB+original", 1 << 20, true}}
		if peer.name == "" {
			sizes = append(sizes, size{"1MiB-nodiags", 1 << 20, false})
		}
		for _, sz := range sizes {
			benchRun(b, peer.name, sz.name, func(b *testing.B) {
				u, text := benchArticle(b, sz.size, sz.original)
				if strings.HasSuffix(sz.name, "-nodiags") {
					text = strings.ReplaceAll(text, "[...]", "{--cut--}")
				}
				line := benchMiddleLine(text)
				c := peer.start(b)
				diags := benchOpenAt(b, c, u, text)
				publish := len(c.waitDiagnostics(u, 1, time.Second).Params)
				b.ReportAllocs()
				version := 1
				lat := make([]time.Duration, 0, 1024)
				at := map[string]any{"line": line, "character": 0}
				next := map[string]any{"line": line, "character": 1}
				insert := []any{map[string]any{"range": map[string]any{"start": at, "end": at}, "text": "x"}}
				remove := []any{map[string]any{"range": map[string]any{"start": at, "end": next}, "text": ""}}
				b.ResetTimer()
				for b.Loop() {
					version++
					change := insert
					if version%2 == 1 {
						change = remove
					}
					start := time.Now()
					c.notify("textDocument/didChange", map[string]any{
						"textDocument":   map[string]any{"uri": u, "version": version},
						"contentChanges": change,
					})
					c.waitDiagnostics(u, version, 30*time.Second)
					lat = append(lat, time.Since(start))
				}
				benchPercentiles(b, lat)
				b.ReportMetric(float64(diags), "diags")
				b.ReportMetric(float64(publish)/1024, "publish-KiB")
			})
		}
	}
}

// benchMiddleLine returns a paragraph line near the middle of text.
func benchMiddleLine(text string) int {
	lines := strings.Split(text, "\n")
	for i := len(lines) / 2; i < len(lines); i++ {
		if len(lines[i]) > 100 {
			return i
		}
	}
	panic("no paragraph line")
}

// benchFind returns the LSP position of the first occurrence of sub in
// text after the front matter.
func benchFind(text, sub string) map[string]any {
	body := strings.Index(text, "\n---\n") + 5
	i := strings.Index(text[body:], sub)
	if i < 0 {
		panic("not found: " + sub)
	}
	return robustPos(text, body+i)
}

// BenchmarkHover measures a hover on an elision, whose hover shows the cut
// words.
func BenchmarkHover(b *testing.B) {
	for _, peer := range benchServers {
		for _, sz := range benchSizes {
			text := string(sample.Article(sz.size))
			p := benchFind(text, "{--sweeping--}")
			p["character"] = p["character"].(int) + 3
			benchRun(b, peer.name, sz.name, func(b *testing.B) {
				c := peer.start(b)
				benchOpen(b, c, text)
				params := map[string]any{"textDocument": map[string]any{"uri": benchURI}, "position": p}
				var hover json.RawMessage
				if err := c.call("textDocument/hover", params, &hover); err != nil {
					b.Fatal(err)
				}
				if peer.name == "" && !strings.Contains(string(hover), "sweeping") {
					b.Fatalf("hover does not show the cut words: %s", hover)
				}
				benchCalls(b, c, "textDocument/hover", params, &hover)
			})
		}
	}
}

// BenchmarkCodeAction measures code actions on a selection of plain words
// between two marks: the three "mark as" actions.
func BenchmarkCodeAction(b *testing.B) {
	for _, peer := range benchServers {
		for _, sz := range benchSizes {
			text := string(sample.Article(sz.size))
			// From just after an addition to just before the next mark.
			body := strings.Index(text, "\n---\n") + 5
			from := body + strings.Index(text[body:], "++} ") + 4
			to := from + strings.IndexAny(text[from:], "{[") - 1
			rng := map[string]any{"start": robustPos(text, from), "end": robustPos(text, to)}
			benchRun(b, peer.name, sz.name, func(b *testing.B) {
				c := peer.start(b)
				benchOpen(b, c, text)
				params := map[string]any{"textDocument": map[string]any{"uri": benchURI}, "range": rng,
					"context": map[string]any{"diagnostics": []any{}}}
				var actions []json.RawMessage
				if err := c.call("textDocument/codeAction", params, &actions); err != nil {
					b.Fatal(err)
				}
				if peer.name == "" && len(actions) < 3 {
					b.Fatalf("want the three mark actions on %q, got %d", text[from:to], len(actions))
				}
				benchCalls(b, c, "textDocument/codeAction", params, &actions)
			})
		}
	}
}

// TestMemoryOpenDocs reports how much memory the server keeps for 100 open
// documents of 100 KiB each, without originals, each with its own, and all
// naming one: heap in use and memory obtained from the OS, after a forced
// GC, before and after, as a multiple of the text. It calls DidOpen
// directly on a server with no connection, so that nothing but the
// server's own state is counted; the texts are kept by the test either way
// (the server keeps the bytes it is given), so the text itself is not in
// the growth: the documents' own cost is HeapInuse + 1x. The RSS the
// operating system sees, GC headroom included, is measured through a real
// client by e2e/node/bench/keystroke.js. Run with BLUEPENCIL_MEM=1.
func TestMemoryOpenDocs(t *testing.T) {
	if os.Getenv("BLUEPENCIL_MEM") != "1" {
		t.Skip("set BLUEPENCIL_MEM=1 to measure")
	}
	const docs, size = 100, 100 << 10
	base := sample.Article(size)
	body := base[bytes.Index(base, []byte("\n---\n"))+5:]
	orig := view.Build(markup.Parse(body), view.Original, view.Options{}).Text
	for _, kind := range []string{"plain", "own", "shared"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			texts := make([]string, docs)
			for i := range texts {
				switch kind {
				case "plain":
					texts[i] = fmt.Sprintf("---\ntitle: T\n---\ndoc %d\n%s", i, body)
				case "own":
					texts[i] = fmt.Sprintf("---\noriginal: orig%d.txt\n---\ndoc %d\n%s", i, i, body)
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("orig%d.txt", i)), append([]byte(fmt.Sprintf("doc %d\n", i)), orig...), 0o644)
				case "shared":
					texts[i] = fmt.Sprintf("---\noriginal: orig.txt\n---\ndoc %d\n%s", i, body)
					os.WriteFile(filepath.Join(dir, "orig.txt"), orig, 0o644)
				}
			}
			s := New(Options{})
			s.roots = []string{dir}
			measure := func() runtime.MemStats {
				var m runtime.MemStats
				runtime.GC()
				runtime.GC()
				runtime.ReadMemStats(&m)
				return m
			}
			before := measure()
			for i, text := range texts {
				if err := s.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
					URI: uri.File(filepath.Join(dir, fmt.Sprintf("%d.bp.md", i))), LanguageID: "bluepencil", Version: 1, Text: text}}); err != nil {
					t.Fatal(err)
				}
			}
			s.waitIdle(t)
			after := measure()
			runtime.KeepAlive(texts)
			s.mu.Lock()
			open, compared := len(s.docs), 0
			for _, doc := range s.docs {
				if doc.snap.fid != nil {
					compared++
				}
			}
			s.mu.Unlock()
			if open != docs || (kind != "plain") != (compared == docs) {
				t.Fatalf("%d documents open, %d compared with an original", open, compared)
			}
			mib := func(a, b uint64) float64 { return (float64(a) - float64(b)) / (1 << 20) }
			textMiB := float64(docs*len(texts[0])) / (1 << 20)
			heap := mib(after.HeapInuse, before.HeapInuse)
			t.Logf("%s: %d documents of %d KiB (%.1f MiB of text): HeapInuse +%.1f MiB (%.2fx the text, %.0f KiB per document), Sys +%.1f MiB",
				kind, docs, size>>10, textMiB, heap, heap/textMiB, heap*1024/docs, mib(after.Sys, before.Sys))
		})
	}
}
