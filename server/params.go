package server

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
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
// the protocol package decoded as the other arm.
type vetted struct {
	ranged []bool
}

// vetMethods are the methods whose params are vetted.
var vetMethods = map[string]bool{
	"textDocument/didOpen": true, "textDocument/didChange": true, "textDocument/didClose": true,
	"textDocument/didSave": true, "textDocument/hover": true, "textDocument/definition": true,
	"textDocument/codeAction": true, "textDocument/diagnostic": true,
}

// vetParams checks the params of method; params of other methods, and
// params that are not an object (the protocol package refuses those), pass.
func vetParams(method string, raw []byte) (vetted, error) {
	var v vetted
	if !vetMethods[method] {
		return v, nil
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	err := members(dec, func(name string) error {
		switch name {
		case "textDocument":
			return members(dec, func(name string) error {
				if name == "uri" {
					return vetURI(dec)
				}
				return dec.SkipValue()
			})
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
		ranged := false
		err := members(dec, func(name string) error {
			if name == "range" {
				ranged = true
				return vetRange(dec)
			}
			return dec.SkipValue()
		})
		if err != nil {
			return err
		}
		v.ranged = append(v.ranged, ranged)
	}
	_, err = dec.ReadToken()
	return err
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
// an escaped lone surrogate, or percent-encoded.
func vetURI(dec *jsontext.Decoder) error {
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
