package tokens

import (
	"slices"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// FuzzOf checks, over arbitrary text, that the tokens are ordered, never
// empty nor overlapping, and cover every byte of every mark exactly: what
// an editor needs to colour them.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"{++a {--b--} c++}", "{~~a~>b {>>n<<}~~}", "{++open\n\n{--x--}", "[...] {==h==}{>>n<<}", "{~~a{++~>++}b~~}", "---\nt: 1\n---\n{--"} {
		f.Add(s, uint16(2), uint16(9))
	}
	f.Fuzz(func(t *testing.T, s string, from, to uint16) {
		d := markup.Parse([]byte(s))
		toks := Of(d)
		r := span.Span{Start: min(int(from), len(s)), End: min(int(to), len(s))}
		if got, want := In(d, r), overlapping(toks, r); !slices.Equal(got, want) {
			t.Fatalf("In(%v) = %v, want %v", r, got, want)
		}
		covered := make([]int, len(s))
		last := 0
		for _, tk := range toks {
			if tk.Span.Empty() || tk.Span.Start < last || tk.Part == 0 {
				t.Fatalf("token %v %s after %d", tk.Span, tk.Part, last)
			}
			last = tk.Span.End
			for b := tk.Span.Start; b < tk.Span.End; b++ {
				covered[b]++
			}
		}
		for _, m := range d.Marks {
			for b := m.Span().Start; b < m.Span().End; b++ {
				if covered[b] != 1 {
					t.Fatalf("byte %d of mark %v covered %d times", b, m.Span(), covered[b])
				}
			}
		}
		for i := range d.Marks {
			for _, sp := range Delimiters(d, i) {
				if sp.Empty() || !d.Marks[i].Span().Covers(sp) {
					t.Fatalf("delimiter %v outside mark %v", sp, d.Marks[i].Span())
				}
			}
		}
	})
}
