package server

import (
	"testing"
	"time"
)

// TestIdleGC: the server collects once it has been idle for the quiet
// time after analyses that allocated enough, not when they allocated
// little, and not when an analysis starts during the quiet time.
func TestIdleGC(t *testing.T) {
	var sink [][]byte
	allocate := func(n int) {
		for range n >> 16 {
			sink = append(sink, make([]byte, 1<<16))
		}
		sink = sink[:0]
	}
	g := &idleGC{quiet: 20 * time.Millisecond, enough: 32 << 20}
	runs := func() int {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.runs
	}
	g.last = heapAllocated()

	// Little garbage: no collection.
	g.busy()
	allocate(1 << 20)
	g.idle()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections after 1 MiB of garbage", n)
	}

	// Enough, but busy again within the quiet time: no collection then.
	g.busy()
	allocate(48 << 20)
	g.idle()
	g.busy()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 0 {
		t.Fatalf("%d collections while busy", n)
	}

	// Idle at last: one collection, and none again without new garbage.
	g.idle()
	deadline := time.Now().Add(5 * time.Second)
	for runs() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runs(); n != 1 {
		t.Fatalf("%d collections once idle after 49 MiB of garbage, want 1", n)
	}
	g.busy()
	g.idle()
	time.Sleep(100 * time.Millisecond)
	if n := runs(); n != 1 {
		t.Fatalf("%d collections, want still 1: no garbage since", n)
	}
}
