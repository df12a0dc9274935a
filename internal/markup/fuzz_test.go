package markup_test

import (
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

var fuzzSeeds = []string{
	"",
	"The {--reckless--} council {++of the province++} approved a {~~harsh~>night~~} toll{>>check<<}.",
	"{==Officials said==}{>>from the wire<<} it would last [...] and end […] soon.",
	"{--a\n\nb--} {++c\n\nd",
	"{--a {++b++} c--} {--a {++b++} c",
	"```\n{--a--}\n```\n`{++b++}` \\{--c\\--}",
	"---\ntitle: x\n---\n{~~a~>b~>c~~}{~~a~~}",
	"{{>>n<<}--x",
	"a --} b ++} {--x++}",
	"\xff\xfe{--\xc3--}\r\n\r\n{++\xe2\x80++}",
	"{~~~>~~}{----}{++++}",
	"~~~\n{--\n~~~~\n--}",
}

// FuzzParse checks what must hold for every input: no panic, spans ordered
// and in bounds, views and fixes that never fail, and for an article with
// no problem, an original view free of mark syntax.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := markup.Parse(src)
		n := len(src)
		prev := 0
		for i, m := range d.Marks {
			if m.Span().Start < prev || m.Span().Start < 0 || m.Span().End > n || m.Span().End < m.Span().Start {
				t.Fatalf("mark %d span %v out of order or bounds (len %d)", i, m.Span(), n)
			}
			prev = m.Span().Start
			if !m.Span().Covers(m.Body()) || !m.Span().Covers(m.Open()) || !m.Span().Covers(m.Close()) || !m.Span().Covers(m.Old()) || !m.Span().Covers(m.New()) {
				t.Fatalf("mark %d parts outside its span", i)
			}
			if m.Parent() >= i {
				t.Fatalf("mark %d parent %d after it", i, m.Parent())
			}
		}
		for _, p := range d.Problems {
			if p.Span.Start < 0 || p.Span.End > n || p.Span.End < p.Span.Start {
				t.Fatalf("problem %s span %v out of bounds", p.Code, p.Span)
			}
		}
		diags := rules.Check(d, rules.Options{})
		for _, dg := range diags {
			if dg.Span.Start < 0 || dg.Span.End > n || dg.Span.End < dg.Span.Start {
				t.Fatalf("diagnostic %s span %v out of bounds", dg.Code, dg.Span)
			}
			for _, fx := range dg.Fixes {
				if _, err := span.Apply(src, fx.Edits); err != nil {
					t.Fatalf("fix %q of %s: %v", fx.Title, dg.Code, err)
				}
			}
		}
		if _, err := span.Apply(src, rules.FixAll(diags)); err != nil {
			t.Fatalf("fix all: %v", err)
		}
		views := map[view.Which]*view.View{}
		for _, w := range []view.Which{view.Original, view.Published, view.Clean} {
			v := view.Build(d, w, view.Options{})
			views[w] = v
			for off := 0; off <= len(v.Text); off += 1 + len(v.Text)/64 {
				if a := v.ToArticle(off); a < 0 || a > n {
					t.Fatalf("%s: ToArticle(%d) = %d out of bounds", w, off, a)
				}
			}
		}
		if len(d.Problems) == 0 {
			orig := views[view.Original].Text
			od := markup.Parse(orig)
			for _, m := range od.Marks {
				if m.Kind != markup.BareElision {
					t.Fatalf("original view of a problem-free article holds a mark %q\nview: %q", m.Span().Text(orig), orig)
				}
			}
			if len(od.Problems) > 0 {
				t.Fatalf("original view of a problem-free article has problem %s\nview: %q", od.Problems[0].Code, orig)
			}
		}
	})
}
