package check

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Writer writes the diagnostics of one result at a time, as they come, so
// that output needs no memory for the files already written.
type Writer interface {
	// Write writes r's diagnostics.
	Write(r *Result) error
	// Close ends the output (the JSON array) and flushes it.
	Close() error
}

// NewTextWriter returns a Writer of one line per diagnostic, "path:line:col:
// severity: message (code)", with a 1-based line and a 1-based byte column
// as compilers print them, so editors' and CI's error parsers jump to them.
// Paths and messages pass through Escape, so that one diagnostic is always
// one line and nothing in a file name or an original drives the terminal.
func NewTextWriter(w io.Writer) Writer { return &textWriter{w: bufio.NewWriter(w)} }

type textWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (t *textWriter) Write(r *Result) error {
	path := Escape(r.Path)
	// The diagnostics come in order of position: Lines counts line breaks
	// from one to the next, with no table of every line (and answers as a
	// Mapper would when one goes back).
	lines := position.NewLines(r.Src)
	for _, d := range r.Diags {
		line, col := lines.LineCol(d.Span.Start)
		b := append(t.buf[:0], path...)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(line), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(col), 10)
		b = append(b, ": "...)
		b = append(b, d.Severity.String()...)
		b = append(b, ": "...)
		b = appendEscaped(b, d.Message)
		b = append(b, " ("...)
		b = appendEscaped(b, d.Code)
		b = append(b, ")\n"...)
		t.buf = b
		if _, err := t.w.Write(b); err != nil {
			return err
		}
	}
	// Flush per file, so that a long run shows its progress.
	return t.w.Flush()
}

func (t *textWriter) Close() error { return t.w.Flush() }

// Escape returns s with everything that could end a line, redraw a
// terminal or garble it written as a visible escape: C0 controls (\n, \r,
// \t, and \xNN for the rest, ESC included), DEL (\x7f), C1 controls and
// the Unicode line and paragraph separators (\u0085, \u2028), and each
// byte that is not part of valid UTF-8 (\xNN). Backslashes are left as
// they are, so Windows paths read as usual; an escape and a name holding
// a backslash can therefore look alike, but neither can forge a line.
func Escape(s string) string {
	for i := 0; i < len(s); {
		if s[i] >= 0x20 && s[i] < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if mustEscape(r, size) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s))
		}
		i += size
	}
	return s
}

// mustEscape reports whether the rune r, decoded from size bytes, must be
// escaped in text output; an invalid byte decodes as (RuneError, 1).
func mustEscape(r rune, size int) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' || (r == utf8.RuneError && size == 1)
}

const hexDigits = "0123456789abcdef"

// appendEscaped appends s to b escaped as Escape says.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		// Printable ASCII, nearly every byte of a message, goes as it is.
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
			j++
		}
		b = append(b, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !mustEscape(r, size):
			b = append(b, s[i:i+size]...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case size == 1: // C0, DEL or an invalid byte
			b = append(b, '\\', 'x', hexDigits[s[i]>>4], hexDigits[s[i]&0xf])
		default: // C1 or a separator, valid characters: name the code point
			b = append(b, `\u`...)
			b = append(b, hexDigits[r>>12], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		}
		i += size
	}
	return b
}

// JSONPosition is an LSP Position: a 0-based line and a 0-based character
// in UTF-16 code units.
type JSONPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// JSONRange is an LSP Range.
type JSONRange struct {
	Start JSONPosition `json:"start"`
	End   JSONPosition `json:"end"`
}

// JSONDiagnostic is one element of the JSON output: an LSP Diagnostic with
// the file it belongs to. File is the path as the system gave it: where it
// is not valid UTF-8, each invalid byte is written as a lone surrogate
// \udcXX (XX the byte), as Python's "surrogateescape" does (PEP 383), so
// json.loads and os.fsencode give back the exact bytes.
type JSONDiagnostic struct {
	File     string    `json:"file"`
	Range    JSONRange `json:"range"`
	Severity int       `json:"severity"`
	Code     string    `json:"code"`
	Source   string    `json:"source"`
	Message  string    `json:"message"`
}

