package publish

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/render"
	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/golden"
)

// TestGolden: each testdata/*.txtar is a workspace (its sections, but for
// "args" and "want") rendered with Write; "args" holds the output folder
// then the PATHs, and "want" the files written, what was reported, and
// the index page.
func TestGolden(t *testing.T) {
	pattern, _ := filepath.Abs("testdata/*.txtar") // the test changes folder
	golden.Run(t, pattern, func(t *testing.T, ar *txtar.Archive) string {
		dir := t.TempDir()
		var args []string
		for _, f := range ar.Files {
			switch f.Name {
			case "want":
				continue
			case "args":
				args = strings.Fields(string(f.Data))
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.Mkdir(filepath.Join(dir, ".git"), 0o755) // the settings search stops here
		t.Chdir(dir)
		var out strings.Builder
		renderPage = func(w io.Writer, d *markup.Document, o render.Options) error {
			fmt.Fprintf(&out, "page: publisher %q, original link %q, elision %q\n", o.Publisher.Name, o.OriginalHref, o.Elision)
			return render.Render(w, d, o)
		}
		defer func() { renderPage = render.Render }()
		failed, err := Write(args[0], args[1:], Options{}, func(err error, failed bool) {
			fmt.Fprintf(&out, "report (failed %v): %v\n", failed, err)
		})
		fmt.Fprintf(&out, "failed %d, error %v\n", failed, err)
		for _, f := range written(t, args[0]) {
			fmt.Fprintf(&out, "wrote %s\n", f)
		}
		index, _ := os.ReadFile(filepath.Join(args[0], IndexName))
		if _, err := html.Parse(strings.NewReader(string(index))); err != nil {
			t.Errorf("index does not parse: %v", err)
		}
		// The stylesheet is the pages', tested with them.
		index = styleElement.ReplaceAll(index, []byte("<style>(the built-in stylesheet)</style>"))
		return out.String() + "--- index.html\n" + string(index)
	})
}

var styleElement = regexp.MustCompile(`(?s)<style>\n.*?</style>`)

// written lists the files under dir, slash-separated.
func written(t *testing.T, dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// TestWriteStaysInside: a symbolic link in the folder walked that leads
// out is not read, and one already in the output folder that leads out is
// not written through; both are reported and the rest is written.
func TestWriteStaysInside(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for name, text := range map[string]string{
		"secret/s.bp.md":        "---\ntitle: Secret\n---\nSecret.\n",
		"secret/o.txt":          "Secret original.\n",
		"ws/a.bp.md":            "---\ntitle: A\noriginal: a.txt\n---\nHello {++there++}.\n",
		"ws/a.txt":              "Hello.\n",
		"ws/b.bp.md":            "---\ntitle: B\noriginal: ../secret/o.txt\n---\nSecret.\n",
		"ws/news/c.bp.md":       "Plain {--words--}.\n",
		"site/placeholder.text": "",
	} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte(text), 0o644)
	}
	os.Symlink("../secret/s.bp.md", "ws/link.bp.md")
	os.Symlink("../secret", "ws/linked")
	os.Mkdir(".git", 0o755)
	outside := t.TempDir()
	os.Symlink(outside, "site/news") // the page ws/news/c.bp.md would go through it
	var reports []string
	failed, err := Write("site", []string{"ws"}, Options{}, func(err error, failed bool) {
		reports = append(reports, fmt.Sprintf("%v %v", failed, err))
	})
	if err != nil {
		t.Fatal(err)
	}
	if failed != 2 {
		t.Errorf("failed %d, want 2 (the link out, the page through the link out)", failed)
	}
	got := strings.Join(reports, "\n")
	for _, want := range []string{
		"true ws/link.bp.md: is a symbolic link that leads outside the folder",
		`false ws/b.bp.md: original "../secret/o.txt" lies outside "ws"`,
		"true ws/news/c.bp.md: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reports lack %q:\n%s", want, got)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote outside the output folder: %v", entries)
	}
	files := strings.Join(written(t, "site"), " ")
	if files != "a.html a.txt b.html index.html news placeholder.text" { // news: the link
		t.Errorf("wrote %s", files)
	}
	page, _ := os.ReadFile("site/b.html")
	index, _ := os.ReadFile("site/index.html")
	if strings.Contains(string(page)+string(index), "Secret original") {
		t.Error("the original outside the workspace was published")
	}
}
