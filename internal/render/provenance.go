package render

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// CountsLine says how many changes an article marks, as its page and the
// folder's index show it: "4 cuts, 2 additions, 1 change", kinds it has
// none of left out, "No changes" when it has none. Untracked cuts count
// too, apart: a reader should know that some cut words were not recorded.
func CountsLine(c changes.Counts) string {
	parts := c.Phrases()
	if len(parts) == 0 {
		return "No changes"
	}
	return strings.Join(parts, ", ")
}

// LongDate writes a date as the page reads it: "7 November 2025".
const LongDate = "2 January 2006"

// provenance writes where the article comes from and who changed it how
// much: the header every view carries.
func provenance(w *bufio.Writer, s settled, fm *frontmatter.FrontMatter, d *markup.Document) {
	w.WriteString("<header class=\"bp-provenance\">\n")
	if fm != nil && fm.Title != "" && !s.Fragment {
		fmt.Fprintf(w, "<h1 class=\"bp-title\">%s</h1>\n", escape(fm.Title))
	}
	if line := source(fm, s.Publisher.Name); line != "" {
		w.WriteString("<p class=\"bp-source\">" + line + "</p>\n")
	}
	if s.OriginalHref != "" {
		fmt.Fprintf(w, "<p class=\"bp-original-link\"><a href=\"%s\">Read the archived original</a></p>\n", escape(s.OriginalHref))
	}
	fmt.Fprintf(w, "<p class=\"bp-counts\">%s</p>\n", CountsLine(changes.Count(d)))
	w.WriteString("</header>\n")
}

// source returns the line that says where the article was first
// published, when, and who edited it for whom, as HTML; the parts the
// front matter lacks are left out.
func source(fm *frontmatter.FrontMatter, publisher string) string {
	var b strings.Builder
	if fm != nil && (fm.Outlet != "" || fm.Published != "") {
		b.WriteString("First published")
		if fm.Outlet != "" {
			b.WriteString(" by ")
			if safeURL(fm.URL, []string{"http", "https"}) && hasScheme(fm.URL) {
				fmt.Fprintf(&b, "<a class=\"bp-outlet\" href=\"%s\">%s</a>", escape(fm.URL), escape(fm.Outlet))
			} else {
				fmt.Fprintf(&b, "<span class=\"bp-outlet\">%s</span>", escape(fm.Outlet))
			}
		}
		switch {
		case !fm.PublishedDate.IsZero():
			fmt.Fprintf(&b, " on <time datetime=\"%s\">%s</time>", fm.PublishedDate.Format("2006-01-02"), fm.PublishedDate.Format(LongDate))
		case fm.Published != "":
			b.WriteString(" on " + escape(fm.Published))
		}
		b.WriteString(".")
	}
	editor := ""
	if fm != nil {
		editor = fm.Editor
	}
	var edited string
	switch {
	case editor != "" && publisher != "":
		edited = "Edited by " + escape(editor) + " for " + escape(publisher) + "."
	case editor != "":
		edited = "Edited by " + escape(editor) + "."
	case publisher != "":
		edited = "Edited for " + escape(publisher) + "."
	}
	if edited != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(edited)
	}
	return b.String()
}

// hasScheme reports whether address u is absolute: the outlet's address
// is linked only when it is http or https, never as a relative address.
func hasScheme(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// controls writes the switch that reveals every cut and replaced word.
func controls(w *bufio.Writer, prefix string) {
	id := prefix + "-show-all"
	fmt.Fprintf(w, "<p class=\"bp-controls\"><input type=\"checkbox\" id=\"%s\" class=\"bp-show-all\"> "+
		"<label for=\"%s\">Show all cuts and replaced words</label></p>\n", id, id)
}

// reasonText explains each reason class in the default legend.
var reasonText = map[string]string{
	"unnecessary": "the words added nothing the article needs, such as a repetition or padding.",
	"biased":      "the words took a side that the reporting does not support, such as a loaded or one-sided term.",
	"flowery":     "the words were ornament rather than information, such as overwrought description.",
}

// legend writes the foot of the page: in the published view, how to read
// the marks (the publisher's own text if configured) and the reasons this
// article's cuts give; in the others, which text this is.
func legend(w *bufio.Writer, s settled, reasons map[string]int) {
	fmt.Fprintf(w, "<footer class=\"bp-legend\" id=\"%s-legend\">\n", s.IDPrefix)
	switch s.View {
	case view.Original:
		w.WriteString("<p class=\"bp-view\">This is the original text, as first published, without the publisher’s changes.</p>\n")
	case view.Clean:
		w.WriteString("<p class=\"bp-view\">This is the edited text with every change accepted and no change marked.</p>\n")
	default:
		w.WriteString("<h2>How to read this page</h2>\n")
		if s.Publisher.Legend != "" {
			for _, para := range paragraphs(s.Publisher.Legend) {
				w.WriteString("<p>" + escape(para) + "</p>\n")
			}
		} else {
			defaultLegend(w, s)
		}
		reasonsUsed(w, reasons)
	}
	w.WriteString("</footer>\n")
}

// defaultLegend writes our own explanation of the marks.
func defaultLegend(w *bufio.Writer, s settled) {
	name := "the publisher"
	if s.Publisher.Name != "" {
		name = escape(s.Publisher.Name)
	}
	el := escape(s.Elision)
	fmt.Fprintf(w, "<p>This article is republished with every change %s made to it marked.</p>\n", name)
	fmt.Fprintf(w, "<p>Text <span class=\"bp-legend-added\">highlighted in blue</span> was added or modified by %s.</p>\n", name)
	fmt.Fprintf(w, "<p><strong>%s</strong> marks words %s cut. Select it to read them, and again to hide them; "+
		"“Show all cuts and replaced words” at the top reveals every one.</p>\n", el, name)
	w.WriteString("<p><strong>was</strong>, after a modified passage, shows the words it replaced.</p>\n")
	w.WriteString("<p>When the editor gave a reason for a cut, the cut says so:</p>\n<ul class=\"bp-reasons\">\n")
	for _, r := range changes.Reasons {
		fmt.Fprintf(w, "<li><strong>%s</strong>: %s</li>\n", r, reasonText[r])
	}
	w.WriteString("</ul>\n")
}

// reasonsUsed writes the reasons this article's cuts give, with counts.
func reasonsUsed(w *bufio.Writer, reasons map[string]int) {
	var parts []string
	for _, r := range changes.Reasons {
		if n := reasons[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s (%d)", r, n))
		}
	}
	if len(parts) == 0 {
		w.WriteString("<p class=\"bp-reasons-used\">No cut in this article gives a reason.</p>\n")
		return
	}
	w.WriteString("<p class=\"bp-reasons-used\">Reasons given for cuts in this article: " + strings.Join(parts, ", ") + ".</p>\n")
}

// paragraphs splits plain text into paragraphs on blank lines, each
// paragraph's lines joined by spaces.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if t := strings.TrimSpace(line); t != "" {
			cur = append(cur, t)
		} else {
			flush()
		}
	}
	flush()
	return out
}
