package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/complete"
)

// completionTriggers: "{" opens a mark, ">" ends a substitution's arrow.
var completionTriggers = []string{"{", ">"}

// Completion offers the five marks after a typed "{", neutral
// replacements after a substitution's "~>", and in the front matter the
// field names and the text files beside the article for original:
// (complete.At). It reads the request's own text, never an analysis, so
// it answers at once after the keystroke that triggered it. Offered only
// to clients that declare completion; marks come as snippets to those
// that take them, else as plain text.
func (s *Server) Completion(ctx context.Context, p *protocol.CompletionParams) (protocol.CompletionResult, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	path := uriPath(p.TextDocument.URI) // "" for an unsaved buffer: no folder to list
	items := complete.At(v.head.text, v.offset(p.Position, caps), complete.Options{
		Files: func() []string { return textFilesIn(path) },
	})
	out := make(protocol.CompletionItemSlice, 0, len(items))
	for i, it := range items {
		item := protocol.CompletionItem{
			Label:            it.Label,
			Kind:             completionKinds[it.Kind],
			Detail:           protocol.NewOptional(it.Detail),
			SortText:         protocol.NewOptional(string(rune('a'+i/26)) + string(rune('a'+i%26))),
			InsertTextFormat: protocol.InsertTextFormatPlainText,
			TextEdit:         &protocol.TextEdit{Range: v.rangeOf(it.Edit.Span, caps), NewText: it.Edit.New},
		}
		if it.Snippet != "" && caps.snippets {
			item.InsertTextFormat = protocol.InsertTextFormatSnippet
			item.TextEdit = &protocol.TextEdit{Range: v.rangeOf(it.Edit.Span, caps), NewText: it.Snippet}
		}
		out = append(out, item)
	}
	return out, nil
}

var completionKinds = map[complete.Kind]protocol.CompletionItemKind{
	complete.Mark:        protocol.CompletionItemKindSnippet,
	complete.Replacement: protocol.CompletionItemKindText,
	complete.Field:       protocol.CompletionItemKindProperty,
	complete.File:        protocol.CompletionItemKindFile,
}

// maxListed bounds the directory entries read for original: completion.
const maxListed = 200

// textFilesIn lists the text files (.txt, .md, .html, not articles) in
// the folder of the article at path, itself left out, sorted: what original: can name. The
// folder is read through an os.Root, its first maxListed entries only;
// subfolders are not walked.
func textFilesIn(path string) []string {
	if path == "" {
		return nil
	}
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil
	}
	defer root.Close()
	f, err := root.Open(".")
	if err != nil {
		return nil
	}
	defer f.Close()
	entries, _ := f.ReadDir(maxListed)
	var out []string
	for _, e := range entries {
		name := e.Name()
		low := strings.ToLower(name)
		if !e.Type().IsRegular() || name == filepath.Base(path) || strings.HasSuffix(low, ".bp.md") {
			continue
		}
		switch filepath.Ext(low) {
		case ".txt", ".md", ".html", ".htm":
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
