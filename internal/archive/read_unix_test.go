//go:build unix

package archive

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadFile: regular files are read whole up to the limit; everything
// else is refused at once with a message that says what it is.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("small.txt", "hello")
	empty := write("empty.txt", "")
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		sock = ""
	}
	zero := filepath.Join(dir, "zero")
	os.Symlink("/dev/zero", zero)

	tests := []struct {
		name, path string
		limit      int64
		want       string // the text read, or the error it must wrap
		err        error
		says       string // in the message
	}{
		{"regular", small, 100, "hello", nil, ""},
		{"exactly the limit", small, 5, "hello", nil, ""},
		{"one byte over", small, 4, "", ErrTooLarge, "over 0 MiB"},
		{"empty", empty, 100, "", nil, ""},
		{"folder", dir, 100, "", ErrNotRegular, "is a folder"},
		{"fifo", fifo, 100, "", ErrNotRegular, "named pipe"},
		{"char device through a link", zero, 100, "", ErrNotRegular, "character device"},
		{"missing", filepath.Join(dir, "nope"), 100, "", fs.ErrNotExist, ""},
		// /proc files claim size 0: the limit holds while reading.
		{"proc file over the limit", "/proc/self/status", 10, "", ErrTooLarge, ""},
	}
	if sock != "" {
		tests = append(tests, struct {
			name, path string
			limit      int64
			want       string
			err        error
			says       string
		}{"socket", sock, 100, "", ErrNotRegular, "socket"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); tt.err != fs.ErrNotExist && err != nil {
				t.Skip(err)
			}
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				data, err = ReadFile(tt.path, tt.limit)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("ReadFile blocked")
			}
			if tt.err == nil {
				if err != nil || string(data) != tt.want {
					t.Fatalf("got %q, %v; want %q", data, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("got %q, %v; want an error wrapping %v", data, err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("message %q should name %s and say %q", err, tt.path, tt.says)
			}
		})
	}
}

// TestLoadFIFO: an original that is a named pipe is refused at once, as
// not found with a message that says what it is, instead of blocking for
// a writer that never comes.
func TestLoadFIFO(t *testing.T) {
	root := t.TempDir()
	article := filepath.Join(root, "a.bp.md")
	os.WriteFile(article, []byte("x"), 0o644)
	if err := syscall.Mkfifo(filepath.Join(root, "f"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Problem)
	go func() {
		_, _, prob := Load(article, "f", root)
		done <- prob
	}()
	select {
	case prob := <-done:
		if prob == nil || prob.Code != CodeNotFound || !strings.Contains(prob.Message, "named pipe") {
			t.Errorf("got %+v, want %s saying it is a named pipe", prob, CodeNotFound)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a named pipe")
	}
}
