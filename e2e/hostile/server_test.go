//go:build hostile

package hostile

// Probes of `bluepencil serve` under a hostile or broken client (issue 8,
// findings 3, 7, 9, 10, 12, 13, 14 and 18), through lsp, a scripted client
// speaking Content-Length framing to the built binary over its stdin and
// stdout. Each bound is set beside a floor measured in the same run.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
)

// pos is an LSP position as JSON.
func lspAt(line, char int) map[string]any { return map[string]any{"line": line, "character": char} }

// change is one incremental content change.
func lspEdit(l0, c0, l1, c1 int, text string) map[string]any {
	return map[string]any{"range": map[string]any{"start": lspAt(l0, c0), "end": lspAt(l1, c1)}, "text": text}
}

func lspDidChange(c *lsp, uri string, version int, changes ...map[string]any) {
	c.t.Helper()
	cs := make([]any, len(changes))
	for i := range changes {
		cs[i] = changes[i]
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": cs})
}

// TestServerBackwardVersions: a client whose versions go backwards still
// has its changes applied in the order it sent them, so a quick fix
// computed afterwards lands on the mark it fixes. (Finding 9: the server
// dropped the change, and the fix landed five characters early.)
func TestServerBackwardVersions(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, map[string]any{"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": false}}})
	u := "file://" + dir + "/a.bp.md"
	text := "Intro. {----} end.\n"
	c.open(u, 5, text)
	c.waitDiagnostics(u, 5, 5*time.Second)
	lspDidChange(c, u, 6, lspEdit(0, 0, 0, 0, "X"))
	text = "X" + text
	c.waitDiagnostics(u, 6, 5*time.Second)
	c.forget(u)
	lspDidChange(c, u, 3, lspEdit(0, 0, 0, 0, "Hello")) // the version goes back
	text = "Hello" + text
	d := c.waitDiagnostics(u, 3, 5*time.Second)
	if d.Version != 3 {
		t.Errorf("diagnostics published for version %d, want the client's 3", d.Version)
	}
	mark := strings.Index(text, "{----}")
	m := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u},
		"range": map[string]any{"start": lspAt(0, mark+2), "end": lspAt(0, mark+2)}, "context": map[string]any{"diagnostics": []any{}}}, 5*time.Second)
	var actions []struct {
		Title string `json:"title"`
		Edit  struct {
			Changes map[string][]struct {
				Range   lspRange `json:"range"`
				NewText string   `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	if err := json.Unmarshal(m.Result, &actions); err != nil {
		t.Fatalf("codeAction: %v: %s", err, m.Result)
	}
	for _, a := range actions {
		if a.Title != "Remove the empty mark" {
			continue
		}
		e := a.Edit.Changes[u][0]
		got := text[:e.Range.Start.Character] + e.NewText + text[e.Range.End.Character:]
		if want := "HelloXIntro. end.\n"; got != want {
			t.Fatalf("the fix made %q, want %q", got, want)
		}
		return
	}
	t.Fatalf("no \"Remove the empty mark\" fix at the mark: %s", m.Result)
}

// TestServerNegativePositions: a didChange with a negative line is dropped
// and the text left as it was; a request with one, or with one beyond LSP's
// 2^31-1, is answered -32602. (Finding 10: the change replaced the whole
// text.)
func TestServerNegativePositions(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, nil)
	u := "file://" + dir + "/a.bp.md"
	c.open(u, 1, "Intro. {----} end.\n")
	before := c.waitDiagnostics(u, 1, 5*time.Second).codes()
	for i, p := range []map[string]any{lspAt(-1, 0), lspAt(0, -3), lspAt(1<<31, 0), lspAt(1<<32-1, 0)} {
		lspDidChange(c, u, 2+i, map[string]any{"range": map[string]any{"start": p, "end": lspAt(0, 0)}, "text": "TZ"})
		m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": u}, "position": p}, 5*time.Second)
		if m.code() != -32602 {
			t.Errorf("hover at %v: want -32602, got %+v %s", p, m.Error, m.Result)
		}
	}
	// A harmless change shows what the server's text is now.
	lspDidChange(c, u, 10, lspEdit(0, 0, 0, 0, ""))
	if after := c.waitDiagnostics(u, 10, 5*time.Second).codes(); after != before {
		t.Errorf("the text changed under invalid positions: diagnostics %q, were %q", after, before)
	}
}

// TestServerManyEdits: one didChange of 5,000 edits on a 1 MiB article is
// answered within a bound set by its floor, the same resulting text sent
// whole in one change (same parse, check and publish), measured in the same
// process; and the diagnostics of both are the same. (Finding 13: ~12 s.)
func TestServerManyEdits(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, nil)
	line := "The council voted {--on Tuesday--} to approve the budget, café 😀 naïve.\n"
	text := strings.Repeat(line, (1<<20)/len(line))
	lines := strings.SplitAfter(text, "\n")
	u := "file://" + dir + "/a.bp.md"
	c.open(u, 1, text)
	c.waitDiagnostics(u, 1, 30*time.Second)

	// 5,000 edits, each inserting an empty mark (a diagnostic) after the
	// emoji of a line, bottom up so that each is where the client means it.
	const n = 5000
	changes := make([]map[string]any, 0, n)
	edited := slices.Clone(lines)
	at := utf16.RuneLen('😀') + len(utf16.Encode([]rune(line[:strings.Index(line, "😀")])))
	for i := range n {
		l := len(lines) - 2 - i*((len(lines)-2)/n)
		changes = append(changes, lspEdit(l, at, l, at, "{----}"))
		edited[l] = strings.Replace(edited[l], "😀", "😀{----}", 1)
	}
	want := strings.Join(edited, "")

	// The floor: the same text, whole.
	start := time.Now()
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u, "version": 2},
		"contentChanges": []any{map[string]any{"text": want}}})
	floorDiags := c.waitDiagnostics(u, 2, 30*time.Second)
	floor := time.Since(start)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u, "version": 3},
		"contentChanges": []any{map[string]any{"text": text}}})
	c.waitDiagnostics(u, 3, 30*time.Second)

	start = time.Now()
	lspDidChange(c, u, 4, changes...)
	d := c.waitDiagnostics(u, 4, 60*time.Second)
	took := time.Since(start)
	t.Logf("5,000 edits on %d KiB: %v; floor (the same text whole): %v; %d diagnostics", len(text)>>10, took.Round(time.Millisecond), floor.Round(time.Millisecond), len(d.Diagnostics))
	if d.codes() != floorDiags.codes() || len(d.Diagnostics) != n {
		t.Errorf("after the edits, %d diagnostics differ from those of the same text sent whole (%d)", len(d.Diagnostics), len(floorDiags.Diagnostics))
	}
	if limit := 3*floor + time.Second; took > limit {
		t.Errorf("5,000 edits took %v, over 3x the floor + 1s (%v)", took, limit)
	}
}

// TestServerInvalidURI: a document URI holding invalid UTF-8 (raw, as an
// escaped lone surrogate, or percent-encoded) is not served under the URI
// it would decode to: its didOpen is dropped and a request on it answered
// -32602. (Finding 18.) The JSON is written by hand: encoding/json would
// replace what the probe needs on the wire.
func TestServerInvalidURI(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, nil)
	frame := func(body string) []byte {
		return []byte("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
	}
	for i, u := range []string{"file://" + dir + "/a%FF.bp.md", "file://" + dir + "/b\xff.bp.md", "file://" + dir + `/c\udc00.bp.md`} {
		open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + u + `","languageId":"bluepencil","version":1,"text":"Intro. {----} end.\n"}}}`
		id := 1000 + i
		hover := `{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"textDocument/hover","params":{"textDocument":{"uri":"` + u + `"},"position":{"line":0,"character":8}}}`
		c.mu.Lock()
		ch := make(chan lspMsg, 1)
		c.pending[strconv.Itoa(id)] = ch
		c.mu.Unlock()
		if err := c.raw(append(frame(open), frame(hover)...)); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-ch:
			if m.code() != -32602 {
				t.Errorf("hover on %q: want -32602, got %+v %s", u, m.Error, m.Result)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no answer to the hover on %q", u)
		}
	}
	good := "file://" + dir + "/d%C3%A9.bp.md"
	c.open(good, 1, "Intro. {----} end.\n")
	c.waitDiagnostics(good, 1, 5*time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.diags) != 1 {
		t.Errorf("diagnostics published for %d URIs, want only %s", len(c.diags), good)
	}
}

// TestServerOriginalsRSS opens and closes ten articles with 12 MiB
// originals three times and checks that the resident memory after each
// round stays flat. (Finding 7: 256, 502, 657 MiB.)
func TestServerOriginalsRSS(t *testing.T) {
	dir := t.TempDir()
	para := "The storm destroyed the old pier and the council met on Tuesday to discuss the cost of repairs.\n\n"
	for i := range 10 {
		orig := fmt.Sprintf("Original %d.\n\n", i) + strings.Repeat(para, (12<<20)/len(para))
		write(t, dir, fmt.Sprintf("orig%d.txt", i), []byte(orig))
		write(t, dir, fmt.Sprintf("a%d.bp.md", i), []byte(fmt.Sprintf("---\noriginal: orig%d.txt\n---\nOriginal %d.\n", i, i)))
	}
	c := startLSP(t, dir, nil)
	base := c.status("VmRSS")
	var after []int64
	for round := range 3 {
		start := time.Now()
		for i := range 10 {
			u := fmt.Sprintf("file://%s/a%d.bp.md", dir, i)
			text, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("a%d.bp.md", i)))
			c.forget(u)
			c.open(u, 1, string(text))
			c.waitDiagnostics(u, 1, 60*time.Second)
		}
		for i := range 10 {
			c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fmt.Sprintf("file://%s/a%d.bp.md", dir, i)}})
		}
		// A request answered after the closes means they were handled.
		c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "position": lspAt(0, 0)}, 10*time.Second)
		time.Sleep(500 * time.Millisecond) // let the runtime hand pages back
		after = append(after, c.status("VmRSS"))
		t.Logf("round %d (%v): RSS %s after closing (start %s, peak %s)", round+1, time.Since(start).Round(time.Millisecond), lspMiB(after[round]), lspMiB(base), lspMiB(c.status("VmHWM")))
	}
	if grow := after[2] - after[0]; grow > 32<<20 {
		t.Errorf("RSS grew by %s from round 1 to round 3", lspMiB(grow))
	}
	if after[2]-base > 96<<20 {
		t.Errorf("RSS after closing everything is %s above the start", lspMiB(after[2]-base))
	}
}

