package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Markers in a test article. They are removed before the article is sent,
// and each becomes a request at its place:
//
//	⌖       a cursor: hover and code actions on an empty range there
//	⟨ ... ⟩  a selection: code actions on that range
//	‸       a completion request there
const (
	markComplete = "‸"
	markCursor   = "⌖"
	markOpen     = "⟨"
	markClose    = "⟩"
)

type markerReq struct {
	start, end int // byte offsets into the stripped text
	cursor     bool
	complete   bool
}

// stripMarkers removes the markers and returns where they were.
func stripMarkers(t *testing.T, s string) (string, []markerReq) {
	var b strings.Builder
	var reqs []markerReq
	open := -1
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], markCursor):
			reqs = append(reqs, markerReq{start: b.Len(), end: b.Len(), cursor: true})
			i += len(markCursor)
		case strings.HasPrefix(s[i:], markComplete):
			reqs = append(reqs, markerReq{start: b.Len(), end: b.Len(), complete: true})
			i += len(markComplete)
		case strings.HasPrefix(s[i:], markOpen):
			open = b.Len()
			i += len(markOpen)
		case strings.HasPrefix(s[i:], markClose):
			if open < 0 {
				t.Fatal("⟩ without ⟨")
			}
			reqs = append(reqs, markerReq{start: open, end: b.Len()})
			open = -1
			i += len(markClose)
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), reqs
}

// markerClient is the client end of an in-process server.
type markerClient struct {
	t        *testing.T
	conn     jsonrpc2.Conn
	mu       sync.Mutex
	diags    map[string]json.RawMessage // latest publishDiagnostics params by URI
	versions chan int
	settings json.RawMessage
	messages chan string // window/showMessage texts
	// calls gets the method of every other request the server sends.
	calls chan string
}

func newMarkerClient(t *testing.T, settings json.RawMessage) *markerClient {
	sconn, cconn := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Serve(ctx, sconn, Options{})
		close(done)
	}()
	c := &markerClient{t: t, diags: map[string]json.RawMessage{}, versions: make(chan int, 100), settings: settings, messages: make(chan string, 100), calls: make(chan string, 100)}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(cconn))
	c.conn.Go(ctx, c.handle)
	t.Cleanup(func() {
		cancel()
		cconn.Close()
		sconn.Close()
		<-done
	})
	return c
}

func (c *markerClient) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	if req.IsCall() {
		// Answer off the read loop: net.Pipe has no buffer, and the server
		// may be writing diagnostics while it waits for this answer.
		jsonrpc2.Async(ctx)
	}
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p struct {
			URI     string `json:"uri"`
			Version int    `json:"version"`
		}
		raw := append(json.RawMessage(nil), req.Params()...)
		json.Unmarshal(raw, &p)
		c.mu.Lock()
		c.diags[p.URI] = raw
		c.mu.Unlock()
		c.versions <- p.Version
		return nil, nil
	case "window/showMessage":
		var p struct {
			Message string `json:"message"`
		}
		json.Unmarshal(req.Params(), &p)
		c.messages <- p.Message
		return nil, nil
	case "workspace/configuration":
		if c.settings == nil {
			return []any{nil}, nil
		}
		return []json.RawMessage{c.settings}, nil
	}
	if req.IsCall() {
		select {
		case c.calls <- req.Method():
		default:
		}
	}
	return nil, nil
}

func (c *markerClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *markerClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitVersion waits for the diagnostics of version v.
func (c *markerClient) waitVersion(v int) {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case got := <-c.versions:
			if got == v {
				return
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for version %d", v)
		}
	}
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

func (r lspRange) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line+1, r.Start.Character, r.End.Line+1, r.End.Character)
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

// TestMarkers runs every testdata/markers/*.txtar through the server: the
// file "article.bp.md" is opened (markers removed), its diagnostics, and
// the hover and code actions at each marker, are written out and compared
// with the file "want". An optional "settings.json" is what the client
// answers to workspace/configuration. Run with -update to rewrite "want".
// Every "Allow ... in this article" offered is applied and the article
// checked again: the word must no longer flag, and the front matter must
// stay valid.
func TestMarkers(t *testing.T) {
	golden.Run(t, "testdata/markers/*.txtar", runMarkerFile)
}

