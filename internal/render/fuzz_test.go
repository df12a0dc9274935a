package render

import (
	"bytes"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// FuzzPage renders any article in every view, unsanitized, with any
// elision text, publisher's name and legend, as a page or a fragment, and
// checks the page as TestXSS does: no element, attribute or address outside the
// allowlist, and properly nested. Run it with
//
//	go test ./internal/render -run '^$' -fuzz FuzzPage
func FuzzPage(f *testing.F) {
	for _, tt := range xss {
		f.Add(tt.src, tt.elision, "", "", false)
	}
	f.Add("*a {++b* c++} d\n\n{--x\n\ny--} [...]\n\n- {++a\n\n  b++}", "", "", "", false)
	f.Add("{~~a {--b--}~>c {++d++}~~} `{--x--}` {++[a](b)++}", "(cut)", "P", "", true)
	f.Add("---\noutlet: O\nurl: https://o.example\npublished: 2025-11-07\n---\na {--b--}{>>biased<<}", "<i>", `"><b>`, "x\n\ny</p>", false)
	f.Fuzz(func(t *testing.T, src, elision, name, legend string, fragment bool) {
		d := markup.Parse([]byte(src))
		for _, which := range []view.Which{view.Published, view.Original, view.Clean} {
			var b bytes.Buffer
			o := Options{View: which, Elision: elision, Fragment: fragment, Publisher: Publisher{Name: name, Legend: legend}}
			if err := page(&b, d, o, nil); err != nil {
				t.Fatal(err)
			}
			if fragment {
				b = *bytes.NewBufferString("<!DOCTYPE html><html><head><title>t</title></head><body>" + b.String() + "</body></html>")
			}
			for _, e := range checkPage(b.String(), nil) {
				t.Errorf("%s view: %s\n%s", which, e, b.String())
			}
		}
	})
}
