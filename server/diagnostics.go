package server

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
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
	buf := publishBuffers.Get().(*[]byte)
	*buf = appendPublish((*buf)[:0], snap, caps)
	s.notify(ctx, "textDocument/publishDiagnostics", json.RawMessage(*buf))
	publishBuffers.Put(buf)
}

// publishBuffers recycles the buffers publishes are encoded in: half a
// megabyte for a 1 MiB article, allocated and grown on every keystroke
// otherwise. The connection copies a notification before Notify returns.
var publishBuffers = sync.Pool{New: func() any { return new([]byte) }}

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
			items = s.toLSP(snap, caps)
		}
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{
		FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", Items: items},
	}, nil
}

// toLSP converts snap's diagnostics to the protocol's form.
func (s *Server) toLSP(snap *snapshot, caps clientCaps) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(snap.diags))
	for i := range snap.diags {
		out = append(out, toLSPDiagnostic(snap, i, caps))
	}
	return out
}

// toLSPDiagnostic converts snap's diagnostic i, as a publish of snap's
// diagnostics has it.
func toLSPDiagnostic(snap *snapshot, i int, caps clientCaps) protocol.Diagnostic {
	d := snap.diags[i]
	pd := lspDiagnostic(snap.rangeOf(d.Span.Start, d.Span.End, caps.enc), d, caps, snap.linked(i))
	for _, r := range d.Related {
		pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: snap.uri, Range: snap.rangeOf(r.Span.Start, r.Span.End, caps.enc)},
			Message:  r.Message,
		})
	}
	return pd
}

// linkAllUpTo is the most diagnostics a publish links every one of to its
// code's documentation. Past it, only the first diagnostic of each code
// links: the same link on each of a book's 1,430 untracked elisions was a
// third of every publish (485 KiB a keystroke) and 0.8 ms of the client's
// parsing, for a page the reader needs to open once.
const linkAllUpTo = 256

// linked reports whether snap's diagnostic i carries its code's link,
// for clients that take links: every publish, pull and code action says
// the same of it.
func (snap *snapshot) linked(i int) bool {
	if len(snap.diags) <= linkAllUpTo {
		return true
	}
	snap.linksOnce.Do(func() {
		snap.links = make([]bool, len(snap.diags))
		var seen []string
		for k := range snap.diags {
			if code := snap.diags[k].Code; !slices.Contains(seen, code) {
				seen = append(seen, code)
				snap.links[k] = true
			}
		}
	})
	return snap.links[i]
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
//
// A thousand problems are mostly a few codes with the same message each,
// so what follows a diagnostic's range is encoded once per code, and a
// message equal to the one before it is copied rather than escaped again.
// Positions are counted with one cursor over the text in order; on an
// ASCII text every encoding counts bytes, and the cursor counts nothing.
func appendPublish(b []byte, snap *snapshot, caps clientCaps) []byte {
	enc := caps.enc
	if snap.isASCII() {
		enc = position.UTF8
	}
	e := publishEncoder{b: b, cur: snap.mapper().Cursor(enc), codeDescription: caps.codeDescription}
	e.b = append(e.b, `{"uri":`...)
	uriFrom := len(e.b)
	e.b = appendJSONString(e.b, string(snap.uri))
	e.uri = e.b[uriFrom:len(e.b):len(e.b)]
	e.b = append(e.b, `,"version":`...)
	e.b = strconv.AppendInt(e.b, int64(snap.version), 10)
	e.b = append(e.b, `,"diagnostics":[`...)
	for i := range snap.diags {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.diagnostic(&snap.diags[i], snap.linked(i))
	}
	return append(e.b, "]}"...)
}

// publishEncoder is appendPublish's state.
type publishEncoder struct {
	b   []byte
	cur *position.Cursor
	uri []byte // the document URI, encoded
	// fields holds, for each severity and code met, the encoded members
	// from "severity" to "message".
	fields []codeFields
	// codeDescription: the client takes a link to the code's documentation.
	codeDescription bool
	// msg is the last message encoded, at b[msgFrom:msgTo].
	msg            string
	msgFrom, msgTo int
}

type codeFields struct {
	severity rules.Severity
	code     string
	link     bool
	json     []byte
}

func (e *publishEncoder) diagnostic(d *rules.Diagnostic, link bool) {
	e.b = append(e.b, `{"range":`...)
	e.b = appendRange(e.b, e.cur.Range(d.Span.Start, d.Span.End))
	e.b = append(e.b, e.codeFields(d.Severity, d.Code, link && e.codeDescription)...)
	e.message(d.Message)
	if len(d.Related) > 0 {
		e.b = append(e.b, `,"relatedInformation":[`...)
		for j, r := range d.Related {
			if j > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, `{"location":{"uri":`...)
			e.b = append(e.b, e.uri...)
			e.b = append(e.b, `,"range":`...)
			e.b = appendRange(e.b, e.cur.Range(r.Span.Start, r.Span.End))
			e.b = append(e.b, `},"message":`...)
			e.b = appendJSONString(e.b, r.Message)
			e.b = append(e.b, '}')
		}
		e.b = append(e.b, ']')
	}
	e.b = append(e.b, '}')
}

// codeFields returns the encoded members from "severity" to "message" for
// a diagnostic of severity sev and code, with the code's link or not.
func (e *publishEncoder) codeFields(sev rules.Severity, code string, link bool) []byte {
	for i := range e.fields {
		if f := &e.fields[i]; f.severity == sev && f.code == code && f.link == link {
			return f.json
		}
	}
	b := append([]byte(`,"severity":`), strconv.Itoa(int(sev))...)
	b = append(b, `,"code":`...)
	b = appendJSONString(b, code)
	if link {
		b = append(b, `,"codeDescription":{"href":`...)
		b = appendJSONString(b, DocsURL+"#"+code)
		b = append(b, '}')
	}
	b = append(b, `,"source":"`+Name+`","message":`...)
	e.fields = append(e.fields, codeFields{sev, code, link, b})
	return b
}

// message appends msg as a JSON string, copying the previous one's
// encoding when it is the same message.
func (e *publishEncoder) message(msg string) {
	from := len(e.b)
	if e.msgTo > e.msgFrom && msg == e.msg {
		e.b = append(e.b, e.b[e.msgFrom:e.msgTo]...)
	} else {
		e.b = appendJSONString(e.b, msg)
	}
	e.msg, e.msgFrom, e.msgTo = msg, from, len(e.b)
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

// lspDiagnostic is d at r, as every client is sent it: its code, with the
// link to its documentation for clients that show one.
func lspDiagnostic(r protocol.Range, d rules.Diagnostic, caps clientCaps, link bool) protocol.Diagnostic {
	pd := protocol.Diagnostic{
		Range:    r,
		Severity: protocol.DiagnosticSeverity(d.Severity),
		Code:     protocol.String(d.Code),
		Source:   protocol.NewOptional(Name),
		Message:  protocol.String(d.Message),
	}
	if caps.codeDescription && link {
		pd.CodeDescription = protocol.CodeDescription{Href: uri.URI(DocsURL + "#" + d.Code)}
	}
	return pd
}
