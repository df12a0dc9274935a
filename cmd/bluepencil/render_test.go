package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// renderFiles writes the files of a test workspace into a fresh folder,
// with a .git so that the settings search stops there, and enters it.
func renderFiles(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	os.Mkdir(".git", 0o755)
	for name, text := range files {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRenderUsage: every combination of render's flags that makes no
// sense is a usage error, exit 2, that says why, and writes nothing.
func TestRenderUsage(t *testing.T) {
	renderFiles(t, map[string]string{
		"a.bp.md":      "Hello {++there++}.\n",
		"b.bp.md":      "Bye.\n",
		"news/c.bp.md": "C.\n",
		"site.css":     "body{}\n",
		"big.css":      strings.Repeat("a", 1<<20+1),
	})
	for _, tc := range []struct {
		args string
		says string
	}{
		{"render --fragment a.bp.md", "--fragment needs --html"},
		{"render --css site.css a.bp.md", "--css needs --html"},
		{"render --id-prefix x a.bp.md", "--id-prefix needs --html"},
		{"render --out site a.bp.md", "--out needs --html"},
		{"render --html --fragment --css site.css a.bp.md", "--fragment writes no stylesheet"},
		{"render --html --fragment --out site a.bp.md", "--out writes whole pages and their index"},
		{"render --html a.bp.md b.bp.md", "2 articles named: one page is written to the standard output; --out DIR writes a page for each"},
		{"render a.bp.md b.bp.md", "2 articles named"},
		{"render --html news", "news is a folder: --out DIR writes a page for each article in it"},
		{"render --html", "no article named"},
		{"render --html --out site", "no article named"},
		{"render --html --out= a.bp.md", "--out needs a folder"},
		{"render --html --id-prefix 1x a.bp.md", `--id-prefix must be a letter then letters, digits or hyphens (at most 64), not "1x"`},
		{"render --html --id-prefix a\"b a.bp.md", "--id-prefix must be"},
		{"render --html --id-prefix= a.bp.md", "--id-prefix must be"},
		{"render --html --css missing.css a.bp.md", "--css missing.css: no such file or directory"},
		{"render --html --css big.css a.bp.md", "--css big.css: larger than 1 MiB, too large for a stylesheet"},
		{"render --html --css news a.bp.md", "--css news: is a folder, not a regular file"},
		{"render --html --css javascript:alert(1) a.bp.md", `--css "javascript:alert(1)": a stylesheet's address must be http or https`},
		{"render --html --css https://user:pw@cdn.example/s.css a.bp.md", "with a host and no user name"},
		{"render --html --css http:///s.css a.bp.md", "must be http or https, with a host"},
		{"render --html --view sideways a.bp.md", "--view must be original, published or clean"},
		{"render --html --nope a.bp.md", "flag provided but not defined: -nope"},
		{"render --html missing.bp.md", "missing.bp.md: no such file or directory"},
	} {
		t.Run(tc.args, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(strings.Fields(tc.args), &stdout, &stderr)
			if code != exitUsage || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.says) {
				t.Errorf("exit %d, stdout %d bytes, stderr:\n%s\nwant exit 2 saying %q", code, stdout.Len(), stderr.String(), tc.says)
			}
			if _, err := os.Stat("site"); err == nil {
				t.Error("wrote the output folder")
			}
		})
	}
}
