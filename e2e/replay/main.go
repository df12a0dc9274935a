// Command replay is the fastest language server there can be for a given
// publish: for every didOpen and didChange it sends, at once, the
// diagnostics in the JSON file named by REPLAY_DIAGNOSTICS, encoded once
// at the start. It is the keystroke benchmark's floor for a publish of
// those bytes (e2e/node/bench/keystroke.js): the time is the transport's
// and the client's alone, where the null server in Node also spends its
// own encoding of them.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		TextDocument struct {
			URI     string `json:"uri"`
			Version int    `json:"version"`
		} `json:"textDocument"`
	} `json:"params"`
}

func main() {
	diags := []byte("[]")
	if f := os.Getenv("REPLAY_DIAGNOSTICS"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil || !json.Valid(b) {
			fmt.Fprintln(os.Stderr, "replay: REPLAY_DIAGNOSTICS is not a readable JSON file:", err)
			os.Exit(2)
		}
		diags = b
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	send := func(body []byte) {
		fmt.Fprintf(out, "Content-Length: %d\r\n\r\n", len(body))
		out.Write(body)
		out.Flush()
	}
	for {
		n := -1
		for {
			line, err := in.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if n < 0 {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(in, body); err != nil {
			return
		}
		var m message
		if json.Unmarshal(body, &m) != nil {
			continue
		}
		switch m.Method {
		case "initialize":
			send([]byte(`{"jsonrpc":"2.0","id":` + string(m.ID) + `,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"replay"}}}`))
		case "shutdown":
			send([]byte(`{"jsonrpc":"2.0","id":` + string(m.ID) + `,"result":null}`))
		case "exit":
			return
		case "textDocument/didOpen", "textDocument/didChange":
			uri, _ := json.Marshal(m.Params.TextDocument.URI)
			b := make([]byte, 0, len(diags)+len(uri)+128)
			b = append(b, `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":`...)
			b = append(b, uri...)
			b = append(b, `,"version":`...)
			b = strconv.AppendInt(b, int64(m.Params.TextDocument.Version), 10)
			b = append(b, `,"diagnostics":`...)
			b = append(append(b, diags...), "}}"...)
			send(b)
		default:
			if len(m.ID) > 0 && m.Method != "" {
				send([]byte(`{"jsonrpc":"2.0","id":` + string(m.ID) + `,"result":null}`))
			}
		}
	}
}
