package analysis

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
	"github.com/bluepencil/bluepencil/internal/view"
)

// TestStyleFixesKeepTheArticleSound: every Cut and Replace the style pass
// offers, applied to an article that matches its original, leaves it
// matching, with no new markup problem: a cut is an elision of the
// original's words and a replacement a substitution whose old side is
// theirs. The sentences are the style pass's held-out evaluation set, in
// the outlet's text and in the editor's own.
func TestStyleFixesKeepTheArticleSound(t *testing.T) {
	raw, err := os.ReadFile("../style/testdata/eval/heldout.txt")
	if err != nil {
		t.Fatal(err)
	}
	label := regexp.MustCompile(`\[\[([^|\]]+)\|[^\]]+\]\]`)
	// The sentences without marks of their own are the outlet's text;
	// those with marks are the editor's, whose original view is in the
	// original.
	var plain, marked []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		l = label.ReplaceAllString(l, "$1")
		if strings.Contains(l, "{") {
			marked = append(marked, l)
		} else {
			plain = append(plain, l)
		}
	}
	body := strings.Join(plain, "\n\n") + "\n\n" + strings.Join(marked, "\n\n") + "\n"
	dir := t.TempDir()
	orig := view.Build(markup.Parse([]byte(body)), view.Original, view.Options{}).Text
	if err := os.WriteFile(filepath.Join(dir, "orig.txt"), orig, 0o644); err != nil {
		t.Fatal(err)
	}
	article := "---\npublished: 2025-11-07\noriginal: orig.txt\n---\n" + body
	in := Input{Src: []byte(article), Path: filepath.Join(dir, "a.bp.md"), Root: dir}
	a := Analyze(in, Options{Fixes: true}, &DiskSource{})
	base := map[string]int{}
	styled := 0
	for _, d := range a.Diagnostics {
		if isStyle(d.Code) {
			styled++
			continue
		}
		base[d.Code]++
	}
	if base[CodeUnmarked] > 0 {
		t.Fatalf("the fixture does not match its original: %v", base)
	}
	if styled < 40 {
		t.Fatalf("only %d style flags in the held-out set", styled)
	}
	fixes := 0
	for _, d := range a.Diagnostics {
		if !isStyle(d.Code) {
			continue
		}
		for _, fx := range d.Fixes {
			out, err := span.Apply(in.Src, fx.Edits)
			if err != nil {
				t.Fatalf("%s on %q: %v", fx.Title, d.Span.Text(in.Src), err)
			}
			b := Analyze(Input{Src: out, Path: in.Path, Root: dir}, Options{}, &DiskSource{})
			after := map[string]int{}
			for _, e := range b.Diagnostics {
				if !isStyle(e.Code) {
					after[e.Code]++
				}
			}
			for code, n := range after {
				if n > base[code] {
					t.Errorf("%s on %q (%s) adds %s: %v", fx.Title, d.Span.Text(in.Src), d.Code, code, b.Diagnostics)
				}
			}
			fixes++
		}
	}
	t.Logf("%d style flags, %d fixes applied", styled, fixes)
}

// CodeUnmarked is the fidelity check's code, which no style fix may add.
const CodeUnmarked = "unmarked-change"

func isStyle(code string) bool {
	for _, c := range style.Codes {
		if c.Name == code {
			return true
		}
	}
	return false
}
