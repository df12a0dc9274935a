//go:build unix

package check

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/sample"
)

// benchCorpus writes the corpus of 1,000 news-sized articles the
// benchmarks check.
func benchCorpus(b *testing.B) string {
	dir := b.TempDir()
	writeCorpus(b, dir, sample.Corpus{N: 1000, MinSize: 2 << 10, MaxSize: 20 << 10, Seed: 1})
	return dir
}

// BenchmarkRun checks the corpus as `check DIR` does, writing text to
// io.Discard, on one core (Workers 1) and on all (GOMAXPROCS), with the
// default window and a wider one; cpu/wall is the cores it kept busy. Its
// floor, BenchmarkRunFloor, reads what the check reads and checks nothing.
func BenchmarkRun(b *testing.B) {
	dir := benchCorpus(b)
	for _, bm := range []struct {
		name            string
		workers, window int
	}{{"sequential", 1, 0}, {"parallel", 0, 0}, {"parallel-window32", 0, 32}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(corpusBytes(b, dir))
			cpu0, t0 := cpuTime(), time.Now()
			defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Since(t0)), "cpu/wall") }()
			for b.Loop() {
				w := NewTextWriter(io.Discard)
				err := Run([]string{dir}, Config{Workers: bm.workers, Window: bm.window}, func(r *Result, err error) error {
					if err != nil {
						return nil
					}
					return w.Write(r)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRunFloor reads every article as Walk does and each original
// once, as `cat` of all the files would: what the check cannot go below.
func BenchmarkRunFloor(b *testing.B) {
	dir := benchCorpus(b)
	b.SetBytes(corpusBytes(b, dir))
	for b.Loop() {
		src := &analysis.DiskSource{}
		Walk([]string{dir}, func(t Target, data []byte, err error) error {
			if i := strings.Index(string(data), "original: "); i >= 0 {
				rel := string(data[i+len("original: "):])
				src.Original(t.Path, rel[:strings.IndexByte(rel, '\n')], t.Root)
			}
			return nil
		})
	}
}

// cpuTime is the CPU time this process has used, in user and system mode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// corpusBytes is the size of the articles under dir: what MB/s counts.
func corpusBytes(b *testing.B, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, Ext) {
			info, _ := d.Info()
			n += info.Size()
		}
		return err
	})
	return n
}
