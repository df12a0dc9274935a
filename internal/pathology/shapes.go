package pathology

import (
	"bytes"
	"strconv"
	"strings"
)

// Shape is one pathological input, generated at any size.
type Shape struct {
	Name string
	Gen  func(n int) []byte
}

// repeat returns a shape that repeats unit up to n bytes.
func repeat(unit string) Shape {
	return Shape{Name: "repeat " + strconv.Quote(unit), Gen: func(n int) []byte {
		k := max(1, n/len(unit))
		return bytes.Repeat([]byte(unit), k)
	}}
}

// Shapes returns every shape the tests run.
func Shapes() []Shape {
	var out []Shape
	// A run of each byte the parser, the views or Markdown treat specially.
	for _, c := range "{}\\`[]~\n\r\t -+<>=*_#!()|.:&" {
		out = append(out, repeat(string(c)))
	}
	for _, u := range []string{
		"{--", "{++", "{~~", "{>>", "{==", "--}", "++}", "~~}", "<<}", "==}", "~>", "{~~a~>", "{~~a~>b~>",
		"{++a++}", "{--a--}", "{~~a~>b~~}", "{>>a<<}", "{==a==}{>>b<<}", "[...]", "[…]", "[...](",
		"{--a\n\n", "\n\n{--", "{--a\n\n[...]", "{~~a\n\n~>", "{--{++{~~", "{{--", "--}}", "\\{--", "\\\\{--",
		"`x", "``x", "`{--`", "{++`++}", "x{--y--}x", "```\n", "~~~\n", "```x`\n", "    ```\n",
		"\r\n", "\r\n\r\n", " \n", "- ", "> ", "# ", "1. ", "* ", "---\n", "a ", "word ", "{--a ", "{--x\n",
		"<!--", "-->", "<b>", "&amp;", "[a](b)", "![a](b)", "[a]: b\n", "*a", "_a", "**a", "<http://a>",
	} {
		out = append(out, repeat(u))
	}
	out = append(out,
		Shape{"backtick runs of growing width", func(n int) []byte {
			var b bytes.Buffer
			for w := 1; b.Len() < n; w++ {
				b.WriteString(strings.Repeat("`", w))
				b.WriteString("x")
			}
			return b.Bytes()
		}},
		Shape{"deeply nested closed marks", func(n int) []byte {
			k := n / 6
			return []byte(strings.Repeat("{--", k) + "x" + strings.Repeat("--}", k))
		}},
		Shape{"nested substitutions with empty sides", func(n int) []byte {
			k := n / 10
			return []byte(strings.Repeat("{~~", k) + "x" + strings.Repeat("~>~~}", k))
		}},
		Shape{"many marks nested in one", func(n int) []byte {
			return []byte("{--" + strings.Repeat("{++a++} ", n/8) + "--}")
		}},
		Shape{"one mark spanning many paragraphs", func(n int) []byte {
			return []byte("{--" + strings.Repeat("a\n\n", n/3) + "--}")
		}},
		Shape{"front matter then newlines", func(n int) []byte {
			return []byte("---\ntitle: T\n---\n" + strings.Repeat("\n", n))
		}},
		Shape{"unclosed front matter", func(n int) []byte {
			return []byte("---\n" + strings.Repeat("a: b\n", n/5))
		}},
	)
	return out
}
