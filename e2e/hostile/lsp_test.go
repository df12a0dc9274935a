//go:build hostile

package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lsp is a scripted LSP client of one `bluepencil serve` process, speaking
// Content-Length framing over its stdin and stdout. It answers the server's
// own requests (null, or [null] for workspace/configuration), records every
// client/registerCapability, and keeps the latest publishDiagnostics per
// URI. Its methods are safe for concurrent use.
type lsp struct {
	t     testing.TB
	cmd   *exec.Cmd
	in    io.WriteCloser
	inMu  sync.Mutex
	nextID int

	mu        sync.Mutex
	pending   map[string]chan lspMsg // by id
	diags     map[string]lspMsg      // latest publishDiagnostics by uri
	registers []json.RawMessage      // client/registerCapability params
	changed   chan struct{}          // closed and replaced on every notification
	stderr    bytes.Buffer
	done      chan struct{} // closed when stdout ends
	exited    chan struct{} // closed when the process has been waited for
	exitCode  int
}

// lspMsg is any message from the server.
type lspMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func (m lspMsg) code() int {
	if m.Error == nil {
		return 0
	}
	return m.Error.Code
}

// startLSP starts `bluepencil serve` in dir and initializes it with dir as
// the workspace root and caps as the client capabilities.
func startLSP(t testing.TB, dir string, caps map[string]any) *lsp {
	t.Helper()
	c := &lsp{t: t, pending: map[string]chan lspMsg{}, diags: map[string]lspMsg{},
		changed: make(chan struct{}), done: make(chan struct{}), exited: make(chan struct{})}
	c.cmd = exec.Command(bin, "serve", "--log-level", "warn")
	c.cmd.Dir = dir
	c.cmd.Stderr = &lockedWriter{mu: &c.mu, w: &c.stderr}
	var err error
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(out)
	go func() {
		<-c.done
		c.cmd.Wait()
		c.exitCode = c.cmd.ProcessState.ExitCode()
		close(c.exited)
	}()
	t.Cleanup(func() {
		c.in.Close()
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
			c.cmd.Process.Kill()
			<-c.exited
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if s := c.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "fatal error") {
			t.Errorf("server crashed:\n%s", head([]byte(s), 3000))
		}
	})
	if caps == nil {
		caps = map[string]any{}
	}
	root := "file://" + dir
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": root,
		"workspaceFolders": []any{map[string]any{"uri": root, "name": "w"}}, "capabilities": caps}, 10*time.Second); m.Error != nil {
		t.Fatalf("initialize: %s", m.Error.Message)
	}
	c.notify("initialized", map[string]any{})
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (c *lsp) read(out io.Reader) {
	defer close(c.done)
	br := bufio.NewReaderSize(out, 1<<20)
	tp := textproto.NewReader(br)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil || n <= 0 {
			c.t.Errorf("server sent a bad header %v", h)
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m lspMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON %.200q: %v", body, err)
			return
		}
		c.route(m)
	}
}

func (c *lsp) route(m lspMsg) {
	switch {
	case m.Method != "" && len(m.ID) > 0: // a request from the server
		var result any
		switch m.Method {
		case "workspace/configuration":
			result = []any{nil}
		case "client/registerCapability":
			c.mu.Lock()
			c.registers = append(c.registers, m.Params)
			c.mu.Unlock()
		}
		go c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
	case m.Method != "":
		c.mu.Lock()
		if m.Method == "textDocument/publishDiagnostics" {
			var p struct{ URI string }
			json.Unmarshal(m.Params, &p)
			c.diags[p.URI] = m
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	default:
		c.mu.Lock()
		ch := c.pending[string(m.ID)]
		delete(c.pending, string(m.ID))
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// send writes one framed message.
func (c *lsp) send(msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		panic(err)
	}
	return c.raw([]byte("Content-Length: " + strconv.Itoa(len(b)) + "\r\n\r\n" + string(b)))
}

// raw writes bytes as they are.
func (c *lsp) raw(b []byte) error {
	c.inMu.Lock()
	defer c.inMu.Unlock()
	_, err := c.in.Write(b)
	return err
}

func (c *lsp) notify(method string, params any) {
	c.t.Helper()
	if err := c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// start sends a request and returns the channel its response will come on.
func (c *lsp) start(method string, params any) chan lspMsg {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan lspMsg, 1)
	c.pending[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if err := c.send(msg); err != nil {
		c.t.Fatalf("request %s: %v", method, err)
	}
	return ch
}

// call sends a request and waits up to limit for its response.
func (c *lsp) call(method string, params any, limit time.Duration) lspMsg {
	c.t.Helper()
	ch := c.start(method, params)
	select {
	case m := <-ch:
		return m
	case <-c.done:
		c.t.Fatalf("%s: the server closed its output (stderr: %s)", method, c.stderrText())
	case <-time.After(limit):
		c.t.Fatalf("%s: no response within %v", method, limit)
	}
	return lspMsg{}
}

func (c *lsp) stderrText() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(head(c.stderr.Bytes(), 2000))
}

// open sends didOpen.
func (c *lsp) open(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "bluepencil", "version": version, "text": text}})
}

// waitDiagnostics waits up to limit for a publish for uri with a version >=
// version (or any publish when version is 0) and returns its params.
func (c *lsp) waitDiagnostics(uri string, version int, limit time.Duration) diagParams {
	c.t.Helper()
	deadline := time.After(limit)
	for {
		c.mu.Lock()
		m, ok := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if ok {
			var p diagParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if p.Version >= version {
				return p
			}
		}
		select {
		case <-changed:
		case <-c.done:
			c.t.Fatalf("server ended while waiting for diagnostics of %s (stderr: %s)", uri, c.stderrText())
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d within %v", uri, version, limit)
		}
	}
}

// forget drops the recorded diagnostics of uri, so that the next wait
// sees only a new publish.
func (c *lsp) forget(uri string) {
	c.mu.Lock()
	delete(c.diags, uri)
	c.mu.Unlock()
}

type diagParams struct {
	URI         string    `json:"uri"`
	Version     int       `json:"version"`
	Diagnostics []lspDiag `json:"diagnostics"`
}

type lspDiag struct {
	Range   lspRange `json:"range"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

func (d diagParams) codes() string {
	var out []string
	for _, x := range d.Diagnostics {
		out = append(out, fmt.Sprintf("%s@%d:%d-%d:%d", x.Code, x.Range.Start.Line, x.Range.Start.Character, x.Range.End.Line, x.Range.End.Character))
	}
	return strings.Join(out, " ")
}

// shutdown sends shutdown and exit and waits up to limit for the process
// to end, returning its exit code.
func (c *lsp) shutdown(limit time.Duration) int {
	c.t.Helper()
	if m := c.call("shutdown", nil, limit); m.Error != nil {
		c.t.Fatalf("shutdown: %s", m.Error.Message)
	}
	c.notify("exit", nil)
	select {
	case <-c.exited:
		return c.exitCode
	case <-time.After(limit):
		c.t.Fatalf("the server did not exit within %v of exit", limit)
	}
	return -1
}

// status returns a field of /proc/PID/status in bytes (VmRSS, VmHWM).
func (c *lsp) status(field string) int64 {
	c.t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		c.t.Fatal(err)
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	c.t.Fatalf("no %s in /proc status", field)
	return 0
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
