package render

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/bluepencil/bluepencil/internal/changes"
)

// IndexEntry is one article on the index page of a folder rendered with
// --out.
type IndexEntry struct {
	// Href is the article's page, relative to the index, already an
	// escaped URL path (such as "news/storm.html").
	Href string
	// Title is the article's title; "" shows Name instead.
	Title string
	// Name is the article's file name, shown when it has no title.
	Name string
	// Outlet is where the article was first published.
	Outlet string
	// Published is the date it was first published ("" when unknown);
	// zero when Published is not a date.
	Published time.Time
	// Counts are its marked changes.
	Counts changes.Counts
}

// IndexOptions say how the index page presents itself.
type IndexOptions struct {
	// Publisher names the page; "" titles it "Republished articles".
	Publisher string
	// Stylesheet replaces the index's own small stylesheet when set, as
	// it does the pages'.
	Stylesheet Stylesheet
}

// indexStyle is what the index adds to the pages' stylesheet: a table
// whose rows become blocks at a phone's width, in the pages' colours.
const indexStyle = `.bp-index{max-width:52em}
.bp-index .bp-index-table{display:table;border-collapse:collapse;width:100%}
.bp-index-table th,.bp-index-table td{text-align:left;vertical-align:top;padding:.4em .6em .4em 0;border-bottom:1px solid var(--bp-rule)}
.bp-index-table .bp-counts{color:var(--bp-muted-fg)}
@media (max-width:40em){.bp-index-table thead{display:none}.bp-index .bp-index-table,.bp-index-table tbody,.bp-index-table tfoot,.bp-index-table tr{display:block}
.bp-index-table tr{border-bottom:1px solid var(--bp-rule);padding:.4em 0}.bp-index-table th,.bp-index-table td{display:block;border:0;padding:0}}
`

// Index writes the index page of entries: the publisher's name, one row
// per article (its title linked to its page, outlet, date and counts),
// and the totals. Every text comes from articles and is escaped; the page
// has no script, and its Content-Security-Policy allows none.
func Index(w io.Writer, entries []IndexEntry, o IndexOptions) error {
	bw := bufio.NewWriter(w)
	title := "Republished articles"
	if o.Publisher != "" {
		title = o.Publisher + ": republished articles"
	}
	css, link, origin := indexStylesheet(o.Stylesheet)
	fmt.Fprintf(bw, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'%s; img-src 'self' http: https:; base-uri 'none'; form-action 'none'">
<title>%s</title>
%s%s</head>
<body>
<div class="bp-page bp-index">
<header class="bp-provenance">
<h1 class="bp-title">%s</h1>
`, origin, indexEscape(title), css, link, indexEscape(title))
	var total changes.Counts
	for _, e := range entries {
		total.Cuts += e.Counts.Cuts
		total.Additions += e.Counts.Additions
		total.Changes += e.Counts.Changes
		total.Untracked += e.Counts.Untracked
	}
	summary := indexPlural(len(entries), "article", "articles") + "; in all " + CountsLine(total)
	if total == (changes.Counts{}) {
		summary = indexPlural(len(entries), "article", "articles") + ", none with a marked change"
	}
	fmt.Fprintf(bw, "<p class=\"bp-index-summary\">%s.</p>\n</header>\n", summary)
	bw.WriteString(`<table class="bp-index-table">
<thead><tr><th scope="col">Article</th><th scope="col">First published by</th><th scope="col">On</th><th scope="col">Changes</th></tr></thead>
<tbody>
`)
	for _, e := range entries {
		indexRow(bw, e)
	}
	fmt.Fprintf(bw, "</tbody>\n<tfoot><tr><th scope=\"row\">Total: %s</th><td></td><td></td><td class=\"bp-counts\">%s</td></tr></tfoot>\n</table>\n</div>\n</body>\n</html>\n",
		indexPlural(len(entries), "article", "articles"), CountsLine(total))
	return bw.Flush()
}

// indexRow writes one article's row.
func indexRow(w *bufio.Writer, e IndexEntry) {
	name := e.Title
	if name == "" {
		name = e.Name
	}
	date := ""
	if !e.Published.IsZero() {
		date = fmt.Sprintf(`<time datetime="%s">%s</time>`, e.Published.Format("2006-01-02"), e.Published.Format(LongDate))
	}
	fmt.Fprintf(w, "<tr><td><a class=\"bp-index-article\" href=\"%s\">%s</a></td><td class=\"bp-outlet\">%s</td><td>%s</td><td class=\"bp-counts\">%s</td></tr>\n",
		indexEscape(e.Href), indexEscape(name), indexEscape(e.Outlet), date, CountsLine(e.Counts))
}

// builtIn is the index's style element: the pages' stylesheet and the
// index's own.
const builtIn = "<style>\n" + frameStyle + Style + indexStyle + "</style>\n"

// indexStylesheet returns the style element, or the link element and the
// origin the policy must allow for it.
func indexStylesheet(s Stylesheet) (css, link, origin string) {
	switch {
	case s.Href != "":
		o, err := styleOrigin(s.Href) // the pages' check: the origin enters the policy unescaped
		if err != nil {
			return builtIn, "", ""
		}
		return "", fmt.Sprintf("<link rel=\"stylesheet\" href=\"%s\">\n", indexEscape(s.Href)), " " + o
	case s.Inline != "" && !strings.Contains(strings.ToLower(s.Inline), "</style"):
		return "<style>\n" + s.Inline + "\n</style>\n", "", ""
	}
	return builtIn, "", ""
}

func indexPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// indexEscape escapes text for an element or a quoted attribute.
func indexEscape(s string) string { return html.EscapeString(s) }
