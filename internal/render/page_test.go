package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"github.com/bluepencil/bluepencil/internal/wcag"
	"math"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// TestCountsLine checks the counts' wording: singular and plural, kinds
// with none left out, untracked cuts apart, and an article with none.
func TestCountsLine(t *testing.T) {
	tests := []struct {
		c    changes.Counts
		want string
	}{
		{changes.Counts{}, "No changes"},
		{changes.Counts{Notes: 3}, "No changes"},
		{changes.Counts{Cuts: 4, Additions: 2, Changes: 1}, "4 cuts, 2 additions, 1 change"},
		{changes.Counts{Cuts: 1}, "1 cut"},
		{changes.Counts{Additions: 1, Changes: 2}, "1 addition, 2 changes"},
		{changes.Counts{Untracked: 1}, "1 untracked cut"},
		{changes.Counts{Cuts: 2, Untracked: 3}, "2 cuts, 3 untracked cuts"},
	}
	for _, tt := range tests {
		if got := CountsLine(tt.c); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestLegend checks the legend of each view: the default text naming
// the publisher, a publisher's own text as plain paragraphs, and the
// reasons used, counted once for a cut across paragraphs.
func TestLegend(t *testing.T) {
	const src = "A {--b--}{>>biased<<} c {--d\n\ne--}{>>biased<<} f {--g--}{>>flowery<<} {--h--}.\n"
	tests := []struct {
		name      string
		o         Options
		want, not []string
	}{
		{"default", Options{},
			[]string{`<h2>How to read this page</h2>`, `was added or modified by the publisher.`, `marks words the publisher cut`,
				`<strong>unnecessary</strong>:`, `<strong>biased</strong>:`, `<strong>flowery</strong>:`,
				`<p class="bp-reasons-used">Reasons given for cuts in this article: biased (2), flowery (1).</p>`},
			nil},
		{"named", Options{Publisher: Publisher{Name: "The Plain <Ledger>"}, Elision: "(cut)"},
			[]string{`modified by The Plain &lt;Ledger&gt;.`, `<strong>(cut)</strong> marks words The Plain &lt;Ledger&gt; cut`},
			[]string{"the publisher cut"}},
		{"own text", Options{Publisher: Publisher{Legend: "Blue is <new>.\nStill one.\n\n\nCuts are [...]."}},
			[]string{"<p>Blue is &lt;new&gt;. Still one.</p>\n<p>Cuts are [...].</p>\n<p class=\"bp-reasons-used\">"},
			[]string{"<strong>flowery</strong>:"}},
		{"original", Options{View: view.Original},
			[]string{`<footer class="bp-legend" id="bp-legend">`, `<p class="bp-view">This is the original text`},
			[]string{"How to read"}},
		{"clean", Options{View: view.Clean, IDPrefix: "two"},
			[]string{`<footer class="bp-legend" id="two-legend">`, `<p class="bp-view">This is the edited text`},
			[]string{"How to read"}},
	}
	for _, tt := range tests {
		for _, sanitize := range []bool{false, true} {
			page := renderWith(t, src, tt.o, sanitize)
			foot := page[strings.Index(page, "<footer"):]
			holds(t, fmt.Sprintf("%s (sanitized %v): legend", tt.name, sanitize), foot, tt.want, tt.not)
		}
	}
	page := renderWith(t, "No reason {--x--}.", Options{}, true)
	if !strings.Contains(page, "No cut in this article gives a reason.") {
		t.Errorf("no reasons:\n%s", page)
	}
}

// TestProvenance checks the header: the outlet linked only to an http(s)
// address, the date as a time element, the editor and publisher, the
// original's link, the counts.
func TestProvenance(t *testing.T) {
	tests := []struct {
		name, fm  string
		o         Options
		want, not []string
	}{
		{"full", "title: Storm\noutlet: The Courier\nurl: https://courier.example/storm\npublished: 2025-11-07\neditor: Ann Lee",
			Options{Publisher: Publisher{Name: "The Plain Ledger"}, OriginalHref: "storm.original.md"},
			[]string{`<h1 class="bp-title">Storm</h1>`,
				`<p class="bp-source">First published by <a class="bp-outlet" href="https://courier.example/storm">The Courier</a> on <time datetime="2025-11-07">7 November 2025</time>. Edited by Ann Lee for The Plain Ledger.</p>`,
				`<p class="bp-original-link"><a href="storm.original.md">Read the archived original</a></p>`,
				`<p class="bp-counts">1 cut, 1 addition</p>`},
			nil},
		{"unsafe url", "outlet: \"The <Courier>\"\nurl: \"javascript:alert(1)\"\neditor: Ann",
			Options{},
			[]string{`First published by <span class="bp-outlet">The &lt;Courier&gt;</span>. Edited by Ann.`},
			[]string{"javascript", "<a class"}},
		{"relative url", "outlet: C\nurl: /storm\npublished: 2025-13-40",
			Options{Publisher: Publisher{Name: "P"}},
			[]string{`First published by <span class="bp-outlet">C</span>`, ` Edited for P.</p>`},
			[]string{"<time", `href="/storm"`}},
		{"fragment", "title: Storm\noutlet: C", Options{Fragment: true},
			[]string{`<header class="bp-provenance">`},
			[]string{"<h1", "<title", "<!DOCTYPE"}},
	}
	for _, tt := range tests {
		for _, sanitize := range []bool{false, true} {
			page := renderWith(t, "---\n"+tt.fm+"\n---\nA {--b--} {++c++}.\n", tt.o, sanitize)
			holds(t, fmt.Sprintf("%s (sanitized %v): page", tt.name, sanitize), page, tt.want, tt.not)
		}
	}
}

// TestOptionsRefused checks that options that would break the page are
// errors, not silently changed.
func TestOptionsRefused(t *testing.T) {
	bad := map[string]Options{
		"prefix with a quote":  {IDPrefix: `x" onclick="y`},
		"prefix with a digit":  {IDPrefix: "1bp"},
		"prefix with a space":  {IDPrefix: "b p"},
		"prefix too long":      {IDPrefix: "a" + strings.Repeat("b", maxIDPrefix)},
		"style closing":        {Stylesheet: Stylesheet{Inline: "a{}</STYLE><script>x</script>"}},
		"style closing spaced": {Stylesheet: Stylesheet{Inline: "a{}</sTyLe >"}},
		"both stylesheets":     {Stylesheet: Stylesheet{Inline: "a{}", Href: "https://a.example/s.css"}},
		"stylesheet scheme":    {Stylesheet: Stylesheet{Href: "javascript:alert(1)"}},
		"stylesheet relative":  {Stylesheet: Stylesheet{Href: "/s.css"}},
		"stylesheet file":      {Stylesheet: Stylesheet{Href: "file:///etc/passwd"}},
		"stylesheet odd host":  {Stylesheet: Stylesheet{Href: "https://a.example;script-src%20*/s.css"}},
		"stylesheet user":      {Stylesheet: Stylesheet{Href: "https://u:p@a.example/s.css"}},
		"original javascript":  {OriginalHref: "javascript:alert(1)"},
		"original data":        {OriginalHref: " DATA:text/html,x"},
	}
	d := markup.Parse([]byte("a"))
	for name, o := range bad {
		var b strings.Builder
		if err := Render(&b, d, o); err == nil {
			t.Errorf("%s: no error", name)
		} else if b.Len() != 0 {
			t.Errorf("%s: wrote %q before the error", name, b.String())
		}
	}
	good := []Options{{IDPrefix: "a-2"}, {Stylesheet: Stylesheet{Href: "https://cdn.example:8443/s.css?v=1"}},
		{Stylesheet: Stylesheet{Inline: "p{color:red} /* </stylus> */"}}, {OriginalHref: "https://a.example/o.md"}}
	for _, o := range good {
		var b strings.Builder
		if err := Render(&b, d, o); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

// TestStylesheets checks the three ways a page gets its style: built in,
// a site's text inlined in its place, or a link the policy admits.
func TestStylesheets(t *testing.T) {
	colors := Colors{Added: "#123", AddedBackground: "#fefefe", DarkAdded: "red", DarkAddedBackground: "#000;}body{x:y"}
	tests := []struct {
		name      string
		o         Options
		want, not []string
	}{
		{"built in", Options{Publisher: Publisher{Colors: colors}},
			[]string{"<style>\n" + frameStyle + Style + ".bp-page{--bp-added-fg:#123;--bp-added-bg:#fefefe;}\n</style>",
				"style-src 'unsafe-inline'; script-src " + scriptHash + ";"},
			[]string{"red", "body{x", "prefers-color-scheme:dark){.bp-page{--bp-added"}},
		{"inline", Options{Stylesheet: Stylesheet{Inline: "p{color:#333}"}},
			[]string{"<style>\np{color:#333}\n</style>"},
			[]string{"--bp-page-fg"}},
		{"linked", Options{Stylesheet: Stylesheet{Href: "https://cdn.example:8443/s.css?a=1&b=2"}, Publisher: Publisher{Colors: Colors{DarkAdded: "#abcdef"}}},
			[]string{`<link rel="stylesheet" href="https://cdn.example:8443/s.css?a=1&amp;b=2">`,
				"style-src 'unsafe-inline' https://cdn.example:8443; script-src",
				"<style>\n@media (prefers-color-scheme:dark){.bp-page{--bp-added-fg:#abcdef;}}\n</style>"},
			[]string{"--bp-page-fg"}},
	}
	for _, tt := range tests {
		page := renderWith(t, "a {++b++}", tt.o, true)
		holds(t, tt.name+": page", page, tt.want, tt.not)
		for _, e := range checkPage(page, nil) {
			t.Errorf("%s: %s", tt.name, e)
		}
	}
}

// TestScriptHash checks that the policy's hash is the script's, as a
// browser computes it over the script element's text.
func TestScriptHash(t *testing.T) {
	page := render(t, "a {--b--}", view.Published, "", true)
	m := regexp.MustCompile(`<script>((?s).*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no script")
	}
	sum := sha256.Sum256([]byte(m[1]))
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "';"
	if !strings.Contains(page, want) {
		t.Errorf("policy lacks %s", want)
	}
	if strings.Count(page, "<script") != 1 {
		t.Error("more than one script")
	}
	for _, bad := range []string{"innerHTML", "eval(", "document.write", "Function("} {
		if strings.Contains(Script, bad) {
			t.Errorf("script uses %s", bad)
		}
	}
}

// TestFragment checks the fragment: the div alone, no document, style or
// script, ids under the prefix; and that an HTML parser's round trip
// (parse as a body's content, write again) keeps every bp- element and
// adds no script.
func TestFragment(t *testing.T) {
	src := "---\ntitle: T\noutlet: O\nurl: https://o.example/\n---\nA {--b--}{>>biased<<} {++c *d*++} {~~e~>f~~} [...]\n\n{--g\n\nh--} end.\n"
	page := renderWith(t, src, Options{Fragment: true, IDPrefix: "s2"}, true)
	if !strings.HasPrefix(page, `<div class="bp-page">`) || !strings.HasSuffix(page, "</div>\n") {
		t.Errorf("not the div alone:\n%s", page)
	}
	for _, n := range []string{"<html", "<head>", "<body", "<style", "<script", "<h1", "<title", `id="bp-`} {
		if strings.Contains(page, n) {
			t.Errorf("fragment holds %s", n)
		}
	}
	for _, w := range []string{`id="s2-show-all"`, `for="s2-show-all"`, `id="s2-legend"`, `aria-controls="s2-c1"`, `id="s2-c1"`, `id="s2-c4"`, `data-reason="biased"`} {
		if !strings.Contains(page, w) {
			t.Errorf("fragment lacks %s", w)
		}
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(page), body)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, n := range nodes {
		if err := html.Render(&out, n); err != nil {
			t.Fatal(err)
		}
	}
	bp := regexp.MustCompile(`<[a-z0-9]+ [^>]*class="bp-[^"]*"`)
	if got, want := len(bp.FindAllString(out.String(), -1)), len(bp.FindAllString(page, -1)); got != want || want < 20 {
		t.Errorf("round trip keeps %d bp- elements of %d", got, want)
	}
	if strings.Contains(out.String(), "<script") {
		t.Error("round trip holds a script")
	}
	if errs := checkPage("<!DOCTYPE html><html><head><title>t</title></head><body>"+page+"</body></html>", nil); errs != nil {
		t.Error(errs)
	}
}

// TestTwoPrefixes checks that two fragments with their own prefixes share
// no id.
func TestTwoPrefixes(t *testing.T) {
	ids := map[string]bool{}
	id := regexp.MustCompile(` id="([^"]*)"`)
	for _, p := range []string{"one", "two"} {
		page := renderWith(t, "a {--b--} {~~c~>d~~}", Options{Fragment: true, IDPrefix: p}, true)
		for _, m := range id.FindAllStringSubmatch(page, -1) {
			if ids[m[1]] {
				t.Errorf("id %s twice", m[1])
			}
			ids[m[1]] = true
		}
	}
	if len(ids) != 8 {
		t.Errorf("%d ids: %v", len(ids), ids)
	}
}

// TestSplitRegions checks that a highlight split into several <ins>
// opens its screen-reader text on the first and closes it on the last,
// and that a change's button follows its last.
func TestSplitRegions(t *testing.T) {
	tests := []struct{ src, want string }{
		{"*a {++b* c++} d", `<em>a <ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>b</ins></em><ins class="bp-added"> c<span class="bp-sr"> [end of addition]</span></ins> d`},
		{"{~~x~>a *b* c~~} d", `<ins class="bp-changed"><span class="bp-sr">[changed by the publisher] </span>a <em>b</em> c<span class="bp-sr"> [end of change]</span></ins><button`},
		{"{~~x~>a **b~~} c**", `<ins class="bp-changed"><span class="bp-sr">[changed by the publisher] </span>a </ins><strong><ins class="bp-changed">b<span class="bp-sr"> [end of change]</span></ins><button`},
		{"{~~x~>a {++b++} c~~}", `<ins class="bp-changed"><span class="bp-sr">[changed by the publisher] </span>a </ins><ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>b<span class="bp-sr"> [end of addition]</span></ins><ins class="bp-changed"> c<span class="bp-sr"> [end of change]</span></ins><button`},
		{"{++a [l](https://x.example)++}", `<ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>a <a href="https://x.example">l</a><span class="bp-sr"> [end of addition]</span></ins>`},
		{"{++a\n\nb++}", "<ins class=\"bp-added\"><span class=\"bp-sr\">[added by the publisher] </span>a</ins></p>\n<p><ins class=\"bp-added\">b<span class=\"bp-sr\"> [end of addition]</span></ins>"},
	}
	for _, tt := range tests {
		page := render(t, tt.src, view.Published, "", true)
		if !strings.Contains(page, tt.want) {
			a := strings.Index(page, "<article")
			t.Errorf("%q: page lacks\n%s\n%s", tt.src, tt.want, page[a:])
		}
		for _, w := range []string{"[added by the publisher]", "[end of addition]", "[changed by the publisher]", "[end of change]"} {
			if n := strings.Count(tt.src, "{++") + strings.Count(tt.src, "{~~"); n > 0 && strings.Count(page, w) > n {
				t.Errorf("%q: %s %d times", tt.src, w, strings.Count(page, w))
			}
		}
	}
}

// TestContrast checks every colour pair the built-in stylesheet declares
// at WCAG AA (4.5:1), in the light scheme and the dark one: --bp-NAME-fg
// on --bp-NAME-bg, or on --bp-page-bg when NAME has no background.
func TestContrast(t *testing.T) {
	decl := regexp.MustCompile(`--bp-([a-z-]+?)-(fg|bg):(#[0-9a-fA-F]{3,6})`)
	parse := func(block string) map[string]string {
		vars := map[string]string{}
		for _, m := range decl.FindAllStringSubmatch(block, -1) {
			vars[m[1]+"-"+m[2]] = m[3]
		}
		return vars
	}
	darkAt := strings.Index(Style, "@media (prefers-color-scheme:dark)")
	if darkAt < 0 {
		t.Fatal("no dark scheme")
	}
	light := parse(Style[:darkAt])
	dark := parse(Style[darkAt : darkAt+strings.Index(Style[darkAt:], "}}")])
	for k, v := range light {
		if _, ok := dark[k]; !ok {
			t.Errorf("dark scheme keeps the light %s (%s)", k, v)
		}
	}
	checked := 0
	for scheme, vars := range map[string]map[string]string{"light": light, "dark": dark} {
		for k, fg := range vars {
			name, ok := strings.CutSuffix(k, "-fg")
			if !ok {
				continue
			}
			bg, ok := vars[name+"-bg"]
			if !ok {
				bg = vars["page-bg"]
			}
			if r := contrast(t, fg, bg); r < 4.5 {
				t.Errorf("%s: --bp-%s %s on %s is %.2f:1", scheme, k, fg, bg, r)
			}
			checked++
		}
	}
	if checked < 16 {
		t.Errorf("only %d pairs", checked)
	}
	if r := contrast(t, "#767676", "#fff"); math.Abs(r-4.54) > 0.01 {
		t.Errorf("the formula: #767676 on white is %.3f, want 4.54", r)
	}
}

// contrast returns the WCAG 2 contrast ratio of two #rgb or #rrggbb
// colours, by internal/wcag's formula.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	r, err := wcag.RatioOf(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestColorStyle checks that a publisher's colours reach the page only
// as #rgb or #rrggbb.
func TestColorStyle(t *testing.T) {
	tests := []struct {
		c    Colors
		want string
	}{
		{Colors{}, ""},
		{Colors{Added: "#1e3a8a", AddedBackground: "#DBEAFE"}, ".bp-page{--bp-added-fg:#1e3a8a;--bp-added-bg:#DBEAFE;}\n"},
		{Colors{DarkAdded: "#fff", DarkAddedBackground: "#000"}, "@media (prefers-color-scheme:dark){.bp-page{--bp-added-fg:#fff;--bp-added-bg:#000;}}\n"},
		{Colors{Added: "blue", AddedBackground: "#12345", DarkAdded: "#fff}body{x:y", DarkAddedBackground: "#0000"}, ""},
		{Colors{Added: " #fff", AddedBackground: "#fff\n"}, ""},
	}
	for _, tt := range tests {
		if got := colorStyle(tt.c); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestPrintAndPhone checks the stylesheet's print and narrow-screen rules
// that the browser tests cannot see on screen.
func TestPrintAndPhone(t *testing.T) {
	for _, w := range []string{
		`del.bp-cut-words::before{content:"["}`, `del.bp-old::before{content:" [was: "}`,
		`.bp-reveal,.bp-controls{display:none!important}`, `min-width:24px;min-height:24px`,
		`overflow-wrap:anywhere`, `img{max-width:100%`,
	} {
		if !strings.Contains(Style, w) {
			t.Errorf("stylesheet lacks %s", w)
		}
	}
	if strings.Count(Style, "{") != strings.Count(Style, "}") {
		t.Error("stylesheet's braces do not balance")
	}
}

// TestOneSidedSubstitution checks that a substitution with a blank side
// reads as what it is: with no new words, a cut the reader can reveal;
// with no old words, an addition with no "was".
func TestOneSidedSubstitution(t *testing.T) {
	page := render(t, "A {~~gone words~>~~} b {~~ ~>new~~} c.", view.Published, "", true)
	for _, w := range []string{
		`<button type="button" class="bp-reveal bp-elision" aria-expanded="false" aria-controls="bp-c1" aria-label="[...] (cut by the publisher)" title="Cut by the publisher: show the words">[...]`,
		`<span class="bp-sr">[cut words] </span>gone words<span class="bp-sr"> [end of cut]</span></del> b `,
		`<ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>new<span class="bp-sr"> [end of addition]</span></ins> c.`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}
	if strings.Contains(page, "bp-was") {
		t.Error("a substitution without old words has a was button")
	}
}
