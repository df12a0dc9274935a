package render

import (
	"bytes"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// FuzzPage renders any article in every view, unsanitized, and checks the
// page as TestXSS does: no element, attribute or address outside the
// allowlist, and properly nested. Run it with
//
//	go test ./internal/render -run '^$' -fuzz FuzzPage
func FuzzPage(f *testing.F) {
	for _, tt := range xss {
		f.Add(tt.src)
	}
	f.Add("*a {++b* c++} d\n\n{--x\n\ny--} [...]\n\n- {++a\n\n  b++}")
	f.Add("{~~a {--b--}~>c {++d++}~~} `{--x--}` {++[a](b)++}")
	f.Fuzz(func(t *testing.T, src string) {
		d := markup.Parse([]byte(src))
		for _, which := range []view.Which{view.Published, view.Original, view.Clean} {
			var b bytes.Buffer
			if err := page(&b, d, Options{View: which}, nil); err != nil {
				t.Fatal(err)
			}
			for _, e := range checkPage(b.String(), nil) {
				t.Errorf("%s view: %s\n%s", which, e, b.String())
			}
		}
	})
}