// TestServerWatchStorm opens 300 articles whose original is missing, sends
// 1,000 watched-file events for other files, and checks that a hover is
// answered within a second; then that an event for one article's original
// re-checks that article. (Finding 12: 58 s.) It also checks what the
// server asks the client to watch: the originals, not "**/*".
func TestServerWatchStorm(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, map[string]any{"workspace": map[string]any{
		"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true, "relativePatternSupport": true}}})
	const n = 300
	uris := make([]string, n)
	for i := range n {
		uris[i] = fmt.Sprintf("file://%s/a%d.bp.md", dir, i)
		c.open(uris[i], 1, fmt.Sprintf("---\noriginal: orig%d.txt\n---\nText %d.\n", i, i))
	}
	for i := range n {
		if d := c.waitDiagnostics(uris[i], 1, 30*time.Second); !strings.Contains(d.codes(), "original-not-found") {
			t.Fatalf("article %d: %s", i, d.codes())
		}
	}
	start := time.Now()
	for i := range 1000 {
		name := fmt.Sprintf("other%d.txt", i)
		if i%2 == 0 {
			name = fmt.Sprintf(".git/objects/%02x/%d", i%256, i)
		}
		c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
			map[string]any{"uri": "file://" + filepath.Join(dir, name), "type": 1 + i%3}}})
	}
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uris[0]}, "position": lspAt(3, 1)}, 10*time.Second)
	took := time.Since(start)
	t.Logf("1,000 events and a hover with %d open articles: %v", n, took.Round(time.Millisecond))
	if m.Error != nil || took > time.Second {
		t.Errorf("hover after the storm: %v, error %+v", took, m.Error)
	}

	// The original of article 7 appears: that article, and only it, is
	// re-checked.
	for i := range n {
		c.forget(uris[i])
	}
	write(t, dir, "orig7.txt", []byte("Text 7.\n"))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": "file://" + filepath.Join(dir, "orig7.txt"), "type": 1}}})
	if d := c.waitDiagnostics(uris[7], 1, 5*time.Second); len(d.Diagnostics) != 0 {
		t.Errorf("article 7 after its original appeared: %s", d.codes())
	}
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uris[0]}, "position": lspAt(3, 1)}, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	c.mu.Lock()
	others := len(c.diags)
	regs := append([]json.RawMessage(nil), c.registers...)
	c.mu.Unlock()
	if others != 1 {
		t.Errorf("%d articles re-published after one original appeared, want 1", others)
	}
	if len(regs) == 0 {
		t.Fatal("the server registered no file watchers")
	}
	if all := string(regs[len(regs)-1]); strings.Contains(all, `"**/*"`) || !strings.Contains(all, "orig7.txt") {
		t.Errorf("the server's file watchers: %.300s", all)
	}
}

