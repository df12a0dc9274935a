package config

import (
	"slices"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/span"
)

func TestAllowEdit(t *testing.T) {
	tests := []struct {
		name, src, word, want string
	}{
		{"empty file", "", "regime", "allow: [regime]\n"},
		{"comments only", "# settings\n", "regime", "# settings\nallow: [regime]\n"},
		{"no key", "elision: \"[…]\"", "regime", "elision: \"[…]\"\nallow: [regime]\n"},
		{"no key crlf", "elision: x\r\n", "regime", "elision: x\r\nallow: [regime]\r\n"},
		{"flow", "allow: [a, b]\n", "regime", "allow: [a, b, regime]\n"},
		{"flow empty", "allow: []\n", "regime", "allow: [regime]\n"},
		{"flow trailing comma", "allow: [a,]\n", "regime", "allow: [a, regime]\n"},
		{"flow quoted bracket", "allow: [\"a]\", 'b'' ]']  # c]\n", "regime", "allow: [\"a]\", 'b'' ]', regime]  # c]\n"},
		{"flow on lines", "allow: [\n  a,\n  b\n]\nelision: x\n", "regime", "allow: [\n  a,\n  b, regime\n]\nelision: x\n"},
		{"block", "allow:\n  - a\n  - b\nelision: x\n", "regime", "allow:\n  - a\n  - b\n  - regime\nelision: x\n"},
		{"block unindented", "allow:\n- a\nelision: x\n", "regime", "allow:\n- a\n- regime\nelision: x\n"},
		{"block at end no newline", "allow:\n  - a", "regime", "allow:\n  - a\n  - regime\n"},
		{"block then comment", "allow:\n  - a\n\n# next\nelision: x\n", "regime", "allow:\n  - a\n  - regime\n\n# next\nelision: x\n"},
		{"block folded item", "allow:\n  - >-\n    a\n    b\nelision: x\n", "regime", "allow:\n  - >-\n    a\n    b\n  - regime\nelision: x\n"},
		{"scalar", "allow: a # one\n", "regime", "allow: [a, regime] # one\n"},
		{"scalar quoted", "allow: 'a''s'\n", "regime", "allow: ['a''s', regime]\n"},
		{"null", "allow:\nelision: x\n", "regime", "allow: [regime]\nelision: x\n"},
		{"null comment", "allow: ~ # none yet\n", "regime", "allow: [regime] # none yet\n"},
		{"quoted word", "allow: [a]\n", "it's: \"fine\"", "allow: [a, \"it's: \\\"fine\\\"\"]\n"},
		{"boolean word", "", "yes", "allow: [\"yes\"]\n"},
		{"phrase", "", "critics say", "allow: [critics say]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := AllowEdit([]byte(tt.src), tt.word)
			if !ok {
				t.Fatalf("AllowEdit refused %q", tt.src)
			}
			got, err := span.Apply([]byte(tt.src), []span.Edit{e})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			var v struct{ Allow []string }
			if err := yaml.Unmarshal(got, &v); err != nil || !slices.Contains(v.Allow, tt.word) {
				t.Errorf("allow reads back as %q (%v)", v.Allow, err)
			}
			cfg, probs := Parse(FileName, got, files(nil), Options{})
			if len(probs) > 0 || !slices.Contains(cfg.Allow, tt.word) {
				t.Errorf("Parse: allow %q, problems %v", cfg.Allow, probs)
			}
		})
	}
}

func TestAllowEditRefuses(t *testing.T) {
	for _, src := range []string{"allow: [a", "{allow: [a]}", "- a\n", "allow: {a: b}\n", "allow: a: b\n", "allow: - a\n"} {
		if e, ok := AllowEdit([]byte(src), "regime"); ok {
			t.Errorf("AllowEdit(%q) = %+v, want a refusal", src, e)
		}
	}
}
