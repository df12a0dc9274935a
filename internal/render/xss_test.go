package render

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/view"
)

// xss lists hostile articles: each must render to a page with no element,
// attribute or address outside the allowlist, while the reader still sees
// the words (a raw tag is shown as the text it is, a refused link keeps its
// words). not lists text that must not reach the page at all, such as a
// note.
var xss = []struct {
	name, src, elision string
	words, not         []string
}{
	{name: "raw img in an addition", src: `a {++<img src=x onerror="alert(1)">++} b`,
		words: []string{`a <img src=x onerror="alert(1)"> b`}},
	{name: "javascript link in a cut", src: `a {--[click](javascript:alert(1))--} b`,
		words: []string{"[click](javascript:alert(1))"}},
	{name: "javascript link", src: `[click](javascript:alert(1))`, words: []string{"click"}},
	{name: "case-obfuscated scheme", src: `[click](JaVaScRiPt:alert(1))`, words: []string{"click"}},
	{name: "hex entity in scheme", src: `[click](jav&#x61;script:alert(1))`, words: []string{"click"}},
	{name: "named entity colon", src: `[click](javascript&colon;alert(1))`, words: []string{"click"}},
	{name: "tab entity in scheme", src: `[click](java&#9;script:alert(1))`, words: []string{"click"}},
	{name: "newline entity in scheme", src: `[click](java&#10;script:alert(1))`, words: []string{"click"}},
	{name: "leading control character", src: `[click](&#1;javascript:alert(1))`, words: []string{"click"}},
	{name: "pointy-bracket destination", src: `[click](< javascript:alert(1)>)`, words: []string{"click"}},
	{name: "vbscript link", src: `[click](vbscript:msgbox(1))`, words: []string{"click"}},
	{name: "data link", src: `[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, words: []string{"click"}},
	{name: "data image", src: `![a chart](data:image/png;base64,iVBORw0KGgo=)`, words: []string{"a chart"}},
	{name: "svg data image", src: `![a chart](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`, words: []string{"a chart"}},
	{name: "javascript image", src: `![a chart](javascript:alert(1))`, words: []string{"a chart"}},
	{name: "javascript autolink", src: `<javascript:alert(1)>`, words: []string{"javascript:alert(1)"}},
	{name: "vbscript autolink", src: `<VBScript:msgbox(1)>`, words: []string{"VBScript:msgbox(1)"}},
	{name: "reference definition", src: "[click][r]\n\n[r]: javascript:alert(1)", words: []string{"click"}},
	{name: "reference title with quotes", src: "[click][r]\n\n[r]: https://example.com \"t\\\" onmouseover=alert(1)\"", words: []string{"click"}},
	{name: "link title with quotes", src: `[click](https://example.com "a\" onmouseover=\"alert(1)")`, words: []string{"click"}},
	{name: "image description with quotes", src: `![a" onerror="alert(1)](https://example.com/a.png)`},
	{name: "script block", src: "<script>alert(1)</script>", words: []string{"<script>alert(1)</script>"}},
	{name: "svg onload", src: "<svg onload=alert(1)>", words: []string{"<svg onload=alert(1)>"}},
	{name: "math mglyph", src: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", words: []string{"<math><mtext>"}},
	{name: "style block", src: "<style>body{background:url(javascript:alert(1))}</style>", words: []string{"<style>body"}},
	{name: "iframe", src: `<iframe src="javascript:alert(1)"></iframe>`, words: []string{`<iframe src="javascript:alert(1)">`}},
	{name: "object", src: `x <object data="javascript:alert(1)"></object>`, words: []string{`<object data="javascript:alert(1)">`}},
	{name: "form", src: `<form action="javascript:alert(1)"><button>go</button></form>`, words: []string{"<button>go</button>"}},
	{name: "html comment", src: "<!-- <script>alert(1)</script> -->", words: []string{"<!-- <script>alert(1)</script> -->"}},
	{name: "cdata", src: "<![CDATA[<script>alert(1)</script>]]>", words: []string{"<![CDATA[<script>"}},
	{name: "inline anchor", src: `a <a href="javascript:alert(1)">b</a> c`, words: []string{`a <a href="javascript:alert(1)">b</a> c`}},
	{name: "mark inside a link", src: `[a {++<b onmouseover=alert(1)>++}](https://example.com)`, words: []string{"a <b onmouseover=alert(1)>"}},
	{name: "link inside a mark", src: `{++[click](javascript:alert(1))++}`, words: []string{"click"}},
	{name: "cut inside an address", src: `[a](https://example.com/{--"><script>alert(1)</script>--})`, words: []string{"a"}},
	{name: "old text holding html", src: `{~~<script>alert(1)</script>~>new~~}`, words: []string{"new"}},
	{name: "new text holding html", src: `{~~old~><img src=x onerror=alert(1)>~~}`, words: []string{"<img src=x onerror=alert(1)>"}},
	{name: "cut across paragraphs holding html", src: "{--<b>\n\n<i onclick=x>--} after", words: []string{"<b>", "<i onclick=x>", "after"}},
	{name: "note holding html", src: `a{>><script>alert(1)</script><<} b`, words: []string{"a b"}, not: []string{"alert"}},
	{name: "table cell holding html", src: "| <b onclick=x>a</b> | b |\n|---|---|\n| c | d |", words: []string{"<b onclick=x>a</b>"}},
	{name: "code span holding html", src: "`<script>alert(1)</script>`", words: []string{"<script>alert(1)</script>"}},
	{name: "fence info string", src: "```\" onmouseover=\"alert(1)\n<script>\n```", words: []string{"<script>"}},
	{name: "emphasis around html", src: `*<img src=x onerror=alert(1)>*`, words: []string{"<img src=x onerror=alert(1)>"}},
	{name: "bare elision as link text", src: `[...](javascript:alert(1))`, words: []string{"..."}},
	{name: "NUL bytes forging sentinels", src: "a\x00E b\x00BBBB c\x00", words: []string{"a\uFFFDE b\uFFFDBBBB c\uFFFD"}},
	{name: "front matter holding html", src: "---\ntitle: \"<script>alert(1)</script>\"\noutlet: \"<b onmouseover=alert(1)>x</b>\"\nurl: \"javascript:alert(1)\"\neditor: \"<img src=x onerror=alert(1)>\"\n---\nbody",
		words: []string{"<script>alert(1)</script>", "<b onmouseover=alert(1)>x</b>", "<img src=x onerror=alert(1)>"}},
	{name: "elision text holding html", src: "a {--b--} c", elision: `<img src=x onerror=alert(1)>`, words: []string{"a <img src=x onerror=alert(1)>b c"}},
	{name: "linkified address", src: `see www.example.com/"onmouseover="alert(1) now`, words: []string{"see www.example.com/"}},
	{name: "reason note breaking out of its attribute", src: `a {--x--}{>>biased" onclick="alert(1)<<} b`,
		words: []string{"a [...]x b"}, not: []string{"onclick", "alert"}},
	{name: "reason note holding markup", src: `a {--x--}{>><b onclick=alert(1)>flowery</b><<} b`,
		words: []string{"a [...]x b"}, not: []string{"data-reason", "onclick", "<b "}},
	{name: "outlet breaking out", src: "---\noutlet: \"\\\"><script>alert(1)</script>\"\nurl: \"https://a.example/\\\"><script>alert(2)</script>\"\npublished: 2025-11-07\n---\nbody",
		words: []string{`First published by "><script>alert(1)</script> on 7 November 2025.`}},
	{name: "safe link kept", src: `[ok](https://example.com/a?b=c&d=e "t") and <mailto:a@example.com>`, words: []string{"ok and mailto:a@example.com"}},
}

// TestXSS checks each hostile article in every view, with and without the
// sanitizer: the renderer must be safe alone.
func TestXSS(t *testing.T) {
	for _, tt := range xss {
		for _, which := range []view.Which{view.Published, view.Original, view.Clean} {
			for _, sanitize := range []bool{false, true} {
				page := render(t, tt.src, which, tt.elision, sanitize)
				var words []string
				if which == view.Published {
					words = tt.words
				}
				for _, e := range checkPage(page, words) {
					t.Errorf("%s, %s view, sanitized %v: %s", tt.name, which, sanitize, e)
				}
				for _, n := range tt.not {
					if strings.Contains(page, n) {
						t.Errorf("%s, %s view: page holds %q", tt.name, which, n)
					}
				}
			}
		}
	}
	if len(xss) < 30 {
		t.Errorf("only %d vectors", len(xss))
	}
}

// TestXSSOptions checks hostile configuration: a publisher's name, legend
// and colours, an elision text. The page must stay inside the allowlist
// with and without the sanitizer, and the reader must see the text.
func TestXSSOptions(t *testing.T) {
	hostile := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	o := Options{
		Elision:   hostile,
		Publisher: Publisher{Name: hostile, Colors: Colors{Added: "#fff;}</style><script>alert(3)</script>"}},
	}
	src := "---\neditor: \"<b onclick=x>Ed</b>\"\n---\na {--b--}{>>flowery<<} c"
	for _, sanitize := range []bool{false, true} {
		for _, legend := range []string{"", "Own <legend onclick=x>\n\n</footer><script>alert(4)</script>"} {
			o.Publisher.Legend = legend
			for _, fragment := range []bool{false, true} {
				o.Fragment = fragment
				page := renderWith(t, src, o, sanitize)
				words := []string{"Edited by <b onclick=x>Ed</b> for " + hostile, "a " + hostile}
				if legend != "" {
					words = append(words, "</footer><script>alert(4)</script>")
				} else {
					words = append(words, "modified by "+hostile)
				}
				if fragment {
					page = "<!DOCTYPE html><html><head><title>t</title></head><body>" + page + "</body></html>"
				}
				for _, e := range checkPage(page, words) {
					t.Errorf("sanitized %v, legend %q, fragment %v: %s", sanitize, legend, fragment, e)
				}
				if strings.Contains(page, "alert(3)") {
					t.Error("a colour reached the page")
				}
			}
		}
	}
}

// TestSafeKept checks that what is safe still works: a link to https keeps
// its address and title, a mailto autolink its scheme.
func TestSafeKept(t *testing.T) {
	page := render(t, xss[len(xss)-1].src, view.Published, "", true)
	for _, want := range []string{`href="https://example.com/a?b=c&amp;d=e"`, `title="t"`, `href="mailto:a@example.com"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s\n%s", want, page)
		}
	}
}
