package complete

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Kind says what an item inserts.
type Kind uint8

// The kinds of items.
const (
	// Mark is one of the five marks, offered after "{".
	Mark Kind = iota + 1
	// Replacement is a neutral word for a substitution's new side.
	Replacement
	// Field is a front matter field name.
	Field
	// File is a file beside the article, as the value of original:.
	File
)

// Item is one completion.
type Item struct {
	Kind Kind
	// Label is what a menu shows; Detail says what the item is.
	Label, Detail string
	// Edit replaces what the item completes (the typed "{" and a "}" an
	// editor paired with it, the word begun) with the item as plain text.
	Edit span.Edit
	// Snippet is Edit.New with tab stops ($1, $2) for clients that take
	// snippets, or "" when the item has none.
	Snippet string
}

// Options give At what it cannot read from the text.
type Options struct {
	// Files lists the names of the text files beside the article; At
	// calls it only for the value of original:. Nil offers none.
	Files func() []string
}

// At returns the items to offer at byte offset off of src, nil when there
// is nothing to offer there.
func At(src []byte, off int, opts Options) []Item {
	if off < 0 || off > len(src) {
		return nil
	}
	body := 0
	if b, ok := frontmatter.Find(src); ok {
		if off < b.Span.End || !b.Closed {
			if off < b.Body.Start || off > b.Body.End || (b.Closed && off == b.Body.End) {
				return nil // on a delimiter line
			}
			return inFrontMatter(src, b, off, opts)
		}
		body = b.Span.End
	}
	if inFence(src, body, off) || inCodeSpan(src, body, off) {
		return nil
	}
	if off > body && src[off-1] == '{' {
		return marks(src, off)
	}
	return replacements(src, body, off)
}

// delimiterTails are what follows the "{" of a mark's opener: a "{" typed
// before one is part of a mark already written.
var delimiterTails = [][]byte{[]byte("--"), []byte("++"), []byte("~~"), []byte(">>"), []byte("==")}

// markItems are the five marks: label, detail, snippet, plain text.
var markItems = []struct{ label, detail, snippet, plain string }{
	{"{--…--}", "Cut: words removed from the original", "{--$1--}", "{----}"},
	{"{++…++}", "Addition: words not in the original", "{++$1++}", "{++++}"},
	{"{~~…~>…~~}", "Substitution: original words and their replacement", "{~~$1~>$2~~}", "{~~~>~~}"},
	{"{>>…<<}", "Editor's note, never published", "{>>$1<<}", "{>><<}"},
	{"{==…==}{>>…<<}", "Highlight with a note", "{==$1==}{>>$2<<}", "{====}{>><<}"},
}

// marks offers the five marks over the "{" before off.
func marks(src []byte, off int) []Item {
	for _, t := range delimiterTails {
		if bytes.HasPrefix(src[off:], t) {
			return nil
		}
	}
	over := span.Span{Start: off - 1, End: off}
	if off < len(src) && src[off] == '}' {
		over.End++ // the closing brace an editor typed with the opening one
	}
	out := make([]Item, 0, len(markItems))
	for _, m := range markItems {
		out = append(out, Item{Kind: Mark, Label: m.label, Detail: m.detail,
			Edit: span.Edit{Span: over, New: m.plain}, Snippet: m.snippet})
	}
	return out
}
