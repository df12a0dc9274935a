//go:build hostile

package hostile

import (
	"fmt"
	"os"
	"strings"
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

// runRender runs the binary through run's measuring helper, with its
// output in a file: a page of 10 MiB of marks is over 100 MiB of HTML,
// which this process need not hold. It keeps the output's size and tail.
func runRender(t *testing.T, limit time.Duration, args ...string) renderRun {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "page")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res := runTo(t, f, limit, "", args...)
	r := renderRun{wall: res.Wall, cpu: res.CPU, rss: res.MaxRSS, code: res.Code, timedOut: res.TimedOut, stderr: string(res.Stderr)}
	if fi, err := f.Stat(); err == nil {
		r.out = fi.Size()
		tail := make([]byte, min(r.out, 4096))
		f.ReadAt(tail, r.out-int64(len(tail)))
		r.tail = string(tail)
	}
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
// Memory: the peak RSS of render --html must stay within 20 times the
// input plus 64 MiB for the runtime and one unit of goldmark's tree; the
// command asks the collector for that as a soft limit (without it, Go's
// default of letting the heap double before collecting took a page of 10
// MiB of "[...]" to 32 times). The log shows the floor's figure beside it.
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
			if limit := 20*size + 64<<20; page.rss > limit {
				t.Errorf("render --html peaks at %d MiB: over 20 times the input plus 64 MiB (%d MiB); the floor peaks at %d MiB", page.rss>>20, limit>>20, floor.rss>>20)
			}
		})
	}
}
