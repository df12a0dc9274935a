package pathology

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// stage is one step of bluepencil run on a parsed (or raw) input.
type stage struct {
	name string
	run  func(src []byte, d *markup.Document)
}

var stages = []stage{
	{"parse", func(src []byte, _ *markup.Document) { markup.Parse(src) }},
	{"rules", func(_ []byte, d *markup.Document) { rules.FixAll(rules.Check(d, rules.Options{})) }},
	{"views", func(_ []byte, d *markup.Document) {
		for _, w := range []view.Which{view.Original, view.Published, view.Clean} {
			view.Build(d, w, view.Options{})
		}
	}},
}

// The sizes compared: a linear stage takes about ratio times as long on the
// large input, a quadratic one ratio² (64).
const (
	small = 128 << 10
	large = 1 << 20
	ratio = large / small
	// limit is the growth that fails: 5× linear, well below quadratic
	// (ratio², 64×) and well above the noise of caches and GC.
	limit = 5 * ratio
)

// TestLinear runs every stage on every shape at two sizes and fails when
// the time grows much faster than the input. Timing on a shared machine is
// noisy, so each measurement is the best of three CPU times, a failing one is
// taken again twice, and only growth beyond 5× linear on a run that takes
// measurable time fails.
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	for _, sh := range Shapes() {
		srcS, srcL := sh.Gen(small), sh.Gen(large)
		dS := markup.Parse(srcS)
		var dL *markup.Document // parsed in the guarded goroutine below
		for _, st := range stages {
			grow := func() (float64, time.Duration) {
				ts := best(func() { st.run(srcS, dS) })
				if ts > time.Second {
					t.Fatalf("%s on %s: %d KiB takes %v", st.name, sh.Name, small>>10, ts)
				}
				// A quadratic stage can take minutes on the large input:
				// give up on it long before, with the answer it deserves.
				done := make(chan time.Duration, 1)
				go func() {
					if dL == nil {
						dL = markup.Parse(srcL)
					}
					done <- best(func() { st.run(srcL, dL) })
				}()
				var tl time.Duration
				select {
				case tl = <-done:
				case <-time.After(max(30*time.Second, 2*limit*ts)):
					t.Fatalf("%s on %s: %d KiB takes %v, 1 MiB did not finish in %v", st.name, sh.Name, small>>10, ts, max(30*time.Second, 2*limit*ts))
				}
				return float64(tl) / float64(max(ts, time.Microsecond)) * float64(len(srcS)) / float64(len(srcL)) * ratio, tl
			}
			g, tl := grow()
			for try := 0; try < 2 && g > limit && tl > 20*time.Millisecond; try++ {
				g, tl = grow()
			}
			if g > limit && tl > 20*time.Millisecond {
				t.Errorf("%s on %s: %d KiB → %d KiB takes %.0f× as long (%v), linear would be %d×", st.name, sh.Name, small>>10, large>>10, g, tl.Round(time.Millisecond), ratio)
			} else if testing.Verbose() {
				fmt.Printf("%-6s %-45s %5.1f× %v\n", st.name, sh.Name, g, tl.Round(time.Microsecond))
			}
		}
	}
}

// best returns the least CPU time (user and system, of the whole process,
// GC included) that f took in three runs. CPU time rather than wall time:
// a loaded machine stretches wall time, not the work done.
func best(f func()) time.Duration {
	b := time.Duration(1 << 62)
	f() // warm: the heap grown, the pages faulted in
	for i := 0; i < 3; i++ {
		start := cpuTime()
		f()
		b = min(b, cpuTime()-start)
	}
	return b
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
