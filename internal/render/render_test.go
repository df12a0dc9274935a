package render

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// TestPage checks what each view's page shows: the published page carries
// the cut words behind each marker and wraps changes for the blue style;
// the original page shows the source's words with no change markup.
func TestPage(t *testing.T) {
	src := "---\ntitle: A <pier>\n---\nThe {--very {++odd++} fierce--} storm {++hit++} the {~~old~>new~~} pier{>>n<<} [...].\n"
	d := markup.Parse([]byte(src))
	tests := []struct {
		which     view.Which
		want, not []string
	}{
		{view.Published,
			[]string{
				`<title>A &lt;pier&gt;</title>`,
				// Nested marks inside the cut resolve to the original words.
				`<span class="bp-sr">[cut words] </span>very fierce<span class="bp-sr"> [end of cut]</span></del>`,
				`<ins class="bp-added"><span class="bp-sr">[added by the publisher] </span>hit<span class="bp-sr"> [end of addition]</span></ins>`,
				`new<span class="bp-sr"> [end of change]</span></ins><button type="button" class="bp-reveal bp-was"`,
				`<span class="bp-sr">[the original read] </span>old<span`,
				`<span class="bp-untracked"`,
				`<script>` + Script + `</script>`,
				`<input type="checkbox" id="bp-show-all" class="bp-show-all">`,
			},
			[]string{"{--", "{>>", ">n<"}},
		{view.Original,
			[]string{"The very fierce storm the old pier [...].", `<p class="bp-view">`},
			[]string{`class="bp-reveal`, "<ins", " hit ", "<script", "bp-show-all"}},
		{view.Clean,
			[]string{"The storm hit the new pier."},
			[]string{"[...]", "<ins"}},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := Render(&b, d, Options{View: tt.which}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s page lacks %q\n%s", tt.which, w, page)
			}
		}
		body := page[strings.Index(page, "<body>"):] // the stylesheet holds "{--" and class names
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s page holds %q\n%s", tt.which, n, page)
			}
		}
	}
}
