package server

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
)

// waitIdle waits until no document has an analysis to run; with a nil tb
// it waits as long as that takes.
func (s *Server) waitIdle(tb testing.TB) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.mu.Lock()
		n := s.working
		s.mu.Unlock()
		if n == 0 {
			return
		}
		if tb != nil && time.Now().After(deadline) {
			tb.Helper()
			tb.Fatalf("%d documents still being analysed after 30 s", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// testSnapshot analyses src as version of the document at u, with no
// original.
func testSnapshot(u uri.URI, version int32, src string) *snapshot {
	h := &head{text: []byte(src), version: version, seq: 1}
	return newSnapshot(u, h, analysis.Analyze(analysis.Input{Src: h.text}, analysis.Options{Fixes: true}, nil))
}

// hold takes every analysis slot of s, so that analyses wait while a test
// sends changes and requests; the function returned gives them back.
func hold(s *Server) (release func()) {
	for range analysisSlots() {
		s.pool.acquire(true)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			for range analysisSlots() {
				s.pool.release()
			}
		})
	}
}

// pauseAnalysis makes the analysis of version stop once done: entered is
// closed then, and it goes on when resume is closed.
func pauseAnalysis(s *Server, version int32) (entered, resume chan struct{}) {
	entered, resume = make(chan struct{}), make(chan struct{})
	s.analysed = func(_ uri.URI, v int32) {
		if v == version {
			close(entered)
			<-resume
		}
	}
	return entered, resume
}

// async sends a request and returns a channel that receives its raw
// result, or its error.
func (c *pipeClient) async(method string, params any) chan pipeResult {
	ch := make(chan pipeResult, 1)
	go func() {
		var raw json.RawMessage
		err := c.call(method, params, &raw)
		ch <- pipeResult{raw, err}
	}()
	return ch
}

type pipeResult struct {
	raw json.RawMessage
	err error
}

// quiet fails the test if ch delivers within d: the request is waiting.
func quiet(t *testing.T, ch chan pipeResult, d time.Duration, what string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("%s answered while its analysis was held: %s %v", what, r.raw, r.err)
	case <-time.After(d):
	}
}

// answered returns what ch delivers within d, failing the test otherwise.
func answered(t *testing.T, ch chan pipeResult, d time.Duration, what string) json.RawMessage {
	t.Helper()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatalf("%s: %v", what, r.err)
		}
		return r.raw
	case <-time.After(d):
		t.Fatalf("%s not answered within %v", what, d)
		return nil
	}
}

func (c *pipeClient) insert(u string, version, line, char int, text string) {
	c.tb.Helper()
	at := map[string]any{"line": line, "character": char}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u, "version": version},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": at, "end": at}, "text": text}}})
}

func (c *pipeClient) published(u string) []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.history[u])
}

func hoverAt(u string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": u}, "position": map[string]any{"line": line, "character": char}}
}

