package server

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// The garbage collector lets the heap grow to twice what was live at its
// last collection before it collects again. A burst of analyses (opening a
// workspace's articles, a settings change that re-checks them all) leaves
// the server holding, besides what the open documents keep, the garbage of
// every analysis since: measured with 100 articles of 100 KiB each naming
// its own original, RSS was 5.6 to 6.2 times the text when the last
// diagnostics arrived and stayed there, where what the documents keep is
// about 5.3 times. So after analyses that allocated at least idleGarbage
// (a workspace opened, or a few dozen keystrokes in a book-length
// article), the server collects and returns the free memory to the
// operating system: at once when the last analysis of a burst is about to
// publish (settle), and otherwise once it has been idle for idleQuiet.
// With settle, RSS when the last of those 100 articles' diagnostics
// arrived went from 5.5-6.1 to 4.9 times the text.
//
// Settle collects only after analyses of more than one document: typing
// in one article is not a burst, and a collection there, returning the
// heap to the operating system, delayed the keystroke it fell on by some
// milliseconds and the next ones by the page faults of taking the memory
// back (a 1 MiB article's keystroke took 0.1 ms more at the median, a
// 10 MiB article's burst of ten keystrokes had its last diagnostics 87
// ms after the last keystroke instead of 58). Memory typing leaves is
// collected once typing pauses, by the idle timer.
//
// It changes when memory is collected, never what is computed or
// published.

const (
	// idleQuiet is how long no analysis runs before the collection: longer
	// than the pause between two keystrokes of someone typing.
	idleQuiet = 300 * time.Millisecond
	// idleGarbage is what the analyses since the last idle collection must
	// have allocated for another: a workspace opened, not a word typed in
	// a news article.
	idleGarbage = 64 << 20
)

// idleGC is the server's idle collection state.
type idleGC struct {
	mu     sync.Mutex
	timer  *time.Timer
	active int    // analyses running: busy and idle in any order add up
	gen    uint64 // bumped by every busy, so that a stale timer does nothing
	last   uint64 // heap bytes allocated at the last idle collection
	runs   int    // idle collections made, for tests
	// lastDoc is the document analysed last since the last collection,
	// and spread says another was analysed since too: what makes a
	// burst worth settling.
	lastDoc string
	spread  bool
	// held says who set GOGC, a burst or typing, if either did, and
	// prevPercent is its value from before.
	held        gcHolder
	prevPercent int
	// quiet, enough, allocated and heapInUse are idleQuiet, idleGarbage,
	// heapAllocated and heapLive (newIdleGC) unless a test sets others.
	quiet     time.Duration
	enough    uint64
	allocated func() uint64
	heapInUse func() uint64
}

// busy notes that an analysis starts: a pending idle collection waits.
func (g *idleGC) busy() {
	g.mu.Lock()
	g.active++
	g.gen++
	if g.timer != nil {
		g.timer.Stop()
		g.timer = nil
	}
	g.mu.Unlock()
}

// idle notes that an analysis ended: once none runs, and none starts for
// the quiet time, the server collects if the analyses made enough garbage.
// Calls of busy and idle may arrive in any order (they are made outside
// the server's lock): only their count says whether the server is idle.
func (g *idleGC) idle() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.active--; g.active > 0 {
		return
	}
	// A burst's last publish may not have settled its GOGC.
	g.releaseLocked(heldByBurst)
	gen := g.gen // busy stopped the timer of any earlier idle
	g.timer = time.AfterFunc(g.quiet, func() { g.collect(gen) })
}

// collect runs the idle collection if nothing has run since the timer of
// gen was set, and the analyses allocated enough since the last one.
func (g *idleGC) collect(gen uint64) {
	if !g.due(gen) {
		return
	}
	// Not under g.mu: busy is called from the read loop (a didChange),
	// which must never wait for a collection of tens of MiB. An analysis
	// that starts meanwhile runs beside it.
	debug.FreeOSMemory()
}

// due reports whether the timer of gen is to collect, and if so counts the
// collection as made: a timer set meanwhile finds nothing to do.
func (g *idleGC) due(gen uint64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if gen != g.gen {
		return false
	}
	g.timer = nil
	g.releaseLocked(heldByTyping) // typing paused
	return g.enoughLocked()
}

// enoughLocked reports whether the analyses allocated enough since the
// last collection for another, and if so counts it as made. Called with
// g.mu held.
func (g *idleGC) enoughLocked() bool {
	now := g.allocated()
	if now-g.last < g.enough {
		return false
	}
	g.last = now
	g.runs++
	g.lastDoc, g.spread = "", false
	return true
}

