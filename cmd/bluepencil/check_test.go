package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/sample"
)

// copyExamples writes n copies of the bundled examples (every problem,
// originals found and missing) under dir, and returns dir.
func copyExamples(t *testing.T, dir string, n int) string {
	t.Helper()
	for i := range n {
		err := filepath.WalkDir("../../examples", func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../../examples", p)
			dst := filepath.Join(dir, fmt.Sprintf("copy%02d", i), rel)
			os.MkdirAll(filepath.Dir(dst), 0o755)
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCheckSameOnEveryCore: check prints the same bytes on stdout and
// stderr, and exits the same, on one core and on many, in text and JSON,
// run after run: what it reports never depends on the scheduling.
func TestCheckSameOnEveryCore(t *testing.T) {
	dir := copyExamples(t, t.TempDir(), 12)
	args := [][]string{{"check", dir}, {"check", "--format", "json", dir}, {"check", dir, filepath.Join(dir, "missing"), filepath.Join(dir, "copy03")}}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, a := range args {
		var want [3]string
		for k, procs := range []int{1, 4, 2, 8, 4} {
			runtime.GOMAXPROCS(procs)
			var stdout, stderr bytes.Buffer
			code := run(a, &stdout, &stderr)
			got := [3]string{stdout.String(), stderr.String(), fmt.Sprint(code)}
			if k == 0 {
				want = got
				if stdout.Len() == 0 || code == 0 {
					t.Fatalf("%s: no diagnostics (exit %d)", a, code)
				}
				continue
			}
			if got != want {
				t.Fatalf("%s on %d cores: output differs from one core's:\nstdout %d bytes, want %d\nstderr %q\nwant   %q\nexit %s, want %s",
					a, procs, len(got[0]), len(want[0]), got[1], want[1], got[2], want[2])
			}
		}
	}
}

// TestPercentFor: the GOGC that puts the heap goal at the floor, never
// below Go's default.
func TestPercentFor(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		floor, live uint64
		want        int
	}{
		{16 * mib, 0, 400},       // before the first collection: 4 MiB × 400%
		{16 * mib, 2 * mib, 700}, // 2 MiB live, 14 MiB of garbage
		{16 * mib, 8 * mib, 100},
		{16 * mib, 100 * mib, 100}, // a large article: Go's default
		{16 * mib, 1, 1_677_721_500},
	}
	for _, tt := range tests {
		if got := percentFor(tt.floor, tt.live); got != tt.want {
			t.Errorf("percentFor(%d, %d) = %d, want %d", tt.floor, tt.live, got, tt.want)
		}
	}
}

// TestHeapFloor: while the floor holds, GOGC is raised after collections
// for a small live heap; stopping restores it; a GOGC set by the user is
// left alone.
func TestHeapFloor(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	stop := heapFloor(64 << 20)
	deadline := time.Now().Add(5 * time.Second)
	for gogc() <= 100 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond) // for the finalizer
	}
	if g := gogc(); g <= 100 {
		t.Errorf("GOGC %d with the floor on a small heap", g)
	}
	stop()
	runtime.GC()
	if g := gogc(); g != 100 {
		t.Errorf("GOGC %d after stop, want 100", g)
	}
	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	stop = heapFloor(64 << 20)
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if g := gogc(); g != 50 {
		t.Errorf("GOGC %d, want the user's 50", g)
	}
	stop()
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// TestCheckStderrOrder: files check refuses are reported on stderr in the
// order a walk on one core meets them, between the diagnostics around
// them, on any number of cores.
func TestCheckStderrOrder(t *testing.T) {
	dir := copyExamples(t, t.TempDir(), 6)
	for i := range 6 {
		big, err := os.Create(filepath.Join(dir, fmt.Sprintf("copy%02d", i), "clean", "big.bp.md"))
		if err != nil {
			t.Fatal(err)
		}
		big.Truncate(17 << 20) // sparse: costs no disk
		big.Close()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want string
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		var both bytes.Buffer
		code := run([]string{"check", dir}, &both, &both)
		if code != 2 || strings.Count(both.String(), "bluepencil reads files up to 16 MiB") != 6 {
			t.Fatalf("exit %d, want 2 and six refusals:\n%s", code, both.String())
		}
		if procs == 1 {
			want = both.String()
		} else if both.String() != want {
			t.Errorf("on %d cores stdout and stderr interleave otherwise than on one", procs)
		}
	}
}

// TestCheckPairSameOnEveryCore: one large article checked against its
// original, where one check is itself concurrent (the original read and
// prepared, the article compared, the style pass yielding its core), prints
// the same bytes and exits the same on one core as on two and more, run
// after run. The article has marked and unmarked changes and loaded words
// in every 64 KiB the style pass reads between two yields.
func TestCheckPairSameOnEveryCore(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(13, 2))
	orig := sample.Corpus{MinSize: 600 << 10, MaxSize: 600 << 10}.Text(r)
	loaded := []byte("The regime slammed the so-called plan this week. ")
	var o, a []byte
	for i, para := range bytes.Split(orig, []byte("\n\n")) {
		para = append(append([]byte(nil), loaded...), para...)
		o = append(append(o, para...), "\n\n"...)
		edited := sample.Edit(r, para)
		if i%50 == 7 {
			edited = bytes.Replace(edited, []byte(" the "), []byte(" a "), 1) // unmarked
		}
		a = append(a, edited...)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("orig.txt", o)
	write("article.bp.md", append([]byte("---\ntitle: T\noriginal: orig.txt\npublished: 2025-11-07\n---\n\n"), a...))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, format := range []string{"text", "json"} {
		var want string
		for k, procs := range []int{1, 2, 1, 2, 4} {
			runtime.GOMAXPROCS(procs)
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", "--format", format, filepath.Join(dir, "article.bp.md")}, &stdout, &stderr)
			got := fmt.Sprintf("exit %d\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
			if k == 0 {
				want = got
				if code != 1 || !strings.Contains(got, "relative-time") || !strings.Contains(got, "loaded-label") {
					t.Fatalf("%s: want unmarked changes and style flags, got exit %d and %d bytes:\n%.2000s", format, code, stdout.Len(), got)
				}
				continue
			}
			if got != want {
				t.Fatalf("%s on %d cores: output differs from one core's (%d bytes, want %d)", format, procs, len(got), len(want))
			}
		}
	}
}
