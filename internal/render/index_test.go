package render

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/bluepencil/bluepencil/internal/changes"
)

// indexTags returns the start tags of page, in order, and fails on a page
// the HTML5 parser must repair (a stray end tag, an element left open).
func indexTags(t *testing.T, page string) []string {
	t.Helper()
	var tags []string
	open := 0
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if open != 0 {
				t.Errorf("%d elements left open", open)
			}
			return tags
		case html.StartTagToken:
			name, _ := z.TagName()
			tags = append(tags, string(name))
			if !voidElement[string(name)] {
				open++
			}
		case html.EndTagToken:
			open--
		}
	}
}

var voidElement = map[string]bool{"meta": true, "link": true}

// TestIndexEscapes: whatever the articles say, the index holds exactly
// its own elements, no script, and the texts as written.
func TestIndexEscapes(t *testing.T) {
	hostile := `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	page := indexPage(t, []IndexEntry{
		{Href: `a.html"><script>x</script>`, Title: hostile, Outlet: hostile, Counts: changes.Counts{Cuts: 1}},
		{Href: "b.html", Name: hostile + ".bp.md", Published: time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)},
	}, IndexOptions{Publisher: hostile})
	got := strings.Join(indexTags(t, page), " ")
	want := "html head meta meta meta title style body div header h1 p table thead tr th th th th tbody " +
		"tr td a td td td tr td a td td time td tfoot tr th td td td"
	if got != want {
		t.Errorf("elements\n got %s\nwant %s", got, want)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && n.Parent.Data == "a" {
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(texts) != 2 || texts[0] != hostile || texts[1] != hostile+".bp.md" {
		t.Errorf("link texts %q", texts)
	}
	for _, want := range []string{
		`<time datetime="2025-11-07">7 November 2025</time>`,
		`<p class="bp-index-summary">2 articles; in all 1 cut.</p>`,
		`<td class="bp-counts">No changes</td>`,
		"script-src", // absent: checked below
	} {
		if want == "script-src" {
			if strings.Contains(page, want) {
				t.Error("the index's policy allows a script")
			}
			continue
		}
		if !strings.Contains(page, want) {
			t.Errorf("index lacks %s", want)
		}
	}
}

// TestIndexStylesheet: a site's stylesheet replaces the index's own, as
// it does the pages'; a linked one is allowed by the policy, by origin.
func TestIndexStylesheet(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     Stylesheet
		wants []string
		not   []string
	}{
		{"built-in", Stylesheet{}, []string{".bp-index-table th,", "--bp-added-fg:", "style-src 'unsafe-inline';"}, []string{"<link"}},
		{"inline", Stylesheet{Inline: "body{color:red}"}, []string{"<style>\nbody{color:red}\n</style>"}, []string{".bp-index-table th,"}},
		{"link", Stylesheet{Href: "https://cdn.example:8443/site.css?v=1&x=2"},
			[]string{`<link rel="stylesheet" href="https://cdn.example:8443/site.css?v=1&amp;x=2">`, "style-src 'unsafe-inline' https://cdn.example:8443;"},
			[]string{"<style>"}},
		{"not http", Stylesheet{Href: "javascript:alert(1)"}, []string{".bp-index-table th,"}, []string{"javascript", "<link"}},
		{"host ends the policy", Stylesheet{Href: `https://a"><script>x</script>/s.css`}, []string{".bp-index-table th,"}, []string{"<script", "<link"}},
		{"closes the style", Stylesheet{Inline: "a{}</STYLE><script>x</script>"}, []string{".bp-index-table th,"}, []string{"<script"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := indexPage(t, nil, IndexOptions{Stylesheet: tc.s})
			holds(t, "page", page, tc.wants, tc.not)
			if !strings.Contains(page, "<p class=\"bp-index-summary\">0 articles, none with a marked change.</p>") {
				t.Error("no summary for an empty index")
			}
		})
	}
}

func indexPage(t *testing.T, entries []IndexEntry, o IndexOptions) string {
	t.Helper()
	var b strings.Builder
	if err := Index(&b, entries, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// FuzzIndex: any text in an entry stays text.
func FuzzIndex(f *testing.F) {
	f.Add("Storm", "Courier", "a.html", "The Ledger")
	f.Add("<script>x</script>", "</td></tr>", `"><b>`, "&amp;")
	f.Fuzz(func(t *testing.T, title, outlet, href, publisher string) {
		page := indexPage(t, []IndexEntry{{Href: href, Title: title, Outlet: outlet}}, IndexOptions{Publisher: publisher})
		if got := len(indexTags(t, page)); got != 32 {
			t.Errorf("%d elements for %q %q %q %q", got, title, outlet, href, publisher)
		}
	})
}
