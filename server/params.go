package server

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/span"
)

// Params are vetted on the wire before the protocol package decodes them,
// for what its decoding lets through or changes without a word:
//
//   - A content change whose range does not decode (a negative line, say)
//     is decoded as the other arm of the union, a whole-document change,
//     its range ignored: the document became the text of the edit.
//   - A position between 2^31 and 2^32-1 decodes, though LSP's uinteger
//     stops at 2^31-1.
//   - A URI holding invalid UTF-8, raw or percent-encoded, is decoded into
//     a different URI (U+FFFD, or "%FF" becoming "%25FF"), under which the
//     document would be served and its diagnostics published.
//
// A request with such params is answered InvalidParams; a notification is
// dropped and logged.

// maxUinteger is the largest uinteger LSP allows.
const maxUinteger = math.MaxInt32

// vetted is what vetParams learned on the way: for didChange, which
// content changes carry a range, so that the handler can refuse a change
// the protocol package decoded as the other arm; for didOpen and
// didChange, where the texts lie (decodeTexts).
type vetted struct {
	ranged []bool
	// texts are the JSON string values of the document's text (didOpen)
	// or of each content change (didChange), in order, as offsets into the
	// params; textsOK is false when a text is missing, repeated or not a
	// string, and then only the protocol package decodes the params.
	texts   []span.Span
	textsOK bool
	// uri is the document URI, unquoted, which the protocol package parses
	// with uri.Parse; uris counts the URIs met, and only one is trusted.
	uri  string
	uris int
}

// vetMethods are the methods whose params are vetted: the document
// notifications, and every request capture reads a document for (which
// needs the URI vetParams reads).
var vetMethods = func() map[string]bool {
	m := map[string]bool{
		"textDocument/didOpen": true, "textDocument/didChange": true,
		"textDocument/didClose": true, "textDocument/didSave": true,
	}
	maps.Copy(m, docRequests)
	return m
}()

// vetParams checks the params of method; params of other methods, and
// params that are not an object (the protocol package refuses those), pass.
func vetParams(method string, raw []byte) (vetted, error) {
	v := vetted{textsOK: true}
	if !vetMethods[method] {
		return v, nil
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	open := method == "textDocument/didOpen"
	err := members(dec, func(name string) error {
		switch name {
		case "textDocument":
			texts := 0
			err := members(dec, func(name string) error {
				switch {
				case name == "uri":
					return v.vetURI(dec)
				case name == "text" && open:
					texts++
					return v.text(dec)
				}
				return dec.SkipValue()
			})
			if open && texts != 1 {
				v.textsOK = false
			}
			return err
		case "position":
			return vetPosition(dec)
		case "range":
			return vetRange(dec)
		case "contentChanges":
			return vetChanges(dec, &v)
		}
		return dec.SkipValue()
	})
	var bad *badParams
	if errors.As(err, &bad) {
		return v, bad
	}
	return v, nil // a syntax or type error: the protocol package reports it
}

// badParams is a vetting failure, as opposed to params the protocol
// package will refuse on its own.
type badParams struct{ what string }

func (b *badParams) Error() string { return b.what }

func invalid(format string, args ...any) error {
	return &badParams{fmt.Sprintf(format, args...)}
}

// members calls f with each member name of the object that comes next in
// dec, f reading the member's value.
func members(dec *jsontext.Decoder, f func(name string) error) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return invalid("an object was expected")
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := f(name.String()); err != nil {
			return err
		}
	}
	_, err = dec.ReadToken()
	return err
}

func vetChanges(dec *jsontext.Decoder, v *vetted) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '[' {
		return invalid("contentChanges is not an array")
	}
	for dec.PeekKind() != ']' {
		ranged, texts := false, 0
		err := members(dec, func(name string) error {
			switch name {
			case "range":
				ranged = true
				return vetRange(dec)
			case "text":
				texts++
				return v.text(dec)
			}
			return dec.SkipValue()
		})
		if err != nil {
			return err
		}
		v.ranged = append(v.ranged, ranged)
		if texts != 1 {
			v.textsOK = false
		}
	}
	_, err = dec.ReadToken()
	return err
}

// text records where the text value that comes next in dec lies.
func (v *vetted) text(dec *jsontext.Decoder) error {
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if val.Kind() != '"' {
		v.textsOK = false
		return nil
	}
	end := int(dec.InputOffset())
	v.texts = append(v.texts, span.Span{Start: end - len(val), End: end})
	return nil
}

// fastTexts is the size of text from which decodeTexts pays.
const fastTexts = 4 << 10

// decodeTexts decodes params whose texts v located into p, each text with
// one allocation of its size. The protocol package grows a string a byte
// at a time from 32 bytes and copies it at the end: for a 100 KiB didOpen,
// four times the text in garbage and most of the time it took. It is false
// when the texts are few or small, or anything is unusual (a text with
// invalid UTF-8, say): then the protocol package must decode them, as it
// would have.
func decodeTexts(raw []byte, v vetted, p any) ([][]byte, bool) {
	size := 0
	for _, t := range v.texts {
		size += t.Len()
	}
	if !v.textsOK || size < fastTexts {
		return nil, false
	}
	texts := make([][]byte, len(v.texts))
	rest := make([]byte, 0, len(raw)-size+2*len(v.texts))
	prev := 0
	for i, t := range v.texts {
		b, err := jsontext.AppendUnquote(make([]byte, 0, t.Len()), raw[t.Start:t.End])
		if err != nil {
			return nil, false
		}
		texts[i] = b
		rest = append(append(rest, raw[prev:t.Start]...), `""`...)
		prev = t.End
	}
	rest = append(rest, raw[prev:]...)
	if protocol.Unmarshal(rest, p) != nil {
		return nil, false
	}
	return texts, true
}

func vetRange(dec *jsontext.Decoder) error {
	seen := 0
	err := members(dec, func(name string) error {
		if name == "start" || name == "end" {
			seen++
			return vetPosition(dec)
		}
		return dec.SkipValue()
	})
	if err == nil && seen != 2 {
		return invalid("a range without a start and an end")
	}
	return err
}

func vetPosition(dec *jsontext.Decoder) error {
	seen := 0
	err := members(dec, func(name string) error {
		if name != "line" && name != "character" {
			return dec.SkipValue()
		}
		seen++
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if tok.Kind() != '0' {
			return invalid("position %s is not a number", name)
		}
		if n, err := tok.Int(); err != nil || n < 0 || n > maxUinteger {
			return invalid("position %s %s is not an integer from 0 to 2^31-1", name, tok.String())
		}
		return nil
	})
	if err == nil && seen != 2 {
		return invalid("a position without a line and a character")
	}
	return err
}

// vetURI refuses a document URI that holds invalid UTF-8, as raw bytes, as
// an escaped lone surrogate, or percent-encoded, and records it.
func (v *vetted) vetURI(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if raw.Kind() != '"' {
		return invalid("the document URI is not a string")
	}
	s, err := jsontext.AppendUnquote(nil, raw)
	if err != nil || !utf8.Valid(percentDecoded(s)) {
		return invalid("the document URI %.200q holds invalid UTF-8", s)
	}
	v.uri, v.uris = string(s), v.uris+1
	return nil
}

// percentDecoded returns s with every %XX escape decoded; malformed escapes
// are left as they are.
func percentDecoded(s []byte) []byte {
	if bytes.IndexByte(s, '%') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
