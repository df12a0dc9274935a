package render

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/view"
)

// TestGolden renders each testdata/*.txtar article ("article" section) in
// the view its "view" section names (published by default) and compares
// the page's <article> with "want". Every page must also pass checkPage.
func TestGolden(t *testing.T) {
	golden.Run(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) string {
		src, _ := golden.Section(ar, "article")
		which := view.Published
		if v, ok := golden.Section(ar, "view"); ok {
			which, _ = view.ParseWhich(strings.TrimSpace(string(v)))
		}
		page := render(t, string(src), which, "", true)
		for _, e := range checkPage(page, nil) {
			t.Error(e)
		}
		start := strings.Index(page, "<article")
		end := strings.Index(page, "</article>")
		if start < 0 || end < start {
			t.Fatalf("no article in\n%s", page)
		}
		return page[start : end+len("</article>\n")]
	})
}
