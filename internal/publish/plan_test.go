package publish

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanPages: names relative to the deepest common folder, .bp.md to
// .html, and every collision an error naming the page it would overwrite.
func TestPlanPages(t *testing.T) {
	type page struct{ article, want, err string }
	for _, tc := range []struct {
		name  string
		args  []Arg
		pages []page
	}{
		{"one folder", []Arg{{"/w/news", true}}, []page{
			{"/w/news/a.bp.md", "a.html", ""},
			{"/w/news/2025/nov/b.bp.md", "2025/nov/b.html", ""},
		}},
		{"files in one folder: base names", []Arg{{"/w/news/a.bp.md", false}, {"/w/news/b.bp.md", false}}, []page{
			{"/w/news/a.bp.md", "a.html", ""},
			{"/w/news/b.bp.md", "b.html", ""},
		}},
		{"same base name in two folders", []Arg{{"/w/a/x.bp.md", false}, {"/w/b/x.bp.md", false}}, []page{
			{"/w/a/x.bp.md", "a/x.html", ""},
			{"/w/b/x.bp.md", "b/x.html", ""},
		}},
		{"a folder and a file beside it", []Arg{{"/w/news", true}, {"/w/extra/c.bp.md", false}}, []page{
			{"/w/news/a.bp.md", "news/a.html", ""},
			{"/w/extra/c.bp.md", "extra/c.html", ""},
		}},
		{"dot dot in a path", []Arg{{"/w/news/../old/a.bp.md", false}, {"/w/news/b.bp.md", false}}, []page{
			{"/w/news/../old/a.bp.md", "old/a.html", ""},
			{"/w/news/b.bp.md", "news/b.html", ""},
		}},
		{"named twice", []Arg{{"/w/news", true}, {"/w/news/a.bp.md", false}}, []page{
			{"/w/news/a.bp.md", "a.html", ""},
			{"/w/news/a.bp.md", "", "named more than once"},
		}},
		{"case-folding file systems", []Arg{{"/w", true}}, []page{
			{"/w/Storm.bp.md", "Storm.html", ""},
			{"/w/storm.bp.md", "", "its page storm.html would overwrite the page of /w/Storm.bp.md"},
		}},
		{"a file not named .bp.md", []Arg{{"/w/a.bp.md", false}, {"/w/a", false}, {"/w/notes.md", false}}, []page{
			{"/w/a.bp.md", "a.html", ""},
			{"/w/a", "", "would overwrite the page of /w/a.bp.md"},
			{"/w/notes.md", "notes.md.html", ""},
		}},
		{"the index's name", []Arg{{"/w", true}}, []page{
			{"/w/index.bp.md", "", "would be index.html, the index page"},
			{"/w/sub/index.bp.md", "sub/index.html", ""},
			{"/w/INDEX.bp.md", "", "the index page"},
		}},
		{"odd names", []Arg{{"/w", true}}, []page{
			{"/w/.bp.md", ".bp.md.html", ""},
			{"/w/a b?#.bp.md", "a b?#.html", ""},
		}},
		{"outside the plan", []Arg{{"/w/news", true}}, []page{
			{"/w/other/a.bp.md", "", "lies outside /w/news"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPlan(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			for _, pg := range tc.pages {
				got, err := p.Page(filepath.FromSlash(pg.article))
				if got != pg.want || (err == nil) != (pg.err == "") || err != nil && !strings.Contains(err.Error(), pg.err) {
					t.Errorf("Page(%s) = %q, %v; want %q, %q", pg.article, got, err, pg.want, pg.err)
				}
				if pg.err == "named more than once" && !errors.Is(err, ErrSame) {
					t.Errorf("Page(%s): %v is not ErrSame", pg.article, err)
				}
				if got != "" && !filepath.IsLocal(got) {
					t.Errorf("Page(%s) = %q leaves the folder", pg.article, got)
				}
			}
		})
	}
}

// TestPlanOriginals: an original keeps its name beside its page, ending in
// .txt, is copied once however many articles name it, and two originals
// never share a name.
func TestPlanOriginals(t *testing.T) {
	p, _ := NewPlan([]Arg{{"/w", true}})
	for _, tc := range []struct {
		page, real, want string
		copy             bool
		err              string
	}{
		{"a.html", "/w/a.original.txt", "a.original.txt", true, ""},
		{"b.html", "/w/a.original.txt", "a.original.txt", false, ""},
		{"news/c.html", "/w/arch/c.html", "news/c.html.txt", true, ""},
		{"news/d.html", "/w/arch/INDEX.HTML", "news/INDEX.HTML.txt", true, ""},
		{"news/e.html", "/w/other/c.html", "", false, "over the copy of /w/arch/c.html"},
		{"f.html", "/w/x/A.Original.TXT", "", false, "as A.Original.TXT, over the copy of /w/a.original.txt"},
		{"f.html", "/w/x/B.Original.TXT", "B.Original.TXT", true, ""},
		{"g.html", "/w/y/a.original.txt", "", false, "over the copy of /w/a.original.txt"},
	} {
		got, copy, err := p.Original(tc.page, tc.real)
		if got != tc.want || copy != tc.copy || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Original(%s, %s) = %q, %v, %v; want %q, %v, %q", tc.page, tc.real, got, copy, err, tc.want, tc.copy, tc.err)
		}
		if got != "" && strings.HasSuffix(strings.ToLower(got), ".html") {
			t.Errorf("Original(%s, %s) = %q could overwrite a page", tc.page, tc.real, got)
		}
	}
}

func TestHref(t *testing.T) {
	for in, want := range map[string]string{
		"a.html":            "a.html",
		"news/a b.html":     "news/a%20b.html",
		"a?b#c.html":        "a%3Fb%23c.html",
		"a:b.html":          "./a:b.html",
		"x/../y.html":       "y.html",
		`"><script>.html`:   "%22%3E%3Cscript%3E.html",
		"100%.original.txt": "100%25.original.txt",
	} {
		if got := Href(in); got != want {
			t.Errorf("Href(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzPlanPage(f *testing.F) {
	for _, s := range []string{"a.bp.md", "../x.bp.md", "a/b/../../c.bp.md", "index.bp.md", ".bp.md", "/abs.bp.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		p, err := NewPlan([]Arg{{"/w", true}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Page(filepath.Join("/w", name))
		if err == nil && (!filepath.IsLocal(filepath.FromSlash(got)) || strings.EqualFold(got, IndexName) || !strings.HasSuffix(got, ".html")) {
			t.Errorf("Page(%q) = %q", name, got)
		}
	})
}
