package server

import (
	"context"
	"encoding/json"
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

// guardStream answers a frame that is not a JSON-RPC message with the error
// JSON-RPC 2.0 prescribes (-32700 for text that is not JSON, -32600 for JSON
// that is not a request) and goes on reading. jsonrpc2 v1.0.1 instead ends
// the connection on such a frame, and one garbled message from a client
// would cost the user every diagnostic until the editor restarts the server.
type guardStream struct {
	frameStream
	onBad func(code jsonrpc2.Code, frame []byte)
}

func newGuardStream(s jsonrpc2.Stream, onBad func(jsonrpc2.Code, []byte)) jsonrpc2.Stream {
	fs, ok := s.(frameStream)
	if !ok {
		return s
	}
	return &guardStream{frameStream: fs, onBad: onBad}
}

// ReadFrame returns the next frame that decodes as a JSON-RPC message (or a
// batch, which jsonrpc2 answers member by member), answering the others.
func (g *guardStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		frame, n, err := g.frameStream.ReadFrame(ctx)
		if err != nil {
			return frame, n, err
		}
		code, id, ok := checkFrame(frame)
		if ok {
			return frame, n, nil
		}
		if g.onBad != nil {
			g.onBad(code, frame)
		}
		msg := "bluepencil: the message is not JSON"
		if code == jsonrpc2.InvalidRequest {
			msg = "bluepencil: the message is not a JSON-RPC 2.0 request"
		}
		reply := `{"jsonrpc":"2.0","id":` + id + `,"error":{"code":` + strconv.Itoa(int(code)) + `,"message":` + strconv.Quote(msg) + `}}`
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
		if raw, ok := obj["id"]; ok {
			var n json.Number
			var s string
			if json.Unmarshal(raw, &n) == nil || json.Unmarshal(raw, &s) == nil {
				id = string(raw)
			}
		}
	}
	return jsonrpc2.InvalidRequest, id, false
}
