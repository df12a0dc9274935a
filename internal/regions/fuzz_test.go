package regions

import (
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// FuzzRegions checks, over arbitrary text, that folds and links lie in the
// text, in order, folds over at least the lines they promise and links
// inside the front matter.
func FuzzRegions(f *testing.F) {
	for _, s := range []string{"---\nurl: https://e.com\noriginal: o.txt\n---\n{>>a\nb\nc<<} d", "---\r\n---\r\n", "{>>\r\r<<}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := markup.Parse([]byte(s))
		last := 0
		for _, fd := range Folds(d) {
			if fd.Span.Start < last || fd.Span.End > len(s) || fd.Span.Empty() {
				t.Fatalf("fold %v after %d in %d bytes", fd.Span, last, len(s))
			}
			if fd.Kind == Note && lines(fd.Span.Text(d.Src)) < NoteLines {
				t.Fatalf("note fold %v too short", fd.Span)
			}
			last = fd.Span.Start
		}
		for _, l := range Links(d) {
			if !d.FrontMatter.Body.Covers(l.Span) || l.Target == "" {
				t.Fatalf("link %v %q outside the front matter %v", l.Span, l.Target, d.FrontMatter.Body)
			}
		}
	})
}
