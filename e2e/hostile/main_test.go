//go:build hostile

package hostile

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// run runs the binary with args in dir (the current directory when empty),
// kills it after limit, and reports what it did. stdin is empty.
func run(t testing.TB, limit time.Duration, dir string, args ...string) Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := Run{Stdout: out.Bytes(), Stderr: errb.Bytes(), Wall: time.Since(start), Code: -1}
	if cmd.ProcessState != nil {
		r.Code = cmd.ProcessState.ExitCode()
		r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
			r.MaxRSS = ru.Maxrss * 1024
		}
	}
	if ctx.Err() != nil {
		r.TimedOut = true
	}
	_ = err
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