// TestServerFIFOOriginal: an article naming a FIFO as its original does
// not block the server: shutdown is answered and exit ends the process.
// (Finding 3.)
func TestServerFIFOOriginal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "orig.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startLSP(t, dir, nil)
	u := "file://" + dir + "/a.bp.md"
	c.open(u, 1, "---\noriginal: orig.txt\n---\nText.\n")
	d := c.waitDiagnostics(u, 1, 5*time.Second)
	t.Logf("diagnostics: %s", d.codes())
	if code := c.shutdown(5 * time.Second); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

// TestServerHugeHeader: a 256 MiB header line without a newline, then a
// 4 GiB Content-Length, each followed by a valid request: memory stays
// bounded (peak measured beside the peak after initialize, the floor) and
// the valid requests are answered. (Finding 14: 529 MiB.)
func TestServerHugeHeader(t *testing.T) {
	dir := t.TempDir()
	c := startLSP(t, dir, nil)
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "position": lspAt(0, 0)}, 5*time.Second)
	floor := c.status("VmHWM")
	junk := []byte(strings.Repeat("X-Junk-Header-", 1<<20)) // 14 MiB
	for written := 0; written < 256<<20; written += len(junk) {
		if err := c.raw(junk); err != nil {
			t.Fatalf("the server stopped reading after %d MiB: %v", written>>20, err)
		}
	}
	m := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "position": lspAt(0, 0)}, 10*time.Second)
	if m.Error != nil {
		t.Errorf("the request after a 256 MiB header line: %+v", m.Error)
	}
	peakLine := c.status("VmHWM")

	if err := c.raw([]byte("Content-Length: 4294967296\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	m = c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"}, "position": lspAt(0, 0)}, 10*time.Second)
	if m.Error != nil {
		t.Errorf("the request after a 4 GiB Content-Length: %+v", m.Error)
	}
	peak := c.status("VmHWM")
	t.Logf("peak RSS: %s after initialize (floor), %s after the 256 MiB line, %s after the 4 GiB length", lspMiB(floor), lspMiB(peakLine), lspMiB(peak))
	if peak-floor > 32<<20 {
		t.Errorf("peak RSS grew by %s over the floor", lspMiB(peak-floor))
	}
	if code := c.shutdown(5 * time.Second); code != 0 {
		t.Errorf("exit code %d after shutdown", code)
	}
}

// lsp is a scripted LSP client of one `bluepencil serve` process, speaking
// Content-Length framing over its stdin and stdout. It answers the server's
// own requests (null, or [null] for workspace/configuration), records every
// client/registerCapability, and keeps the latest publishDiagnostics per
// URI. Its methods are safe for concurrent use.
type lsp struct {
	t      testing.TB
	cmd    *exec.Cmd
	in     io.WriteCloser
	inMu   sync.Mutex
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
	c.cmd.Stderr = &lspLockedWriter{mu: &c.mu, w: &c.stderr}
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

type lspLockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lspLockedWriter) Write(p []byte) (int, error) {
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
func (c *lsp) waitDiagnostics(uri string, version int, limit time.Duration) lspDiagParams {
	c.t.Helper()
	deadline := time.After(limit)
	for {
		c.mu.Lock()
		m, ok := c.diags[uri]
		changed := c.changed
		c.mu.Unlock()
		if ok {
			var p lspDiagParams
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

type lspDiagParams struct {
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

func (d lspDiagParams) codes() string {
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

func lspMiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
