//go:build hostile

package hostile

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
)

// renderShapes are the inputs of issue 8 that once made render --html take
// minutes and gigabytes, or that make goldmark, its Markdown library,
// superlinear: each builds an input of about n bytes.
var renderShapes = []struct {
	name string
	make func(n int) string
}{
	{"cut openers", func(n int) string { return strings.Repeat("{--", n/3) }},
	{"additions", func(n int) string { return strings.Repeat("{++a++}", n/7) }},
	{"bare elisions", func(n int) string { return strings.Repeat("[...]", n/5) }},
	{"[ runs", lines("[")},
	{"] runs", lines("]")},
	{"* runs", lines("*")},
	{"_ runs", lines("_")},
	{"backtick runs", lines("`")},
	{"< runs", lines("<")},
	{"& runs", lines("&")},
	{"> runs", lines(">")},
	{"one line of words", func(n int) string { return strings.Repeat("word ", n/5) }},
	{"one line of [", func(n int) string { return strings.Repeat("[", n) }},
	{"one line of >", func(n int) string { return strings.Repeat(">", n) }},
	{"nested list markers", func(n int) string { return strings.Repeat("- ", n/2) }},
	{"unclosed links", func(n int) string { return strings.Repeat("[a](b", n/5) }},
	{"mismatched emphasis", func(n int) string { return strings.Repeat("*a_ ", n/4) }},
	{"tiny paragraphs", func(n int) string { return strings.Repeat("a\n\n", n/3) }},
	{"marked article", func(n int) string {
		p := "The {--very--} storm {++hit *the* [pier](https://example.com)++} on {~~Monday~>Tuesday~~} [...].\n\n"
		return strings.Repeat(p, n/len(p))
	}},
	{"newlines", func(n int) string { return strings.Repeat("\n", n*2/5) }}, // 4 MiB at full size
}

// lines returns a maker of lines of 60 c at line starts.
func lines(c string) func(int) string {
	return func(n int) string { return strings.Repeat(strings.Repeat(c, 60)+"\n", n/61) }
}

// renderRun is one run of the binary: CPU time, peak RSS, exit status,
// and the end of its output. The page can be hundreds of megabytes; it
// is counted, not kept.
type renderRun struct {
	cpu, wall time.Duration
	rss       int64
	code      int
	timedOut  bool
	out       int64
	tail      string
	stderr    string
}

type tailWriter struct {
	n    int64
	tail []byte
}

func (w *tailWriter) Write(b []byte) (int, error) {
	w.n += int64(len(b))
	w.tail = append(w.tail, b...)
	if len(w.tail) > 4096 {
		w.tail = append(w.tail[:0], w.tail[len(w.tail)-1024:]...)
	}
	return len(b), nil
}

func runRender(t *testing.T, limit time.Duration, args ...string) renderRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out tailWriter
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	_ = cmd.Run()
	r := renderRun{wall: time.Since(start), code: -1, out: out.n, tail: string(out.tail), stderr: errb.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.code = ps.ExitCode()
		r.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.rss = ru.Maxrss * 1024
		}
	}
	r.timedOut = ctx.Err() != nil
	return r
}

func (r renderRun) String() string {
	return fmt.Sprintf("cpu %v wall %v rss %d MiB out %d MiB exit %d",
		r.cpu.Round(time.Millisecond), r.wall.Round(time.Millisecond), r.rss>>20, r.out>>20, r.code)
}

// TestRenderHostile renders each shape at 10 MiB and at a quarter of that,
// and the plain published view of the 10 MiB input, its floor: parsing
// and projecting the article, which render --html must do too. It
// requires a page and a CPU time that grows linearly: at most 8 times for
// 4 times the input, where linear is 4 and quadratic 16.
//
// Memory: render --html must hold at most 10 times the input beyond what
// the floor holds. Go's collector lets the heap grow to twice what is live
// before it collects (GOGC=100), and the sanitizer makes garbage all the
// time, so the peak RSS of render --html is about twice the floor's live
// heap plus twice render's own; the bound checked is therefore
// 2 × floor + 20 × input. The log shows both figures for each shape.
func TestRenderHostile(t *testing.T) {
	const full = 10 << 20
	dir := t.TempDir()
	for _, sh := range renderShapes {
		t.Run(sh.name, func(t *testing.T) {
			big := write(t, dir, "big.bp.md", []byte(sh.make(full)))
			small := write(t, dir, "small.bp.md", []byte(sh.make(full/4)))
			fi, err := os.Stat(big)
			if err != nil {
				t.Fatal(err)
			}
			size := fi.Size()
			// A child's peak RSS counts the test process it was forked
			// from: keep that small.
			debug.FreeOSMemory()
			floor := runRender(t, 30*time.Second, "render", big)
			if floor.timedOut {
				t.Skipf("parsing and projecting alone take over 30s (%v): render's share cannot be measured until the parser is linear on this input", floor)
			}
			page := runRender(t, 3*time.Minute, "render", "--html", big)
			quarter := runRender(t, 3*time.Minute, "render", "--html", small)
			t.Logf("input %d MiB: floor %v; html %v; html at 1/4 %v", size>>20, floor, page, quarter)
			for _, r := range []renderRun{page, quarter} {
				switch {
				case r.timedOut:
					t.Fatalf("render --html did not finish: %v", r)
				case r.code != 0 || strings.Contains(r.stderr, "panic") || !strings.HasSuffix(r.tail, "</html>\n"):
					t.Fatalf("render --html failed: %v\n%s\n...%s", r, r.stderr, r.tail)
				}
			}
			if ratio := float64(page.cpu) / float64(max(quarter.cpu, 20*time.Millisecond)); page.cpu > time.Second && ratio > 8 {
				t.Errorf("CPU time grows %.1f times for 4 times the input: not linear", ratio)
			}
			t.Logf("peak RSS: %.1f times the input; the floor's %.1f", float64(page.rss)/float64(size), float64(floor.rss)/float64(size))
			if page.rss > 2*floor.rss+20*size {
				t.Errorf("render --html peaks at %d MiB: over twice the floor's %d MiB plus 20 times the input", page.rss>>20, floor.rss>>20)
			}
		})
	}
}
