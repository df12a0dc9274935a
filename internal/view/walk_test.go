package view

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"golang.org/x/tools/txtar"
)

// walkInputs returns the golden inputs and random articles full of marks,
// bare elisions and the junctions the views guard.
func walkInputs(t *testing.T) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "input" {
				out = append(out, f.Data)
			}
		}
	}
	parts := []string{"word", " ", "\n", "\n\n", "{--", "--}", "{++", "++}", "{~~", "~>", "~~}", "{>>", "<<}", "{==", "==}",
		"[...]", "[…]", "[", "]", ".", "~~~", "```", "`", "-", "+", "{", "}", "<", ">", "=", "\\", "---\ntitle: x\n---\n"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for k := rng.Intn(60); k > 0; k-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		out = append(out, []byte(b.String()))
	}
	return out
}

// TestWalkerMapsAsToArticle walks every offset of every view in order and
// asks ToArticle the same, one offset at a time and skipping ahead.
func TestWalkerMapsAsToArticle(t *testing.T) {
	for _, src := range walkInputs(t) {
		d := markup.Parse(src)
		for _, which := range []Which{Original, Published, Clean} {
			v := Build(d, which, Options{})
			for _, step := range []int{1, 3, 17} {
				w := v.Walk()
				for off := -1; off <= len(v.Text)+1; off += step {
					if got, want := w.ToArticle(off), v.ToArticle(off); got != want {
						t.Fatalf("%q %s view, step %d: walker maps %d to %d, ToArticle to %d", src, which, step, off, got, want)
					}
				}
				w = v.Walk()
				for off := 0; off+step <= len(v.Text); off += step {
					s, e := w.Span(off, off+step)
					if s != v.ToArticle(off) || e != v.ToArticle(off+step-1)+1 {
						t.Fatalf("%q %s view: Span(%d, %d) = %d, %d", src, which, off, off+step, s, e)
					}
				}
			}
		}
	}
}
