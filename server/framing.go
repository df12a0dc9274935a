package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"go.lsp.dev/jsonrpc2"
)

// MaxMessage is the largest message body the server reads, in bytes.
// Articles and originals are at most 16 MiB, and JSON escaping can grow
// text severalfold; a larger Content-Length is answered and skipped
// without being read into memory.
const MaxMessage = 64 << 20

const (
	// maxHeader bounds a header, from its first byte to its blank line.
	// LSP defines two header fields of a few dozen bytes each.
	maxHeader = 8 << 10
	// keepBody is the largest body buffer kept from one frame to the next;
	// a larger one is left to the garbage collector once used.
	keepBody = 1 << 20
	// idPeek is how much of an over-long body is read to find the id of the
	// request it carries, so that the error answers that request.
	idPeek = 4 << 10
)

// frameReader reads LSP base-protocol frames (a header with a
// Content-Length, a blank line, a body) in bounded memory: at most
// maxHeader for a header, MaxMessage for a body. A header is parsed before
// any of it is consumed, so that after a broken one (or an over-long body)
// the reader can resynchronise on the next "Content-Length:" in the
// stream, wherever it lies, the broken header included: a header line of
// junk without a newline swallows the first line of the next header, and a
// Content-Length too large to honour gives no way to know where the next
// frame starts.
type frameReader struct {
	in     *bufio.Reader
	body   []byte // reused for bodies up to keepBody
	resync bool   // skip to the next "Content-Length:" before reading
}

// badFrame is input that was not a message: the error to answer with.
type badFrame struct {
	code jsonrpc2.Code
	id   string // JSON text of the id to answer, "null" when unknown
	msg  string
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{in: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the body of the next frame, valid until the next call, or
// the problem with it, or an error from the underlying reader: io.EOF when
// it ended between frames.
func (r *frameReader) next() ([]byte, *badFrame, error) {
	n, bad, err := r.header()
	if err != nil || bad != nil {
		if bad != nil {
			r.resync = true
		}
		return nil, bad, err
	}
	if n > MaxMessage {
		r.resync = true
		return nil, &badFrame{code: jsonrpc2.InvalidRequest, id: r.peekID(n),
			msg: fmt.Sprintf("bluepencil: a message over the %d MiB limit; skipped to the next Content-Length", MaxMessage>>20)}, nil
	}
	body := r.body
	if n > cap(body) {
		body = make([]byte, n)
		if n <= keepBody {
			r.body = body
		}
	}
	body = body[:n]
	if _, err := io.ReadFull(r.in, body); err != nil {
		return nil, nil, unexpected(err)
	}
	return body, nil, nil
}

// header reads a header and returns its Content-Length. After a problem,
// one byte of the header is consumed, and the resynchronisation that
// follows searches the rest.
func (r *frameReader) header() (int, *badFrame, error) {
	afterField := false
	if r.resync {
		if err := r.skipToLength(); err != nil {
			return 0, nil, err
		}
		r.resync, afterField = false, true
	}
	block, err := r.peekHeader()
	if block == nil {
		if err == nil {
			r.in.Discard(1)
			return 0, headerError(fmt.Sprintf("a header over %d KiB", maxHeader>>10)), nil
		}
		if afterField || r.in.Buffered() > 0 {
			err = unexpected(err)
		}
		return 0, nil, err
	}
	n, problem := parseHeader(block, afterField)
	if problem != "" {
		r.in.Discard(1)
		return 0, headerError(problem), nil
	}
	r.in.Discard(len(block))
	return n, nil, nil
}

// peekHeader returns the next header, up to and including its blank line,
// without consuming it; nil with a nil error when there is no blank line
// within maxHeader bytes.
func (r *frameReader) peekHeader() ([]byte, error) {
	scanned := 0 // the header lines before it are not blank
	for want := 1; ; {
		// Whatever is buffered, and at least one byte more than last time.
		buf, err := r.in.Peek(min(maxHeader, max(want, r.in.Buffered())))
		want = len(buf) + 1
		for {
			j := bytes.IndexByte(buf[scanned:], '\n')
			if j < 0 {
				break
			}
			line := buf[scanned : scanned+j]
			scanned += j + 1
			if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
				return buf[:scanned], nil
			}
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		if len(buf) >= maxHeader {
			return nil, nil
		}
	}
}

// parseHeader returns the Content-Length of a header, or what is wrong
// with it. When afterField is set, the header starts with the value of a
// Content-Length whose name resynchronisation consumed.
func parseHeader(block []byte, afterField bool) (int, string) {
	length := -1
	lines := bytes.Split(bytes.TrimRight(block, "\r\n"), []byte("\n"))
	for i, line := range lines {
		line = bytes.TrimSuffix(line, []byte("\r"))
		name, value, ok := bytes.Cut(line, []byte(":"))
		if i == 0 && afterField {
			name, value, ok = []byte("content-length"), line, true
		}
		if !ok {
			return 0, "a header line without a colon"
		}
		if string(bytes.ToLower(bytes.TrimSpace(name))) == "content-length" {
			if length = parseLength(value); length < 0 {
				return 0, "a Content-Length that is not a number"
			}
		}
	}
	if length <= 0 {
		return 0, "a header without a positive Content-Length"
	}
	return length, ""
}

// parseLength parses a Content-Length value: decimal digits around
// optional spaces, saturating at MaxMessage+1 so that no value overflows.
// It returns -1 for anything else.
func parseLength(v []byte) int {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return -1
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return -1
		}
		n = min(n*10+int(c-'0'), MaxMessage+1)
	}
	return n
}

func headerError(what string) *badFrame {
	return &badFrame{code: jsonrpc2.ParseError, id: "null", msg: "bluepencil: " + what + "; skipped to the next Content-Length"}
}

// lengthField is what resynchronisation looks for, matched without regard
// to case. Its first byte occurs nowhere else in it, so a failed match can
// restart at the byte that failed.
const lengthField = "content-length:"

// skipToLength discards input up to and including the next
// "Content-Length:", in bounded memory.
func (r *frameReader) skipToLength() error {
	matched := 0
	for {
		buf, err := r.in.Peek(max(1, r.in.Buffered()))
		if len(buf) == 0 {
			return err
		}
		for i, c := range buf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			switch {
			case c == lengthField[matched]:
				matched++
			case c == lengthField[0]:
				matched = 1
			default:
				matched = 0
			}
			if matched == len(lengthField) {
				_, err := r.in.Discard(i + 1)
				return err
			}
		}
		if _, err := r.in.Discard(len(buf)); err != nil {
			return err
		}
	}
}

// peekID returns the id of the request whose body of n bytes starts next
// in the input, when it lies within its first idPeek bytes and they have
// arrived, or "null". It neither consumes input nor waits for it: the body
// announced may never come.
func (r *frameReader) peekID(n int) string {
	head, _ := r.in.Peek(min(n, idPeek, r.in.Buffered()))
	dec := json.NewDecoder(bytes.NewReader(head))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "null"
	}
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			return "null"
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return "null"
		}
		if name == "id" {
			return idOf(v)
		}
	}
	return "null"
}

// unexpected turns an end of input inside a frame into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
