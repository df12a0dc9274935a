package server

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	wsconfig "github.com/bluepencil/bluepencil/internal/config"
	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
)

// The Allow actions. On a word the style pass flags, besides cutting or
// replacing it, the editor may decide it is right here: "Allow "X" in this
// article" adds it to the front matter's allow list, "in this workspace"
// to the settings file's. Both are quick fixes, never preferred (the
// judgement is the editor's), and never part of fix-all, whose edits are
// the diagnostics' safe fixes only. X is the flagged words as the style
// pass compares them: lower case, single spaces.

// styleCodes are the built-in codes of the style pass.
var styleCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range style.Codes {
		m[c.Name] = true
	}
	return m
}()

// isStyleCode reports whether code is the style pass's in snap: built in,
// or a Vale rule of its settings file.
func (snap *snapshot) isStyleCode(code string) bool {
	if styleCodes[code] {
		return true
	}
	if snap.ws == nil {
		return false
	}
	return slices.ContainsFunc(snap.ws.cfg.Vale, func(r *wsconfig.Rule) bool { return r.Code == code })
}

// allowActions offers the Allow actions of the style diagnostics touching
// [start, end], once per word.
func (b *actionBuilder) allowActions(start, end int) {
	if !b.wants(protocol.CodeActionKindQuickFix) {
		return
	}
	var seen []string
	for i, d := range b.snap.diags {
		if d.Span.End < start || d.Span.Start > end || !b.snap.isStyleCode(d.Code) {
			continue
		}
		word := allowWord(b.snap.doc.Src[d.Span.Start:d.Span.End])
		if word == "" || slices.Contains(seen, word) {
			continue
		}
		seen = append(seen, word)
		ld := []protocol.Diagnostic{toLSPDiagnostic(b.snap, i, b.caps)}
		if edits, ok := articleAllow(b.snap.doc.Src, word); ok {
			b.add("Allow \""+word+"\" in this article", protocol.CodeActionKindQuickFix, edits, false, ld)
		}
		if we := b.workspaceAllow(word); we != nil {
			kind := protocol.CodeActionKindQuickFix
			b.out = append(b.out, &protocol.CodeAction{Title: "Allow \"" + word + "\" in this workspace", Kind: &kind, Edit: we, Diagnostics: ld})
		}
	}
}

// allowWord returns the words of a flagged text as an allow list holds
// them: mark delimiters and the punctuation around the words (a scare
// quote's quotation marks) left out, lower case, single spaces.
func allowWord(text []byte) string {
	for _, delim := range []string{"{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}"} {
		text = bytes.ReplaceAll(text, []byte(delim), []byte(" "))
	}
	s := strings.TrimFunc(string(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	return strings.Join(strings.Fields(s), " ")
}

// articleAllow returns the edits that add word to the article's front
// matter allow list, making a front matter block when there is none. It
// is false when the front matter cannot take it: not closed, or YAML that
// does not parse (fixing that is another diagnostic's business).
func articleAllow(src []byte, word string) ([]span.Edit, bool) {
	b, ok := frontmatter.Find(src)
	if !ok {
		at := 0
		if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
			at = 3
		}
		nl := "\n"
		if bytes.Contains(src, []byte("\r\n")) {
			nl = "\r\n"
		}
		return []span.Edit{span.Insert(at, "---"+nl+"allow: ["+wsconfig.YAMLText(word)+"]"+nl+"---"+nl)}, true
	}
	if !b.Closed {
		return nil, false
	}
	e, ok := wsconfig.AllowEdit(b.Body.Text(src), word)
	if !ok {
		return nil, false
	}
	e.Span = span.Span{Start: e.Span.Start + b.Body.Start, End: e.Span.End + b.Body.Start}
	return []span.Edit{e}, true
}

// workspaceAllow returns the workspace edit that adds word to the settings
// file that applies to the article, or that creates one in its workspace
// folder when there is none and the client can create files; nil when
// neither can be done.
func (b *actionBuilder) workspaceAllow(word string) *protocol.WorkspaceEdit {
	s := b.s
	articlePath := uriPath(b.snap.uri)
	if s == nil || articlePath == "" {
		return nil
	}
	path := ""
	if b.snap.ws != nil {
		path = b.snap.ws.path
	}
	if path == "" {
		root, ok := s.workspaceRoot(articlePath)
		if !ok {
			return nil // no workspace to put the file in
		}
		path = filepath.Join(root, wsconfig.FileName)
		if _, err := os.Lstat(path); err != nil {
			if !b.caps.createFiles || !b.caps.documentChanges {
				return nil
			}
			return createSettings(path, word)
		}
	}
	text, version, ok := s.settingsText(path)
	if !ok {
		return nil
	}
	e, ok := wsconfig.AllowEdit(text, word)
	if !ok {
		return nil
	}
	te := protocol.TextEdit{Range: fromRange(position.New(text).Range(e.Span.Start, e.Span.End, b.caps.enc)), NewText: e.New}
	return documentEdit(uri.File(path), version, []protocol.TextEdit{te}, b.caps)
}

// createSettings is the workspace edit that creates the settings file at
// path holding an allow list of word.
func createSettings(path, word string) *protocol.WorkspaceEdit {
	u := uri.File(path)
	yes := true
	te := protocol.TextEdit{NewText: "allow: [" + wsconfig.YAMLText(word) + "]\n"}
	return &protocol.WorkspaceEdit{DocumentChanges: []protocol.DocumentChange{
		&protocol.CreateFile{Kind: "create", URI: u, Options: &protocol.CreateFileOptions{IgnoreIfExists: &yes}},
		&protocol.TextDocumentEdit{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}},
			Edits:        []protocol.TextDocumentEditElement{&te},
		},
	}}
}

// settingsText returns the settings file at path as the client has it: the
// editor's text and version when it is open, else the disk's (version nil).
func (s *Server) settingsText(path string) ([]byte, *int32, bool) {
	u := uri.File(path)
	s.mu.Lock()
	doc := s.docs[u]
	var h *head
	if doc != nil {
		h = doc.head
	}
	s.mu.Unlock()
	if h != nil {
		v := h.version
		return h.text, &v, true
	}
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > wsconfig.MaxFileSize {
		return nil, nil, false
	}
	data, err := os.ReadFile(path)
	return data, nil, err == nil
}
