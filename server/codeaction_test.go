package server

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/span"
)

// TestElideRoundsOutwards sends selections whose ends fall inside a
// character, as Neovim 0.10 sends a selection that ends in an emoji (its
// end between the two halves of the surrogate pair): the action must take
// the whole character in, {--tail 😀--}, never leave it out.
func TestElideRoundsOutwards(t *testing.T) {
	const text = "A tail 😀 and 𐐀𐐀 café.\n"
	tests := []struct {
		name  string
		enc   string // offered by the client, and so negotiated
		start [2]int
		end   [2]int
		want  string
	}{
		{"utf-16 end inside the emoji", "utf-16", [2]int{0, 2}, [2]int{0, 8}, "A {--tail 😀--} and 𐐀𐐀 café.\n"},
		{"utf-16 end after the emoji", "utf-16", [2]int{0, 2}, [2]int{0, 9}, "A {--tail 😀--} and 𐐀𐐀 café.\n"},
		{"utf-16 start inside the emoji", "utf-16", [2]int{0, 8}, [2]int{0, 13}, "A tail {--😀 and--} 𐐀𐐀 café.\n"},
		{"utf-16 end inside 𐐀", "utf-16", [2]int{0, 14}, [2]int{0, 17}, "A tail 😀 and {--𐐀𐐀--} café.\n"},
		{"utf-8 end inside the emoji", "utf-8", [2]int{0, 2}, [2]int{0, 9}, "A {--tail 😀--} and 𐐀𐐀 café.\n"},
		{"utf-8 end inside é", "utf-8", [2]int{0, 25}, [2]int{0, 29}, "A tail 😀 and 𐐀𐐀 {--café--}.\n"},
		{"utf-32 whole characters", "utf-32", [2]int{0, 2}, [2]int{0, 8}, "A {--tail 😀--} and 𐐀𐐀 café.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := initClient(t, map[string]any{"general": map[string]any{"positionEncodings": []string{tt.enc}}})
			const uri = "file:///emoji.bp.md"
			open(c, uri, text)
			c.waitVersion(1)
			got := applyAction(t, c, uri, text, tt.enc, tt.start, tt.end, "Elide selection")
			if got != tt.want {
				t.Errorf("Elide selection on %v-%v (%s) gives\n%q, want\n%q", tt.start, tt.end, tt.enc, got, tt.want)
			}
		})
	}
}

// applyAction asks for the code actions on a range and returns text with
// the edit of the one titled title applied; "" if none is.
func applyAction(t *testing.T, c *markerClient, uri, text, enc string, start, end [2]int, title string) string {
	t.Helper()
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]textEdit `json:"changes"`
		} `json:"edit"`
	}
	rng := map[string]any{"start": map[string]any{"line": start[0], "character": start[1]},
		"end": map[string]any{"line": end[0], "character": end[1]}}
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng,
		"context": map[string]any{"diagnostics": []any{}}}, &actions)
	e, _ := position.ParseEncoding(enc)
	m := position.New([]byte(text))
	for _, a := range actions {
		if a.Title != title {
			continue
		}
		var edits []span.Edit
		for _, te := range a.Edit.Changes[uri] {
			s, e := m.OffsetRange(position.Range{
				Start: position.Position{Line: te.Range.Start.Line, Character: te.Range.Start.Character},
				End:   position.Position{Line: te.Range.End.Line, Character: te.Range.End.Character}}, e)
			edits = append(edits, span.Edit{Span: span.Span{Start: s, End: e}, New: te.NewText})
		}
		out, err := span.Apply([]byte(text), edits)
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		return string(out)
	}
	raw, _ := json.Marshal(actions)
	t.Logf("actions: %s", raw)
	return fmt.Sprintf("(no %q)", title)
}
