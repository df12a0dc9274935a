//go:build hostile

package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The files probes: what check, render and diff do with files that are
// not what they seem (named pipes, devices, links out of the tree, huge
// or endless files, locked folders, names and texts that try to forge
// output), each run of the built binary bounded in time and memory.

const fileLimit = 30 * time.Second

// memBound is the peak resident memory allowed for refusing a file: far
// below what reading an endless or 1 GiB file would take, far above the
// binary's own footprint.
const memBound = 100 << 20

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
}

// TestFilesFIFOOriginal: an original that is a named pipe used to block
// check for ever; now it is original-not-found, at once.
func TestFilesFIFOOriginal(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ws/a.bp.md", []byte("---\noriginal: f\n---\nHello.\n"))
	mkfifo(t, filepath.Join(dir, "ws", "f"))
	r := run(t, fileLimit, dir, "check", "ws")
	mustFinish(t, r, "check with a FIFO original")
	t.Logf("FIFO original: %v, exit %d\n%s", r.Wall.Round(time.Millisecond), r.Code, r.Stdout)
	if r.Wall > 5*time.Second || r.Code != 1 || !bytes.Contains(r.Stdout, []byte(`original "f" is a named pipe (FIFO), not a regular file (original-not-found)`)) {
		t.Errorf("want original-not-found saying it is a named pipe, exit 1, within 5 s; got exit %d in %v:\n%s%s", r.Code, r.Wall, r.Stdout, r.Stderr)
	}
}

// TestFilesFIFOArticle: a named pipe called x.bp.md, in a folder or named
// on the command line, is refused without blocking, and the other
// articles are still checked.
func TestFilesFIFOArticle(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ws/a.bp.md", []byte("Open {--x\n"))
	write(t, dir, "ws/z.bp.md", []byte("Open {++x\n"))
	mkfifo(t, filepath.Join(dir, "ws", "x.bp.md"))
	for _, args := range [][]string{{"check", "ws"}, {"check", "ws/a.bp.md", "ws/x.bp.md", "ws/z.bp.md"}} {
		r := run(t, fileLimit, dir, args...)
		mustFinish(t, r, strings.Join(args, " "))
		t.Logf("%s: %v, exit %d, stderr %s", args, r.Wall.Round(time.Millisecond), r.Code, r.Stderr)
		if r.Wall > 5*time.Second || r.Code != 2 || string(r.Stderr) != "bluepencil check: ws/x.bp.md: is a named pipe (FIFO), not a regular file\n" ||
			!bytes.Contains(r.Stdout, []byte("ws/a.bp.md:1:6:")) || !bytes.Contains(r.Stdout, []byte("ws/z.bp.md:1:6:")) {
			t.Errorf("%s: want the pipe refused on stderr, both other articles checked, exit 2, within 5 s; got exit %d in %v:\n%s%s", args, r.Code, r.Wall, r.Stdout, r.Stderr)
		}
	}
}

// TestFilesEndless: a link to /dev/zero used to be read until the runtime
// died; /proc/self/pagemap claims size 0 and yields gigabytes. Both are
// refused within the memory bound, whether found in a folder or named.
func TestFilesEndless(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "d"), 0o755)
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "d", "z.bp.md")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"check", "d"}, "d/z.bp.md: is a symbolic link that leads outside the folder being checked"},
		{[]string{"check", "d/z.bp.md"}, "d/z.bp.md: is a character device, not a regular file"},
		{[]string{"render", "d/z.bp.md"}, "d/z.bp.md: is a character device, not a regular file"},
		{[]string{"diff", "d/z.bp.md", "d/z.bp.md"}, "d/z.bp.md: is a character device, not a regular file"},
		{[]string{"check", "/proc/self/pagemap"}, "/proc/self/pagemap: is over 16 MiB; bluepencil reads files up to 16 MiB"},
	}
	for _, tt := range tests {
		r := run(t, fileLimit, dir, tt.args...)
		mustFinish(t, r, strings.Join(tt.args, " "))
		t.Logf("%s: %v, peak RSS %d MiB, exit %d", tt.args, r.Wall.Round(time.Millisecond), r.MaxRSS>>20, r.Code)
		if r.Code != 2 || !bytes.Contains(r.Stderr, []byte(tt.says)) || r.MaxRSS > memBound {
			t.Errorf("%s: want exit 2 saying %q within %d MiB; got exit %d, %d MiB:\n%s", tt.args, tt.says, memBound>>20, r.Code, r.MaxRSS>>20, r.Stderr)
		}
	}
}

