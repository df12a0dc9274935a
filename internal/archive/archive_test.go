package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	article := filepath.Join(root, "news", "a.bp.md")
	write(article, "x")
	write(filepath.Join(root, "news", "orig.txt"), "the original")
	write(filepath.Join(root, "archive", "b.txt"), "archived")
	write(filepath.Join(outside, "secret.txt"), "secret")
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "news", "link.txt"))
	os.Mkdir(filepath.Join(root, "news", "dir"), 0o755)
	big, _ := os.Create(filepath.Join(root, "news", "big.txt"))
	big.Truncate(MaxSize + 1)
	big.Close()

	tests := []struct {
		rel, code, text string
	}{
		{"orig.txt", "", "the original"},
		{"../archive/b.txt", "", "archived"},
		{"missing.txt", CodeNotFound, ""},
		{"dir", CodeNotFound, ""},
		{"../../" + filepath.Base(outside) + "/secret.txt", CodeOutsideWorkspace, ""},
		{"../../../../../../etc/passwd", CodeOutsideWorkspace, ""},
		{"/etc/passwd", CodeOutsideWorkspace, ""},
		{"link.txt", CodeOutsideWorkspace, ""},
		{"big.txt", CodeTooLarge, ""},
	}
	for _, tt := range tests {
		data, _, prob := Load(article, tt.rel, root)
		switch {
		case tt.code == "" && prob != nil:
			t.Errorf("%s: unexpected problem %s: %s", tt.rel, prob.Code, prob.Message)
		case tt.code != "" && (prob == nil || prob.Code != tt.code):
			t.Errorf("%s: got %+v, want code %s", tt.rel, prob, tt.code)
		case tt.code == "" && string(data) != tt.text:
			t.Errorf("%s: read %q", tt.rel, data)
		case prob != nil && !strings.Contains(prob.Message, tt.rel):
			t.Errorf("%s: message %q does not name the path", tt.rel, prob.Message)
		}
	}
}
