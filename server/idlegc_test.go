package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestIdleGC: the server collects once no analysis has run for the quiet
// time after analyses that allocated enough; not when they allocated
// little, not for a timer an analysis started after, not while one of two
// analyses whose busy and idle came out of order still runs, and not
// again without new garbage. The allocation count is the test's, so that
// nothing else the process allocates changes the outcome.
func TestIdleGC(t *testing.T) {
	var allocated atomic.Uint64
	g := &idleGC{quiet: 20 * time.Millisecond, enough: 32 << 20, allocated: allocated.Load}
	runs := func() int {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.runs
	}
	waitRuns := func(want int) int {
		deadline := time.Now().Add(5 * time.Second)
		for runs() < want && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		return runs()
	}

	// Little garbage: no collection.
	g.busy()
	allocated.Add(1 << 20)
	g.idle()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections after 1 MiB of garbage", n)
	}

	// Enough, but an analysis started after the timer was set: that
	// timer does nothing (called directly: no sleep decides it).
	g.busy()
	allocated.Add(48 << 20)
	g.mu.Lock()
	g.active-- // as idle would, without arming a timer
	gen := g.gen
	g.mu.Unlock()
	g.busy()
	g.collect(gen)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections for a timer set before an analysis started", n)
	}

	// Two analyses whose calls come out of order (B's busy before A's
	// idle): still one running, so no collection.
	g.busy() // the second analysis
	g.idle() // the first one's end
	g.mu.Lock()
	active, armed := g.active, g.timer != nil
	g.mu.Unlock()
	if active != 1 || armed {
		t.Fatalf("one analysis still running: active %d, timer armed %v", active, armed)
	}
	time.Sleep(60 * time.Millisecond)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections while an analysis runs", n)
	}

	// The last ends: one collection, and none again without new garbage.
	g.idle()
	if n := waitRuns(1); n != 1 {
		t.Fatalf("%d collections once idle after 49 MiB of garbage, want 1", n)
	}
	g.busy()
	g.idle()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 1 {
		t.Fatalf("%d collections, want still 1: no garbage since", n)
	}

	// More garbage, idle again: a second one.
	g.busy()
	allocated.Add(40 << 20)
	g.idle()
	if n := waitRuns(2); n != 2 {
		t.Fatalf("%d collections after 40 MiB more, want 2", n)
	}
}

// TestIdleGCServer: every analysis a server starts is matched by its end,
// so that once documents are analysed the server counts none running.
func TestIdleGCServer(t *testing.T) {
	s := New(Options{})
	s.roots = []string{t.TempDir()}
	for i := range 5 {
		u := uri.File(filepath.Join(s.roots[0], fmt.Sprintf("%d.bp.md", i)))
		s.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
			URI: u, Version: 1, Text: "An article {--with--} a mark.\n"}})
	}
	s.waitIdle(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.gc.mu.Lock()
		active := s.gc.active
		s.gc.mu.Unlock()
		if active == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d analyses counted as running once all are done", active)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSettle: the last analysis of a burst collects before it publishes,
// when the burst allocated enough, and not again without new garbage.
func TestSettle(t *testing.T) {
	var allocated atomic.Uint64
	g := &idleGC{quiet: time.Hour, enough: 32 << 20, allocated: allocated.Load}
	g.analysed("a")
	g.analysed("b")
	allocated.Add(1 << 20)
	g.settle()
	if g.runs != 0 {
		t.Fatalf("%d collections after 1 MiB of garbage", g.runs)
	}
	allocated.Add(40 << 20)
	g.settle()
	g.settle()
	if g.runs != 1 || g.last != 41<<20 {
		t.Fatalf("%d collections after 41 MiB of garbage and two settles, want 1 (last at %d)", g.runs, g.last)
	}
	// Typing in one article is no burst, however much it allocates.
	for range 10 {
		g.analysed("b")
		allocated.Add(40 << 20)
		g.settle()
	}
	if g.runs != 1 {
		t.Fatalf("%d collections after 400 MiB of garbage typing in one document, want none after the first", g.runs)
	}
	g.analysed("a")
	g.settle()
	if g.runs != 2 {
		t.Fatalf("%d collections once another document was analysed, want 2", g.runs)
	}
}

// TestSettleServer: once a burst of documents is published, the server
// has collected at once, not after the idle timer's quiet time (an hour
// here), and only at the ends of bursts, not after every analysis.
func TestSettleServer(t *testing.T) {
	s := New(Options{})
	s.roots = []string{t.TempDir()}
	var calls atomic.Uint64
	s.gc.quiet, s.gc.enough = time.Hour, 1
	s.gc.allocated = func() uint64 { return calls.Add(1) } // always enough since the last
	const docs = 5
	for i := range docs {
		u := uri.File(filepath.Join(s.roots[0], fmt.Sprintf("%d.bp.md", i)))
		s.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
			URI: u, Version: 1, Text: "An article {--with--} a mark.\n"}})
	}
	s.waitIdle(t)
	s.gc.mu.Lock()
	runs := s.gc.runs
	s.gc.mu.Unlock()
	if runs < 1 || runs > docs {
		t.Fatalf("%d collections for %d documents opened at once, want 1 to %d", runs, docs, docs)
	}
}

