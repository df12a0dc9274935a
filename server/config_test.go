package server

import (
	"encoding/json"
	"testing"
	"time"
)

// TestSettingsProblems: what the settings get wrong is said, naming the
// setting and the known one it likely misspells, and the rest still
// applies.
func TestSettingsProblems(t *testing.T) {
	tests := []struct {
		raw, problems string
		off           string // a code the settings turn off, still applied
	}{
		{`{"severity": {"empty-mark": "off"}}`, "", "empty-mark"},
		{`{"severity": {"emty-mark": "off", "adjacent-elisions": "off"}}`,
			`unknown rule code "emty-mark" in bluepencil settings; did you mean "empty-mark"?`, "adjacent-elisions"},
		{`{"severity": {"spelling": "error"}}`, `unknown rule code "spelling" in bluepencil settings`, ""},
		{`{"severity": {"empty-mark": "loud"}}`,
			`unknown severity "loud" for "empty-mark" in bluepencil settings; use error, warning, information, hint or off`, ""},
		{`{"severity": {"empty-mark": 1, "adjacent-elisions": "off"}}`,
			`unknown severity "1" for "empty-mark" in bluepencil settings; use error, warning, information, hint or off`, "adjacent-elisions"},
		{`{"severty": {}, "elision": "[…]"}`, `unknown setting "severty" in bluepencil settings; did you mean "severity"?`, ""},
		{`{"server": {"path": "bluepencil"}, "trace": {"server": "off"}}`, "", ""}, // VS Code's own keys
		{`{"severity": {"b-code": "off", "a-code": "off"}}`,
			`unknown rule code "a-code" in bluepencil settings; unknown rule code "b-code" in bluepencil settings`, ""},
		{`"x"`, `bluepencil settings are not a JSON object: json: cannot unmarshal string into Go value of type map[string]json.RawMessage`, ""},
		{`{"severity": {"House.Avoid": "off"}}`, "", "House.Avoid"}, // a workspace rule file's code
		{`[]`, "", ""},
		{`null`, "", ""},
		{`{"lens": false, "inlayHints": false}`, "", ""},
		{`{"lens": "no", "severity": {"empty-mark": "off"}}`, `bluepencil setting "lens" must be true or false`, "empty-mark"},
		{`{"inlayhint": false}`, `unknown setting "inlayhint" in bluepencil settings; did you mean "inlayHints"?`, ""},
	}
	s := New(Options{})
	for _, tt := range tests {
		cfg := s.parseSettings([]byte(tt.raw))
		if cfg.problems != tt.problems {
			t.Errorf("%s:\n got %q\nwant %q", tt.raw, cfg.problems, tt.problems)
		}
		if tt.raw == `{"lens": false, "inlayHints": false}` && (!cfg.noLens || !cfg.noInlayHints) {
			t.Errorf("%s: lens or inlay hints still on", tt.raw)
		}
		if tt.off != "" && !cfg.rules.Off[tt.off] {
			t.Errorf("%s: %s is not turned off", tt.raw, tt.off)
		}
	}
}

// TestSettingsProblemShownOnce: a misspelt code is shown to the user with
// window/showMessage once per distinct settings change, not every time the
// client sends the same settings again, and again if it comes back after
// being fixed.
func TestSettingsProblemShownOnce(t *testing.T) {
	c, _ := initClient(t, map[string]any{})
	const uri = "file:///s.bp.md"
	open(c, uri, "Text {--cut--}.\n")
	c.waitVersion(1)
	send := func(settings string) {
		c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]json.RawMessage{"bluepencil": json.RawMessage(settings)}})
	}
	expect := func(want string) {
		t.Helper()
		select {
		case got := <-c.messages:
			if got != want {
				t.Errorf("message %q, want %q", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no message, want %q", want)
		}
	}
	const typo = `{"severity": {"emty-mark": "off"}}`
	const said = `unknown rule code "emty-mark" in bluepencil settings; did you mean "empty-mark"?`
	send(typo)
	expect(said)
	send(typo) // sent again: said already
	send(`{"severity": {"emty-mark": "off"}, "elision": "[…]"}`)
	send(`{"severity": {"empty-mark": "off"}}`) // fixed
	send(typo)                                  // and broken again
	expect(said)
	// Notifications are handled in wire order, and the message would be
	// sent while handling the settings: once a request sent after them is
	// answered, it would have arrived.
	send(`{"severity": {"empty-mark": "warning"}}`)
	var h json.RawMessage
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 8}}, &h)
	select {
	case m := <-c.messages:
		t.Fatalf("unexpected message %q", m)
	default:
	}
}
