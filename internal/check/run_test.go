package check

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/sample"
)

// transcript is what a run of check prints: stdout, stderr, both in the
// order written (so that their interleaving is compared too), and the
// exit status the command would give.
type transcript struct {
	stdout, stderr, both bytes.Buffer
	code                 int
}

// reporter returns the Report that runCheck gives Run, writing to tr.
func (tr *transcript) reporter(json bool) (Report, func() error) {
	both := io2{&tr.stdout, &tr.both}
	out := NewTextWriter(both)
	if json {
		out = NewJSONWriter(both)
	}
	return func(r *Result, err error) error {
		if err != nil {
			msg := "bluepencil check: " + Escape(err.Error()) + "\n"
			tr.stderr.WriteString(msg)
			tr.both.WriteString(msg)
			tr.code = 2
			return nil
		}
		if r.HasErrors() && tr.code == 0 {
			tr.code = 1
		}
		return out.Write(r)
	}, out.Close
}

// io2 writes to two buffers.
type io2 [2]*bytes.Buffer

func (w io2) Write(p []byte) (int, error) {
	w[0].Write(p)
	return w[1].Write(p)
}

// sequential is the reference: what check did before it used more than
// one core, written here without Run.
func sequential(t *testing.T, paths []string, json bool) *transcript {
	t.Helper()
	tr := &transcript{}
	report, closeOut := tr.reporter(json)
	originals := &analysis.DiskSource{}
	err := Walk(paths, func(tg Target, src []byte, err error) error {
		if err != nil {
			return report(nil, err)
		}
		r := Check(tg, src, analysis.Options{}, originals)
		return report(&r, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	closeOut()
	return tr
}

// shuffled is Check slowed by a random pause, so that articles finish in
// an order unlike the walk's.
func shuffled(seed uint64) func(Target, []byte, analysis.Options, analysis.Source) Result {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, 1))
	return func(t Target, src []byte, o analysis.Options, s analysis.Source) Result {
		mu.Lock()
		k := r.IntN(8)
		mu.Unlock()
		switch k {
		case 0: // long enough for many others to pass
			time.Sleep(time.Millisecond)
		case 1, 2:
			runtime.Gosched()
		}
		return Check(t, src, o, s)
	}
}

// smallCorpus writes many small articles under dir, plus files that check
// refuses, and returns the paths to check: the folder, then some of its
// articles named one by one, a path that does not exist, and one of its
// folders again.
func smallCorpus(t *testing.T, dir string) []string {
	writeCorpus(t, dir, sample.Corpus{N: 200, MinSize: 100, MaxSize: 900, Seed: 7})
	unreadable(t, dir)
	return []string{
		dir,
		filepath.Join(dir, "news", "2026-01", "story-0000.bp.md"),
		filepath.Join(dir, "missing.bp.md"),
		filepath.Join(dir, "news", "2026-03", "story-0002.bp.md"),
		filepath.Join(dir, "news", "2026-02"),
	}
}

// TestRunMatchesSequential: on a corpus of many small articles, with
// unreadable files among them, Run prints exactly what a sequential run
// prints (stdout, stderr, their interleaving, exit status), in text and
// JSON, whatever the number of workers, the window, and the order in
// which articles finish.
func TestRunMatchesSequential(t *testing.T) {
	dir := t.TempDir()
	paths := smallCorpus(t, dir)
	for _, json := range []bool{false, true} {
		want := sequential(t, paths, json)
		if want.stdout.Len() == 0 || want.stderr.Len() == 0 || want.code != 2 {
			t.Fatalf("the corpus should give diagnostics, errors and exit 2; got %d bytes, %q, %d", want.stdout.Len(), want.stderr.String(), want.code)
		}
		for _, c := range []Config{
			{Workers: 1},
			{Workers: 2},
			{Workers: 2, Window: 1},
			{Workers: 3, Window: 2},
			{Workers: 8},
			{Workers: 8, WindowBytes: 1},
			{Workers: 4, Window: 64},
		} {
			for seed := range uint64(2) {
				c.check = shuffled(seed)
				name := fmt.Sprintf("json=%v workers=%d window=%d bytes=%d seed=%d", json, c.Workers, c.Window, c.WindowBytes, seed)
				tr := &transcript{}
				report, closeOut := tr.reporter(json)
				if err := Run(paths, c, report); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				closeOut()
				if !bytes.Equal(tr.both.Bytes(), want.both.Bytes()) || !bytes.Equal(tr.stdout.Bytes(), want.stdout.Bytes()) ||
					!bytes.Equal(tr.stderr.Bytes(), want.stderr.Bytes()) || tr.code != want.code {
					t.Fatalf("%s: output differs from the sequential run's (exit %d, want %d)\n%s", name, tr.code, want.code, firstDiff(tr.both.String(), want.both.String()))
				}
			}
		}
	}
}

// unreadable adds, under dir, files that check refuses: one over the size
// limit (sparse: it costs no disk), a link out of the folder, and where
// the system has them a named pipe.
func unreadable(t *testing.T, dir string) {
	big, err := os.Create(filepath.Join(dir, "news", "2026-02", "big.bp.md"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(archive.MaxArticleSize + 1)
	big.Close()
	secret := filepath.Join(t.TempDir(), "secret.bp.md")
	os.WriteFile(secret, []byte("secret"), 0o644)
	os.Symlink(secret, filepath.Join(dir, "news", "2026-05", "out.bp.md")) // where links can be made
	if mkfifo != nil {
		mkfifo(t, filepath.Join(dir, "news", "2026-07", "pipe.bp.md"))
	}
}

// mkfifo makes a named pipe, where the system has them.
var mkfifo func(t *testing.T, path string)

// firstDiff shows the first line where got and want part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestRunWindow: no more than Window articles, and no more than
// WindowBytes of their text (or one article, when larger), are held
// between their reading and their report, whatever the workers do.
func TestRunWindow(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, sample.Corpus{N: 120, MinSize: 100, MaxSize: 3000, Seed: 3})
	for _, c := range []Config{{Workers: 4, Window: 3}, {Workers: 4, Window: 16, WindowBytes: 4000}, {Workers: 2, WindowBytes: 1}} {
		var mu sync.Mutex
		held, heldBytes, maxHeld, maxBytes, largest := 0, 0, 0, 0, 0
		slow := shuffled(1)
		c.check = func(tg Target, src []byte, o analysis.Options, s analysis.Source) Result {
			mu.Lock()
			held++
			heldBytes += len(src)
			maxHeld, maxBytes, largest = max(maxHeld, held), max(maxBytes, heldBytes), max(largest, len(src))
			mu.Unlock()
			return slow(tg, src, o, s)
		}
		err := Run([]string{dir}, c, func(r *Result, err error) error {
			mu.Lock()
			held--
			heldBytes -= len(r.Src)
			mu.Unlock()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		window := or0(c.Window, 4*c.Workers)
		if maxHeld > window || maxBytes > max(or0(c.WindowBytes, 16<<20), largest) {
			t.Errorf("%+v: held %d articles and %d bytes at once (largest %d)", c, maxHeld, maxBytes, largest)
		}
	}
}

// or0 returns v, or def when v is 0.
func or0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// TestRunStops: when a report fails (a closed pipe), nothing more is
// reported, Run returns that error, and no worker is left running.
func TestRunStops(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, sample.Corpus{N: 200, MinSize: 100, MaxSize: 900, Seed: 5})
	broken := errors.New("broken pipe")
	before := runtime.NumGoroutine()
	for _, workers := range []int{1, 2, 8} {
		n := 0
		err := Run([]string{dir}, Config{Workers: workers, check: shuffled(2)}, func(*Result, error) error {
			if n++; n == 10 {
				return broken
			}
			return nil
		})
		if err != broken || n != 10 {
			t.Errorf("workers=%d: Run returned %v after %d reports, want the report's error after 10", workers, err, n)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines left running, %d before", g, before)
	}
}

// countingSource counts the originals read from disk, by the distinct
// copies handed out.
type countingSource struct {
	analysis.Source
	mu     sync.Mutex
	copies map[*analysis.Original]bool
	calls  atomic.Int64
}

func (c *countingSource) Original(articlePath, rel, root string) (*analysis.Original, *archive.Problem) {
	o, prob := c.Source.Original(articlePath, rel, root)
	c.calls.Add(1)
	c.mu.Lock()
	c.copies[o] = true
	c.mu.Unlock()
	return o, prob
}

// TestRunSharesOriginals: 200 articles naming one wire story, checked on
// eight workers at once, share one read of it.
func TestRunSharesOriginals(t *testing.T) {
	dir := t.TempDir()
	orig := sample.Corpus{MinSize: 4000, MaxSize: 4000}.Text(rand.New(rand.NewPCG(1, 1)))
	corpusFile(t, dir, "wire/story.txt", orig)
	r := rand.New(rand.NewPCG(2, 2))
	for i := range 200 {
		corpusFile(t, dir, fmt.Sprintf("news/a%03d.bp.md", i), append([]byte("---\noriginal: ../wire/story.txt\n---\n"), sample.Edit(r, orig)...))
	}
	src := &countingSource{Source: &analysis.DiskSource{MaxBytes: KeptOriginalBytes}, copies: map[*analysis.Original]bool{}}
	if err := Run([]string{dir}, Config{Workers: 8, Originals: src, check: shuffled(3)}, func(*Result, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if src.calls.Load() != 200 || len(src.copies) != 1 {
		t.Errorf("%d articles asked for the original, and got %d copies of it; want 200 and 1", src.calls.Load(), len(src.copies))
	}
}

// TestWriteCorpusShape: the generated corpus is what it claims to be:
// news-sized articles, most naming an original, some sharing one.
func TestWriteCorpusShape(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, sample.Corpus{N: 200, MinSize: 2 << 10, MaxSize: 20 << 10, Seed: 1})
	articles, named, wire := 0, 0, map[string]int{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, Ext) {
			return err
		}
		data, _ := os.ReadFile(p)
		articles++
		if len(data) < 2<<10 || len(data) > 24<<10 {
			t.Errorf("%s: %d bytes", p, len(data))
		}
		if _, rest, ok := strings.Cut(string(data), "\noriginal: "); ok {
			named++
			if name, _, _ := strings.Cut(rest, "\n"); strings.Contains(name, "wire/") {
				wire[name]++
			}
		}
		return nil
	})
	shared := 0
	for _, n := range wire {
		if n > 1 {
			shared++
		}
	}
	if articles != 200 || named < 150 || shared < 5 {
		t.Errorf("%d articles, %d naming an original, %d originals shared", articles, named, shared)
	}
}

// FuzzRunOrder: whatever the workers, the window and the order in which
// articles finish, Run reports what a sequential run reports.
func FuzzRunOrder(f *testing.F) {
	dir := f.TempDir()
	writeCorpus(f, dir, sample.Corpus{N: 40, MinSize: 100, MaxSize: 1500, Seed: 11})
	paths := []string{dir, filepath.Join(dir, "missing.bp.md"), filepath.Join(dir, "news", "2026-04")}
	want := map[bool]*transcript{}
	f.Add(uint8(2), uint8(0), uint16(0), uint64(0), false)
	f.Add(uint8(5), uint8(1), uint16(0), uint64(1), true)
	f.Add(uint8(3), uint8(7), uint16(900), uint64(2), false)
	f.Fuzz(func(t *testing.T, workers, window uint8, windowBytes uint16, seed uint64, json bool) {
		if want[json] == nil {
			want[json] = sequential(t, paths, json)
		}
		c := Config{Workers: int(workers%9) + 1, Window: int(window % 20), WindowBytes: int(windowBytes), check: shuffled(seed)}
		tr := &transcript{}
		report, closeOut := tr.reporter(json)
		if err := Run(paths, c, report); err != nil {
			t.Fatal(err)
		}
		closeOut()
		if !bytes.Equal(tr.both.Bytes(), want[json].both.Bytes()) || tr.code != want[json].code {
			t.Fatalf("%+v: output differs from the sequential run's\n%s", c, firstDiff(tr.both.String(), want[json].both.String()))
		}
	})
}
