package archive

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
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
	os.Symlink(filepath.Join(root, "archive", "b.txt"), filepath.Join(root, "news", "abslink.txt"))
	os.Symlink("../archive/b.txt", filepath.Join(root, "news", "rellink.txt"))
	os.Symlink("/dev/zero", filepath.Join(root, "news", "zero.txt"))
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
		{"zero.txt", CodeOutsideWorkspace, ""},
		// Links that stay inside are followed, absolute or relative.
		{"abslink.txt", "", "archived"},
		{"rellink.txt", "", "archived"},
		// Paths are quoted in messages, so a newline cannot start a line.
		{"new\nline.txt", CodeNotFound, ""},
		{"../../x\n\x1b[31m/y", CodeOutsideWorkspace, ""},
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
		case prob != nil && !strings.Contains(prob.Message, strconv.Quote(tt.rel)):
			t.Errorf("%s: message %q does not name the path", tt.rel, prob.Message)
		case prob != nil && strings.ContainsAny(prob.Message, "\n\x1b"):
			t.Errorf("%s: message %q holds a control character", tt.rel, prob.Message)
		}
	}
}

// TestLoadRace: a folder on the original's path is swapped back and forth
// with a symbolic link to a folder outside the root while Load runs; Load
// must never return the outside file. Before Load opened through os.Root
// it did, a few times in every run (it checked the path, then opened it
// again). The original lies 30 folders below the swapped one, which
// widens the window between the check and the open that the old code had.
func TestLoadRace(t *testing.T) {
	deepRel := strings.Repeat("x/", 30)
	root := t.TempDir()
	outside := t.TempDir()
	news := filepath.Join(root, "news")
	os.MkdirAll(filepath.Join(news, "d", deepRel), 0o755)
	os.MkdirAll(filepath.Join(outside, deepRel), 0o755)
	os.WriteFile(filepath.Join(news, "a.bp.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(news, "d", deepRel, "orig.txt"), []byte("inside"), 0o644)
	os.WriteFile(filepath.Join(outside, deepRel, "orig.txt"), []byte("secret"), 0o644)
	if err := os.Symlink(outside, filepath.Join(news, "link")); err != nil {
		t.Skip(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		d, real, link := filepath.Join(news, "d"), filepath.Join(news, "real"), filepath.Join(news, "link")
		for {
			select {
			case <-stop:
				return
			default:
			}
			os.Rename(d, real)
			os.Rename(link, d)
			os.Rename(d, link)
			os.Rename(real, d)
		}
	}()
	counts := map[string]int{}
	deadline := time.Now().Add(2 * time.Second)
	for i := 0; i < 20000 && time.Now().Before(deadline); i++ {
		data, _, prob := Load(filepath.Join(news, "a.bp.md"), "d/"+deepRel+"orig.txt", root)
		switch {
		case string(data) == "secret":
			counts["secret"]++
		case prob != nil:
			counts[prob.Code]++
		default:
			counts["inside"]++
		}
	}
	close(stop)
	<-done
	t.Logf("outcomes: %v", counts)
	if counts["secret"] > 0 {
		t.Fatalf("read the file outside the root %d times", counts["secret"])
	}
}

// TestRealRootOnce: an absolute folder's links are resolved once a
// process, and a read through Load stays beneath the folder so resolved
// even when the link is swapped for one to another folder afterwards.
func TestRealRootOnce(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "orig.txt"), []byte(filepath.Base(d)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(base, "ws")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	realA := RealPath(a)
	if got := realRootOf(link); got != realA {
		t.Fatalf("realRootOf(%s) = %s, want %s", link, got, realA)
	}
	os.Remove(link)
	if err := os.Symlink(b, link); err != nil {
		t.Fatal(err)
	}
	if got := realRootOf(link); got != realA {
		t.Fatalf("after the swap realRootOf = %s, want the first resolution %s", got, realA)
	}
	// The article's path goes through the swapped link: its original is
	// now b's, outside the folder first resolved, and is refused.
	if data, _, prob := Load(filepath.Join(link, "a.bp.md"), "orig.txt", link); prob == nil {
		t.Fatalf("read %q through a swapped link, want it refused", data)
	}
}
