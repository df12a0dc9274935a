package server

import (
	"context"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/position"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// DocsURL is where each code's documentation lives; a diagnostic links to
// DocsURL#code.
const DocsURL = "https://github.com/bluepencil/bluepencil/blob/main/docs/markup.md"

// publish pushes snap's diagnostics, unless the client pulls them (it would
// show both, as two copies of every problem), doc was closed, or a newer
// snapshot replaced snap meanwhile. doc.pubMu orders it with the other
// publishes of doc and with didClose's clearing.
func (s *Server) publish(ctx context.Context, doc *document, snap *snapshot) {
	doc.pubMu.Lock()
	defer doc.pubMu.Unlock()
	s.mu.Lock()
	caps := s.caps
	current := !doc.closed && doc.snap == snap
	s.mu.Unlock()
	if caps.pullDiagnostics || !current {
		return
	}
	// Encoded by hand: on a book-length article with a thousand problems,
	// reflection-based encoding of the generated union types took half of
	// the keystroke-to-diagnostics time. The version is sent even to
	// clients that do not declare versionSupport: those ignore it, and the
	// others can drop a report for an old version.
	s.notify(ctx, "textDocument/publishDiagnostics", json.RawMessage(appendPublish(nil, snap, caps)))
}

// Diagnostic answers a pull request with the diagnostics of the newest
// analysis at least as new as the request's version, waiting for it.
func (s *Server) Diagnostic(ctx context.Context, p *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled before it started: answered as RequestCancelled
	}
	items := []protocol.Diagnostic{}
	if v := s.viewOf(ctx, p.TextDocument.URI); v != nil {
		snap := v.snap
		if !v.exact() {
			snap = s.settle(ctx, v, pullWait)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if snap != nil {
			caps, _ := s.settings()
			items = s.toLSP(snap, snap.diags, caps)
		}
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", Items: items},
	}, nil
}

// toLSP converts diagnostics to the protocol's form.
func (s *Server) toLSP(snap *snapshot, diags []rules.Diagnostic, caps clientCaps) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(diags))
	for _, d := range diags {
		out = append(out, toLSPDiagnostic(snap, d, caps))
	}
	return out
}

func toLSPDiagnostic(snap *snapshot, d rules.Diagnostic, caps clientCaps) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:           snap.rangeOf(d.Span.Start, d.Span.End, caps.enc),
		Severity:        protocol.DiagnosticSeverity(d.Severity),
		Code:            protocol.String(d.Code),
		Source:          protocol.NewOptional(Name),
		Message:         protocol.String(d.Message),
		CodeDescription: protocol.CodeDescription{Href: uri.URI(DocsURL + "#" + d.Code)},
	}
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: snap.uri, Range: snap.rangeOf(r.Span.Start, r.Span.End, caps.enc)},
			Message:  r.Message,
		})
	}
	return pd
}

// rangeOf converts a byte span of snap's text to an LSP range.
func (snap *snapshot) rangeOf(start, end int, enc position.Encoding) protocol.Range {
	return fromRange(snap.mapper().Range(start, end, enc))
}

// republishAll re-checks every open document, after a settings change.
func (s *Server) republishAll(ctx context.Context) {
	s.markStale(func(*document) bool { return true })
}

// appendPublish appends the JSON of snap's publishDiagnostics params, the
// same document toLSP and the protocol package would produce.
func appendPublish(b []byte, snap *snapshot, caps clientCaps) []byte {
	if b == nil {
		b = make([]byte, 0, 64+320*len(snap.diags))
	}
	cur := snap.mapper().Cursor(caps.enc)
	b = append(b, `{"uri":`...)
	b = appendJSONString(b, string(snap.uri))
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(snap.version), 10)
	b = append(b, `,"diagnostics":[`...)
	for i, d := range snap.diags {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"range":`...)
		b = appendRange(b, cur.Range(d.Span.Start, d.Span.End))
		b = append(b, `,"severity":`...)
		b = strconv.AppendInt(b, int64(d.Severity), 10)
		b = append(b, `,"code":`...)
		b = appendJSONString(b, d.Code)
		b = append(b, `,"codeDescription":{"href":`...)
		b = appendJSONString(b, DocsURL+"#"+d.Code)
		b = append(b, `},"source":"`+Name+`","message":`...)
		b = appendJSONString(b, d.Message)
		if len(d.Related) > 0 {
			b = append(b, `,"relatedInformation":[`...)
			for j, r := range d.Related {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"location":{"uri":`...)
				b = appendJSONString(b, string(snap.uri))
				b = append(b, `,"range":`...)
				b = appendRange(b, cur.Range(r.Span.Start, r.Span.End))
				b = append(b, `},"message":`...)
				b = appendJSONString(b, r.Message)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func appendRange(b []byte, r position.Range) []byte {
	b = append(b, `{"start":{"line":`...)
	b = strconv.AppendInt(b, int64(r.Start.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendInt(b, int64(r.Start.Character), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendInt(b, int64(r.End.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendInt(b, int64(r.End.Character), 10)
	return append(b, "}}"...)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	if plainJSON(s) {
		// The common case (codes, messages, file URIs): nothing to escape.
		b = append(b, s...)
		return append(b, '"')
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// plainJSON reports whether s can stand in a JSON string as it is.
func plainJSON(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s)
}
