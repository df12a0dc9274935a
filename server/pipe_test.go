package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/uri"
)

// pipeClient is the client end of an in-process server, connected over
// net.Pipe with a real jsonrpc2 connection and LSP header framing. It is the
// shared test helper of this package:
//
//	c := newPipeServer(t, Options{})
//	c.initialize()                         // initialize + initialized
//	c.open("file:///a.bp.md", 1, "text")   // didOpen
//	d := c.waitDiagnostics("file:///a.bp.md", 1, 5*time.Second)
//	err := c.call("textDocument/hover", map[string]any{...}, &result)
//	if pipeCode(err) == jsonrpc2.MethodNotFound { ... }
//
// Params are plain Go values (maps, structs, json.RawMessage) marshaled to
// JSON; tests need not use the protocol package's union types. The client
// records the latest textDocument/publishDiagnostics per URI and every
// server-to-client request (see waitRequest), answers
// workspace/configuration with the reply set by setConfiguration (null until
// then) and every other server-to-client request with null, and records the
// code passed to Options.Exit. The connection is torn down by t.Cleanup, or
// earlier by close. Its methods are safe for concurrent use.
type pipeClient struct {
	tb   testing.TB
	conn jsonrpc2.Conn

	srv *Server // the server at the other end; nil for a stand-in server

	mu       sync.Mutex
	diags    map[string]pipeDiagnostics // latest publishDiagnostics by URI as sent
	history  map[string][]int           // the version of every publish by URI (0: none, as at didClose)
	changed  chan struct{}              // closed and replaced on every publish
	config   json.RawMessage            // workspace/configuration reply
	requests []pipeRequest              // server-to-client requests, in order
	progress []json.RawMessage          // $/progress params, in order
	exit     chan int                   // receives Options.Exit codes
	closed   bool
	serveErr error // what pipeServe returned, once done is closed

	cconn net.Conn
	done  chan struct{} // closed when the server side has ended
}

// pipeRequest is one request from the server to the client.
type pipeRequest struct {
	Method string
	Params json.RawMessage
}

// pipeDiagnostics is one textDocument/publishDiagnostics notification.
type pipeDiagnostics struct {
	URI     string
	Version int             // 0 when the server sent none
	Params  json.RawMessage // the notification's params as sent
}

// items decodes the diagnostics, failing the test if they are not an array.
func (d pipeDiagnostics) items(tb testing.TB) []json.RawMessage {
	tb.Helper()
	var p struct {
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(d.Params, &p); err != nil {
		tb.Fatalf("publishDiagnostics params: %v", err)
	}
	return p.Diagnostics
}

// newPipeServer starts a server on one end of a net.Pipe, wired by
// pipeServe, and returns the client end. opts.Exit, if set, is still called
// after the code is recorded. c.srv is the server, for tests that inspect its
// state (read its fields under c.srv.mu, or use serverText).
func newPipeServer(tb testing.TB, opts Options) *pipeClient {
	tb.Helper()
	c, opts := newPipeClient(tb, opts)
	sconn, cconn := net.Pipe()
	c.srv = New(opts)
	go func() {
		err := pipeServe(c.srv, sconn)
		c.mu.Lock()
		c.serveErr = err
		c.mu.Unlock()
		close(c.done)
	}()
	c.start(cconn)
	return c
}

// pipeServe is Serve for a server the caller made with New, so that tests
// can reach its state; keep it in step with Serve.
func pipeServe(s *Server, rwc io.ReadWriteCloser) error {
	return s.Serve(context.Background(), rwc)
}

func newPipeClient(tb testing.TB, opts Options) (*pipeClient, Options) {
	c := &pipeClient{
		tb:      tb,
		diags:   map[string]pipeDiagnostics{},
		history: map[string][]int{},
		changed: make(chan struct{}),
		exit:    make(chan int, 16),
		done:    make(chan struct{}),
	}
	userExit := opts.Exit
	opts.Exit = func(code int) {
		select {
		case c.exit <- code:
		default:
		}
		if userExit != nil {
			userExit(code)
		}
	}
	return c, opts
}

func (c *pipeClient) start(cconn net.Conn) {
	c.cconn = cconn
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(cconn))
	c.conn.Go(context.Background(), c.handle)
	c.tb.Cleanup(func() { c.close() })
}

