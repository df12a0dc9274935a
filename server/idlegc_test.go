package server

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestIdleGC: the server collects once it has been idle for the quiet
// time after analyses that allocated enough, not when they allocated
// little, and not when an analysis starts during the quiet time. The
// allocation count is the test's, so that nothing else the process
// allocates meanwhile changes the outcome.
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

	// Enough, but busy again within the quiet time: no collection then.
	g.busy()
	allocated.Add(48 << 20)
	g.idle()
	g.busy()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections while busy", n)
	}

	// Idle at last: one collection, and none again without new garbage.
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
