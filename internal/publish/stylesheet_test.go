package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/render"
)

// TestStylesheet: an address is linked, a file inlined, and what would
// break the page, or is not a stylesheet, refused with its name.
func TestStylesheet(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	site := write("site.css", "p{color:#111}")
	evil := write("evil.css", "p{}</STYLE><script>x</script>")
	big := write("big.css", strings.Repeat("a", MaxStylesheet+1))
	for _, tt := range []struct {
		arg  string
		want render.Stylesheet
		err  string
	}{
		{"", render.Stylesheet{}, ""},
		{"https://cdn.example/s.css", render.Stylesheet{Href: "https://cdn.example/s.css"}, ""},
		{site, render.Stylesheet{Inline: "p{color:#111}"}, ""},
		{evil, render.Stylesheet{}, `holds "</style"`},
		{big, render.Stylesheet{}, "larger than 1 MiB"},
		{dir, render.Stylesheet{}, "not a regular file"},
		{filepath.Join(dir, "missing.css"), render.Stylesheet{}, "no such file"},
		{"javascript:alert(1)", render.Stylesheet{}, "must be http or https"},
		{"https://u:p@cdn.example/s.css", render.Stylesheet{}, "no user name"},
	} {
		got, err := Stylesheet(tt.arg)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("Stylesheet(%.40q) = %+v, %v; want %+v, %q", tt.arg, got, err, tt.want, tt.err)
		}
	}
}