// TestLatestVersionWins: versions superseded before their analysis starts
// are never analysed, and only the newest is published.
func TestLatestVersionWins(t *testing.T) {
	c := newPipeServer(t, Options{})
	c.initialize()
	const u = "file:///latest.bp.md"
	c.open(u, 1, "Text {--cut--}.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	release := hold(c.srv)
	defer release()
	for v := 2; v <= 30; v++ {
		c.insert(u, v, 0, 0, "x")
	}
	// A request after the changes means the read loop has applied them.
	answered(t, c.async("textDocument/hover", hoverAt(u, 9, 0)), 5*time.Second, "hover")
	release()
	c.waitDiagnostics(u, 30, 5*time.Second)
	c.srv.waitIdle(t)
	if got := c.published(u); !slices.Equal(got, []int{1, 30}) {
		t.Errorf("published versions %v, want [1 30]", got)
	}
	c.srv.mu.Lock()
	n := c.srv.docs[u].analyses
	c.srv.mu.Unlock()
	if n != 2 {
		t.Errorf("%d analyses, want 2 (the open and the last version)", n)
	}
}

// TestSupersededWhileRunning: a version superseded while its analysis runs
// becomes the snapshot, but is not published; the newer one is.
func TestSupersededWhileRunning(t *testing.T) {
	c := newPipeServer(t, Options{})
	entered, resume := pauseAnalysis(c.srv, 2)
	c.initialize()
	const u = "file:///superseded.bp.md"
	c.open(u, 1, "Text {--cut--}.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	c.insert(u, 2, 0, 0, "[...] ")
	<-entered
	c.insert(u, 3, 0, 0, "a ")
	answered(t, c.async("textDocument/hover", hoverAt(u, 9, 0)), 5*time.Second, "hover")
	close(resume)
	d := c.waitDiagnostics(u, 3, 5*time.Second)
	c.srv.waitIdle(t)
	if got := c.published(u); !slices.Equal(got, []int{1, 3}) {
		t.Errorf("published versions %v, want [1 3]", got)
	}
	if items := d.items(t); len(items) != 1 || !strings.Contains(string(items[0]), "untracked-elision") {
		t.Errorf("diagnostics of version 3: %s", d.Params)
	}
}

// TestPublishOrder: under a burst of changes, publishes come in the order
// of the versions, the last one last.
func TestPublishOrder(t *testing.T) {
	c := newPipeServer(t, Options{})
	c.initialize()
	const u = "file:///order.bp.md"
	text := string(sample.Article(64 << 10))
	c.open(u, 1, text)
	for v := 2; v <= 300; v++ {
		c.insert(u, v, 8, 0, "x")
		if v%50 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	c.waitDiagnostics(u, 300, 10*time.Second)
	got := c.published(u)
	if !slices.IsSorted(got) || slices.Compact(slices.Clone(got))[len(slices.Compact(slices.Clone(got)))-1] != 300 {
		t.Errorf("published versions out of order or not ending at 300: %v", got)
	}
	t.Logf("%d of 299 changes published", len(got)-1)
}

// TestHoverWhileAnalysing: while the analysis of the newest version is
// held, a hover on a mark that the edit only moved answers at once, at
// the mark's new place; a hover on a mark the edit made waits for the
// analysis and shows it.
func TestHoverWhileAnalysing(t *testing.T) {
	c := newPipeServer(t, Options{})
	c.initialize()
	const u = "file:///hover.bp.md"
	c.open(u, 1, "Intro {--cut words--} end.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	release := hold(c.srv)
	defer release()
	c.insert(u, 2, 0, 0, "{++new++} ") // "{++new++} Intro {--cut words--} end."
	var h struct {
		Contents struct{ Value string }
		Range    struct{ Start, End struct{ Line, Character int } }
	}
	raw := answered(t, c.async("textDocument/hover", hoverAt(u, 0, 20)), 500*time.Millisecond, "hover on the moved mark")
	if err := json.Unmarshal(raw, &h); err != nil || !strings.Contains(h.Contents.Value, "cut words") ||
		h.Range.Start.Character != 16 || h.Range.End.Character != 31 {
		t.Errorf("hover on the moved mark: %s", raw)
	}
	fresh := c.async("textDocument/hover", hoverAt(u, 0, 4))
	quiet(t, fresh, 150*time.Millisecond, "hover on the new mark")
	release()
	raw = answered(t, fresh, 5*time.Second, "hover on the new mark")
	if err := json.Unmarshal(raw, &h); err != nil || !strings.Contains(h.Contents.Value, "Added:** new") ||
		h.Range.Start.Character != 0 || h.Range.End.Character != 9 {
		t.Errorf("hover on the new mark: %s", raw)
	}
}

// TestCodeActionVersion: code actions answer from the analysis of their
// own version, waiting for it, and their edits carry that version; when
// that version is superseded before its analysis, they answer nothing.
func TestCodeActionVersion(t *testing.T) {
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	params["capabilities"].(map[string]any)["workspace"] = map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}}
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	const u = "file:///actions.bp.md"
	c.open(u, 1, "Intro. {----} end.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	actionsAt := func(char int) map[string]any {
		at := map[string]any{"line": 0, "character": char}
		return map[string]any{"textDocument": map[string]any{"uri": u}, "range": map[string]any{"start": at, "end": at},
			"context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}}}
	}

	release := hold(c.srv)
	c.insert(u, 2, 0, 0, "X") // "XIntro. {----} end."
	ch := c.async("textDocument/codeAction", actionsAt(10))
	quiet(t, ch, 150*time.Millisecond, "code actions")
	release()
	var actions []struct {
		Title string
		Edit  struct {
			DocumentChanges []struct {
				TextDocument struct{ Version int }
				Edits        []struct {
					Range   struct{ Start, End struct{ Character int } }
					NewText string
				}
			}
		}
	}
	raw := answered(t, ch, 5*time.Second, "code actions")
	if err := json.Unmarshal(raw, &actions); err != nil || len(actions) == 0 {
		t.Fatalf("code actions: %s", raw)
	}
	dc := actions[0].Edit.DocumentChanges
	if len(dc) != 1 || dc[0].TextDocument.Version != 2 || len(dc[0].Edits) != 1 {
		t.Fatalf("edit of %q: %s", actions[0].Title, raw)
	}
	e := dc[0].Edits[0]
	text := "XIntro. {----} end.\n"
	if got := text[:e.Range.Start.Character] + e.NewText + text[e.Range.End.Character:]; got != "XIntro. end.\n" {
		t.Errorf("%q applied to version 2 gives %q", actions[0].Title, got)
	}

	release = hold(c.srv)
	defer release()
	c.insert(u, 3, 0, 0, "Y")
	stale := c.async("textDocument/codeAction", actionsAt(11))
	quiet(t, stale, 150*time.Millisecond, "code actions") // and read: the change comes after it
	c.insert(u, 4, 0, 0, "Z")
	// A request after the change means the read loop has applied it: released
	// before then, the worker could start on version 3.
	answered(t, c.async("textDocument/hover", hoverAt(u, 0, 0)), 5*time.Second, "hover")
	release()
	if raw := answered(t, stale, 5*time.Second, "code actions of a superseded version"); string(raw) != "null" && string(raw) != "[]" {
		t.Errorf("code actions of a version never analysed: %s", raw)
	}
	c.waitDiagnostics(u, 4, 5*time.Second)
	if got := c.published(u); slices.Contains(got, 3) {
		t.Errorf("published versions %v: 3 was superseded before its analysis", got)
	}
}

// TestPullWaitsForItsVersion: a pull of diagnostics waits for an analysis
// as new as the request.
func TestPullWaitsForItsVersion(t *testing.T) {
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	withPull(params)
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	const u = "file:///pull.bp.md"
	release := hold(c.srv)
	defer release()
	c.open(u, 1, "A {--cut\n")
	ch := c.async("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": u}})
	quiet(t, ch, 150*time.Millisecond, "pull")
	release()
	if raw := answered(t, ch, 5*time.Second, "pull"); !strings.Contains(string(raw), "unclosed-mark") {
		t.Errorf("pull: %s", raw)
	}
}

// TestCloseWhileAnalysing: a document closed while it is analysed gets its
// diagnostics cleared, and nothing published after that.
func TestCloseWhileAnalysing(t *testing.T) {
	c := newPipeServer(t, Options{})
	entered, resume := pauseAnalysis(c.srv, 2)
	c.initialize()
	const u = "file:///close.bp.md"
	c.open(u, 1, "Text [...].\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	c.insert(u, 2, 0, 0, "x")
	<-entered
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	answered(t, c.async("textDocument/hover", hoverAt(u, 0, 0)), 5*time.Second, "hover")
	close(resume)
	c.srv.waitIdle(t)
	if got := c.published(u); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("published versions %v, want [1 0]: version 1, then cleared", got)
	}
}

// TestAnalysisPanic: a panic in an analysis costs that version's
// diagnostics, not the server; a request waiting on it is answered.
func TestAnalysisPanic(t *testing.T) {
	c := newPipeServer(t, Options{})
	c.srv.analysed = func(_ uri.URI, version int32) {
		if version == 2 {
			panic("injected")
		}
	}
	c.initialize()
	const u = "file:///panic.bp.md"
	c.open(u, 1, "Text {--cut--}.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	c.insert(u, 2, 0, 0, "{++x++}")
	start := time.Now()
	answered(t, c.async("textDocument/hover", hoverAt(u, 0, 2)), 5*time.Second, "hover on text of the failed version")
	if d := time.Since(start); d > requestWait/2 {
		t.Errorf("the hover waited %v for an analysis that had failed", d)
	}
	c.insert(u, 3, 0, 0, "y")
	c.waitDiagnostics(u, 3, 5*time.Second)
	if got := c.published(u); !slices.Equal(got, []int{1, 3}) {
		t.Errorf("published versions %v, want [1 3]", got)
	}
}

// provenance applies edits to the identity of text's bytes: the result
// gives, for each byte of the edited text and for its end, the offset it
// had in text, or -1 for a byte an edit inserted.
func provenance(n int, edits []span.Edit) []int {
	ids := make([]int, n+1)
	for i := range ids {
		ids[i] = i
	}
	for _, e := range edits {
		ins := slices.Repeat([]int{-1}, len(e.New))
		ids = slices.Concat(ids[:e.Span.Start], ins, ids[e.Span.End:])
	}
	return ids
}

// randomEdits returns up to 8 random edits of a text of n bytes, each in
// the coordinates the ones before it left, inserting from alphabet.
func randomEdits(rnd *rand.Rand, n int) []span.Edit {
	var edits []span.Edit
	for range rnd.IntN(9) {
		start := rnd.IntN(n + 1)
		end := min(n, start+rnd.IntN(4))
		ins := "abc"[:rnd.IntN(4)]
		edits = append(edits, span.Replace(span.Span{Start: start, End: end}, ins))
		n += len(ins) - (end - start)
	}
	return edits
}

// TestMapThroughEdits: back and forward agree with where the bytes went:
// back exactly, forward whenever it maps a span.
func TestMapThroughEdits(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		n := rnd.IntN(12)
		checkMapping(t, n, randomEdits(rnd, n))
	}
}

// FuzzMapThroughEdits: the same property, edits chosen by the fuzzer.
func FuzzMapThroughEdits(f *testing.F) {
	f.Add(uint8(5), []byte{1, 2, 2, 3, 0, 1})
	f.Fuzz(func(t *testing.T, n uint8, ops []byte) {
		size := int(n % 32)
		var edits []span.Edit
		for i := 0; i+2 < len(ops) && len(edits) < 16; i += 3 {
			start := int(ops[i]) % (size + 1)
			end := min(size, start+int(ops[i+1]%4))
			ins := strings.Repeat("x", int(ops[i+2]%3))
			edits = append(edits, span.Replace(span.Span{Start: start, End: end}, ins))
			size += len(ins) - (end - start)
		}
		checkMapping(t, int(n%32), edits)
	})
}

func checkMapping(t *testing.T, n int, edits []span.Edit) {
	t.Helper()
	ids := provenance(n, edits)
	for o, id := range ids {
		got, ok := back(edits, o)
		if ok != (id >= 0) || (ok && got != id) {
			t.Fatalf("edits %v: back(%d) = %d, %v; the byte came from %d", edits, o, got, ok, id)
		}
	}
	for a := 0; a < n; a++ {
		for b := a + 1; b <= n; b++ {
			intact := -1 // where [a, b) lies, whole and uninterrupted, after the edits
			if i := slices.Index(ids, a); i >= 0 && i+b-a <= len(ids) && slices.Equal(ids[i:i+b-a], seq(a, b)) {
				intact = i
			}
			// forward may give up on bytes an edit later put back as they
			// were; with one edit it must be exact.
			got, ok := forward(edits, span.Span{Start: a, End: b})
			if (ok && (got.Start != intact || got.Len() != b-a)) || (len(edits) <= 1 && ok != (intact >= 0)) {
				t.Fatalf("edits %v: forward(%d:%d) = %v, %v; the bytes lie at %d", edits, a, b, got, ok, intact)
			}
		}
	}
}

func seq(a, b int) []int {
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// TestApplyChangesEdits: the byte edits applyChanges reports lead from the
// old text to the new one, positions clamped as the text is edited, and
// what it says of ASCII is true.
func TestApplyChangesEdits(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	shadow := "---\ntitle: A\n---\nThe {--quick--} brown 🦊 jumps.\r\nSecond é line.\rThird\n"
	h := &head{text: []byte(shadow), seq: 1}
	for i := range 2000 {
		var changes []protocol.TextDocumentContentChangeEvent
		for range 1 + rnd.IntN(3)*rnd.IntN(2) {
			var c map[string]any
			c, shadow = robustRandomEdit(rnd, shadow)
			r := c["range"].(map[string]any)
			at := func(p any) protocol.Position {
				m := p.(map[string]any)
				return protocol.Position{Line: uint32(m["line"].(int)), Character: uint32(m["character"].(int))}
			}
			changes = append(changes, &protocol.TextDocumentContentChangePartial{
				Range: protocol.Range{Start: at(r["start"]), End: at(r["end"])}, Text: c["text"].(string)})
		}
		text, edits, whole := applyChanges(h, changes, position.UTF16)
		if whole || string(text) != shadow {
			t.Fatalf("change %d: text %q, want %q", i, text, shadow)
		}
		replayed := slices.Clone(h.text)
		for _, e := range edits {
			replayed = slices.Concat(replayed[:e.Span.Start], []byte(e.New), replayed[e.Span.End:])
		}
		if string(replayed) != shadow {
			t.Fatalf("change %d: the edits %v give %q, want %q", i, edits, replayed, shadow)
		}
		next := &head{text: text, seq: h.seq + 1}
		next.ascii.Store(asciiAfter(h.ascii.Load(), edits))
		if a := next.ascii.Load(); a != 0 && (a > 0) != asciiOnly(text) {
			t.Fatalf("change %d: ascii %d for %q", i, a, text)
		}
		h = next
	}
}

// TestRequestReadsItsVersion: a request is read against the text the
// client had when it sent it, even when a change follows it in the same
// write and is applied before the request's handler runs (which a delay
// makes sure of).
func TestRequestReadsItsVersion(t *testing.T) {
	r := newRobustRaw(t)
	r.initialize()
	r.srv.mu.Lock()
	r.srv.released = func(string) { time.Sleep(2 * time.Millisecond) }
	r.srv.mu.Unlock()
	const u = "file:///order.bp.md"
	r.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
		"uri": u, "languageId": "bluepencil", "version": 1, "text": "{--cut--} tail\n"}}})
	r.send(robustHover(50, u, 0, 4)) // answered once version 1 is analysed
	if m := r.response(50, 5*time.Second); !strings.Contains(m.raw, "Cut words") {
		t.Fatalf("hover on version 1: %s", m.raw)
	}
	shift := 0 // Xs before the mark
	for i := range 100 {
		at := map[string]any{"line": 0, "character": 0}
		change := map[string]any{"range": map[string]any{"start": at, "end": at}, "text": "XXXXXXXXXX"}
		if shift > 0 {
			change["range"] = map[string]any{"start": at, "end": map[string]any{"line": 0, "character": shift}}
			change["text"] = ""
		}
		id := 100 + i
		err := r.write(robustFrame(robustJSON(robustHover(id, u, 0, shift+4))) +
			robustFrame(robustJSON(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
				"textDocument": map[string]any{"uri": u, "version": 2 + i}, "contentChanges": []any{change}}})))
		if err != nil {
			t.Fatal(err)
		}
		if m := r.response(id, 5*time.Second); !strings.Contains(m.raw, "Cut words") {
			t.Fatalf("hover %d, sent on the text with the mark at %d, read against another: %s", i, shift, m.raw)
		}
		shift = 10 - shift
	}
}

