// Package golden runs txtar golden-file tests the same way in every
// package: each archive's sections are the input, a function renders what
// the code under test does with them, and the result is compared with the
// archive's "want" section, or written there with -update.
//
// It is a test helper; only _test.go files import it.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Update rewrites the "want" sections instead of comparing with them. Put
// the package path before it: go test ./internal/rules -run Golden -update.
var Update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Run runs render on every archive matching pattern, one subtest each.
func Run(t *testing.T, pattern string, render func(t *testing.T, ar *txtar.Archive) string) {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		t.Fatalf("no golden files match %s", pattern)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := render(t, ar)
			i := index(ar, "want")
			if *Update {
				if i < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					i = len(ar.Files) - 1
				}
				ar.Files[i].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if i < 0 {
				t.Fatal("no want section; run with -update")
			}
			if want := string(ar.Files[i].Data); got != want {
				t.Errorf("mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

func index(ar *txtar.Archive, name string) int {
	for i, f := range ar.Files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Section returns the data of the archive's section name.
func Section(ar *txtar.Archive, name string) ([]byte, bool) {
	if i := index(ar, name); i >= 0 {
		return ar.Files[i].Data, true
	}
	return nil, false
}

// ChangedLines quotes the whole lines of fixed that differ from src, found
// by trimming the common prefix and suffix: what an edit did, readable in
// a golden file.
func ChangedLines(src, fixed []byte) string {
	p := 0
	for p < len(src) && p < len(fixed) && src[p] == fixed[p] {
		p++
	}
	s := 0
	for s < len(src)-p && s < len(fixed)-p && src[len(src)-1-s] == fixed[len(fixed)-1-s] {
		s++
	}
	start := strings.LastIndexByte(string(fixed[:p]), '\n') + 1
	end := len(fixed) - s
	if i := strings.IndexByte(string(fixed[end:]), '\n'); i >= 0 {
		end += i
	} else {
		end = len(fixed)
	}
	return strconv.Quote(string(fixed[start:end]))
}
