package server

import (
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"strings"
	"testing"
	"time"
)

// initClient starts a server and initializes it with the given client
// capabilities.
func initClient(t *testing.T, caps map[string]any) (*markerClient, map[string]any) {
	c := newMarkerClient(t, nil)
	var res map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}, &res)
	c.notify("initialized", map[string]any{})
	return c, res
}

func open(c *markerClient, uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "bluepencil", "version": 1, "text": text}})
}

// TestPullDiagnostics: a client that pulls gets no pushed copies, and its
// pull answers the current diagnostics.
func TestPullDiagnostics(t *testing.T) {
	c, _ := initClient(t, pullCaps())
	const uri = "file:///p.bp.md"
	open(c, uri, "A {--cut\n")
	var report struct {
		Kind  string `json:"kind"`
		Items []struct {
			Code string `json:"code"`
		} `json:"items"`
	}
	c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": uri}}, &report)
	if report.Kind != "full" || len(report.Items) != 1 || report.Items[0].Code != "unclosed-mark" {
		t.Fatalf("pull report = %+v", report)
	}
	select {
	case v := <-c.versions:
		t.Fatalf("pushed diagnostics (version %d) to a client that pulls", v)
	case <-time.After(50 * time.Millisecond):
	}
}

// TestPositionEncodingNegotiation: UTF-8 when offered, else UTF-16; ranges
// follow the negotiated unit.
func TestPositionEncodingNegotiation(t *testing.T) {
	for _, tt := range []struct {
		offered []string
		want    string
		char    float64 // where "{++" starts after "😀 "
	}{
		{nil, "utf-16", 3},
		{[]string{"utf-16"}, "utf-16", 3},
		{[]string{"utf-8", "utf-16"}, "utf-8", 5},
		{[]string{"utf-32", "utf-16"}, "utf-32", 2},
	} {
		caps := map[string]any{}
		if tt.offered != nil {
			caps["general"] = map[string]any{"positionEncodings": tt.offered}
		}
		c, res := initClient(t, caps)
		got := res["capabilities"].(map[string]any)["positionEncoding"]
		if got != tt.want {
			t.Errorf("offered %v: got %v, want %s", tt.offered, got, tt.want)
		}
		open(c, "file:///e.bp.md", "😀 {++open\n")
		c.waitVersion(1)
		var pd struct {
			Diagnostics []struct {
				Range lspRange `json:"range"`
			} `json:"diagnostics"`
		}
		c.mu.Lock()
		json.Unmarshal(c.diags["file:///e.bp.md"], &pd)
		c.mu.Unlock()
		if len(pd.Diagnostics) != 1 || float64(pd.Diagnostics[0].Range.Start.Character) != tt.char {
			t.Errorf("%s: diagnostics %+v, want start character %v", tt.want, pd.Diagnostics, tt.char)
		}
	}
}

// TestVersionedEditsAndFixAll: with documentChanges the edit names the
// version it was made for; fix-all comes only when asked for by kind.
func TestVersionedEditsAndFixAll(t *testing.T) {
	c, _ := initClient(t, map[string]any{"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}}})
	const uri = "file:///v.bp.md"
	open(c, uri, "A {--b++} and {~~c~>c~~} and {----}.\n")
	c.waitVersion(1)
	var actions []map[string]any
	rng := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng,
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}}}, &actions)
	if len(actions) != 1 {
		t.Fatalf("fix-all actions = %v", actions)
	}
	raw, _ := json.Marshal(actions[0])
	s := string(raw)
	for _, want := range []string{`"kind":"source.fixAll.bluepencil"`, `"documentChanges":[{`, `"version":1`} {
		if !strings.Contains(s, want) {
			t.Errorf("fix-all action lacks %s:\n%s", want, s)
		}
	}
	var act struct {
		Edit struct {
			DocumentChanges []struct {
				Edits []textEdit `json:"edits"`
			} `json:"documentChanges"`
		} `json:"edit"`
	}
	json.Unmarshal(raw, &act)
	src := []byte("A {--b++} and {~~c~>c~~} and {----}.\n")
	m := position.New(src)
	var edits []span.Edit
	for _, dc := range act.Edit.DocumentChanges {
		for _, te := range dc.Edits {
			s, e := m.OffsetRange(position.Range{
				Start: position.Position{Line: te.Range.Start.Line, Character: te.Range.Start.Character},
				End:   position.Position{Line: te.Range.End.Line, Character: te.Range.End.Character}}, position.UTF16)
			edits = append(edits, span.Edit{Span: span.Span{Start: s, End: e}, New: te.NewText})
		}
	}
	if fixed, err := span.Apply(src, edits); err != nil || string(fixed) != "A {--b--} and c and.\n" {
		t.Errorf("fix-all gives %q (%v), want %q", fixed, err, "A {--b--} and c and.\n")
	}
	actions = nil
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng,
		"context": map[string]any{"diagnostics": []any{}}}, &actions)
	for _, a := range actions {
		if strings.HasPrefix(a["kind"].(string), "source") {
			t.Errorf("source action %q offered without being asked for", a["title"])
		}
	}
}

// TestPlainTextHover: a client without Markdown gets plain text.
func TestPlainTextHover(t *testing.T) {
	c, _ := initClient(t, map[string]any{})
	const uri = "file:///h.bp.md"
	open(c, uri, "The {--fierce--} storm.\n")
	c.waitVersion(1)
	var h struct {
		Contents struct {
			Kind  string `json:"kind"`
			Value string `json:"value"`
		} `json:"contents"`
	}
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 6}}, &h)
	if h.Contents.Kind != "plaintext" || strings.ContainsAny(h.Contents.Value, "*`>") || !strings.Contains(h.Contents.Value, "Cut words: fierce") {
		t.Errorf("hover = %+v", h.Contents)
	}
}