// TestRequestSeesSettings: a request sent after a settings change reads an
// analysis made with the new settings, waiting for it.
func TestRequestSeesSettings(t *testing.T) {
	c := newPipeServer(t, Options{})
	params := pipeInitParams(false)
	withPull(params)
	if err := c.call("initialize", params, nil); err != nil {
		t.Fatal(err)
	}
	const u = "file:///settings.bp.md"
	c.open(u, 1, "Cut [...] here.\n")
	pull := map[string]any{"textDocument": map[string]any{"uri": u}}
	if raw := answered(t, c.async("textDocument/diagnostic", pull), 5*time.Second, "pull"); !strings.Contains(string(raw), "untracked-elision") {
		t.Fatalf("pull before the change: %s", raw)
	}
	release := hold(c.srv)
	defer release()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"bluepencil": map[string]any{"severity": map[string]any{"untracked-elision": "off"}}}})
	ch := c.async("textDocument/diagnostic", pull)
	quiet(t, ch, 150*time.Millisecond, "pull after the settings changed")
	release()
	if raw := answered(t, ch, 5*time.Second, "pull"); strings.Contains(string(raw), "untracked-elision") {
		t.Errorf("pull after the settings turned the code off: %s", raw)
	}
}

// TestHoverOnMarkMadeSince: a hover where the newest analysis has plain
// text, but an edit since wrapped that text in a mark, waits for the
// analysis of its own version instead of answering "nothing here" (the
// Neovim plugin elides a selection and hovers it at once).
func TestHoverOnMarkMadeSince(t *testing.T) {
	c := newPipeServer(t, Options{})
	c.initialize()
	const u = "file:///made.bp.md"
	c.open(u, 1, "Owners said it was very hasty indeed.\n")
	c.waitDiagnostics(u, 1, 5*time.Second)
	release := hold(c.srv)
	defer release()
	// As an editor applies the code action: the closer, then the opener.
	c.insert(u, 2, 0, 30, "--}")
	c.insert(u, 3, 0, 19, "{--") // "Owners said it was {--very hasty--} indeed."
	ch := c.async("textDocument/hover", hoverAt(u, 0, 23))
	quiet(t, ch, 150*time.Millisecond, "hover on the new mark")
	release()
	raw := answered(t, ch, 5*time.Second, "hover on the new mark")
	if !strings.Contains(string(raw), "very hasty") {
		t.Errorf("hover on the new elision: %s", raw)
	}
	// On plain text with no edit since, the answer is at once, and empty.
	c.waitDiagnostics(u, 3, 5*time.Second)
	if raw := answered(t, c.async("textDocument/hover", hoverAt(u, 0, 2)), time.Second, "hover on plain text"); string(raw) != "null" {
		t.Errorf("hover on plain text: %s", raw)
	}
}
