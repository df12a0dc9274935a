package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReadFileIn: beneath a root, links are followed while they stay
// inside it, and refused when they lead out.
func TestReadFileIn(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("inside"), 0o644)
	os.WriteFile(filepath.Join(outside, "s.txt"), []byte("secret"), 0o644)
	os.Symlink("a.txt", filepath.Join(dir, "in"))
	os.Symlink(filepath.Join(outside, "s.txt"), filepath.Join(dir, "out"))
	os.Symlink("../"+filepath.Base(outside)+"/s.txt", filepath.Join(dir, "relout"))
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tt := range []struct {
		name, want string
	}{
		{"a.txt", "inside"}, {"in", "inside"}, {"out", ""}, {"relout", ""}, {"../" + filepath.Base(outside) + "/s.txt", ""},
	} {
		data, err := ReadFileIn(r, tt.name, 100)
		if string(data) != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: got %q, %v; want %q", tt.name, data, err, tt.want)
		}
	}
}

// TestReadLimited: whatever a reader yields, no more than limit bytes are
// kept, and a size hint that lies either way changes nothing.
func TestReadLimited(t *testing.T) {
	text := strings.Repeat("x", 5000)
	for _, hint := range []int64{0, 1, 4999, 5000, 5001, 1 << 30} {
		for _, limit := range []int64{0, 1, 4999, 5000, 5001} {
			data, err := readLimited(strings.NewReader(text), hint, limit)
			if limit < 5000 {
				if !errors.Is(err, ErrTooLarge) || data != nil {
					t.Errorf("hint %d limit %d: got %d bytes, %v; want ErrTooLarge", hint, limit, len(data), err)
				}
				continue
			}
			if err != nil || string(data) != text {
				t.Errorf("hint %d limit %d: got %d bytes, %v", hint, limit, len(data), err)
			}
		}
	}
}

// TestReadHalves: a large file read in two halves at once is read whole,
// to the byte, when its stat said its size, and when it said less (the
// file grew since) or more (it shrank: read again from the start); and no
// more than limit bytes are kept.
func TestReadHalves(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < parallelRead+7777; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(' ')
	}
	text := b.String()
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	n := int64(len(text))
	for _, size := range []int64{n, n - 1, n - 4096, n / 2, n + 1, n + 5000, 2 * n} {
		for _, limit := range []int64{n - 1, n, n + 1} {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			data, err := readHalves(f, size, limit)
			f.Close()
			if limit < n {
				if !errors.Is(err, ErrTooLarge) || data != nil {
					t.Errorf("size %d limit %d: got %d bytes, %v; want ErrTooLarge", size, limit, len(data), err)
				}
				continue
			}
			if err != nil || string(data) != text {
				t.Errorf("size %d limit %d: got %d bytes (equal %v), %v", size, limit, len(data), string(data) == text, err)
			}
		}
	}
	if data, err := ReadFile(path, MaxSize); err != nil || string(data) != text {
		t.Errorf("ReadFile: %d bytes, %v", len(data), err)
	}
}