// TestFilesOversized: a 1 GiB article (sparse: it costs no disk) is
// refused from its size without being read, and one just over the limit
// likewise, within the memory bound; one just under it is checked.
func TestFilesOversized(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int64{"huge.bp.md": 1 << 30, "over.bp.md": 16<<20 + 1} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f.Truncate(size)
		f.Close()
	}
	for _, name := range []string{"huge.bp.md", "over.bp.md"} {
		r := run(t, fileLimit, dir, "check", name)
		mustFinish(t, r, name)
		t.Logf("%s: %v, peak RSS %d MiB, %s", name, r.Wall.Round(time.Millisecond), r.MaxRSS>>20, r.Stderr)
		if r.Code != 2 || !bytes.Contains(r.Stderr, []byte("bluepencil reads files up to 16 MiB")) || r.MaxRSS > memBound {
			t.Errorf("%s: want exit 2 and the limit named, within %d MiB; got exit %d, %d MiB: %s", name, memBound>>20, r.Code, r.MaxRSS>>20, r.Stderr)
		}
	}
	under := bytes.Repeat([]byte("The council met on Tuesday and approved the plan.\n"), (16<<20-1)/51)
	write(t, dir, "under.bp.md", under)
	r := run(t, fileLimit, dir, "check", "under.bp.md")
	mustFinish(t, r, "under the limit")
	t.Logf("16 MiB article: %v, peak RSS %d MiB", r.Wall.Round(time.Millisecond), r.MaxRSS>>20)
	if r.Code != 0 {
		t.Errorf("an article under the limit: exit %d: %s", r.Code, head(r.Stderr, 500))
	}
}

// TestFilesLinkOut: an article link that leaves the folder given to check
// is refused, and nothing of its target is printed; one that stays inside
// is followed.
func TestFilesLinkOut(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "outside/secret.bp.md", []byte("secret {--unclosed\n"))
	write(t, dir, "ws/real.bp.md", []byte("inside {++unclosed\n"))
	os.Symlink("../outside/secret.bp.md", filepath.Join(dir, "ws", "rel.bp.md"))
	os.Symlink(filepath.Join(dir, "outside", "secret.bp.md"), filepath.Join(dir, "ws", "abs.bp.md"))
	os.Symlink("real.bp.md", filepath.Join(dir, "ws", "in.bp.md"))
	r := run(t, fileLimit, dir, "check", "ws")
	mustFinish(t, r, "check ws")
	t.Logf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	for _, name := range []string{"ws/rel.bp.md", "ws/abs.bp.md"} {
		if !bytes.Contains(r.Stderr, []byte(name+": is a symbolic link that leads outside the folder being checked")) {
			t.Errorf("%s not refused:\n%s", name, r.Stderr)
		}
	}
	if r.Code != 2 || bytes.Contains(r.Stdout, []byte("elision")) || !bytes.Contains(r.Stdout, []byte("ws/in.bp.md:1:8:")) {
		t.Errorf("want exit 2, the inside link checked and nothing of the outside file:\n%s", r.Stdout)
	}
}

// TestFilesLockedFolder: a folder that cannot be listed is reported on
// stderr, and the articles after it are still checked (check used to stop
// the walk there, silently). Root reads any folder, so as root the binary
// runs as nobody; the probe skips where neither denies the folder.
func TestFilesLockedFolder(t *testing.T) {
	base, err := os.MkdirTemp("", "bluepencil-locked-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o755)
	write(t, base, "ws/a.bp.md", []byte("First {--x\n"))
	write(t, base, "ws/locked/b.bp.md", []byte("Hidden {--x\n"))
	write(t, base, "ws/z.bp.md", []byte("Last {--x\n"))
	prog := filepath.Join(base, "bluepencil")
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(prog, data, 0o755)
	locked := filepath.Join(base, "ws", "locked")
	os.Chmod(locked, 0)
	defer os.Chmod(locked, 0o755)
	var attr *syscall.SysProcAttr
	if os.Geteuid() == 0 {
		attr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), fileLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, "check", "ws")
	cmd.Dir, cmd.SysProcAttr = base, attr
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	t.Logf("exit %v\n%s%s", err, stdout.String(), stderr.String())
	if strings.Contains(stdout.String(), "ws/locked/b.bp.md") {
		t.Skip("the folder could not be made unreadable here; internal/check's TestWalkLockedFolder covers the walk with a fake file system")
	}
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 2 ||
		stderr.String() != "bluepencil check: ws/locked: permission denied\n" ||
		!strings.Contains(stdout.String(), "ws/a.bp.md:1:7:") || !strings.Contains(stdout.String(), "ws/z.bp.md:1:6:") {
		t.Errorf("want the locked folder on stderr, both other articles checked, exit 2")
	}
}