// burstWorkers is how many documents analysed at once make a burst (a
// workspace opened, a setting changed), rather than someone typing.
const burstWorkers = 4

// burstGCPercent is the collector's GOGC during a burst. With Go's 100 the
// heap grows to twice what was live at the last collection: opening 100
// articles of 100 KiB with their originals, RSS peaked at 5.5 to 6.0 times
// the text before the last diagnostics, 4.9 times after. The documents'
// state is most of what is live and an analysis's garbage little, so a
// collection every half of it costs little; one article typed into keeps
// Go's default.
const burstGCPercent = 50

// burst lowers GOGC until the burst's last analysis settles.
func (g *idleGC) burst() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.releaseLocked(heldByTyping)
	g.holdLocked(heldByBurst, burstGCPercent)
}

// gcHolder is who set GOGC: nobody (Go's value), a burst or typing.
type gcHolder int

const (
	heldByNobody gcHolder = iota
	heldByBurst
	heldByTyping
)

// holdLocked sets GOGC to percent for h, unless someone holds it already
// or the user set GOGC. Called with g.mu held.
func (g *idleGC) holdLocked(h gcHolder, percent int) {
	if g.held == heldByNobody && os.Getenv("GOGC") == "" {
		g.prevPercent = debug.SetGCPercent(percent)
		g.held = h
	}
}

// releaseLocked gives GOGC back its value from before h set it, if h
// holds it. Called with g.mu held.
func (g *idleGC) releaseLocked(h gcHolder) {
	if g.held == h && h != heldByNobody {
		debug.SetGCPercent(g.prevPercent)
		g.held = heldByNobody
	}
}

// typingHeadroom is how much the heap may grow past what is live before a
// collection while one document is typed into, and typingMaxPercent the
// highest GOGC that sets. Typing in a 1 MiB article with its original
// allocates some 3 MB a keystroke over a live heap of 7 to 8 MB: Go's
// GOGC of 100 collected every third keystroke, and its marking, beside
// the analysis on two cores, cost a keystroke's diagnostics 0.2 ms at the
// median. With 32 MiB it collects every tenth; the memory it costs is at
// most those 32 MiB, given back when typing pauses.
// A news-sized article's keystroke allocates too little for its
// collections to matter: typing in one shorter than typingMinText leaves
// GOGC alone.
const (
	typingHeadroom   = 32 << 20
	typingMaxPercent = 400
	typingMinText    = 256 << 10
)

// typing raises GOGC, while one document is typed into and no burst runs,
// so that the heap may grow by typingHeadroom over what is live rather
// than by what is live. It stays raised until typing pauses (the idle
// timer) or a burst begins. Called as an edit's analysis starts.
func (g *idleGC) typing() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held != heldByNobody || os.Getenv("GOGC") != "" {
		return
	}
	// Once a typing spell: a read of the heap stops the world briefly.
	live := max(g.heapInUse(), 8<<20)
	if p := min(int(100*typingHeadroom/live), typingMaxPercent); p > 100 {
		g.holdLocked(heldByTyping, p)
	} // else a heap of 32 MiB or more already leaves as much room
}

// analysed notes that an analysis of document u is done.
func (g *idleGC) analysed(u string) {
	g.mu.Lock()
	if g.lastDoc != "" && g.lastDoc != u {
		g.spread = true
	}
	g.lastDoc = u
	g.mu.Unlock()
}

// settle ends a burst's lower GOGC, and collects now if analyses of more
// than one document allocated enough since the last collection: the last
// analysis of a burst calls it before it publishes (see Server.install),
// so that the server has given its garbage back by the time the editor
// has every document's diagnostics, rather than idleQuiet later.
func (g *idleGC) settle() {
	g.mu.Lock()
	due := g.spread && g.enoughLocked()
	g.releaseLocked(heldByBurst)
	g.mu.Unlock()
	if due {
		debug.FreeOSMemory() // not under g.mu, as collect
	}
}

// heapAllocated returns the bytes allocated on the heap since the process
// started. ReadMemStats stops the world for some microseconds, when the
// server has been idle for idleQuiet; runtime/metrics reads it without,
// but initializing that package costs every process, check too, 0.06 to
// 0.09 ms.
func heapAllocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// heapLive returns the bytes of heap objects, live and not yet collected.
func heapLive() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// newIdleGC returns the idle collection of a new server: what the process
// allocated before the server existed is not the analyses' garbage.
func newIdleGC() idleGC {
	return idleGC{quiet: idleQuiet, enough: idleGarbage, allocated: heapAllocated, heapInUse: heapLive, last: heapAllocated()}
}
