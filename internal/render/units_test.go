package render

import (
	"strings"
	"testing"
)

// TestSplitUnits checks where a buffer may be cut into units: only at a
// blank line that ends every block, never inside fenced code or an HTML
// block that may hold blank lines, never before a list item or an indented
// line; and a piece over the limits is shown as text.
func TestSplitUnits(t *testing.T) {
	big := strings.Repeat("word ", unitBytes/8) + "\n\n" // two do not fit in one unit
	tests := []struct {
		name string
		buf  string
		cuts int // pieces f is called with
	}{
		{"paragraphs", "a\n\nb\n\nc\n", 3},
		{"no blank line", "a\nb\nc\n", 1},
		{"list item continues", "- a\n\n- b\n\n  c\n", 1},
		{"ordered item continues", "1. a\n\n2) b\n", 1},
		{"indented line continues", "a\n\n    code\n", 1},
		{"fence holds blank lines", "```\na\n\nb\n```\n\nc\n", 2},
		{"tilde fence", "~~~~\na\n\n~~~\nb\n~~~~\n\nc\n", 2},
		{"backtick in info is no fence", "``` a`b\n\nc\n", 2},
		{"comment holds blank lines", "<!--\na\n\nb\n-->\n\nc\n", 2},
		{"pre holds blank lines", "<PRE>\na\n\nb\n</pre>\n\nc\n", 2},
		{"comment closed on its line", "<!-- a -->\n\nb\n", 2},
		{"thematic break splits", "a\n\n---\n", 2},
		{"blockquote splits", "> a\n\n> b\n", 2},
	}
	for _, tt := range tests {
		n := 0
		forEachPiece([]byte(tt.buf), func(piece) { n++ })
		if n != tt.cuts {
			t.Errorf("%s: %d pieces, want %d", tt.name, n, tt.cuts)
		}
	}
	units := splitUnits([]byte(big + big + "x\n"))
	if len(units) != 2 || units[0].plain || units[1].plain || units[0].end != len(big) || units[1].end != len(big)*2+2 {
		t.Errorf("two big paragraphs: %+v", units)
	}
	units = splitUnits([]byte("a\n\n" + strings.Repeat("[", unitPunct+1) + "\n\nb\n"))
	if len(units) != 3 || !units[1].plain || units[0].plain || units[2].plain {
		t.Errorf("dense paragraph: %+v", units)
	}
}

// TestUnitsRenderAsOne checks that cutting a page into units changes
// nothing a reader sees: a long article renders as its parts rendered
// alone, links find definitions in other units, and a dense paragraph is
// shown as written with a notice.
func TestUnitsRenderAsOne(t *testing.T) {
	para := "A {--cut--} and {++added *words*++} with a [link][ref] in it.\n\n"
	src := strings.Repeat(para, 2*unitBytes/len(para)) + "[ref]: https://example.com/r\n"
	page := render(t, src, 0, "", true)
	if n := strings.Count(page, `<a href="https://example.com/r">link</a>`); n != 2*unitBytes/len(para) {
		t.Errorf("%d links resolved, want %d", n, 2*unitBytes/len(para))
	}
	if n := strings.Count(page, `<ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>added <em>words</em><span class="bp-sr"> [end of addition]</span></ins>`); n != 2*unitBytes/len(para) {
		t.Errorf("%d additions, want %d", n, 2*unitBytes/len(para))
	}
	for _, e := range checkPage(page, nil) {
		t.Error(e)
	}
	dense := "a {++b++}\n\n" + strings.Repeat("[x", unitPunct+1) + " {--c--} {++d++}\n"
	page = render(t, dense, 0, "", true)
	for _, want := range []string{`<p class="bp-notice">`, `<pre class="bp-plain"><span>[x[x`, `<button type="button" class="bp-reveal bp-elision"`, `<ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>d<span class="bp-sr"> [end of addition]</span></ins>`} {
		if !strings.Contains(page, want) {
			t.Errorf("dense page lacks %s", want)
		}
	}
	for _, e := range checkPage(page, nil) {
		t.Error(e)
	}
}

// TestDeepNesting: a block that nests deeper than maxNesting (900 quotes,
// or lists in lists) is shown as written, and the page stays one an HTML
// parser reads whole; one that nests as deep as an article does is
// rendered.
func TestDeepNesting(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		plain     bool
	}{
		{"quotes", "a {++b++}\n\n" + strings.Repeat(">", 900) + " {--c--} d\n", true},
		{"lists", "a {++b++}\n\n" + strings.Repeat("- ", 300) + "{--c--} d\n", true},
		{"shallow quotes", "a {++b++}\n\n" + strings.Repeat(">", 20) + " {--c--} d\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := render(t, tc.src, 0, "", true)
			if got := strings.Contains(page, `<pre class="bp-plain">`); got != tc.plain {
				t.Errorf("shown as written: %v, want %v", got, tc.plain)
			}
			if !strings.Contains(page, `<ins class="bp-added">`) {
				t.Error("the block before lost its addition")
			}
			for _, e := range checkPage(page, nil) {
				t.Error(e)
			}
		})
	}
}