// handle serves the server-to-client messages.
func (c *pipeClient) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	if req.IsCall() {
		// Answer off the read loop. net.Pipe has no buffer: a response
		// written from the read loop blocks until the server reads, and the
		// server's read loop may itself be blocked writing a notification
		// that only this read loop would take, a deadlock no real transport
		// (with its kernel buffer) shows at this size.
		jsonrpc2.Async(ctx)
		c.mu.Lock()
		c.requests = append(c.requests, pipeRequest{req.Method(), bytes.Clone(req.Params())})
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	}
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		// Only uri and version are decoded here, by pipeMember, which stops
		// as soon as it has them: the benchmarks time this handler, and
		// decoding a large diagnostics array would be the client's cost,
		// not the server's.
		d := pipeDiagnostics{Params: bytes.Clone(req.Params())}
		if err := json.Unmarshal(pipeMember(d.Params, "uri"), &d.URI); err != nil {
			c.tb.Errorf("publishDiagnostics uri in %.200s: %v", d.Params, err)
			return nil, nil
		}
		if v := pipeMember(d.Params, "version"); v != nil && string(v) != "null" {
			if err := json.Unmarshal(v, &d.Version); err != nil {
				c.tb.Errorf("publishDiagnostics version in %.200s: %v", d.Params, err)
			}
		}
		c.mu.Lock()
		c.diags[d.URI] = d
		c.history[d.URI] = append(c.history[d.URI], d.Version)
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
		return nil, nil
	case "workspace/applyEdit":
		return map[string]any{"applied": true}, nil
	case "$/progress":
		c.mu.Lock()
		c.progress = append(c.progress, bytes.Clone(req.Params()))
		c.mu.Unlock()
		return nil, nil
	case "workspace/configuration":
		c.mu.Lock()
		cfg := c.config
		c.mu.Unlock()
		if cfg == nil {
			return []any{nil}, nil
		}
		return []json.RawMessage{cfg}, nil
	}
	return nil, nil // other notifications are dropped; other requests answered with null
}

// call sends a request and unmarshals its result into result (which may be
// nil). It returns the server's error response as a *jsonrpc2.Error (see
// pipeCode), or a transport error; it gives up after 10 seconds.
func (c *pipeClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

// notify sends a notification, failing the test if it cannot be written.
func (c *pipeClient) notify(method string, params any) {
	c.tb.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.tb.Fatalf("notify %s: %v", method, err)
	}
}

// waitDiagnostics waits until the latest publishDiagnostics for uri (as the
// server spells it) carries a version >= version, and returns that
// notification; it fails the test after timeout. Since the server publishes
// after every change, version == the last version sent means the server has
// caught up.
func (c *pipeClient) waitDiagnostics(uri string, version int, timeout time.Duration) pipeDiagnostics {
	c.tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		d, ok := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if ok && d.Version >= version {
			return d
		}
		select {
		case <-changed:
		case <-c.done:
			c.tb.Fatalf("server ended while waiting for diagnostics of %s version %d", uri, version)
		case <-deadline.C:
			c.tb.Fatalf("no diagnostics for %s version %d within %v (latest: %v, version %d)", uri, version, timeout, ok, d.Version)
		}
	}
}

// waitRequest waits until a request from the server satisfies match and
// returns it; it fails the test after timeout.
func (c *pipeClient) waitRequest(what string, timeout time.Duration, match func(pipeRequest) bool) pipeRequest {
	c.tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for seen := 0; ; {
		c.mu.Lock()
		reqs, changed := c.requests[seen:], c.changed
		seen = len(c.requests)
		c.mu.Unlock()
		for _, r := range reqs {
			if match(r) {
				return r
			}
		}
		select {
		case <-changed:
		case <-c.done:
			c.tb.Fatalf("server ended while waiting for %s", what)
		case <-deadline.C:
			c.tb.Fatalf("no %s within %v", what, timeout)
		}
	}
}

// setConfiguration sets the client's reply to workspace/configuration: the
// value of the "bluepencil" section (nil answers null).
func (c *pipeClient) setConfiguration(section json.RawMessage) {
	c.mu.Lock()
	c.config = section
	c.mu.Unlock()
}

// waitExit returns the code the server passed to Options.Exit, failing the
// test if none arrives within timeout.
func (c *pipeClient) waitExit(timeout time.Duration) int {
	c.tb.Helper()
	select {
	case code := <-c.exit:
		return code
	case <-time.After(timeout):
		c.tb.Fatalf("no exit within %v", timeout)
		return -1
	}
}

// serverText returns the server's current text and version of uri (as the
// server keys it); ok is false if the document is not open.
func (c *pipeClient) serverText(u string) (text string, version int32, ok bool) {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	doc, ok := c.srv.docs[uri.URI(u)]
	if !ok {
		return "", 0, false
	}
	return string(doc.head.text), doc.head.version, true
}

