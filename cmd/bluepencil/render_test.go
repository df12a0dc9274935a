package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/render"
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
		{"render --html --id-prefix 1x a.bp.md", `--id-prefix: id prefix "1x": it must be a letter followed by letters, digits or hyphens (at most 64)`},
		{"render --html --id-prefix a\"b a.bp.md", "it must be a letter followed by"},
		{"render --html --id-prefix= a.bp.md", "--id-prefix needs a prefix"},
		{"render --html --css missing.css a.bp.md", "--css missing.css: no such file or directory"},
		{"render --html --css big.css a.bp.md", "--css big.css: larger than 1 MiB, too large for a stylesheet"},
		{"render --html --css news a.bp.md", "--css news: is a folder, not a regular file"},
		{"render --html --css javascript:alert(1) a.bp.md", `--css "javascript:alert(1)": a stylesheet's address must be http or https`},
		{"render --html --css https://user:pw@cdn.example/s.css a.bp.md", "with a host and no user name"},
		{"render --html --css http:///s.css a.bp.md", "must be http or https, with a host"},
		{"render --html --css https://cdn_example/s.css a.bp.md", `stylesheet address "https://cdn_example/s.css": its host is not a plain name or address`},
		{"render --html --out site --css https://cdn_example/s.css a.bp.md", "its host is not a plain name or address"},
		{"render --html --view sideways a.bp.md", "--view must be original, published or clean"},
		{"render --html --nope a.bp.md", "flag provided but not defined: -nope"},
		{"render --html missing.bp.md", "missing.bp.md: no such file or directory"},
		{"render --assets site a.bp.md", "--assets DIR takes no article and no other flag"},
		{"render --assets site --html", "--assets DIR takes no article and no other flag"},
		{"render --assets=", "--assets DIR takes no article"},
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

// renderWorkspace is the workspace the flag tests render: a settings file
// with a publisher, an article with an original beside it, one whose
// original lies outside its folder, and a nested folder.
var renderWorkspace = map[string]string{
	".bluepencil.yaml":        "publisher:\n  name: The Plain Ledger\n  colors:\n    added: \"#000\"\n    added-background: \"#fff\"\n    dark-added: \"#fff\"\n    dark-added-background: \"#000\"\nelision: \"[…]\"\n",
	"news/storm.bp.md":        "---\ntitle: Storm\noutlet: Courier\npublished: 2025-11-07\noriginal: storm.original.txt\n---\nThe {--fierce--} storm {++on Monday++} {~~destroyed~>damaged~~} the pier.\n",
	"news/storm.original.txt": "The fierce storm destroyed the pier.\n",
	"news/out.bp.md":          "---\ntitle: Out\noriginal: ../secret.txt\n---\nHello.\n",
	"news/gone.bp.md":         "---\ntitle: Gone\noriginal: gone.txt\n---\nHello.\n",
	"news/deep/x.bp.md":       "X {++y++}.\n",
	"secret.txt":              "Secret.\n",
	"site.css":                "body{color:rebeccapurple}\n",
}

// TestRenderFlags: what each of render --html's flags does to the page.
func TestRenderFlags(t *testing.T) {
	renderFiles(t, renderWorkspace)
	for _, tc := range []struct {
		args       string
		has, lacks []string
	}{
		{"render --html news/storm.bp.md",
			[]string{"<!DOCTYPE html>", "The Plain Ledger", "--bp-added-fg:#000", `<p class="bp-original-link"><a href="storm.original.txt">`, ">[…]</button>", `id="bp-c1"`, "<script>"},
			nil},
		{"render --html news/out.bp.md", nil, []string{"bp-original-link", "secret"}},
		{"render --html news/gone.bp.md", nil, []string{"bp-original-link"}},
		{"render --html --elision [cut] news/storm.bp.md", []string{">[cut]</button>"}, []string{"[…]"}},
		{"render --html --fragment news/storm.bp.md",
			[]string{`<div class="bp-page">`, `aria-controls="bp-c1"`},
			[]string{"<!DOCTYPE", "<html", "<style", "<script", "<h1"}},
		{"render --html --fragment --id-prefix second news/storm.bp.md", []string{`id="second-c1"`, `for="second-show-all"`}, []string{`id="bp-`}},
		{"render --html --id-prefix a-1 news/storm.bp.md", []string{`id="a-1-c1"`}, nil},
		{"render --html --css site.css news/storm.bp.md", []string{"<style>\nbody{color:rebeccapurple}"}, []string{"--bp-added-fg:#1e3a8a"}},
		{"render --html --css https://cdn.example/site.css news/storm.bp.md",
			[]string{`<link rel="stylesheet" href="https://cdn.example/site.css">`, "style-src 'unsafe-inline' https://cdn.example;"}, []string{"--bp-added-fg:#1e3a8a"}},
		{"render --html --view original news/storm.bp.md", []string{"fierce storm destroyed"}, []string{`class="bp-reveal`}},
	} {
		t.Run(tc.args, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(strings.Fields(tc.args), &stdout, &stderr); code != exitOK || stderr.Len() != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			for _, s := range tc.has {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(stdout.String(), s) {
					t.Errorf("page has %q", s)
				}
			}
		})
	}
}

