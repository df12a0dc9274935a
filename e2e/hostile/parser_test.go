//go:build hostile

package hostile

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shape is a pathological article generated at a given size.
type shape struct {
	name string
	gen  func(n int) []byte
}

func repeatShape(unit string) shape {
	return shape{fmt.Sprintf("%q", unit), func(n int) []byte { return bytes.Repeat([]byte(unit), max(1, n/len(unit))) }}
}

// parserShapes are the inputs that once made the parser, the rules or the
// views quadratic or memory-hungry, and their relatives.
func parserShapes() []shape {
	var out []shape
	for _, u := range []string{"\n", "\r\n", " \n", "{", "}", "`", "[", "~", "\\", "{--", "--}", "{>>", "{~~a~>", "{++a++}",
		"[...] ", "[…]", "{--a\n\n", "\n\n{--", "{--{++{~~", "`x", "word "} {
		out = append(out, repeatShape(u))
	}
	out = append(out,
		shape{"backtick runs of growing width", func(n int) []byte {
			var b bytes.Buffer
			for w := 1; b.Len() < n; w++ {
				b.WriteString(strings.Repeat("`", w) + "x")
			}
			return b.Bytes()
		}},
		shape{"deeply nested marks", func(n int) []byte {
			return []byte(strings.Repeat("{--", n/6) + "x" + strings.Repeat("--}", n/6))
		}},
		shape{"many marks nested in one", func(n int) []byte {
			return []byte("{--" + strings.Repeat("{++a++} ", n/8) + "--}")
		}},
	)
	return out
}

// TestCheckPathological runs check on each shape at 1 MiB and 8 MiB: it
// must finish well within a bound, never crash, use at most ~20× the
// input in memory (plus the runtime's own), and take about 8× the CPU time
// at 8× the size, not 64×.
func TestCheckPathological(t *testing.T) {
	const small, large = 1 << 20, 8 << 20
	for _, sh := range parserShapes() {
		t.Run(sh.name, func(t *testing.T) {
			dir := t.TempDir()
			var runs [2]Run
			for k, n := range []int{small, large} {
				src := sh.gen(n)
				p := write(t, dir, fmt.Sprintf("a%d.bp.md", k), src)
				r := run(t, 60*time.Second, dir, "check", filepath.Base(p))
				mustFinish(t, r, "check "+sh.name)
				if r.Code != 0 && r.Code != 1 {
					t.Fatalf("check exited %d: %s", r.Code, head(r.Stderr, 500))
				}
				if limit := 20*int64(len(src)) + 40<<20; r.MaxRSS > limit {
					t.Errorf("%d MiB: peak RSS %d MiB, over 20× the input plus 40 MiB (%d MiB)", n>>20, r.MaxRSS>>20, limit>>20)
				}
				runs[k] = r
			}
			g := float64(runs[1].CPU) / float64(max(runs[0].CPU, 10*time.Millisecond))
			if g > 40 && runs[1].CPU > time.Second {
				t.Errorf("8× the input took %.0f× the CPU time (%v → %v)", g, runs[0].CPU, runs[1].CPU)
			}
			t.Logf("1 MiB %v (%d MiB RSS), 8 MiB %v (%d MiB RSS)", runs[0].CPU.Round(time.Millisecond), runs[0].MaxRSS>>20, runs[1].CPU.Round(time.Millisecond), runs[1].MaxRSS>>20)
		})
	}
}

// TestViewsPathological renders each view of the worst shapes as Markdown
// (render without --html): bounded time and memory, no crash.
func TestViewsPathological(t *testing.T) {
	for _, sh := range parserShapes() {
		t.Run(sh.name, func(t *testing.T) {
			dir := t.TempDir()
			src := sh.gen(8 << 20)
			write(t, dir, "a.bp.md", src)
			for _, v := range []string{"original", "published", "clean"} {
				r := run(t, 60*time.Second, dir, "render", "--view", v, "a.bp.md")
				mustFinish(t, r, "render --view "+v)
				if r.Code != 0 {
					t.Fatalf("render --view %s exited %d: %s", v, r.Code, head(r.Stderr, 500))
				}
				if limit := 20*int64(len(src)) + 40<<20; r.MaxRSS > limit {
					t.Errorf("%s view: peak RSS %d MiB, over %d MiB", v, r.MaxRSS>>20, limit>>20)
				}
			}
		})
	}
}