// close ends the connection and waits for the server side to finish; it
// fails the test if the server does not end within 5 seconds. It is safe to
// call more than once. It returns what pipeServe returned (nil on a clean
// end).
func (c *pipeClient) close() error {
	c.mu.Lock()
	already := c.closed
	c.closed = true
	c.mu.Unlock()
	if !already {
		c.cconn.Close()
	}
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		c.tb.Errorf("server did not end within 5s of the client closing the pipe")
		return errors.New("server did not end")
	}
	select {
	case <-c.conn.Done():
	case <-time.After(5 * time.Second):
		c.tb.Errorf("client connection did not end within 5s")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.serveErr
}

// pipeMember returns the raw value of member key of the JSON object raw, or
// nil if there is none. It scans only as far as the member and does not
// validate what it skips; raw must come from a JSON encoder, and key must
// need no escaping.
func pipeMember(raw []byte, key string) []byte {
	ws := func(i int) int {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
			i++
		}
		return i
	}
	i := ws(0)
	if i >= len(raw) || raw[i] != '{' {
		return nil
	}
	quoted := `"` + key + `"`
	for i++; ; {
		i = ws(i)
		if i >= len(raw) || raw[i] != '"' {
			return nil
		}
		k := i
		i = pipeSkip(raw, i)
		name := raw[k:i]
		i = ws(i)
		if i >= len(raw) || raw[i] != ':' {
			return nil
		}
		v := ws(i + 1)
		i = pipeSkip(raw, v)
		if string(name) == quoted {
			return raw[v:i]
		}
		i = ws(i)
		if i >= len(raw) || raw[i] != ',' {
			return nil
		}
		i++
	}
}

// pipeSkip returns the end of the JSON value that starts at raw[i].
func pipeSkip(raw []byte, i int) int {
	if i >= len(raw) {
		return i
	}
	switch raw[i] {
	case '"':
		for i++; i < len(raw); {
			j := bytes.IndexAny(raw[i:], `"\`)
			if j < 0 {
				return len(raw)
			}
			i += j
			if raw[i] == '\\' {
				i += 2
				continue
			}
			return i + 1
		}
		return len(raw)
	case '{', '[':
		depth := 0
		for i < len(raw) {
			switch raw[i] {
			case '"':
				i = pipeSkip(raw, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(raw) && !bytes.ContainsRune([]byte(",}] \t\r\n"), rune(raw[i])) {
		i++
	}
	return i
}

// pipeCode returns the JSON-RPC error code of err, or 0 if err is nil or
// carries none (a transport error).
func pipeCode(err error) jsonrpc2.Code {
	var je *jsonrpc2.Error
	if errors.As(err, &je) {
		return je.Code
	}
	return 0
}

// pipeInitParams are minimal initialize params: UTF-16 positions, Markdown
// hover, and workspace/configuration support when config is true.
func pipeInitParams(config bool) map[string]any {
	return map[string]any{
		"processId": nil, "rootUri": nil,
		"capabilities": map[string]any{
			"general":      map[string]any{"positionEncodings": []string{"utf-16"}},
			"workspace":    map[string]any{"configuration": config},
			"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}}},
		},
	}
}

// initialize sends initialize (pipeInitParams(false)) and initialized,
// failing the test on error.
func (c *pipeClient) initialize() {
	c.tb.Helper()
	if err := c.call("initialize", pipeInitParams(false), nil); err != nil {
		c.tb.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", map[string]any{})
}

// open sends didOpen for uri with the given version and text.
func (c *pipeClient) open(uri string, version int, text string) {
	c.tb.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "bluepencil", "version": version, "text": text}})
}

func TestPipeMember(t *testing.T) {
	raw := []byte(` { "a" : {"x":[1,"}]",{"y":"\\"}]}, "uri":"file:///x" ,"version": 12,"diagnostics":[{"m":"a,b"}],"n":null } `)
	for key, want := range map[string]string{
		"a": `{"x":[1,"}]",{"y":"\\"}]}`, "uri": `"file:///x"`, "version": "12",
		"diagnostics": `[{"m":"a,b"}]`, "n": "null", "missing": "",
	} {
		if got := string(pipeMember(raw, key)); got != want {
			t.Errorf("%s: got %s, want %s", key, got, want)
		}
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err) // the input must be valid JSON for the test to mean anything
	}
}
