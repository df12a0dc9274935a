package changes

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Head is a Markdown heading.
type Head struct {
	Level int // 1 to 6; a setext heading is 1 (===) or 2 (---)
	// Text is the heading's words as published, on one line, shortened
	// like a label.
	Text string
	// Span covers the heading's line (a setext heading's text line and
	// underline), without the line break.
	Span span.Span
	// Section runs from the heading to the next heading of the same or a
	// higher level, or to the end of the article.
	Section span.Span
}

// Headings returns the ATX ("# Title") and setext (a line underlined with
// === or ---) headings of d, in order, outside its front matter and its
// fenced code blocks.
func Headings(d *markup.Document) []Head {
	src := d.Src
	var out []Head
	fences := d.Fences()
	start := 0
	if d.HasFrontMatter {
		start = d.FrontMatter.Span.End
	}
	// prev is the previous line when it could be a setext heading's text.
	prev, prevOK := span.Span{}, false
	for i := start; i < len(src); {
		end := len(src)
		if n := bytes.IndexByte(src[i:], '\n'); n >= 0 {
			end = i + n
		}
		next := min(end+1, len(src))
		for len(fences) > 0 && fences[0].End <= i {
			fences = fences[1:]
		}
		if len(fences) > 0 && fences[0].Start <= i {
			i, prevOK = max(next, fences[0].End), false
			if i == fences[0].End {
				fences = fences[1:]
			}
			continue
		}
		line := bytes.TrimRight(src[i:end], "\r")
		lineSpan := span.Span{Start: i, End: i + len(line)}
		if level, text, ok := atx(line); ok {
			out = append(out, Head{Level: level, Text: headText(text), Span: lineSpan})
			prevOK = false
		} else if level, ok := underline(line); ok && prevOK {
			out = append(out, Head{Level: level, Text: headText(bytes.TrimSpace(prev.Text(src))), Span: span.Span{Start: prev.Start, End: lineSpan.End}})
			prevOK = false
		} else {
			prev, prevOK = lineSpan, paragraphLine(line)
		}
		i = next
	}
	for n := range out {
		out[n].Section = span.Span{Start: out[n].Span.Start, End: len(src)}
		for _, h := range out[n+1:] {
			if h.Level <= out[n].Level {
				out[n].Section.End = h.Span.Start
				break
			}
		}
	}
	return out
}

// indent returns line without up to three leading spaces; false when it
// has four or more (indented code).
func indent(line []byte) ([]byte, bool) {
	for n := 0; n < 4; n++ {
		if n == len(line) || line[n] != ' ' {
			return line[n:], true
		}
	}
	return nil, false
}

// atx reads an ATX heading: one to six '#', then a space, a tab or the end
// of the line; the closing run of '#' is not part of the text.
func atx(line []byte) (int, []byte, bool) {
	l, ok := indent(line)
	if !ok {
		return 0, nil, false
	}
	level := 0
	for level < len(l) && l[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(l) && l[level] != ' ' && l[level] != '\t') {
		return 0, nil, false
	}
	text := bytes.TrimSpace(l[level:])
	if t := bytes.TrimRight(text, "#"); len(t) == 0 || t[len(t)-1] == ' ' || t[len(t)-1] == '\t' {
		text = bytes.TrimSpace(t)
	}
	return level, text, true
}

// underline reads a setext underline: only '=' (level 1) or only '-'
// (level 2), then white space.
func underline(line []byte) (int, bool) {
	l, ok := indent(line)
	l = bytes.TrimRight(l, " \t")
	if !ok || len(l) == 0 || (l[0] != '=' && l[0] != '-') {
		return 0, false
	}
	if len(bytes.Trim(l, string(l[:1]))) != 0 {
		return 0, false
	}
	if l[0] == '=' {
		return 1, true
	}
	return 2, true
}

// paragraphLine reports whether line can be a setext heading's text: not
// blank, not indented code, a quote, a list item or a rule.
func paragraphLine(line []byte) bool {
	l, ok := indent(line)
	if !ok || len(bytes.TrimSpace(l)) == 0 {
		return false
	}
	switch l[0] {
	case '>', '<', '|':
		return false
	case '-', '*', '+':
		return len(l) > 1 && l[1] != ' ' && l[1] != '\t' && !isRule(l)
	}
	return true
}

func isRule(l []byte) bool {
	n := 0
	for _, c := range l {
		switch c {
		case l[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// headText returns a heading's label: its words as published (a mark in
// a heading shows its new text), on one line, shortened.
func headText(text []byte) string {
	t := string(text)
	if bytes.ContainsAny(text, "{[") {
		t = string(view.Build(markup.Parse(text), view.Published, view.Options{}).Text)
	}
	q := oneLine(t)
	if q == "" {
		return "(empty heading)"
	}
	return q
}
