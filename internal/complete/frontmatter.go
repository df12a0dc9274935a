package complete

import (
	"bytes"
	"strconv"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/span"
)

// originalKey is the field whose value names the original.
const originalKey = "original:"

// inFrontMatter offers, at the start of a line, the field names not yet
// written, and after original: the files beside the article.
func inFrontMatter(src []byte, b frontmatter.Block, off int, opts Options) []Item {
	ls := lineStart(src, b.Body.Start, off)
	eol := min(lineEnd(src, off), b.Body.End)
	prefix := src[ls:off]
	if isKey(prefix) && bytes.IndexByte(src[off:max(off, eol)], ':') < 0 {
		return fields(src, b, ls, off)
	}
	if v, ok := bytes.CutPrefix(prefix, []byte(originalKey)); ok && opts.Files != nil {
		vs := off - len(bytes.TrimLeft(v, " \t"))
		quoted := vs < off && (src[vs] == '"' || src[vs] == '\'')
		if quoted {
			vs++
		}
		return files(opts.Files(), span.Span{Start: vs, End: off}, quoted)
	}
	return nil
}

// fields offers the known field names that no other line of the block
// sets yet, each replacing the word begun at the line's start.
func fields(src []byte, b frontmatter.Block, ls, off int) []Item {
	set := map[string]bool{}
	for i := b.Body.Start; i < b.Body.End; {
		eol := min(lineEnd(src, i), b.Body.End)
		if k := bytes.IndexByte(src[i:eol], ':'); i != ls && k > 0 && isKey(src[i:i+k]) {
			set[string(src[i:i+k])] = true
		}
		i = eol + 1
	}
	var out []Item
	for _, f := range frontmatter.KnownFields() {
		if set[f] {
			continue
		}
		out = append(out, Item{Kind: Field, Label: f, Detail: "front matter field",
			Edit: span.Edit{Span: span.Span{Start: ls, End: off}, New: f + ": "}})
	}
	return out
}

// files offers names as the value begun over s; a name YAML would not
// read as plain text is quoted, unless a quote is open already.
func files(names []string, s span.Span, quoted bool) []Item {
	out := make([]Item, 0, len(names))
	for _, n := range names {
		text := n
		if !quoted && !plainSafe(n) {
			text = strconv.Quote(n)
		}
		out = append(out, Item{Kind: File, Label: n, Detail: "text beside the article",
			Edit: span.Edit{Span: s, New: text}})
	}
	return out
}

// isKey reports whether b could be a top-level key being typed: letters,
// digits, "_" and "-", from the line's start.
func isKey(b []byte) bool {
	for _, c := range b {
		if !isWordByte(c) || c >= 0x80 {
			return false
		}
	}
	return true
}

// plainSafe reports whether YAML reads name as the plain scalar it is.
func plainSafe(name string) bool {
	if name == "" || !isWordByte(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isWordByte(c) && c != '.' && c != '/' {
			return false
		}
	}
	return true
}

// isWordByte: ASCII letters and digits, "_", "-", and every byte of a
// multi-byte character.
func isWordByte(c byte) bool {
	return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
}