func runMarkerFile(t *testing.T, ar *txtar.Archive) string {
	var article string
	var settings json.RawMessage
	for _, f := range ar.Files {
		switch f.Name {
		case "article.bp.md":
			article = string(f.Data)
		case "settings.json":
			settings = json.RawMessage(f.Data)
		}
	}
	text, reqs := stripMarkers(t, article)
	c := newMarkerClient(t, settings)
	var initResult json.RawMessage
	c.call("initialize", map[string]any{
		"processId": nil, "rootUri": nil,
		"capabilities": map[string]any{
			"general":   map[string]any{"positionEncodings": []string{"utf-16"}},
			"workspace": map[string]any{"configuration": settings != nil},
			"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
				"publishDiagnostics": map[string]any{"codeDescriptionSupport": true},
				"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": true}}},
		},
	}, &initResult)
	c.notify("initialized", map[string]any{})
	const uri = "file:///test/article.bp.md"
	if settings != nil {
		// The server fetches settings after initialized; reopening after
		// they arrive would race, so push them the same way a client does.
		c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]json.RawMessage{"bluepencil": settings}})
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "bluepencil", "version": 1, "text": text}})
	c.waitVersion(1)

	src := []byte(text)
	m := position.New(src)
	var out strings.Builder
	var pd struct {
		Diagnostics []struct {
			Range    lspRange `json:"range"`
			Severity int      `json:"severity"`
			Code     string   `json:"code"`
			Message  string   `json:"message"`
			Related  []struct {
				Location struct {
					Range lspRange `json:"range"`
				} `json:"location"`
				Message string `json:"message"`
			} `json:"relatedInformation"`
			CodeDescription struct {
				Href string `json:"href"`
			} `json:"codeDescription"`
		} `json:"diagnostics"`
	}
	c.mu.Lock()
	json.Unmarshal(c.diags[uri], &pd)
	c.mu.Unlock()
	out.WriteString("diagnostics:\n")
	for _, d := range pd.Diagnostics {
		fmt.Fprintf(&out, "  %s %s %s: %s\n", d.Range, severityWord(d.Severity), d.Code, d.Message)
		if !strings.HasSuffix(d.CodeDescription.Href, "#"+d.Code) {
			t.Errorf("diagnostic %s links to %q", d.Code, d.CodeDescription.Href)
		}
		for _, r := range d.Related {
			fmt.Fprintf(&out, "    related %s: %s\n", r.Location.Range, r.Message)
		}
	}
	for _, r := range reqs {
		rg := m.Range(r.start, r.end, position.UTF16)
		lr := lspRange{lspPos{rg.Start.Line, rg.Start.Character}, lspPos{rg.End.Line, rg.End.Character}}
		if r.complete {
			writeCompletion(c, &out, uri, lr.Start)
			continue
		}
		if r.cursor {
			var hover *struct {
				Contents struct {
					Value string `json:"value"`
				} `json:"contents"`
				Range lspRange `json:"range"`
			}
			c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": lr.Start}, &hover)
			fmt.Fprintf(&out, "hover %d:%d:", lr.Start.Line+1, lr.Start.Character)
			if hover == nil {
				out.WriteString(" none\n")
			} else {
				fmt.Fprintf(&out, " (range %s)\n", hover.Range)
				for _, l := range strings.Split(hover.Contents.Value, "\n") {
					fmt.Fprintf(&out, "  | %s\n", l)
				}
			}
		}
		var actions []struct {
			Title       string `json:"title"`
			Kind        string `json:"kind"`
			IsPreferred bool   `json:"isPreferred"`
			Edit        struct {
				Changes map[string][]textEdit `json:"changes"`
			} `json:"edit"`
			Command any `json:"command"`
		}
		c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": lr,
			"context": map[string]any{"diagnostics": []any{}}}, &actions)
		fmt.Fprintf(&out, "actions %s:\n", lr)
		if len(actions) == 0 {
			out.WriteString("  none\n")
		}
		for _, a := range actions {
			if a.Command != nil {
				t.Errorf("action %q uses a command", a.Title)
			}
			flags := ""
			if a.IsPreferred {
				flags = " preferred"
			}
			var edits []span.Edit
			for _, te := range a.Edit.Changes[uri] {
				s, e := m.OffsetRange(position.Range{
					Start: position.Position{Line: te.Range.Start.Line, Character: te.Range.Start.Character},
					End:   position.Position{Line: te.Range.End.Line, Character: te.Range.End.Character}}, position.UTF16)
				edits = append(edits, span.Edit{Span: span.Span{Start: s, End: e}, New: te.NewText})
			}
			fixed, err := span.Apply(src, edits)
			if err != nil {
				t.Fatalf("action %q: %v", a.Title, err)
			}
			fmt.Fprintf(&out, "  %q %s%s\n    => %s\n", a.Title, a.Kind, flags, golden.ChangedLines(src, fixed))
			if word, ok := strings.CutSuffix(strings.TrimPrefix(a.Title, "Allow "), " in this article"); ok {
				checkAllowed(t, fixed, strings.Trim(word, `"`))
			}
		}
	}
	return out.String()
}

// writeCompletion writes the completion items at pos: label, format,
// the range the edit replaces and its text.
func writeCompletion(c *markerClient, out *strings.Builder, uri string, pos lspPos) {
	var items []struct {
		Label            string   `json:"label"`
		Detail           string   `json:"detail"`
		InsertTextFormat int      `json:"insertTextFormat"`
		TextEdit         textEdit `json:"textEdit"`
	}
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}, &items)
	fmt.Fprintf(out, "completion %d:%d:\n", pos.Line+1, pos.Character)
	if len(items) == 0 {
		out.WriteString("  none\n")
	}
	for _, it := range items {
		format := "plain"
		if it.InsertTextFormat == 2 {
			format = "snippet"
		}
		fmt.Fprintf(out, "  %q %s %s %q (%s)\n", it.Label, format, it.TextEdit.Range, it.TextEdit.NewText, it.Detail)
	}
}

// checkAllowed fails the test unless the article fixed, an Allow in this
// article applied, has a valid front matter and no flag left on word.
func checkAllowed(t *testing.T, fixed []byte, word string) {
	t.Helper()
	a := analysis.Analyze(analysis.Input{Src: fixed}, analysis.Options{}, nil)
	for _, d := range a.Diagnostics {
		if strings.Contains(d.Code, "front-matter") {
			t.Errorf("allowing %q leaves %s: %s", word, d.Code, d.Message)
		}
		if styleCodes[d.Code] && allowWord(fixed[d.Span.Start:d.Span.End]) == word {
			t.Errorf("allowing %q leaves it flagged: %s", word, d.Message)
		}
	}
}
