package style

import (
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// findings runs the style pass on src with a fixed publication date.
func findings(src string, opts Options) []Finding {
	return Check(markup.Parse([]byte(src)), opts)
}

// TestLexiconExamples runs every entry's example sentences: each "flag"
// sentence must raise a finding of the entry's category on one of its
// forms, each "pass" sentence must raise none of them.
func TestLexiconExamples(t *testing.T) {
	for i, e := range Lexicon() {
		if len(e.Flag) < 2 || len(e.Pass) < 2 {
			t.Errorf("entry %d (%s %q): needs two flag and two pass examples", i+1, e.Category, e.Forms[0])
		}
		ofEntry := func(f Finding) bool {
			return f.Code == e.Category && contains(e.Forms, f.Form)
		}
		for _, s := range e.Flag {
			ok := false
			for _, f := range findings(s, Options{}) {
				ok = ok || ofEntry(f)
			}
			if !ok {
				t.Errorf("entry %d (%s %q): %q does not flag", i+1, e.Category, e.Forms[0], s)
			}
		}
		for _, s := range e.Pass {
			for _, f := range findings(s, Options{}) {
				if ofEntry(f) {
					t.Errorf("entry %d (%s %q): %q flags %q", i+1, e.Category, e.Forms[0], s, f.Text)
				}
			}
		}
	}
}

// TestLexiconShape checks what the listing promises: lower-case forms, a
// reason each, replacements only for listed forms.
func TestLexiconShape(t *testing.T) {
	cats := map[string]int{}
	for _, e := range Lexicon() {
		cats[e.Category] += len(e.Forms)
		for _, f := range e.Forms {
			if f != strings.ToLower(f) || strings.TrimSpace(f) != f {
				t.Errorf("form %q is not normalised", f)
			}
		}
		for f := range e.Replacements {
			if !contains(e.Forms, f) {
				t.Errorf("replacement for %q, which is not a form", f)
			}
		}
	}
	for _, c := range Codes {
		if cats[c.Name] == 0 {
			t.Errorf("category %s has no entry", c.Name)
		}
	}
	_ = time.Now
}
