package server

import (
	"context"
	"encoding/json"
	"io"
	"strconv"

	"go.lsp.dev/jsonrpc2"
)

// frameStream is the raw-frame side of jsonrpc2's LSP framing, which the
// connection uses when the stream offers it.
type frameStream interface {
	jsonrpc2.Stream
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// guardStream reads frames itself, within the limits of frameReader, and
// answers what is not a JSON-RPC message with the error JSON-RPC 2.0
// prescribes (-32700 for text that is not JSON or a broken header, -32600
// for JSON that is not a request or a message over MaxMessage) and goes on
// reading. jsonrpc2 v1.0.1 instead ends the connection on such a frame,
// reads a header line of any length into memory, and accepts a
// Content-Length up to 1 GiB; one garbled message from a client would cost
// the user every diagnostic until the editor restarts the server. Writing
// is jsonrpc2's.
type guardStream struct {
	frameStream // for writing and closing only
	in          *frameReader
	onBad       func(code jsonrpc2.Code, what string)
}

func newGuardStream(rwc io.ReadWriteCloser, onBad func(jsonrpc2.Code, string)) jsonrpc2.Stream {
	fs, ok := jsonrpc2.NewStream(rwc).(frameStream)
	if !ok {
		panic("jsonrpc2.NewStream no longer offers raw frames")
	}
	return &guardStream{frameStream: fs, in: newFrameReader(rwc), onBad: onBad}
}

// Read is Stream.Read over ReadFrame; jsonrpc2 reads through ReadFrame.
func (g *guardStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	frame, n, err := g.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(frame)
	return msg, n, err
}

// ReadFrame returns the next frame that decodes as a JSON-RPC message (or a
// batch, which jsonrpc2 answers member by member), answering the others.
func (g *guardStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		frame, bad, err := g.in.next()
		if err != nil {
			return nil, 0, err
		}
		if bad == nil {
			code, id, ok := checkFrame(frame)
			if ok {
				return frame, int64(len(frame)), nil
			}
			bad = &badFrame{code: code, id: id, msg: "bluepencil: the message is not JSON"}
			if code == jsonrpc2.InvalidRequest {
				bad.msg = "bluepencil: the message is not a JSON-RPC 2.0 request"
			}
		}
		if g.onBad != nil {
			g.onBad(bad.code, bad.msg)
		}
		reply := `{"jsonrpc":"2.0","id":` + bad.id + `,"error":{"code":` + strconv.Itoa(int(bad.code)) + `,"message":` + strconv.Quote(bad.msg) + `}}`
		if _, err := g.frameStream.WriteFrame(ctx, []byte(reply)); err != nil {
			return nil, 0, err
		}
	}
}

// checkFrame reports whether frame can be handed to jsonrpc2, and if not,
// the error code and the id (JSON text, "null" when unknown) to answer with.
func checkFrame(frame []byte) (jsonrpc2.Code, string, bool) {
	if !json.Valid(frame) {
		return jsonrpc2.ParseError, "null", false
	}
	if _, err := jsonrpc2.DecodeMessage(frame); err == nil {
		return 0, "", true
	}
	var probe []json.RawMessage
	if json.Unmarshal(frame, &probe) == nil {
		return 0, "", true // a batch: jsonrpc2 handles its members
	}
	id := "null"
	var obj map[string]json.RawMessage
	if json.Unmarshal(frame, &obj) == nil {
		id = idOf(obj["id"])
	}
	return jsonrpc2.InvalidRequest, id, false
}

// idOf returns raw if it is a JSON-RPC id (a number or a string), else
// "null".
func idOf(raw json.RawMessage) string {
	var n json.Number
	var s string
	if raw != nil && (json.Unmarshal(raw, &n) == nil || json.Unmarshal(raw, &s) == nil) {
		return string(raw)
	}
	return "null"
}
