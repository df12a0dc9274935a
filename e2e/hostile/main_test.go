//go:build hostile

package hostile

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// bin is the bluepencil binary built for this run.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bluepencil-hostile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bin = filepath.Join(dir, "bluepencil")
	if b := os.Getenv("BLUEPENCIL_BIN"); b != "" {
		bin = b
	} else {
		// This package is in the e2e module; the binary is built from the
		// main module at the repository root.
		build := exec.Command("go", "build", "-o", bin, "./cmd/bluepencil")
		build.Dir = filepath.Join("..", "..")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "go build:", err)
			os.Exit(2)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Run is the outcome of one run of the binary.
type Run struct {
	Stdout, Stderr []byte
	Code           int           // exit status; -1 when killed
	Wall           time.Duration // wall-clock time
	CPU            time.Duration // user and system CPU time: steadier than Wall on a busy machine
	MaxRSS         int64         // peak resident memory in bytes
	TimedOut       bool
}

// measureEnv, when set, makes this test binary a helper that runs the
// command in its arguments and writes the command's peak resident memory
// and CPU time to the file the variable names. A child's own ru_maxrss
// cannot be trusted once this test process has grown: Go starts children
// with vfork, sharing the parent's memory until exec, and Linux carries
// that high-water mark across the exec into the child's ru_maxrss (after
// one big probe every later child reported ~1.9 GB). The helper, fresh and
// small, starts the binary with only its own few MiB to carry.
const measureEnv = "BLUEPENCIL_HOSTILE_MEASURE_RSS"

func init() {
	out := os.Getenv(measureEnv)
	if out == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Run()
	if cmd.ProcessState == nil {
		os.Exit(125)
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	f, err := os.Create(out)
	if err != nil {
		os.Exit(125)
	}
	fmt.Fprintf(f, "%d %d", rss, cpu)
	f.Close()
	os.Exit(cmd.ProcessState.ExitCode())
}

// run runs the binary with args in dir (the current directory when empty),
// kills it (and its helper) after limit, and reports what it did. stdin is
// empty.
func run(t testing.TB, limit time.Duration, dir string, args ...string) Run {
	t.Helper()
	return runTo(t, nil, limit, dir, args...)
}

// runTo is run with standard output written to the file out (when not
// nil) by the binary itself, so that the time measured is not that of this
// process reading a pipe.
func runTo(t testing.TB, out *os.File, limit time.Duration, dir string, args ...string) Run {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "bluepencil-rss-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	rssFile := filepath.Join(tmp, "rss")
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, append([]string{bin}, args...)...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), measureEnv+"="+rssFile)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &errb
	if out != nil {
		cmd.Stdout = out
	}
	start := time.Now()
	cmd.Run()
	r := Run{Stdout: stdout.Bytes(), Stderr: errb.Bytes(), Wall: time.Since(start), Code: -1, TimedOut: ctx.Err() != nil}
	if cmd.ProcessState != nil {
		r.Code = cmd.ProcessState.ExitCode()
	}
	if data, err := os.ReadFile(rssFile); err == nil {
		fmt.Sscan(string(data), &r.MaxRSS, &r.CPU)
	} else if !r.TimedOut {
		t.Fatalf("the measuring helper did not report: %v\n%s", err, r.Stderr)
	}
	return r
}

// mustFinish fails the test when the run timed out or crashed (a Go panic
// or a fatal runtime error exits with status 2 and says so on stderr).
func mustFinish(t testing.TB, r Run, what string) {
	t.Helper()
	if r.TimedOut {
		t.Fatalf("%s: did not finish in time (killed after %v)", what, r.Wall.Round(time.Millisecond))
	}
	if bytes.Contains(r.Stderr, []byte("goroutine ")) || bytes.Contains(r.Stderr, []byte("fatal error:")) || bytes.Contains(r.Stderr, []byte("panic:")) {
		t.Fatalf("%s: crashed:\n%s", what, head(r.Stderr, 2000))
	}
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// write creates file name under dir with data, making folders as needed.
func write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
