package server

import (
	"slices"

	"go.lsp.dev/protocol"
)

// markCaps are the client capabilities of the features that show an
// article's marks themselves (semantic tokens, document highlight,
// folding, links): each is advertised only to a client that declares it.
type markCaps struct {
	semanticTokens    bool
	documentHighlight bool
	foldingRange      bool
	lineFoldingOnly   bool
	documentLink      bool
}

// readMarkCaps reads markCaps from the client's text document
// capabilities.
func readMarkCaps(td *protocol.TextDocumentClientCapabilities) markCaps {
	st := td.SemanticTokens
	mc := markCaps{
		// The only format LSP defines is relative, and a client declaring
		// semantic tokens must list it; a client that lists none did not
		// declare them (the field is not a pointer in the protocol package).
		semanticTokens:    slices.Contains(st.Formats, protocol.TokenFormatRelative) && (st.Requests.Full != nil || st.Requests.Range != nil),
		documentHighlight: td.DocumentHighlight != nil,
		foldingRange:      td.FoldingRange != nil,
		documentLink:      td.DocumentLink != nil,
	}
	if f := td.FoldingRange; f != nil {
		mc.lineFoldingOnly = isTrue(f.LineFoldingOnly)
	}
	return mc
}

// markProviders adds the providers of the features the client declared.
func markProviders(sc *protocol.ServerCapabilities, mc markCaps) {
	if mc.semanticTokens {
		sc.SemanticTokensProvider = &protocol.SemanticTokensOptions{
			Legend: protocol.SemanticTokensLegend{TokenTypes: tokenTypes, TokenModifiers: tokenModifiers},
			Full:   protocol.Boolean(true),
			Range:  protocol.Boolean(true),
		}
	}
	if mc.documentHighlight {
		sc.DocumentHighlightProvider = protocol.Boolean(true)
	}
	if mc.foldingRange {
		sc.FoldingRangeProvider = protocol.Boolean(true)
	}
	if mc.documentLink {
		sc.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
	}
}