// TestFilesSwapRace: while check reads 2,000 articles whose original lies
// in folder d (five times over), another process swaps d for a symbolic
// link to a folder outside and back. check used to read the outside file now and then (it
// resolved the path, then opened it again); it must never, whatever the
// timing. The original lies deep under d, so that resolving the path
// after d takes long and the old race is easy to hit.
func TestFilesSwapRace(t *testing.T) {
	dir := t.TempDir()
	const n = 2000
	deep := strings.Repeat("x/", 30) + "orig.txt"
	for i := range n {
		write(t, dir, fmt.Sprintf("ws/news/a%04d.bp.md", i), []byte("---\noriginal: d/"+deep+"\n---\nThe inside words, as archived.\n"))
	}
	write(t, dir, "ws/news/d/"+deep, []byte("The inside words, as archived.\n"))
	write(t, dir, "outside/"+deep, []byte("The secret words, as archived.\n"))
	news := filepath.Join(dir, "ws", "news")
	d, real, link := filepath.Join(news, "d"), filepath.Join(news, "real"), filepath.Join(news, "link")
	if err := os.Symlink(filepath.Join(dir, "outside"), link); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var swaps atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			os.Rename(d, real)
			os.Rename(link, d)
			os.Rename(d, link)
			os.Rename(real, d)
			swaps.Add(1)
		}
	}()
	defer func() { stop.Store(true); <-done }()
	code := regexp.MustCompile(`\(([a-z-]+)\)$`)
	for range 5 {
		r := run(t, 2*time.Minute, dir, "check", "ws")
		mustFinish(t, r, "check during swaps")
		counts := map[string]int{}
		for _, line := range strings.Split(string(r.Stdout), "\n") {
			m := code.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			counts[m[1]]++
			if m[1] != "original-not-found" && m[1] != "original-outside-workspace" || strings.Contains(line, "secret") {
				t.Errorf("check read the original outside the folder: %s", line)
			}
		}
		t.Logf("%d articles in %v, %d swaps so far: %v", n, r.Wall.Round(time.Millisecond), swaps.Load(), counts)
	}
}

// TestFilesJSONLinear: 200,000 unclosed {-- on one line took 80 s as JSON
// (0.8 s as text): each range was found by rescanning the line. JSON must
// now cost about what text does (the floor: the same check printed as
// text, in the same run), and four times the input about four times as
// much. Costs are CPU times, output goes to /dev/null: the machine's load
// and its disk are not what is measured.
func TestFilesJSONLinear(t *testing.T) {
	dir := t.TempDir()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	cpu := map[string]time.Duration{}
	for _, n := range []int{200_000, 800_000} {
		name := fmt.Sprintf("u%d.bp.md", n)
		write(t, dir, name, []byte(strings.Repeat("{-- ", n)+"\n"))
		for _, format := range []string{"text", "json"} {
			r := runTo(t, null, 2*time.Minute, dir, "check", "--format", format, name)
			mustFinish(t, r, format)
			key := fmt.Sprintf("%s %d", format, n)
			cpu[key] = r.CPU
			t.Logf("%s: %v CPU, %v wall, peak RSS %d MiB", key, r.CPU.Round(time.Millisecond), r.Wall.Round(time.Millisecond), r.MaxRSS>>20)
		}
	}
	// Both formats say the same: the 10,000 problems an article lists and
	// one too-many-problems that counts the rest.
	r := run(t, 2*time.Minute, dir, "check", "--format", "json", "u200000.bp.md")
	txt := run(t, 2*time.Minute, dir, "check", "u200000.bp.md")
	var diags []struct{}
	lines := bytes.Count(txt.Stdout, []byte("\n"))
	if err := json.Unmarshal(r.Stdout, &diags); err != nil || len(diags) != lines || lines < 10_000 {
		t.Fatalf("%d diagnostics in JSON, %d lines of text, %v", len(diags), lines, err)
	}
	if !bytes.Contains(txt.Stdout, []byte("(too-many-problems)")) {
		t.Errorf("no too-many-problems in:\n%s", head(txt.Stdout[max(0, len(txt.Stdout)-1000):], 1000))
	}
	for _, n := range []string{"200000", "800000"} {
		if j, txt := cpu["json "+n], cpu["text "+n]; j > 3*txt+time.Second {
			t.Errorf("n=%s: JSON took %v, text %v: JSON should cost about what text does", n, j, txt)
		}
	}
	if j, j4 := cpu["json 200000"], cpu["json 800000"]; j4 > 8*j+2*time.Second {
		t.Errorf("JSON at 4x the input took %v, against %v: not linear", j4, j)
	}
}

// diagLine is one text diagnostic: nothing but printable text between
// the path and the code, and the code at the end of the line.
var diagLine = regexp.MustCompile(`^[^\x00-\x1f\x7f]+:[0-9]+:[0-9]+: (error|warning|information|hint): [^\x00-\x1f\x7f]* \([a-z-]+\)$`)