// TestRenderOut: --out writes a page per article at its relative path,
// each original beside its page and linked from it, and the index; an
// article that cannot be read is reported, exit 1, and the rest written.
func TestRenderOut(t *testing.T) {
	renderFiles(t, renderWorkspace)
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--html", "--out", "public/site", "news"}, &stdout, &stderr)
	if code != exitOK || stdout.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{
		`bluepencil render: news/gone.bp.md: original "gone.txt" not found`,
		`bluepencil render: news/out.bp.md: original "../secret.txt" lies outside "news"`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	for name, has := range map[string]string{
		"public/site/storm.html":         `<a href="storm.original.txt">Read the archived original</a>`,
		"public/site/storm.original.txt": "The fierce storm destroyed the pier.\n",
		"public/site/out.html":           "<title>Out</title>",
		"public/site/gone.html":          "<title>Gone</title>",
		"public/site/deep/x.html":        `<ins class="bp-added">`,
		"public/site/index.html":         `<a class="bp-index-article" href="deep/x.html">x.bp.md</a>`,
	} {
		data, err := os.ReadFile(name)
		if err != nil || !strings.Contains(string(data), has) {
			t.Errorf("%s: %v, lacks %q", name, err, has)
		}
	}
	index, _ := os.ReadFile("public/site/index.html")
	for _, want := range []string{"The Plain Ledger: republished articles", "4 articles; in all 1 cut, 2 additions, 1 change.", `<td class="bp-counts">1 cut, 1 addition, 1 change</td>`} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if _, err := os.Stat("public/site/secret.txt"); err == nil {
		t.Error("published the original outside the folder")
	}

	// Several paths, one missing: exit 1, the rest written.
	stderr.Reset()
	code = run([]string{"render", "news/storm.bp.md", "--html", "missing.bp.md", "news/deep", "--out", "two"}, &stdout, &stderr)
	if code != exitProblem || !strings.Contains(stderr.String(), "bluepencil render: missing.bp.md: no such file or directory") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	for _, name := range []string{"two/storm.html", "two/storm.original.txt", "two/deep/x.html", "two/index.html"} {
		if _, err := os.Stat(name); err != nil {
			t.Error(err)
		}
	}

	// An output folder that cannot be made: exit 2.
	stderr.Reset()
	if code := run([]string{"render", "--html", "--out", "site.css/x", "news"}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "bluepencil render: --out ") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

// TestRenderSettingsProblem: a publisher colour the settings file gets
// wrong is reported, and the page is written with the built-in colours.
func TestRenderSettingsProblem(t *testing.T) {
	renderFiles(t, map[string]string{
		".bluepencil.yaml": "publisher:\n  name: Ledger\n  colors:\n    added: \"#777\"\n    added-background: \"#fff\"\n",
		"a.bp.md":          "Hello {++there++}.\n",
	})
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--html", "a.bp.md"}, &stdout, &stderr)
	want := "bluepencil render: .bluepencil.yaml: colours added #777 on added-background #fff contrast 4.48:1, below the 4.5:1 WCAG AA asks of text; the built-in colours are used in the light scheme\n"
	if code != exitOK || stderr.String() != want {
		t.Errorf("exit %d, stderr:\n%s\nwant\n%s", code, stderr.String(), want)
	}
	if !strings.Contains(stdout.String(), "Ledger") || strings.Contains(stdout.String(), "#777") {
		t.Error("the page does not have the publisher, or has the refused colour")
	}
}

// TestRenderAssets: --assets writes exactly the stylesheet and script the
// pages inline, for a site that embeds fragments, and nothing else.
func TestRenderAssets(t *testing.T) {
	renderFiles(t, nil)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "--assets", "site/static"}, &stdout, &stderr); code != exitOK || stdout.Len()+stderr.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	for name, want := range map[string]string{"bluepencil.css": render.Style, "bluepencil.js": render.Script} {
		got, err := os.ReadFile(filepath.Join("site/static", name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %d bytes, err %v; want the built-in %d bytes", name, len(got), err, len(want))
		}
	}
	if entries, _ := os.ReadDir("site/static"); len(entries) != 2 {
		t.Errorf("wrote %d files, want 2", len(entries))
	}
}
