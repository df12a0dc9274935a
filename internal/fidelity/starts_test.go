package fidelity

import (
	"strings"
	"testing"
)

// TestStarts checks that an Original holds its tokens' places as Tokenize
// finds them, in 2 bytes each or, past a group that spans 64 KiB, whole.
func TestStarts(t *testing.T) {
	long := "<!--" + strings.Repeat("x", 70000) + "-->"
	words := strings.Repeat("one two, three. ", 50)
	for _, tc := range []struct {
		name string
		text string
		wide bool
	}{
		{"empty", "", false},
		{"prose", words, false},
		{"long word", words + strings.Repeat("y", 70000) + " " + words, true},
		{"long comment", words + long + words, true},
		{"comment first", long + words, false},
		{"front matter", "---\ntitle: x\n---\n" + words + long + "z", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Prepare([]byte(tc.text))
			toks := Tokenize([]byte(tc.text))
			skip := len(toks) - len(o.ids)
			if got := o.starts.len(); got != len(o.ids) {
				t.Fatalf("%d places for %d ids", got, len(o.ids))
			}
			for k := range o.ids {
				if o.start(k) != int(toks[k+skip].Start) || o.end(k) != int(toks[k+skip].End) {
					t.Fatalf("token %d at [%d, %d), want %v", k, o.start(k), o.end(k), toks[k+skip])
				}
			}
			if (o.starts.wide != nil) != tc.wide {
				t.Errorf("wide %v, want %v", o.starts.wide != nil, tc.wide)
			}
		})
	}
}
