package regions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
)

func TestFolds(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"none", "plain\ntext\n", ""},
		{"front matter", "---\ntitle: T\n---\nbody\n", `1 "---\ntitle: T\n---"`},
		{"front matter crlf", "---\r\ntitle: T\r\n---\r\nbody\r\n", `1 "---\r\ntitle: T\r\n---"`},
		{"unclosed front matter", "---\ntitle: T\nbody\n", ""},
		{"short note", "a {>>one\ntwo<<} b\n", ""},
		{"long note", "a {>>one\ntwo\nthree<<}\nb\n", `2 "{>>one\ntwo\nthree<<}"`},
		{"long note, words after", "a {>>one\ntwo\nthree<<} b\n", `2 "{>>one\ntwo\nthree<<}" shared`},
		{"lone cr", "{>>one\rtwo\rthree<<}", `2 "{>>one\rtwo\rthree<<}"`},
		{"not a note", "{++one\ntwo\nthree++}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := markup.Parse([]byte(tt.src))
			var got []string
			for _, f := range Folds(d) {
				s := fmt.Sprintf("%d %q", f.Kind, f.Span.Text(d.Src))
				if f.Shared {
					s += " shared"
				}
				got = append(got, s)
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("Folds(%q) = %s, want %s", tt.src, g, tt.want)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"none", "body", ""},
		{"both", "---\ntitle: T\nurl: https://example.com/a?b=1\noriginal: orig/a.txt\n---\n",
			`"https://example.com/a?b=1"->https://example.com/a?b=1; "orig/a.txt"->orig/a.txt original`},
		{"quoted, original first", "---\noriginal: 'a b.txt'\nurl: \"https://e.com/😀\"\n---\n",
			`"a b.txt"->a b.txt original; "https://e.com/😀"->https://e.com/😀`},
		{"invalid url", "---\nurl: not a url\n---\n", ""},
		{"empty original", "---\noriginal:\n---\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := markup.Parse([]byte(tt.src))
			var got []string
			for _, l := range Links(d) {
				s := fmt.Sprintf("%q->%s", l.Span.Text(d.Src), l.Target)
				if l.Original {
					s += " original"
				}
				got = append(got, s)
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("Links = %s, want %s", g, tt.want)
			}
		})
	}
}
