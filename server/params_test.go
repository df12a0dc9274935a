package server

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestVetParams: what the protocol package would let through or change is
// refused; what it decodes faithfully, or refuses itself, passes.
func TestVetParams(t *testing.T) {
	const doc = `"textDocument":{"uri":"file:///a.bp.md"}`
	change := func(changes string) string {
		return `{"textDocument":{"uri":"file:///a.bp.md","version":2},"contentChanges":[` + changes + `]}`
	}
	rng := func(l0, c0, l1, c1 string) string {
		return `"range":{"start":{"line":` + l0 + `,"character":` + c0 + `},"end":{"line":` + l1 + `,"character":` + c1 + `}}`
	}
	for _, tc := range []struct {
		name, method, params string
		bad                  string // a word of the error, "" when it passes
		ranged               []bool
	}{
		{"Hover", "textDocument/hover", `{` + doc + `,"position":{"line":3,"character":4}}`, "", nil},
		{"HoverLargest", "textDocument/hover", `{` + doc + `,"position":{"line":2147483647,"character":2147483647}}`, "", nil},
		{"HoverNegative", "textDocument/hover", `{` + doc + `,"position":{"line":-1,"character":0}}`, "line", nil},
		{"HoverPast2^31", "textDocument/hover", `{` + doc + `,"position":{"line":2147483648,"character":0}}`, "line", nil},
		{"HoverMaxUint32", "textDocument/hover", `{` + doc + `,"position":{"line":0,"character":4294967295}}`, "character", nil},
		{"HoverFraction", "textDocument/hover", `{` + doc + `,"position":{"line":1.5,"character":0}}`, "line", nil},
		{"HoverNotANumber", "textDocument/hover", `{` + doc + `,"position":{"line":"1","character":0}}`, "number", nil},
		{"HoverNoLine", "textDocument/hover", `{` + doc + `,"position":{"character":0}}`, "position", nil},
		{"HoverPositionNotObject", "textDocument/hover", `{` + doc + `,"position":"x"}`, "object", nil},
		{"ParamsNotObject", "textDocument/hover", `42`, "object", nil},
		{"Definition", "textDocument/definition", `{` + doc + `,"position":{"line":0,"character":-2}}`, "character", nil},
		{"CodeAction", "textDocument/codeAction", `{` + doc + `,` + rng("0", "0", "1", "2") + `,"context":{"diagnostics":[]}}`, "", nil},
		{"CodeActionBadEnd", "textDocument/codeAction", `{` + doc + `,` + rng("0", "0", "-1", "2") + `,"context":{"diagnostics":[]}}`, "line", nil},
		{"CodeActionNoEnd", "textDocument/codeAction", `{` + doc + `,"range":{"start":{"line":0,"character":0}}}`, "range", nil},
		{"Change", "textDocument/didChange", change(`{` + rng("0", "0", "0", "1") + `,"text":"x"},{"text":"whole"}`), "", []bool{true, false}},
		{"ChangeNegative", "textDocument/didChange", change(`{` + rng("-1", "0", "0", "0") + `,"text":"TZ"}`), "line", nil},
		{"ChangeHuge", "textDocument/didChange", change(`{` + rng("0", "0", "4294967295", "0") + `,"text":"TZ"}`), "line", nil},
		{"ChangeRangeNull", "textDocument/didChange", change(`{"range":null,"text":"TZ"}`), "object", nil},
		{"ChangesNotArray", "textDocument/didChange", `{"textDocument":{"uri":"file:///a.bp.md","version":2},"contentChanges":7}`, "array", nil},
		{"ChangeTextInvalidUTF8", "textDocument/didChange", change(`{"text":"a` + "\xff" + `b \udc00"}`), "", []bool{false}},
		{"URIRawInvalid", "textDocument/didOpen", `{"textDocument":{"uri":"file:///a` + "\xff" + `.bp.md","languageId":"x","version":1,"text":""}}`, "UTF-8", nil},
		{"URISurrogate", "textDocument/didClose", `{"textDocument":{"uri":"file:///a\udc00.bp.md"}}`, "UTF-8", nil},
		{"URIPercentInvalid", "textDocument/didSave", `{"textDocument":{"uri":"file:///a%FF.bp.md"}}`, "UTF-8", nil},
		{"URIPercentHalf", "textDocument/diagnostic", `{"textDocument":{"uri":"file:///a%C3.bp.md"}}`, "UTF-8", nil},
		{"URIPercentValid", "textDocument/diagnostic", `{"textDocument":{"uri":"file:///a%c3%a9%20b.bp.md"}}`, "", nil},
		{"URIEscapedValid", "textDocument/diagnostic", `{"textDocument":{"uri":"file:///\u00e9\ud83d\ude00.bp.md"}}`, "", nil},
		{"URINotString", "textDocument/diagnostic", `{"textDocument":{"uri":5}}`, "string", nil},
		{"OtherMethod", "workspace/didChangeConfiguration", `{"settings":{"position":{"line":-1}}}`, "", nil},
		{"SyntaxError", "textDocument/hover", `{"textDocument":`, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := []byte(tc.params)
			v, err := vetParams(tc.method, raw)
			if string(raw) != tc.params {
				t.Fatalf("vetting changed the params to %q", raw) // the decoder reads them in place
			}
			switch {
			case tc.bad == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad)):
				t.Errorf("got %v, want an error about %q", err, tc.bad)
			}
			if tc.ranged != nil && !slices.Equal(v.ranged, tc.ranged) {
				t.Errorf("ranged %v, want %v", v.ranged, tc.ranged)
			}
		})
	}
}

// FuzzVetParams: vetting never panics, and refuses only with a badParams.
func FuzzVetParams(f *testing.F) {
	f.Add("textDocument/didChange", `{"textDocument":{"uri":"file:///a","version":2},"contentChanges":[{"range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}`)
	f.Add("textDocument/hover", `{"textDocument":{"uri":"file:///a%FF"},"position":{"line":1,"character":2}}`)
	f.Add("textDocument/codeAction", `{"textDocument":{"uri":"file:///a"},"range":{"start":{"line":0,"character":0},"end":{"line":1e3,"character":0}}}`)
	f.Fuzz(func(t *testing.T, method, params string) {
		_, err := vetParams(method, []byte(params))
		var bad *badParams
		if err != nil && !errors.As(err, &bad) {
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}

// BenchmarkVetParams vets the params of a didOpen of a 1 MiB article,
// beside its floor: the protocol package decoding the same params, which
// the server does for every message anyway.
func BenchmarkVetParams(b *testing.B) {
	text := strings.Repeat("The council voted {--on Tuesday--} to approve the budget, café 😀 naïve.\n", (1<<20)/76)
	raw, _ := json.Marshal(map[string]any{"textDocument": map[string]any{
		"uri": "file:///bench/a%C3%A9.bp.md", "languageId": "bluepencil", "version": 1, "text": text}})
	b.Run("vet", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := vetParams("textDocument/didOpen", raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor-decode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			var p protocol.DidOpenTextDocumentParams
			if err := protocol.Unmarshal(raw, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
