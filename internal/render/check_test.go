package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// allowed lists the elements a page may hold and the attributes each may
// carry: the page's frame, what goldmark writes and bluepencil's marks. It
// is written out again here, apart from the sanitizer's policy, so that a
// change to one is caught by the other.
var allowed = map[string][]string{
	"html": {"lang"}, "head": nil, "meta": {"charset", "name", "content", "http-equiv"}, "title": nil, "style": nil, "body": nil,
	"link": {"rel", "href"}, "script": nil, "div": {"class"}, "footer": {"class", "id"}, "label": {"for"},
	"time": {"datetime"}, "button": {"type", "class", "aria-expanded", "aria-controls", "data-reason", "aria-label", "title"},
	"header": {"class"}, "article": {"class"},
	"p": {"class"}, "h1": {"class"}, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"blockquote": nil, "pre": {"class"}, "code": {"class"}, "ol": {"start"}, "li": nil,
	"hr": nil, "br": nil, "em": nil, "strong": nil, "del": {"class", "id"},
	"ul": {"class"}, "table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"align"}, "td": {"align"},
	"a": {"href", "title", "class"}, "img": {"src", "alt", "title"}, "input": {"type", "checked", "disabled", "id", "class"},
	"span": {"class", "title"}, "ins": {"class"},
}

// render returns the page of src's view which, sanitized or not.
func render(t testing.TB, src string, which view.Which, elision string, sanitize bool) string {
	t.Helper()
	return renderWith(t, src, Options{View: which, Elision: elision}, sanitize)
}

// renderWith returns the page of src as o says, sanitized or not.
func renderWith(t testing.TB, src string, o Options, sanitize bool) string {
	t.Helper()
	var b bytes.Buffer
	pol := policy()
	if !sanitize {
		pol = nil
	}
	if err := page(&b, markup.Parse([]byte(src)), o, pol); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// holds reports each string of want that page lacks and each of not that
// it holds, as errors that start with what.
func holds(t *testing.T, what, page string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q\n%s", what, w, page)
		}
	}
	for _, n := range not {
		if strings.Contains(page, n) {
			t.Errorf("%s holds %q", what, n)
		}
	}
}

// checkPage parses page as a browser would and reports every element or
// attribute outside the allowlist, every event handler, every address
// with a scheme other than http, https or mailto, every word of words the
// reader cannot see, and any place where the parser had to repair the
// nesting.
func checkPage(page string, words []string) []string {
	var errs []string
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if isSR(n) {
			// Screen-reader text, visually hidden: check its elements, but
			// the words a reader sees are the others.
			defer func(n int) { text2 := text.String()[:n]; text.Reset(); text.WriteString(text2) }(text.Len())
		}
		switch n.Type {
		case html.ElementNode:
			errs = append(errs, checkElement(n)...)
		case html.TextNode:
			if n.Parent != nil && n.Parent.DataAtom == atom.Script && n.Data != Script {
				errs = append(errs, fmt.Sprintf("a script not ours: %.60q", n.Data))
			}
			if n.Parent == nil || n.Parent.DataAtom != atom.Style && n.Parent.DataAtom != atom.Script {
				text.WriteString(n.Data)
			}
		case html.CommentNode:
			errs = append(errs, fmt.Sprintf("comment <!--%s-->", n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	seen := strings.Join(strings.Fields(text.String()), " ")
	for _, w := range words {
		if !strings.Contains(seen, strings.Join(strings.Fields(w), " ")) {
			errs = append(errs, fmt.Sprintf("reader cannot see %q", w))
		}
	}
	return append(errs, checkNesting(page, doc)...)
}

// isSR reports whether n is visually hidden screen-reader text.
func isSR(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom != atom.Span {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == "class" && a.Val == "bp-sr" {
			return true
		}
	}
	return false
}

func checkElement(n *html.Node) []string {
	var errs []string
	attrs, ok := allowed[n.Data]
	if !ok || n.Namespace != "" {
		errs = append(errs, fmt.Sprintf("element <%s> (namespace %q)", n.Data, n.Namespace))
	}
	for _, a := range n.Attr {
		if strings.HasPrefix(strings.ToLower(a.Key), "on") {
			errs = append(errs, fmt.Sprintf("event handler %s=%q on <%s>", a.Key, a.Val, n.Data))
		}
		if !contains(attrs, a.Key) || a.Namespace != "" {
			errs = append(errs, fmt.Sprintf("attribute %s=%q on <%s>", a.Key, a.Val, n.Data))
		}
		if (a.Key == "href" || a.Key == "src") && !safeURL(a.Val, linkSchemes) {
			errs = append(errs, fmt.Sprintf("address %s=%q on <%s>", a.Key, a.Val, n.Data))
		}
	}
	return errs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkNesting compares the elements of the page as written (a stack of
// the tokenizer's start and end tags, which must match) with the tree an
// HTML parser builds from it: each element at the same depth, in the same
// order. A mis-nested or misplaced tag makes the parser close, reopen or
// move elements, and the two disagree.
func checkNesting(page string, doc *html.Node) []string {
	var written []string
	var stack []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return []string{z.Err().Error()}
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			written = append(written, fmt.Sprintf("%d:%s", len(stack), tok.Data))
			if !void(tok.DataAtom) {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				return []string{fmt.Sprintf("</%s> closes %v", tok.Data, stack)}
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		return []string{fmt.Sprintf("unclosed %v", stack)}
	}
	var parsed []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if n.Type == html.ElementNode {
			parsed = append(parsed, fmt.Sprintf("%d:%s", depth, n.Data))
			depth++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth)
		}
	}
	walk(doc, 0)
	if strings.Join(written, " ") != strings.Join(parsed, " ") {
		return []string{fmt.Sprintf("the parser rebuilt the tree:\nwritten %v\nparsed  %v", written, parsed)}
	}
	return nil
}

func void(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Hr, atom.Img, atom.Input, atom.Meta, atom.Link:
		return true
	}
	return false
}

// TestCheckPage checks the checker: each page breaks one rule.
func TestCheckPage(t *testing.T) {
	const frame = "<!DOCTYPE html><html><head><title>t</title></head><body>%s</body></html>"
	bad := map[string]string{
		"element":    "<section>x</section>",
		"handler":    `<p onclick="x">x</p>`,
		"attribute":  `<p style="x">x</p>`,
		"address":    `<a href=" JavaScript:x">x</a>`,
		"mis-nested": "<p><em><ins>x</em></ins></p>",
		"misplaced":  "<p><ul><li>x</li></ul></p>",
		"unclosed":   "<p><em>x</p>",
		"namespace":  "<svg><a href=x>x</a></svg>",
		"words":      "<p>y</p>",
	}
	for name, body := range bad {
		if errs := checkPage(fmt.Sprintf(frame, body), []string{"x"}); len(errs) == 0 {
			t.Errorf("%s: %s passed", name, body)
		}
	}
	if errs := checkPage(fmt.Sprintf(frame, `<p><em><ins class="bp-added">x</ins></em></p>`), []string{"x"}); errs != nil {
		t.Errorf("good page: %v", errs)
	}
}