// TestFilesForgedLines: an original's path holding a newline used to
// forge a diagnostic line of its own, and terminal escapes in an original
// reached the terminal raw; every diagnostic is one escaped line now.
func TestFilesForgedLines(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ws/nl.bp.md", []byte("---\noriginal: \"missing\\nws/nl.bp.md:1:1: error: all clear (unclosed-mark)\"\n---\nText.\n"))
	write(t, dir, "ws/esc.bp.md", []byte("---\noriginal: orig.txt\n---\nThe council met on Tuesday and approved the plan for the bridge.\n"))
	write(t, dir, "ws/orig.txt", []byte("The council met on Tuesday and approved the \x1b[2J\x1b]0;pwned\x07plan\x1b[0m for the bridge.\n"))
	write(t, dir, "ws/name\x1b[31m\nx.bp.md", []byte("Open {--x\n"))
	r := run(t, fileLimit, dir, "check", "ws")
	mustFinish(t, r, "check ws")
	t.Logf("exit %d\n%q", r.Code, r.Stdout)
	if bytes.Contains(r.Stdout, []byte{0x1b}) || bytes.Contains(r.Stderr, []byte{0x1b}) {
		t.Error("an ESC reached the output")
	}
	files := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(string(r.Stdout), "\n"), "\n") {
		if !diagLine.MatchString(l) {
			t.Errorf("not one diagnostic line: %q", l)
		}
		if i := strings.Index(l, ".bp.md:"); i >= 0 {
			files[l[:i]]++
		}
	}
	// One line for the missing original, one for the unclosed mark, and
	// the unmarked changes (the words of the escapes) for esc.bp.md: no
	// line claims another file or another place in nl.bp.md.
	if len(files) != 3 || files["ws/nl"] != 1 || files[`ws/name\x1b[31m\nx`] != 1 || files["ws/esc"] == 0 {
		t.Errorf("lines per file: %v", files)
	}
}

// TestFilesNonUTF8Name: a file name that is not UTF-8 is escaped in text
// (\xNN) and kept exactly in JSON with PEP 383 surrogate escapes; where
// Python is at hand, json.loads and os.fsencode give back the bytes.
func TestFilesNonUTF8Name(t *testing.T) {
	dir := t.TempDir()
	name := "caf\xe9 \xff.bp.md"
	write(t, dir, name, []byte("Open {--x\n"))
	r := run(t, fileLimit, dir, "check", ".")
	mustFinish(t, r, "text")
	if !bytes.HasPrefix(r.Stdout, []byte(`caf\xe9 \xff.bp.md:1:6: error:`)) {
		t.Errorf("text: %q", r.Stdout)
	}
	r = run(t, fileLimit, dir, "check", "--format", "json", ".")
	mustFinish(t, r, "json")
	if !bytes.Contains(r.Stdout, []byte(`"file": "caf\udce9 \udcff.bp.md"`)) {
		t.Errorf("json: %s", r.Stdout)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Log("no python3: the round trip through json.loads and os.fsencode is not tried")
		return
	}
	py := exec.Command(python, "-c", `import json, os, sys; sys.stdout.buffer.write(os.fsencode(json.load(sys.stdin)[0]["file"]))`)
	py.Stdin = bytes.NewReader(r.Stdout)
	out, err := py.Output()
	if err != nil || string(out) != name {
		t.Errorf("python3 read the name back as %q (%v), want %q", out, err, name)
	}
}

// TestFilesManyFiles: check used to keep every result until it printed,
// so 800 articles of 256 KiB (200 MiB in all) took more than that; now
// memory must not grow with the number of files. The floor is one article
// checked alone, in the same run; the bound leaves room for the garbage
// collector falling behind on a loaded machine (half the total: nothing
// kept per file can fit in it).
func TestFilesManyFiles(t *testing.T) {
	dir := t.TempDir()
	article := bytes.Repeat([]byte("The council met on Tuesday and {--quietly--} approved the plan.\n"), 256<<10/64)
	const n = 800
	for i := range n {
		write(t, dir, fmt.Sprintf("many/a%03d.bp.md", i), article)
	}
	write(t, dir, "one/a.bp.md", article)
	bound := int64(n * len(article) / 2)
	for _, format := range []string{"text", "json"} {
		one := run(t, fileLimit, dir, "check", "--format", format, "one")
		many := run(t, 2*time.Minute, dir, "check", "--format", format, "many")
		mustFinish(t, one, "one")
		mustFinish(t, many, "many")
		t.Logf("%s: one article %d MiB peak RSS, %d articles %d MiB (%v)", format, one.MaxRSS>>20, n, many.MaxRSS>>20, many.Wall.Round(time.Millisecond))
		if many.MaxRSS > one.MaxRSS+bound {
			t.Errorf("%s: %d articles took %d MiB, one %d MiB: memory grows with the number of files", format, n, many.MaxRSS>>20, one.MaxRSS>>20)
		}
	}
}
