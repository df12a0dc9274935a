package check

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Config says how Run checks articles.
type Config struct {
	// Rules silences codes and overrides severities, over those of the
	// workspace's settings file.
	Rules rules.Options
	// NoStyle runs no style pass: only the markup and fidelity checks.
	NoStyle bool
	// Originals reads the originals the articles name; nil means a
	// DiskSource for the run keeping KeptOriginalBytes of them.
	Originals analysis.Source
	// Workers is how many articles are checked at once: 0 means
	// GOMAXPROCS, and 1 checks them one after the other on the calling
	// goroutine, with no other goroutine at all.
	Workers int
	// Window bounds the articles read and not yet reported: 0 means
	// 4 × Workers, so that while a long article holds up the report of
	// the ones after it, the other workers still have articles to check
	// (a wider window measured no faster on the benchmark corpus).
	Window int
	// WindowBytes bounds the text of the articles read and not yet
	// reported; 0 means archive.MaxArticleSize, so that the articles
	// analysed at once take about the memory of the largest one alone.
	// An article larger than the bound is checked alone.
	WindowBytes int

	// check is Check; tests slow it at random to shuffle the order in
	// which the articles finish.
	check func(Target, []byte, analysis.Options, analysis.Source) Result
	// settings are the settings files read in the run.
	settings *Settings
}

// KeptOriginalBytes bounds the originals a run keeps for the articles
// after the one that read them (one larger original is kept while it is
// the last read). Articles that name one original at once or near each
// other in the walk share one read of it: 4 MiB holds hundreds of
// news-sized originals. Keeping more would make memory grow with the
// number of articles (DiskSource's default, 64 MiB, holds thousands), and
// an original named again much later costs one more read, far less than
// checking the article.
const KeptOriginalBytes = 4 << 20

// Report receives the result of one article, or the error that kept a
// path from being read (then r is nil). An error it returns, such as a
// failed write, stops the run.
type Report func(r *Result, err error) error

// Run checks the articles Walk finds under paths and reports each to
// report, on the calling goroutine, in exactly the order of a sequential
// walk, whatever order the workers finish them in: the output, its errors
// and their interleaving are those of a run on one core. Each article is
// reported as soon as those before it are, then dropped, and at most
// Window articles (and WindowBytes of their text) are held between their
// reading and their report, so memory does not grow with their number.
//
// A Report error stops the walk: the articles already read are dropped
// unreported, and Run returns that error once every worker has stopped.
func Run(paths []string, c Config, report Report) error {
	if c.Originals == nil {
		c.Originals = &analysis.DiskSource{MaxBytes: KeptOriginalBytes}
	}
	if c.check == nil {
		c.check = Check
	}
	c.settings = NewSettings()
	report = c.settings.reportOnce(report)
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Window <= 0 {
		c.Window = 4 * c.Workers
	}
	if c.WindowBytes <= 0 {
		c.WindowBytes = archive.MaxArticleSize
	}
	if c.Workers == 1 {
		return runSequential(paths, c, report)
	}
	return runParallel(paths, c, report)
}

// runSequential checks each article as Walk reads it: the reference that
// runParallel must reproduce byte for byte.
func runSequential(paths []string, c Config, report Report) error {
	return Walk(paths, func(t Target, src []byte, err error) error {
		if err != nil {
			return report(nil, err)
		}
		r := c.checkOne(t, src)
		return report(&r, nil)
	})
}

// job is one path Walk handed over, from its reading to its report.
type job struct {
	t    Target
	src  []byte
	err  error // why it could not be read
	res  Result
	done chan struct{} // closed when res is ready (at once when err is set)
}

// errStopped ends the walk once a report has failed.
var errStopped = errors.New("check stopped")

// runParallel walks on one goroutine, checks on c.Workers, and reports on
// the caller's, in the walk's order: the walker queues each job both for
// the workers and, in order, for the reporter, which waits for each in
// turn. The window is what keeps a slow article from letting the walk run
// ahead of the report without bound.
func runParallel(paths []string, c Config, report Report) error {
	var (
		win     = newWindow(c.Window, c.WindowBytes)
		work    = make(chan *job, c.Window) // never full: the window admits fewer
		order   = make(chan *job, c.Window)
		stopped atomic.Bool
		wg      sync.WaitGroup
		walkErr error
	)
	for range c.Workers {
		wg.Go(func() {
			for j := range work {
				if !stopped.Load() {
					j.res = c.checkOne(j.t, j.src)
				}
				close(j.done)
			}
		})
	}
	wg.Go(func() {
		defer close(order)
		defer close(work)
		walkErr = Walk(paths, func(t Target, src []byte, err error) error {
			if !win.enter(len(src)) {
				return errStopped
			}
			j := &job{t: t, src: src, err: err, done: make(chan struct{})}
			order <- j
			if err != nil {
				close(j.done)
			} else {
				work <- j
			}
			return nil
		})
	})
	var failed error
	for j := range order {
		<-j.done
		if failed == nil {
			if j.err != nil {
				failed = report(nil, j.err)
			} else {
				failed = report(&j.res, nil)
			}
			if failed != nil {
				stopped.Store(true)
				win.stop()
			}
		}
		win.leave(len(j.src))
	}
	wg.Wait()
	if failed == nil && walkErr != nil && walkErr != errStopped {
		failed = walkErr
	}
	return failed
}

// window bounds the jobs between their reading and their report, by
// number and by bytes of text; one job is always admitted, however large,
// so that every article can be checked.
type window struct {
	mu             sync.Mutex
	freed          sync.Cond
	n, bytes       int
	maxN, maxBytes int
	stopped        bool
}

func newWindow(maxN, maxBytes int) *window {
	w := &window{maxN: maxN, maxBytes: maxBytes}
	w.freed.L = &w.mu
	return w
}

// enter waits until a job of size bytes fits, and reports false, at once,
// when the run has stopped.
func (w *window) enter(size int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.stopped && w.n > 0 && (w.n >= w.maxN || w.bytes+size > w.maxBytes) {
		w.freed.Wait()
	}
	if w.stopped {
		return false
	}
	w.n++
	w.bytes += size
	return true
}

// leave frees the place of a job of size bytes.
func (w *window) leave(size int) {
	w.mu.Lock()
	w.n--
	w.bytes -= size
	w.mu.Unlock()
	w.freed.Signal() // only the walker waits
}

// stop turns every later enter away.
func (w *window) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.freed.Signal()
}
