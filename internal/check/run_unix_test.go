//go:build unix

package check

import (
	"syscall"
	"testing"
)

func init() {
	mkfifo = func(t *testing.T, path string) {
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
