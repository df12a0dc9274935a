package server

import (
	"context"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
)

// DocumentSymbol outlines an article: its headings, and every change as a
// symbol labelled with what it changed (Cut: "ferocious"), in document
// order. A client that declares hierarchicalDocumentSymbolSupport gets the
// changes nested under their headings; any other gets a flat list, each
// change naming its heading as its container.
func (s *Server) DocumentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	caps, _ := s.settings()
	es := changes.Outline(v.markupDoc())
	m := v.head.mapper()
	if caps.hierarchicalSymbols {
		return protocol.DocumentSymbolSlice(documentSymbols(es, m, caps.enc)), nil
	}
	var out protocol.SymbolInformationSlice
	flatSymbols(&out, es, "", p.TextDocument.URI, m, caps.enc, func(changes.Entry) bool { return true })
	return out, nil
}

// symbolKinds maps an outline entry's kind to the LSP symbol kind, chosen
// for the icon clients show: a heading is a container, a cut is what is
// no longer there, a note is text.
var symbolKinds = map[changes.Kind]protocol.SymbolKind{
	changes.Heading:      protocol.SymbolKindNamespace,
	changes.Cut:          protocol.SymbolKindNull,
	changes.Added:        protocol.SymbolKindConstructor,
	changes.Changed:      protocol.SymbolKindOperator,
	changes.Note:         protocol.SymbolKindString,
	changes.UntrackedCut: protocol.SymbolKindEvent,
}

func documentSymbols(es []changes.Entry, m *position.Mapper, enc position.Encoding) []protocol.DocumentSymbol {
	if len(es) == 0 {
		return nil
	}
	out := make([]protocol.DocumentSymbol, len(es))
	for i, e := range es {
		out[i] = protocol.DocumentSymbol{
			Name:           e.Label,
			Kind:           symbolKinds[e.Kind],
			Range:          fromRange(m.Range(e.Span.Start, e.Span.End, enc)),
			SelectionRange: fromRange(m.Range(e.Name.Start, e.Name.End, enc)),
			Children:       documentSymbols(e.Children, m, enc),
		}
	}
	return out
}

// flatSymbols appends those of es and their children that keep keeps to
// out, each naming the heading it is under as its container. A heading's
// location is its line: a flat list reveals it, and its section would
// hold every symbol after it.
func flatSymbols(out *protocol.SymbolInformationSlice, es []changes.Entry, container string, u uri.URI, m *position.Mapper, enc position.Encoding, keep func(changes.Entry) bool) {
	for _, e := range es {
		if keep(e) {
			si := protocol.SymbolInformation{
				BaseSymbolInformation: protocol.BaseSymbolInformation{Name: e.Label, Kind: symbolKinds[e.Kind]},
				Location:              protocol.Location{URI: u, Range: fromRange(m.Range(e.Name.Start, e.Name.End, enc))},
			}
			if container != "" {
				si.ContainerName = &container
			}
			*out = append(*out, si)
		}
		inner := container
		if e.Kind == changes.Heading {
			inner = e.Label
		}
		flatSymbols(out, e.Children, inner, u, m, enc, keep)
	}
}

// Symbols answers workspace/symbol: the changes of every open article
// whose label the query finds (each of its words, case folded, in the
// label), headings left out: a search is for changes. Articles not open
// are not read; the editor's outline of each open one is what it lists.
func (s *Server) Symbols(ctx context.Context, p *protocol.WorkspaceSymbolParams) (protocol.WorkspaceSymbolResult, error) {
	type open struct {
		u uri.URI
		h *head
		d *markup.Document
	}
	s.mu.Lock()
	caps := s.caps
	var docs []open
	for u, d := range s.docs {
		if d.closed || isSettingsURI(u) || d.head == nil {
			continue
		}
		o := open{u: u, h: d.head}
		if d.snap != nil && d.snap.seq == d.head.seq && d.snap.doc != nil {
			o.d = d.snap.doc
		}
		docs = append(docs, o)
	}
	s.mu.Unlock()
	slices.SortFunc(docs, func(a, b open) int { return strings.Compare(string(a.u), string(b.u)) })
	keep := func(e changes.Entry) bool { return e.Kind != changes.Heading && changes.Match(e.Label, p.Query) }
	out := protocol.SymbolInformationSlice{}
	for _, o := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if o.d == nil {
			o.d = markup.Parse(o.h.text)
		}
		flatSymbols(&out, changes.Outline(o.d), "", o.u, o.h.mapper(), caps.enc, keep)
	}
	return out, nil
}