// TestCloseClearsDiagnostics: closing a document publishes an empty list.
func TestCloseClearsDiagnostics(t *testing.T) {
	c, _ := initClient(t, map[string]any{})
	const uri = "file:///c.bp.md"
	open(c, uri, "{--x\n")
	c.waitVersion(1)
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	c.waitVersion(0)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !strings.Contains(string(c.diags[uri]), `"diagnostics":[]`) {
		t.Errorf("after close: %s", c.diags[uri])
	}
}

// TestAppendPublishMatchesProtocol: the hand-written encoding of pushed
// diagnostics decodes to the same value as the protocol package's, and
// links each to its code's documentation exactly when the client takes
// such links.
func TestAppendPublishMatchesProtocol(t *testing.T) {
	src := "---\ntitel: x\n---\n😀 {--a++} \"q\"\t[...] {~~x~~}\r\n\r\n{++open 𐐀\n\xff"
	for _, tc := range []struct {
		enc   string
		links bool
	}{{"utf-16", true}, {"utf-8", true}, {"utf-16", false}} {
		enc := tc.enc
		caps := readCapsFor(enc)
		caps.codeDescription = tc.links
		snap := testSnapshot("file:///a%20b.bp.md", 7, src)
		if out := string(appendPublish(nil, snap, caps)); strings.Contains(out, `"codeDescription"`) != tc.links {
			t.Errorf("%s, links %v: %s", enc, tc.links, out)
		}
		var got, want any
		if err := json.Unmarshal(appendPublish(nil, snap, caps), &got); err != nil {
			t.Fatalf("%s: invalid JSON: %v", enc, err)
		}
		s := New(Options{})
		ref, err := protocol.Marshal(&protocol.PublishDiagnosticsParams{URI: snap.uri, Version: protocol.NewOptional(snap.version), Diagnostics: s.toLSP(snap, caps)})
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(ref, &want)
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s:\n got %s\nwant %s", enc, g, w)
		}
	}
}

// TestLinksOnALongList: past linkAllUpTo diagnostics a publish links the
// first of each code only, and a pull and a code action say of each
// diagnostic what the publish said; up to it, every one links.
func TestLinksOnALongList(t *testing.T) {
	caps := readCapsFor("utf-16")
	caps.codeDescription = true
	for _, n := range []int{linkAllUpTo / 4, linkAllUpTo} {
		var b strings.Builder
		for range n {
			b.WriteString("A {--cut--} [...] and {==empty==}{>><<}.\n\n")
		}
		snap := testSnapshot("file:///a.bp.md", 1, b.String())
		codes := map[string]int{}
		for _, d := range snap.diags {
			codes[d.Code]++
		}
		if len(codes) < 2 || (n == linkAllUpTo) != (len(snap.diags) > linkAllUpTo) {
			t.Fatalf("%d paragraphs: want diagnostics of two codes or more, past linkAllUpTo for the longer list only; got %d, %v", n, len(snap.diags), codes)
		}
		out := string(appendPublish(nil, snap, caps))
		links, want := strings.Count(out, `"codeDescription"`), len(snap.diags)
		if len(snap.diags) > linkAllUpTo {
			want = len(codes)
		}
		if links != want {
			t.Fatalf("%d diagnostics of %d codes: %d links, want %d", len(snap.diags), len(codes), links, want)
		}
		var got, ref any
		json.Unmarshal([]byte(out), &got)
		s := New(Options{})
		r, _ := protocol.Marshal(&protocol.PublishDiagnosticsParams{URI: snap.uri, Version: protocol.NewOptional(snap.version), Diagnostics: s.toLSP(snap, caps)})
		json.Unmarshal(r, &ref)
		if g, w := fmt.Sprint(got), fmt.Sprint(ref); g != w {
			t.Fatalf("%d diagnostics: publish and pull differ", len(snap.diags))
		}
		for i := range snap.diags {
			if has := toLSPDiagnostic(snap, i, caps).CodeDescription.Href != ""; has != snap.linked(i) {
				t.Fatalf("diagnostic %d: link %v in a code action, %v in the publish", i, has, snap.linked(i))
			}
		}
	}
}

func readCapsFor(enc string) clientCaps {
	e, _ := position.ParseEncoding(enc)
	return clientCaps{enc: e}
}

// TestArticleTooLarge: an article over archive.MaxArticleSize is kept in
// step but not analysed: one article-too-large error, and an edit that
// brings it under the limit is checked again.
func TestArticleTooLarge(t *testing.T) {
	c, _ := initClient(t, map[string]any{})
	const uri = "file:///big.bp.md"
	big := strings.Repeat("{--", (archive.MaxArticleSize+3)/3+1)
	open(c, uri, big)
	c.waitVersion(1)
	var pd struct {
		Diagnostics []struct {
			Code string `json:"code"`
		} `json:"diagnostics"`
	}
	c.mu.Lock()
	json.Unmarshal(c.diags[uri], &pd)
	c.mu.Unlock()
	if len(pd.Diagnostics) != 1 || pd.Diagnostics[0].Code != rules.CodeArticleTooLarge {
		t.Fatalf("diagnostics %+v, want one %s", pd.Diagnostics, rules.CodeArticleTooLarge)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": "{--a"}}})
	c.waitVersion(2)
	c.mu.Lock()
	json.Unmarshal(c.diags[uri], &pd)
	c.mu.Unlock()
	if len(pd.Diagnostics) != 1 || pd.Diagnostics[0].Code != "unclosed-mark" {
		t.Fatalf("after the edit: %+v, want one unclosed-mark", pd.Diagnostics)
	}
}
