package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// pipeRWC joins the two halves of a client's connection to the server.
type pipeRWC struct {
	io.Reader
	io.WriteCloser
	closeRead func() error
}

func (p pipeRWC) Close() error {
	p.closeRead()
	return p.WriteCloser.Close()
}

// session runs `bluepencil serve args` in-process through a whole normal
// editing session, as an editor drives it (initialize, settings, open,
// diagnostics, hover, code actions, an edit, close, shutdown, exit), and
// returns what the server wrote to stderr and the code it exited with.
func session(t *testing.T, args ...string) (stderr string, code int) {
	t.Helper()
	// Pipes of the system, as an editor's are: io.Pipe has no buffer, and
	// a client that writes a request while the server writes a
	// notification and the client's reader waits to answer a server
	// request would deadlock on it, which no real pipe does.
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var errBuf bytes.Buffer
	exited := make(chan int, 1)
	done := make(chan int)
	go func() {
		done <- serve(args, serveIO{stdin: inR, stdout: outW, stderr: &errBuf, exit: func(c int) { exited <- c }})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(pipeRWC{outR, inW, outR.Close}))
	versions := make(chan int, 16)
	conn.Go(ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		switch req.Method() {
		case "workspace/configuration":
			return []any{map[string]any{"severity": map[string]string{"adjacent-elisions": "off"}}}, nil
		case "textDocument/publishDiagnostics":
			var p struct {
				Version int `json:"version"`
			}
			json.Unmarshal(req.Params(), &p)
			versions <- p.Version
		}
		return nil, nil
	})
	call := func(method string, params any) {
		t.Helper()
		var res json.RawMessage
		if _, err := conn.Call(ctx, method, params, &res); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
	notify := func(method string, params any) {
		t.Helper()
		if err := conn.Notify(ctx, method, params); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
	wait := func(v int) {
		t.Helper()
		for {
			select {
			case got := <-versions:
				if got == v {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no diagnostics for version %d", v)
			}
		}
	}
	dir := t.TempDir()
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "a.bp.md"))
	call("initialize", map[string]any{"processId": nil, "rootUri": "file://" + filepath.ToSlash(dir),
		"clientInfo": map[string]any{"name": "test"},
		"capabilities": map[string]any{"workspace": map[string]any{"configuration": true},
			"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}}}})
	notify("initialized", map[string]any{})
	notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "bluepencil", "version": 1, "text": "The {--fierce--} storm [...] hit.\n"}})
	wait(1)
	pos := map[string]any{"line": 0, "character": 7}
	call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
	call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": map[string]any{"start": pos, "end": pos}, "context": map[string]any{"diagnostics": []any{}}})
	notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 0, "character": 0},
			"end": map[string]any{"line": 0, "character": 0}}, "text": "Then "}}})
	wait(2)
	notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}})
	notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	call("shutdown", nil)
	notify("exit", nil)
	select {
	case code = <-exited:
	case <-ctx.Done():
		t.Fatal("the server did not exit")
	}
	conn.Close()
	inW.Close()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("serve did not return once stdin closed")
	}
	return errBuf.String(), code
}

// TestServeQuietByDefault: editors show a server's stderr as errors, so a
// normal session at the default level writes nothing there; --log-level and
// --log-file give more when asked for.
func TestServeQuietByDefault(t *testing.T) {
	if got, code := session(t); got != "" || code != 0 {
		t.Errorf("default level: exit %d, stderr:\n%s", code, got)
	}
	if got, _ := session(t, "--log-level", "info"); !strings.Contains(got, "level=INFO msg=initialize client=test") {
		t.Errorf("--log-level info: stderr lacks the initialize line:\n%s", got)
	}
	if got, _ := session(t, "--log-level", "debug"); !strings.Contains(got, "level=INFO msg=exit code=0") {
		t.Errorf("--log-level debug: stderr lacks the exit line:\n%s", got)
	}
	for _, flag := range []string{"--log-file", "--log"} {
		file := filepath.Join(t.TempDir(), "bluepencil.log")
		if got, _ := session(t, flag, file, "--log-level=info"); got != "" {
			t.Errorf("%s: stderr should be empty:\n%s", flag, got)
		}
		if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), "msg=initialize") {
			t.Errorf("%s: log file %q (%v)", flag, b, err)
		}
	}
}

func TestServeBadFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"--log-level", "loud"}, `--log-level must be debug, info, warn or error, not "loud"`},
		{[]string{"--log-file", "/nonexistent/dir/x.log"}, "no such file or directory"},
		{[]string{"--nope"}, "flag provided but not defined"},
	} {
		var stderr bytes.Buffer
		if code := serve(tt.args, serveIO{stdin: io.NopCloser(strings.NewReader("")), stdout: nopWriteCloser{io.Discard}, stderr: &stderr, exit: func(int) {}}); code != exitUsage || !strings.Contains(stderr.String(), tt.says) {
			t.Errorf("serve %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), exitUsage, tt.says)
		}
	}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
