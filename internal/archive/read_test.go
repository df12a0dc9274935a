package archive

import (
	"errors"
	"os"
	"path/filepath"
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
