package tokens

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// show renders tokens as part"text" pairs, for tables that read like the
// article.
func show(src []byte, toks []Token) string {
	var parts []string
	for _, t := range toks {
		parts = append(parts, fmt.Sprintf("%s%q", t.Part, t.Span.Text(src)))
	}
	return strings.Join(parts, " ")
}

func TestOf(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"plain", "no marks at all", ""},
		{"addition", "a {++b++} c", `delimiter"{++" added"b" delimiter"++}"`},
		{"elision", "{--cut--}", `delimiter"{--" cut"cut" delimiter"--}"`},
		{"substitution", "{~~old~>new~~}", `delimiter"{~~" old"old" delimiter"~>" new"new" delimiter"~~}"`},
		{"no arrow", "{~~old~~}", `delimiter"{~~" old"old" delimiter"~~}"`},
		{"empty sides", "{~~~>~~}", `delimiter"{~~" delimiter"~>" delimiter"~~}"`},
		{"note", "{>>n<<}", `delimiter"{>>" note"n" delimiter"<<}"`},
		{"highlight and note", "{==h==}{>>n<<}", `delimiter"{==" highlighted"h" delimiter"==}" delimiter"{>>" note"n" delimiter"<<}"`},
		{"bare", "said [...] and […]", `untracked"[...]" untracked"[…]"`},
		{"unclosed", "a {++open\n\nnext", `delimiter"{++" added"open"`},
		{"nested", "{++a {--b--} c++}", `delimiter"{++" added"a " delimiter"{--" cut"b" delimiter"--}" added" c" delimiter"++}"`},
		{"nested at edges", "{++{--b--}++}", `delimiter"{++" delimiter"{--" cut"b" delimiter"--}" delimiter"++}"`},
		{"nested in new", "{~~a~>b {>>n<<}~~}", `delimiter"{~~" old"a" delimiter"~>" new"b " delimiter"{>>" note"n" delimiter"<<}" delimiter"~~}"`},
		{"multiline", "{>>one\ntwo<<}", `delimiter"{>>" note"one\ntwo" delimiter"<<}"`},
		{"astral", "😀{++𐐀++}", `delimiter"{++" added"𐐀" delimiter"++}"`},
		{"front matter", "---\ntitle: {++x++}\n---\n{++y++}", `delimiter"{++" added"y" delimiter"++}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := markup.Parse([]byte(tt.src))
			if got := show(d.Src, Of(d)); got != tt.want {
				t.Errorf("Of(%q)\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestIn(t *testing.T) {
	src := []byte("{++a++} x {--b--} y {==c==} {++o {--i--} p++}")
	d := markup.Parse(src)
	tests := []struct {
		s    span.Span
		want string
	}{
		{span.Span{Start: 0, End: 0}, ``},
		{span.Span{Start: 0, End: 1}, `delimiter"{++"`},
		{span.Span{Start: 7, End: 10}, ``},
		{span.Span{Start: 6, End: 12}, `delimiter"++}" delimiter"{--"`},
		{span.Span{Start: 20, End: 27}, `delimiter"{==" highlighted"c" delimiter"==}"`},
		{span.Span{Start: 33, End: 34}, `delimiter"{--"`},
		{span.Span{Start: 38, End: 100}, `delimiter"--}" added" p" delimiter"++}"`},
	}
	for _, tt := range tests {
		if got := show(src, In(d, tt.s)); got != tt.want {
			t.Errorf("In(%v) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestDelimiters(t *testing.T) {
	tests := []struct{ src, want string }{
		{"{++a++}", `"{++" "++}"`},
		{"{~~a~>b~~}", `"{~~" "~>" "~~}"`},
		{"{++open", `"{++"`},
		{"x [...]", `"[...]"`},
	}
	for _, tt := range tests {
		d := markup.Parse([]byte(tt.src))
		i := len(d.Marks) - 1
		var got []string
		for _, s := range Delimiters(d, i) {
			got = append(got, fmt.Sprintf("%q", s.Text(d.Src)))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Delimiters(%q) = %s, want %s", tt.src, g, tt.want)
		}
	}
}
