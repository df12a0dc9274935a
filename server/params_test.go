package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/sample"
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

// decodeSame checks that decodeTexts, when it decodes params, gives what
// the protocol package gives.
func decodeSame(t *testing.T, method, params string) (fast bool) {
	t.Helper()
	raw := []byte(params)
	v, err := vetParams(method, raw)
	if err != nil {
		return false
	}
	switch method {
	case "textDocument/didOpen":
		var want, got protocol.DidOpenTextDocumentParams
		if protocol.Unmarshal(raw, &want) != nil || len(v.texts) != 1 {
			return false
		}
		texts, ok := decodeTexts(raw, v, &got)
		if !ok {
			return false
		}
		got.TextDocument.Text = string(texts[0])
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decodeTexts gave %+v, the protocol package %+v", got, want)
		}
	case "textDocument/didChange":
		var want, got protocol.DidChangeTextDocumentParams
		if protocol.Unmarshal(raw, &want) != nil {
			return false
		}
		texts, ok := decodeTexts(raw, v, &got)
		if !ok || len(texts) != len(got.ContentChanges) {
			return false
		}
		for i, ch := range got.ContentChanges {
			switch c := ch.(type) {
			case *protocol.TextDocumentContentChangePartial:
				c.Text = string(texts[i])
			case *protocol.TextDocumentContentChangeWholeDocument:
				c.Text = string(texts[i])
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decodeTexts gave %+v, the protocol package %+v", got, want)
		}
	}
	return true
}

// TestDecodeTexts: large texts decoded by hand are the protocol package's,
// escapes, surrogate pairs, line ends and repeated members included; what
// is unusual is left to it.
func TestDecodeTexts(t *testing.T) {
	big := strings.Repeat("Line \"quoted\" \\ tab\t é 😀 𐐀 \r\n", 300)
	esc, _ := json.Marshal(big)
	open := func(text string) string {
		return `{"textDocument":{"uri":"file:///a%C3%A9.bp.md","languageId":"bluepencil","version":3,"text":` + text + `}}`
	}
	change := func(changes ...string) string {
		return `{"textDocument":{"uri":"file:///a.bp.md","version":2},"contentChanges":[` + strings.Join(changes, ",") + `]}`
	}
	rng := `"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":2}}`
	for _, tc := range []struct {
		name, method, params string
		fast                 bool
	}{
		{"Open", "textDocument/didOpen", open(string(esc)), true},
		{"OpenUnicodeEscapes", "textDocument/didOpen", open(`"` + strings.Repeat(`\u00e9\ud83d\ude00\u0041\n`, 1000) + `"`), true},
		{"OpenLoneSurrogate", "textDocument/didOpen", open(`"` + strings.Repeat(`\udc00 x`, 1000) + `"`), false},
		{"OpenInvalidUTF8", "textDocument/didOpen", open(`"` + strings.Repeat("a\xffb", 2000) + `"`), false},
		{"OpenSmall", "textDocument/didOpen", open(`"small"`), false},
		{"OpenTextFirst", "textDocument/didOpen", `{"textDocument":{"text":` + string(esc) + `,"version":1,"uri":"file:///b.bp.md","languageId":"x"}}`, true},
		{"OpenTwoTexts", "textDocument/didOpen", `{"textDocument":{"uri":"file:///b.bp.md","text":"a","version":1,"text":` + string(esc) + `}}`, false},
		{"OpenTextNotString", "textDocument/didOpen", `{"textDocument":{"uri":"file:///b.bp.md","version":1,"text":5}}`, false},
		{"Change", "textDocument/didChange", change(`{`+rng+`,"text":`+string(esc)+`}`, `{"text":"x"}`, `{`+rng+`,"text":""}`), true},
		{"ChangeWhole", "textDocument/didChange", change(`{"text":` + string(esc) + `}`), true},
		{"ChangeNoText", "textDocument/didChange", change(`{"text":`+string(esc)+`}`, `{`+rng+`}`), false},
		{"ChangeSmall", "textDocument/didChange", change(`{` + rng + `,"text":"x"}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodeSame(t, tc.method, tc.params); got != tc.fast {
				t.Errorf("decoded by hand: %v, want %v", got, tc.fast)
			}
		})
	}
}

// FuzzDecodeTexts: whatever the text, decodeTexts decodes it as the
// protocol package does, or leaves it to it.
func FuzzDecodeTexts(f *testing.F) {
	f.Add("plain text\n", `\n`, true)
	f.Add("é😀\r\n\"\\", `\ud83d\ude00`, false)
	f.Fuzz(func(t *testing.T, text, escape string, open bool) {
		esc, _ := json.Marshal(strings.Repeat(text, 1+fastTexts/(len(text)+1)))
		value := `"` + escape + string(esc[1:])
		if open {
			decodeSame(t, "textDocument/didOpen", `{"textDocument":{"uri":"file:///a.bp.md","languageId":"x","version":1,"text":`+value+`}}`)
		} else {
			decodeSame(t, "textDocument/didChange", `{"textDocument":{"uri":"file:///a.bp.md","version":2},"contentChanges":[{"text":`+value+`},{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"text":`+value+`}]}`)
		}
	})
}

// BenchmarkDecodeOpen decodes the params of a didOpen of a 100 KiB article
// by hand (decodeTexts), beside the protocol package decoding them (what
// decodeTexts replaces) and its floor, one copy of the params.
func BenchmarkDecodeOpen(b *testing.B) {
	raw, _ := json.Marshal(map[string]any{"textDocument": map[string]any{
		"uri": "file:///bench/a.bp.md", "languageId": "bluepencil", "version": 1, "text": string(sample.Article(100 << 10))}})
	b.Run("texts", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			v, _ := vetParams("textDocument/didOpen", raw)
			var p protocol.DidOpenTextDocumentParams
			if _, ok := decodeTexts(raw, v, &p); !ok {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("protocol", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			vetParams("textDocument/didOpen", raw)
			var p protocol.DidOpenTextDocumentParams
			if err := protocol.Unmarshal(raw, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor-copy", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for b.Loop() {
			_ = bytes.Clone(raw)
		}
	})
}
