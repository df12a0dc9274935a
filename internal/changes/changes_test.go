package changes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// show prints an outline one entry a line, indented by depth, with the
// text each entry's spans cover.
func show(src []byte, es []Entry, depth int, b *strings.Builder) {
	for _, e := range es {
		fmt.Fprintf(b, "%s%s [%q]\n", strings.Repeat("  ", depth), e.Label, e.Name.Text(src))
		show(src, e.Children, depth+1, b)
	}
}

func TestOutline(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"kinds", "The {--ferocious --}storm {++of West Arden ++}hit {~~on Sunday night~>on the night of 2 November~~}.{>>checked<<} Then [...] and {==this==}.\n",
			`Cut: "ferocious" ["{--ferocious --}"]
Added: "of West Arden" ["{++of West Arden ++}"]
Changed: "on Sunday night" → "on the night of 2 November" ["{~~on Sunday night~>on the night of 2 November~~}"]
Note: "checked" ["{>>checked<<}"]
Untracked cut: [...] ["[...]"]
`},
		{"headings nest", "---\ntitle: x\n---\n# One\na {--b--}\n## Two\n{++c++}\n# Three\nd [...]\n",
			`One ["# One"]
  Cut: "b" ["{--b--}"]
  Two ["## Two"]
    Added: "c" ["{++c++}"]
Three ["# Three"]
  Untracked cut: [...] ["[...]"]
`},
		{"setext and fences", "Title\n=====\n\n```\n# not a heading\n```\nSub {++x++}\n---\n\n- item\n---\n",
			`Title ["Title\n====="]
  Sub x ["Sub {++x++}\n---"]
    Added: "x" ["{++x++}"]
`},
		{"nested marks", "{++an {>>why?<<} addition++}",
			`Added: "an addition" ["{++an {>>why?<<} addition++}"]
  Note: "why?" ["{>>why?<<}"]
`},
		{"long and multi-line", "{--" + strings.Repeat("word ", 20) + "\nmore--} 😀𐐀 {~~" + strings.Repeat("a", 40) + "~>b~~}",
			`Cut: "word word word word word word word word word word word word…" ["{--word word word word word word word word word word word word word word word word word word word word \nmore--}"]
Changed: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" → "b" ["{~~aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa~>b~~}"]
`},
		{"atx closing and empty", "#\n### Closed ###\n####### seven\n    # code\n#hashtag\n",
			`(empty heading) ["#"]
  Closed ["### Closed ###"]
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := markup.Parse([]byte(tt.src))
			var b strings.Builder
			show(d.Src, Outline(d), 0, &b)
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		label, query string
		want         bool
	}{
		{`Cut: "ferocious"`, "", true},
		{`Cut: "ferocious"`, "FERO", true},
		{`Cut: "ferocious"`, "cut fer", true},
		{`Cut: "ferocious"`, "added", false},
		{`Changed: "Sunday" → "Monday"`, "monday sun", true},
	}
	for _, tt := range tests {
		if got := Match(tt.label, tt.query); got != tt.want {
			t.Errorf("Match(%q, %q) = %v", tt.label, tt.query, got)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		c        Counts
		f        Fidelity
		unmarked int
		want     string
	}{
		{Counts{Cuts: 3, Additions: 2, Changes: 1, Notes: 2}, Matches, 0, "3 cuts · 2 additions · 1 change · 2 notes · matches the original"},
		{Counts{Cuts: 1, Untracked: 2}, Unmarked, 4, "1 cut · 2 untracked cuts · 4 unmarked changes"},
		{Counts{}, NoOriginal, 0, "no marked changes"},
		{Counts{Notes: 1}, TooDifferent, 0, "1 note · too different from the original to compare"},
	}
	for _, tt := range tests {
		if got := tt.c.Summary(tt.f, tt.unmarked); got != tt.want {
			t.Errorf("%+v.Summary = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	d := markup.Parse([]byte("{--a--}{--b--} {++c++} {~~d~>e~~} {>>f<<} [...] {==g==}"))
	want := Counts{Cuts: 2, Additions: 1, Changes: 1, Notes: 1, Untracked: 1}
	if got := Count(d); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
}

// FuzzOutline checks, over any text, that every entry has a non-empty
// label on one line and spans inside the article, and that a parent's
// span holds its children's, as LSP requires of document symbols.
func FuzzOutline(f *testing.F) {
	for _, s := range []string{"# a\n{--b--}", "T\n==\n{~~a~>b~~}", "```\n# x\n```\n[...]", "{++a {>>b<<}++}\n---\n", "\xff#\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := markup.Parse([]byte(s))
		var check func(es []Entry, outer Entry, top bool)
		check = func(es []Entry, outer Entry, top bool) {
			for _, e := range es {
				if strings.TrimSpace(e.Label) == "" || strings.ContainsAny(e.Label, "\n\r") {
					t.Fatalf("label %q", e.Label)
				}
				if e.Span.Start < 0 || e.Span.End > len(s) || e.Span.Start > e.Span.End || !e.Span.Contains(e.Name.Start) || e.Name.End > e.Span.End {
					t.Fatalf("spans %v %v of %q", e.Span, e.Name, e.Label)
				}
				if !top && (e.Span.Start < outer.Span.Start || e.Span.End > outer.Span.End) {
					t.Fatalf("%q %v outside its parent %q %v", e.Label, e.Span, outer.Label, outer.Span)
				}
				check(e.Children, e, false)
			}
		}
		check(Outline(d), Entry{}, true)
	})
}
