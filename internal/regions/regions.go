package regions

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// FoldKind is what a fold holds.
type FoldKind uint8

// The kinds of fold.
const (
	FrontMatter FoldKind = iota + 1 // the YAML block at the top
	Note                            // an editor's note over several lines
)

// NoteLines is how many lines a note must cover to fold: a note of one or
// two lines hides little and would clutter the fold column.
const NoteLines = 3

// Fold is a stretch an editor may fold, from the first byte of its first
// line to the last byte of its last line that belongs to it, line breaks
// excluded.
type Fold struct {
	Span span.Span
	Kind FoldKind
	// Shared: text of another kind follows the fold on its last line (a
	// note's closer followed by words), which an editor that folds whole
	// lines must leave showing.
	Shared bool
}

// Folds returns the folds of d in order: the front matter when it is
// closed, and every note of NoteLines lines or more.
func Folds(d *markup.Document) []Fold {
	var out []Fold
	if fm := d.FrontMatter; d.HasFrontMatter && fm.Closed {
		out = append(out, Fold{Span: span.Span{Start: fm.Span.Start, End: trimBreak(d.Src, fm.Span.End)}, Kind: FrontMatter})
	}
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.Kind != markup.Note || lines(m.Span().Text(d.Src)) < NoteLines {
			continue
		}
		rest := d.Src[m.Span().End:]
		if nl := bytes.IndexAny(rest, "\r\n"); nl >= 0 {
			rest = rest[:nl]
		}
		out = append(out, Fold{Span: m.Span(), Kind: Note, Shared: len(bytes.TrimSpace(rest)) > 0})
	}
	return out
}

// lines counts the lines b covers, as LSP does: "\n", "\r\n" and a lone
// "\r" each end one.
func lines(b []byte) int {
	return 1 + bytes.Count(b, []byte{'\n'}) + bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
}

// trimBreak moves end back over one line break that ends before it.
func trimBreak(src []byte, end int) int {
	if end > 0 && src[end-1] == '\n' {
		end--
	}
	if end > 0 && src[end-1] == '\r' {
		end--
	}
	return end
}

// Link is a place in the article that leads elsewhere.
type Link struct {
	// Span covers the value as written, without its quotes.
	Span span.Span
	// Target is the address as given (url), or the path of the original
	// relative to the article, slash-separated, as written (original).
	Target string
	// Original: Target names the archived original, which the caller
	// resolves on disk, and links to only if it resolves.
	Original bool
}

// Links returns the front matter's url and original, when valid, in the
// order written.
func Links(d *markup.Document) []Link {
	fm := rules.FrontMatter(d)
	if fm == nil {
		return nil
	}
	var out []Link
	if f, ok := fm.Fields["url"]; ok && fm.URL != "" {
		out = append(out, Link{Span: unquote(d.Src, f.ValueSpan), Target: fm.URL})
	}
	if f, ok := fm.Fields["original"]; ok && fm.Original != "" {
		out = append(out, Link{Span: unquote(d.Src, f.ValueSpan), Target: fm.Original, Original: true})
	}
	if len(out) == 2 && out[1].Span.Start < out[0].Span.Start {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// unquote narrows a YAML scalar's span to within its quotes.
func unquote(src []byte, s span.Span) span.Span {
	if s.Len() >= 2 {
		if q := src[s.Start]; (q == '"' || q == '\'') && src[s.End-1] == q {
			return span.Span{Start: s.Start + 1, End: s.End - 1}
		}
	}
	return s
}
