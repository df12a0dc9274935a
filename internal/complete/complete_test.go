package complete

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cursor marks the offset in a test's text.
const cursor = "⌖"

func split(t *testing.T, s string) ([]byte, int) {
	t.Helper()
	off := strings.Index(s, cursor)
	if off < 0 {
		t.Fatalf("no cursor in %q", s)
	}
	return []byte(s[:off] + s[off+len(cursor):]), off
}

// show writes each item as its edit's byte span and text.
func show(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%d-%d %s", it.Edit.Span.Start, it.Edit.Span.End, it.Edit.New))
	}
	return out
}

var allMarks = func(start, end int) []string {
	var out []string
	for _, p := range []string{"{----}", "{++++}", "{~~~>~~}", "{>><<}", "{====}{>><<}"} {
		out = append(out, fmt.Sprintf("%d-%d %s", start, end, p))
	}
	return out
}

func TestAt(t *testing.T) {
	fm := "---\ntitle: T\n---\n"
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"marks", "A {⌖ b", allMarks(2, 3)},
		{"marks at start", "{⌖", allMarks(0, 1)},
		{"paired brace", "A {⌖} b", allMarks(2, 4)},
		{"after emoji and astral", "😀𐐀 {⌖", allMarks(9, 10)},
		{"after front matter", fm + "{⌖", allMarks(len(fm), len(fm)+1)},
		{"nested in a note", "{>>see {⌖<<}", allMarks(7, 8)},
		{"no brace", "A ⌖b", nil},
		{"existing opener", "A {⌖--x--}", nil},
		{"existing note opener", "{==x==}{⌖>>n<<}", nil},
		{"in a code span", "a `x {⌖ y` b", nil},
		{"in a double code span", "a ``x ` {⌖`` b", nil},
		{"after a code span", "a `x` {⌖", allMarks(6, 7)},
		{"unmatched backtick", "a `x {⌖", allMarks(5, 6)},
		{"code span ends a paragraph before", "a `x\n\n{⌖ `", allMarks(6, 7)},
		{"in a fence", "```\n{⌖\n```\n", nil},
		{"in a tilde fence", "~~~ go\nx {⌖\n~~~\n", nil},
		{"after a fence", "```\nx\n```\n{⌖", allMarks(10, 11)},
		{"in a fence's info string", "```{⌖\n", nil},
		{"in the front matter", "---\ntitle: {⌖\n---\n", nil},
		{"on the opening line", "--⌖-\n---\n", nil},
		{"replacement", "The {~~regime~>⌖~~} fell.", []string{"15-15 government", "15-15 administration"}},
		{"replacement begun", "{~~regime~>gov⌖", []string{"11-14 government", "11-14 administration"}},
		{"replacement capitalised", "{~~Regimes~>⌖", []string{"12-12 Governments", "12-12 Administrations"}},
		{"replacement in a phrase", "{~~the freedom fighters,~>⌖", []string{
			"26-26 the fighters,"}},
		{"replacement after emoji", "😀𐐀 {~~mob~>⌖~~}", []string{"17-17 crowd"}},
		{"replacement in quotes", "{~~“regime”—~>⌖", []string{"20-20 “government”—", "20-20 “administration”—"}},
		{"replacement with a curly apostrophe", "{~~the regime’s~>⌖", nil},
		{"no replacement", "{~~government~>⌖", nil},
		{"arrow of no substitution", "a ~>⌖", nil},
		{"arrow of a closed substitution", "{~~mob~>crowd~~} a ~>⌖", nil},
		{"replacement in code", "`{~~mob~>⌖~~}`", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, off := split(t, tc.text)
			if got := show(At(src, off, Options{})); !slices.Equal(got, tc.want) {
				t.Errorf("At(%q):\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestAtFrontMatter(t *testing.T) {
	files := func() []string { return []string{"original.txt", "Le Monde: 2 mai.html"} }
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"field at line start", "---\ntitle: T\n⌖\n---\n", []string{
			"13-13 outlet: ", "13-13 url: ", "13-13 published: ", "13-13 original: ", "13-13 editor: ", "13-13 tags: ", "13-13 allow: "}},
		{"field begun", "---\nur⌖\ntitle: T\noutlet: O\npublished: x\noriginal: o\neditor: e\ntags: []\n---\n", []string{"4-6 url: ", "4-6 allow: "}},
		{"field in unclosed block", "---\n😀: 𐐀\n⌖", []string{
			"15-15 title: ", "15-15 outlet: ", "15-15 url: ", "15-15 published: ", "15-15 original: ", "15-15 editor: ", "15-15 tags: ", "15-15 allow: "}},
		{"on the closing line", "---\ntitle: T\n⌖---\n", nil},
		{"on the closing line of an empty block", "---\n⌖---\n", nil},
		{"before a key", "---\n⌖title: T\n---\n", nil},
		{"in a value", "---\ntitle: T⌖\n---\n", nil},
		{"original", "---\noriginal: ⌖\n---\n", []string{"14-14 original.txt", `14-14 "Le Monde: 2 mai.html"`}},
		{"original begun", "---\noriginal: or⌖\n---\n", []string{"14-16 original.txt", `14-16 "Le Monde: 2 mai.html"`}},
		{"original quoted", "---\noriginal: \"⌖\n---\n", []string{"15-15 original.txt", "15-15 Le Monde: 2 mai.html"}},
		{"original no space", "---\noriginal:⌖\n---\n", []string{"13-13 original.txt", `13-13 "Le Monde: 2 mai.html"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, off := split(t, tc.text)
			if got := show(At(src, off, Options{Files: files})); !slices.Equal(got, tc.want) {
				t.Errorf("At(%q):\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSnippets(t *testing.T) {
	items := At([]byte("{"), 1, Options{})
	var got []string
	for _, it := range items {
		got = append(got, it.Snippet)
	}
	want := []string{"{--$1--}", "{++$1++}", "{~~$1~>$2~~}", "{>>$1<<}", "{==$1==}{>>$2<<}"}
	if !slices.Equal(got, want) {
		t.Errorf("snippets %q, want %q", got, want)
	}
}