// TestBurstGCPercent: a burst lowers GOGC to burstGCPercent once, and its
// settle, or the last analysis's end, gives the old value back.
func TestBurstGCPercent(t *testing.T) {
	before := holdGCPercent(t, "GOGC is set: a burst leaves it alone")
	g := &idleGC{quiet: time.Hour, enough: 1 << 40, allocated: func() uint64 { return 0 }}
	g.burst()
	g.burst()
	if p := gcPercent(); p != burstGCPercent {
		t.Fatalf("GOGC %d during a burst, want %d", p, burstGCPercent)
	}
	g.settle()
	if p := gcPercent(); p != before {
		t.Fatalf("GOGC %d after settle, want %d", p, before)
	}
	g.busy()
	g.burst()
	g.idle()
	if p := gcPercent(); p != before {
		t.Fatalf("GOGC %d once no analysis runs, want %d", p, before)
	}
}

// TestTypingGCPercent: typing raises GOGC so that the heap may grow by
// typingHeadroom, not past typingMaxPercent, and not at all with a heap
// that already leaves that much room; an analysis's end and a publish
// leave it raised, the idle timer and a burst give Go's value back.
func TestTypingGCPercent(t *testing.T) {
	before := holdGCPercent(t, "GOGC is set: typing leaves it alone")
	for _, tc := range []struct {
		live uint64
		want int
	}{{1 << 20, typingMaxPercent}, {16 << 20, 200}, {64 << 20, before}} {
		live := tc.live
		g := &idleGC{quiet: time.Hour, enough: 1 << 40, allocated: func() uint64 { return 0 }, heapInUse: func() uint64 { return live }}
		g.busy()
		g.typing()
		g.settle()
		g.idle()
		g.busy()
		g.typing()
		if p := gcPercent(); p != tc.want {
			t.Fatalf("live heap %d MiB: GOGC %d while typing, want %d", live>>20, p, tc.want)
		}
		g.idle()
		g.collect(g.gen) // the quiet time passed
		if p := gcPercent(); p != before {
			t.Fatalf("live heap %d MiB: GOGC %d once typing paused, want %d", live>>20, p, before)
		}
		g.busy()
		g.typing()
		g.burst()
		if p := gcPercent(); p != burstGCPercent {
			t.Fatalf("live heap %d MiB: GOGC %d in a burst after typing, want %d", live>>20, p, burstGCPercent)
		}
		g.settle()
		g.idle()
		if p := gcPercent(); p != before {
			t.Fatalf("live heap %d MiB: GOGC %d after the burst, want %d", live>>20, p, before)
		}
	}
}

// TestTypingServer: typing in an article of typingMinText or more raises
// GOGC; typing in a news-sized one leaves it alone.
func TestTypingServer(t *testing.T) {
	before := holdGCPercent(t, "GOGC is set: typing leaves it alone")
	for _, tc := range []struct {
		size int
		want int
	}{{10 << 10, before}, {typingMinText, typingMaxPercent}} {
		s := New(Options{})
		s.roots = []string{t.TempDir()}
		s.gc.quiet, s.gc.heapInUse = time.Hour, func() uint64 { return 1 << 20 }
		u := uri.File(filepath.Join(s.roots[0], "a.bp.md"))
		text := strings.Repeat("A council {--sweeping--} plan.\n\n", tc.size/32+1)
		ctx := context.Background()
		s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, Version: 1, Text: text}})
		s.waitIdle(t)
		if p := gcPercent(); p != before {
			t.Fatalf("%d bytes: GOGC %d after opening, want %d", len(text), p, before)
		}
		at := protocol.Position{Line: 2, Character: 0}
		s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: at, End: at}, Text: "x"}},
		})
		s.waitIdle(t)
		if p := gcPercent(); p != tc.want {
			t.Fatalf("%d bytes: GOGC %d after a keystroke, want %d", len(text), p, tc.want)
		}
		s.gc.mu.Lock()
		s.gc.releaseLocked(heldByTyping)
		s.gc.mu.Unlock()
	}
}

// holdGCPercent skips t, saying why, when the user set GOGC (the server
// leaves it alone then), and otherwise gives GOGC back its value, which
// it returns, when t ends.
func holdGCPercent(t *testing.T, why string) int {
	t.Helper()
	if os.Getenv("GOGC") != "" {
		t.Skip(why)
	}
	before := gcPercent()
	t.Cleanup(func() { debug.SetGCPercent(before) })
	return before
}

// gcPercent returns GOGC as the collector has it now.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