// SourceName is the name diagnostics carry, as LSP's Diagnostic.source.
const SourceName = "bluepencil"

// NewJSONWriter returns a Writer of one JSON array of JSONDiagnostic
// holding every diagnostic of every file (an empty array when there are
// none, so that a consumer never has to special-case null), indented as
// encoding/json's MarshalIndent with two spaces would. It writes each
// element as it comes.
func NewJSONWriter(w io.Writer) Writer { return &jsonWriter{w: bufio.NewWriter(w)} }

type jsonWriter struct {
	w   *bufio.Writer
	n   int // diagnostics written so far
	buf []byte
}

func (j *jsonWriter) Write(r *Result) error {
	ranges := utf16Ranges(r.Mapper(), r.Diags)
	file := appendJSONString(nil, r.Path, true)
	for i, d := range r.Diags {
		b := j.buf[:0]
		if j.n == 0 {
			b = append(b, "[\n  {\n    \"file\": "...)
		} else {
			b = append(b, ",\n  {\n    \"file\": "...)
		}
		j.n++
		b = append(b, file...)
		b = append(b, ",\n    \"range\": {\n      \"start\": "...)
		b = appendPosition(b, ranges[i].Start)
		b = append(b, ",\n      \"end\": "...)
		b = appendPosition(b, ranges[i].End)
		b = append(b, "\n    },\n    \"severity\": "...)
		b = strconv.AppendInt(b, int64(d.Severity), 10)
		b = append(b, ",\n    \"code\": "...)
		b = appendJSONString(b, d.Code, false)
		b = append(b, ",\n    \"source\": \""+SourceName+"\",\n    \"message\": "...)
		b = appendJSONString(b, d.Message, false)
		b = append(b, "\n  }"...)
		j.buf = b
		if _, err := j.w.Write(b); err != nil {
			return err
		}
	}
	return j.w.Flush()
}

func (j *jsonWriter) Close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	if _, err := j.w.WriteString(end); err != nil {
		return err
	}
	return j.w.Flush()
}

func appendPosition(b []byte, p position.Position) []byte {
	b = append(b, "{\n        \"line\": "...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ",\n        \"character\": "...)
	b = strconv.AppendInt(b, int64(p.Character), 10)
	return append(b, "\n      }"...)
}

// utf16Ranges returns the LSP range of each diagnostic. Converting each
// offset on its own rescans its line from the start, which is quadratic
// on a long line with many diagnostics; instead every start and end is
// converted in one pass in offset order with a Cursor, so the cost is a
// sort plus one scan of the text, whatever order the diagnostics are in.
func utf16Ranges(m *position.Mapper, diags []rules.Diagnostic) []position.Range {
	offs := make([]int, 0, 2*len(diags))
	for _, d := range diags {
		// A reversed span is swapped, as Mapper.Range does.
		offs = append(offs, min(d.Span.Start, d.Span.End), max(d.Span.Start, d.Span.End))
	}
	order := make([]int32, len(offs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(offs[a], offs[b]) })
	pos := make([]position.Position, len(offs))
	cur := m.Cursor(position.UTF16)
	for _, i := range order {
		pos[i] = cur.Position(offs[i])
	}
	out := make([]position.Range, len(diags))
	for i := range out {
		out[i] = position.Range{Start: pos[2*i], End: pos[2*i+1]}
	}
	return out
}

// appendJSONString appends s as a JSON string, escaped exactly as
// encoding/json escapes it without HTML escaping, except that with
// surrogates each byte that is not valid UTF-8 is written \udcXX (PEP 383)
// rather than as U+FFFD, so that a file name keeps its bytes.
func appendJSONString(b []byte, s string, surrogates bool) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = appendJSONControl(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1 && surrogates:
			b = append(b, '\\', 'u', 'd', 'c', hexDigits[c>>4], hexDigits[c&0xf])
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendJSONControl appends the escape of an ASCII byte that JSON strings
// cannot hold as it is.
func appendJSONControl(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
