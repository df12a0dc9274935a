package config

import (
	"strings"
	"testing"
)

// TestPublisher: the publisher section as read, and each mistake in it a
// Problem on its line that leaves the rest in use.
func TestPublisher(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      Publisher
		// problems are "line text@severity: message part", one per Problem.
		problems []string
	}{
		{"whole", `publisher:
  name: The Plain Ledger
  legend: |
    Blue is ours.

    [...] is a cut.
  colors:
    added: "#1e3a8a"
    added-background: "#DBEAFE"
    dark-added: "#fff"
    dark-added-background: "#1e3a8a"
`, Publisher{Name: "The Plain Ledger", Legend: "Blue is ours.\n\n[...] is a cut.\n",
			Colors: Colors{"#1e3a8a", "#DBEAFE", "#fff", "#1e3a8a"}}, nil},
		{"name only", "publisher:\n  name: Ledger\n", Publisher{Name: "Ledger"}, nil},
		{"colours, British", "publisher:\n  colours:\n    added: \"#000\"\n    added-background: \"#fff\"\n", Publisher{Colors: Colors{Added: "#000", AddedBackground: "#fff"}}, nil},
		{"empty", "publisher:\n", Publisher{}, []string{"@error: publisher must be a mapping"}},
		{"not a mapping", "publisher: Ledger\n", Publisher{}, []string{"Ledger@error: publisher must be a mapping of name, legend, colors"}},
		{"empty name", "publisher:\n  name: \"\"\n", Publisher{}, []string{`""@error: publisher name must be a non-empty text`}},
		{"list legend", "publisher:\n  name: L\n  legend: [a]\n", Publisher{Name: "L"}, []string{"[a]@error: publisher legend must be a non-empty text"}},
		{"unknown key", "publisher:\n  nmae: L\n", Publisher{}, []string{`nmae: L@warning: unknown setting "nmae" in publisher`}},
		{"unknown colour", "publisher:\n  colors:\n    cut: \"#000\"\n", Publisher{}, []string{`cut: "#000"@warning: unknown colour "cut"`}},
		{"colors not a mapping", "publisher:\n  colors: blue\n", Publisher{}, []string{"blue@error: publisher colors must be a mapping"}},
		{"named colour", "publisher:\n  colors:\n    added: blue\n    added-background: \"#fff\"\n", Publisher{},
			[]string{`blue@error: colour added must be written #rgb or #rrggbb`}},
		{"unquoted hex is a comment", "publisher:\n  colors:\n    added: #00f\n    added-background: \"#fff\"\n", Publisher{},
			[]string{` #00f@error: (quoted in YAML: "#1e3a8a"), not ""`}},
		{"four digits", "publisher:\n  colors:\n    dark-added: \"#ffff\"\n    dark-added-background: \"#000\"\n", Publisher{},
			[]string{`"#ffff"@error: colour dark-added must be written #rgb or #rrggbb`}},
		{"low contrast", "publisher:\n  colors:\n    added: \"#777\"\n    added-background: \"#fff\"\n    dark-added: \"#fff\"\n    dark-added-background: \"#000\"\n",
			Publisher{Colors: Colors{DarkAdded: "#fff", DarkAddedBackground: "#000"}},
			[]string{`added: "#777"@error: colours added #777 on added-background #fff contrast 4.48:1, below the 4.5:1 WCAG AA`}},
		{"low contrast dark", "publisher:\n  colors:\n    dark-added: \"#333\"\n    dark-added-background: \"#000\"\n", Publisher{},
			[]string{`dark-added: "#333"@error: #000 contrast 1.66:1, below the 4.5:1 WCAG AA asks of text; the built-in colours are used in the dark scheme`}},
		{"half a pair", "publisher:\n  colors:\n    added: \"#000\"\n", Publisher{},
			[]string{`added: "#000"@error: colour added needs added-background beside it`}},
		{"other half", "publisher:\n  colors:\n    dark-added-background: \"#000\"\n", Publisher{},
			[]string{`dark-added-background: "#000"@error: colour dark-added-background needs dark-added beside it`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, probs := Parse(".bluepencil.yaml", []byte(tc.src), files(nil), Options{})
			if c.Publisher != tc.want {
				t.Errorf("publisher %+v, want %+v", c.Publisher, tc.want)
			}
			if len(probs) != len(tc.problems) {
				t.Fatalf("%d problems, want %d: %+v", len(probs), len(tc.problems), probs)
			}
			for i, p := range probs {
				got := tc.src[p.Span.Start:p.Span.End] + "@" + p.Severity.String() + ": " + p.Message
				at := strings.Index(tc.problems[i], "@")
				head, msg, _ := strings.Cut(tc.problems[i][at:], ": ")
				head = tc.problems[i][:at] + head
				if !strings.HasPrefix(got, head+": ") || !strings.Contains(p.Message, msg) {
					t.Errorf("problem %d\n got %s\nwant %s", i, got, tc.problems[i])
				}
			}
		})
	}
}

func TestBelow(t *testing.T) {
	for r, want := range map[float64]string{4.478: "4.48", 4.4999: "4.49", 4.495: "4.49", 1.0: "1.00", 3.141: "3.14"} {
		if got := below(r); got != want {
			t.Errorf("below(%v) = %s, want %s", r, got, want)
		}
	}
}
