package main

import (
	"os"

	"github.com/bluepencil/bluepencil/internal/archive"
	"runtime"
	"runtime/debug"
	"sync"
)

// checkHeapFloor is the heap the garbage collector lets check grow to
// before it collects, however little is live. Checking a corpus keeps a
// few MiB live (the articles in flight, a few originals) and makes
// garbage at about 14 times the text: with Go's default the heap goal is
// twice the live heap, so the collector ran every 4 MiB or so, a hundred
// times per 1,000 news articles, and took a third of the CPU time; with
// this floor it runs 13 times. Above half the floor the default applies,
// so a large article peaks where it did.
const checkHeapFloor = 16 << 20

// checkFloorFor returns the heap floor for checking paths: checkHeapFloor,
// or more for a large file named on the command line. Checking one article
// keeps nearly all it allocates live to the end (its views, tokens, the
// original prepared), so a collection before then finds nothing to free:
// at 4 MiB two ran and took a tenth of the time, and the peak was the same
// without them. The floor is 12 times the largest file named, a little
// over what its check allocates with an original of its size (so the peak
// is what it was), up to 12 times the largest article read. Folders keep checkHeapFloor: their articles'
// sizes are not known before they are read, and news articles are small.
func checkFloorFor(paths []string) uint64 {
	floor := uint64(checkHeapFloor)
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			floor = max(floor, 12*uint64(min(info.Size(), archive.MaxArticleSize)))
		}
	}
	return floor
}

// heapFloor keeps the heap goal at least floor bytes until stop is called,
// by raising GOGC after each collection to what the live heap needs for
// that goal, and never below 100. Go has no setting for a floor (a
// "ballast" allocation would be resident memory); this one costs a
// finalizer per collection. Nothing in it changes what check prints: it
// decides when memory is collected, not what is computed. A GOGC set by
// the user is left alone.
func heapFloor(floor uint64) (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	var (
		mu      sync.Mutex // so that no tick sets GOGC after stop
		stopped bool
	)
	prev := debug.SetGCPercent(percentFor(floor, 0))
	var arm func()
	arm = func() {
		// 16 bytes or more: smaller pointer-free objects share a block
		// with others and may never be collected alone.
		tick := new([32]byte)
		runtime.SetFinalizer(tick, func(*[32]byte) {
			mu.Lock()
			defer mu.Unlock()
			if !stopped {
				debug.SetGCPercent(percentFor(floor, liveHeap()))
				arm()
			}
		})
	}
	arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		debug.SetGCPercent(prev)
	}
}

// percentFor returns the GOGC that puts the next heap goal at floor when
// live bytes are live (0 before the first collection, when the goal is
// 4 MiB × GOGC/100), and at least 100.
func percentFor(floor, live uint64) int {
	if live == 0 {
		live = 4 << 20
		return max(100, int(100*floor/live))
	}
	return max(100, int(100*floor/live)-100)
}

// liveHeap returns about the heap the last collection found live: the heap
// in use, read from the collection's finalizer, before much is allocated
// again. (runtime/metrics has the exact figure, but initializing that
// package costs every process 0.06 to 0.09 ms, a hundred allocations
// describing every metric; see TestInitCost.)
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
