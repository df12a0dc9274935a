package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// initLine is one line of GODEBUG=inittrace=1: a package's initialization,
// with what it allocated.
var initLine = regexp.MustCompile(`^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes, (\d+) allocs$`)

// TestInitCost keeps what runs before main small: every command, `check`
// of a one-line article first, pays for the initialization of every
// package the binary links. bluemonday, gorilla/css and goldmark compiled
// some 150 regular expressions there, 2.2 ms of a 5.5 ms check; the copies
// in third_party compile them on first use (see its README). Allocations
// are counted, not timed, so the test says the same on any machine: before
// the copies the binary's initialization made 11,700 allocations of
// 1.8 MB, and bluemonday's CSS package alone 3,800.
func TestInitCost(t *testing.T) {
	if os.Getenv("BLUEPENCIL_INIT_CHILD") != "" {
		return // the child: its initialization is what is measured
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitCost$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "BLUEPENCIL_INIT_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.Bytes())
	}
	const (
		maxPackageAllocs = 400
		maxAllocs        = 2500
		maxBytes         = 512 << 10
	)
	var allocs, size, packages int
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		b, _ := strconv.Atoi(m[2])
		n, _ := strconv.Atoi(m[3])
		packages++
		size += b
		allocs += n
		if n > maxPackageAllocs {
			t.Errorf("initializing %s makes %d allocations (%d bytes), over %d: compile on first use what it builds at startup", m[1], n, b, maxPackageAllocs)
		}
	}
	if packages < 20 {
		t.Fatalf("read %d packages' initialization from GODEBUG=inittrace=1:\n%s", packages, stderr.Bytes())
	}
	if allocs > maxAllocs || size > maxBytes {
		t.Errorf("initialization makes %d allocations of %d bytes, over %d and %d", allocs, size, maxAllocs, maxBytes)
	}
	t.Logf("%d packages initialized: %d allocations, %d bytes", packages, allocs, size)
}

// TestNoCgo keeps the binary statically linked, without flags: a program
// that links package net (or os/user) is linked against the C library
// whenever cgo is available, as it is on most machines that build Go, and
// then starts through the dynamic loader and libc, with every thread
// made by pthread_create. Measured with hyperfine on the 2-core machine of
// issue 9, that was 0.9 ms more for every process: `check` of a one-line
// article 3.2 ms against 2.4. go.lsp.dev/jsonrpc2 imported net for its
// listener; third_party's copy leaves that out (see its README).
func TestNoCgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err) // no go command beside the test: nothing to ask
	}
	for _, p := range bytes.Fields(out) {
		switch string(p) {
		case "net", "os/user", "runtime/cgo", "plugin":
			t.Errorf("bluepencil links %s, which links the C library when cgo is available: find what imports it with `go list -f '{{.ImportPath}} {{.Imports}}' -deps ./cmd/bluepencil`", p)
		}
	}
}
