package server

import (
	"slices"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/position"
)

// readCaps extracts what the server acts on from the client's capabilities.
func readCaps(c *protocol.ClientCapabilities) clientCaps {
	caps := clientCaps{enc: position.UTF16}
	refresh := false
	if g := c.General; g != nil {
		caps.enc = negotiateEncoding(g.PositionEncodings)
	}
	if td := c.TextDocument; td != nil {
		if h := td.Hover; h != nil {
			for _, k := range h.ContentFormat {
				if k == protocol.MarkupKindMarkdown {
					caps.markdownHover = true
				}
			}
		}
		caps.pullDiagnostics = td.Diagnostic != nil
		if ds := td.DocumentSymbol; ds != nil {
			caps.documentSymbols = true
			caps.hierarchicalSymbols = isTrue(ds.HierarchicalDocumentSymbolSupport)
		}
		caps.codeLens = td.CodeLens != nil
		caps.inlayHints = td.InlayHint != nil
		if c := td.Completion; c != nil {
			caps.completion = true
			caps.snippets = c.CompletionItem != nil && isTrue(c.CompletionItem.SnippetSupport)
		}
		caps.marks = readMarkCaps(td)
		if pd := td.PublishDiagnostics; pd != nil {
			caps.codeDescription = isTrue(pd.CodeDescriptionSupport)
		}
	}
	if w := c.Window; w != nil && w.ShowDocument != nil {
		caps.showDocument = w.ShowDocument.Support
	}
	if ws := c.Workspace; ws != nil {
		caps.configuration = isTrue(ws.Configuration)
		caps.workspaceSymbols = ws.Symbol != nil
		caps.codeLensRefresh = ws.CodeLens != nil && isTrue(ws.CodeLens.RefreshSupport)
		caps.inlayHintRefresh = ws.InlayHint != nil && isTrue(ws.InlayHint.RefreshSupport)
		if w := ws.DidChangeWatchedFiles; w != nil {
			caps.watchFiles = isTrue(w.DynamicRegistration)
			caps.relativePatterns = isTrue(w.RelativePatternSupport)
		}
		if we := ws.WorkspaceEdit; we != nil {
			caps.documentChanges = isTrue(we.DocumentChanges)
			caps.createFiles = slices.Contains(we.ResourceOperations, protocol.ResourceOperationKindCreate)
		}
		refresh = ws.Diagnostics != nil && isTrue(ws.Diagnostics.RefreshSupport)
	}
	// A client that pulls but cannot be told to pull again (Neovim 0.10
	// pulls on open and change only) would show stale diagnostics after a
	// re-check the server makes on its own, and none for an article it
	// loaded without showing it: such a client gets them pushed.
	caps.pullDiagnostics = caps.pullDiagnostics && refresh
	return caps
}

// negotiateEncoding picks UTF-8 when the client offers it (no conversion
// at all), else UTF-32 if the client offers it before UTF-16 (its
// preference), else UTF-16, which every client must support.
func negotiateEncoding(offered []protocol.PositionEncodingKind) position.Encoding {
	for _, k := range offered {
		if k == protocol.PositionEncodingKindUTF8 {
			return position.UTF8
		}
	}
	for _, k := range offered {
		// The first of UTF-16 and UTF-32 the client lists is its preference.
		if enc, ok := position.ParseEncoding(string(k)); ok {
			return enc
		}
	}
	return position.UTF16
}

func isTrue(b *bool) bool { return b != nil && *b }

// Code action kinds the server offers.
const (
	kindFixAll = protocol.CodeActionKind("source.fixAll.bluepencil")
)

// capabilities answers initialize.
func (s *Server) capabilities(caps clientCaps) protocol.ServerCapabilities {
	incremental := protocol.TextDocumentSyncKindIncremental
	yes := true
	sc := protocol.ServerCapabilities{
		PositionEncoding: protocol.PositionEncodingKind(caps.enc.String()),
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: &yes,
			Change:    &incremental,
			Save:      protocol.Boolean(true),
		},
		HoverProvider:      protocol.Boolean(true),
		DefinitionProvider: protocol.Boolean(true),
		CodeActionProvider: &protocol.CodeActionOptions{
			CodeActionKinds: []protocol.CodeActionKind{
				protocol.CodeActionKindQuickFix,
				protocol.CodeActionKindRefactorRewrite,
				protocol.CodeActionKindSourceFixAll,
				kindFixAll,
			},
		},
	}
	if caps.documentSymbols {
		sc.DocumentSymbolProvider = protocol.Boolean(true)
	}
	if caps.workspaceSymbols {
		sc.WorkspaceSymbolProvider = protocol.Boolean(true)
	}
	if caps.codeLens {
		sc.CodeLensProvider = &protocol.CodeLensOptions{}
	}
	if caps.inlayHints {
		sc.InlayHintProvider = protocol.Boolean(true)
	}
	if caps.completion {
		sc.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: completionTriggers}
	}
	if caps.pullDiagnostics {
		sc.DiagnosticProvider = &protocol.DiagnosticOptions{InterFileDependencies: false, WorkspaceDiagnostics: true}
	}
	sc.ExecuteCommandProvider = protocol.ExecuteCommandOptions{Commands: commands}
	markProviders(&sc, caps.marks)
	return sc
}
