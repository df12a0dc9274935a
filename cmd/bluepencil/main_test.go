package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/style"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestScripts runs each testdata/*.txtar as one command line: the section
// "args" holds the arguments (one per line), every other section not named
// below is a file written to a fresh directory that the command runs in;
// "stdout", "stderr" and "exit" hold the expected results, and
// "stdout-contains" lines that must each occur in stdout (for HTML pages,
// whose whole text would make a brittle golden).
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			sections := map[string][]byte{}
			for _, f := range ar.Files {
				switch f.Name {
				case "args", "stdout", "stderr", "exit", "stdout-contains":
					sections[f.Name] = f.Data
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				// A file named *.crlf gets CRLF line endings, which txtar
				// cannot hold itself; the suffix is dropped.
				data := f.Data
				if strings.HasSuffix(p, ".crlf") {
					p = strings.TrimSuffix(p, ".crlf")
					data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := strings.Fields(string(sections["args"]))
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			got := map[string][]byte{
				"stdout": stdout.Bytes(),
				"stderr": stderr.Bytes(),
				"exit":   []byte(strconv.Itoa(code) + "\n"),
			}
			if *update {
				for i, f := range ar.Files {
					if g, ok := got[f.Name]; ok {
						ar.Files[i].Data = g
					}
				}
				if err := os.WriteFile(filepath.Join(wd, file), txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if _, ok := sections["exit"]; !ok {
				t.Error("no exit section")
			}
			for _, name := range []string{"stdout", "stderr", "exit"} {
				want, ok := sections[name]
				if ok && !bytes.Equal(got[name], want) {
					t.Errorf("%s:\n--- got\n%s--- want\n%s", name, got[name], want)
				}
			}
			for _, line := range strings.Split(strings.TrimSpace(string(sections["stdout-contains"])), "\n") {
				if line != "" && !strings.Contains(stdout.String(), line) {
					t.Errorf("stdout lacks %q\n%s", line, stdout.String())
				}
			}
		})
	}
}

var wd, _ = os.Getwd()

// TestExamples runs check over the bundled examples, as the README's first
// command does: the clean ones must pass, the problem ones must fail with
// every code documented.
func TestExamples(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "../../examples/clean"}, &stdout, &stderr); code != 0 {
		t.Errorf("check examples/clean exited %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("examples/clean should have no diagnostic at all:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"check", "../../examples/problems"}, &stdout, &stderr); code != 1 {
		t.Errorf("check examples/problems exited %d, want 1", code)
	}
	for _, c := range allCodes() {
		if c == rules.CodeOriginalTooLarge || c == rules.CodeTooManyProblems || c == rules.CodeArticleTooLarge {
			continue // need a file over 16 MiB or 10,000 problems, or the server; internal/archive, internal/rules and server test them
		}
		if !strings.Contains(stdout.String(), "("+c+")") {
			t.Errorf("examples/problems never shows %s", c)
		}
	}
}

func allCodes() []string {
	var out []string
	for _, c := range rules.Codes {
		out = append(out, c.Name)
	}
	return out
}

// TestExampleOriginals: each clean example's archived original is exactly
// its original view, as examples/README.md promises.
func TestExampleOriginals(t *testing.T) {
	articles, _ := filepath.Glob("../../examples/clean/*.bp.md")
	if len(articles) == 0 {
		t.Fatal("no clean examples")
	}
	for _, a := range articles {
		want, err := os.ReadFile(strings.TrimSuffix(a, ".bp.md") + ".original.txt")
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"render", "--view", "original", a}, &stdout, &stderr); code != 0 {
			t.Fatalf("render %s: exit %d: %s", a, code, stderr.String())
		}
		if stdout.String() != string(want) {
			t.Errorf("%s: original view differs from its archived original\n--- view\n%s--- archive\n%s", a, stdout.String(), want)
		}
	}
}

// TestHostileFiles: every command refuses what is not a regular file at
// once, says why on one escaped line, and check goes on with the rest.
func TestHostileFiles(t *testing.T) {
	mkfifo, err := exec.LookPath("mkfifo")
	if err != nil {
		t.Skip("no mkfifo here")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for name, text := range map[string]string{
		"ws/a.bp.md":  "Fine {--x\n",
		"ws/o.bp.md":  "---\noriginal: \"new\\nline.txt\"\n---\nHello.\n",
		"ws/e.bp.md":  "---\noriginal: \"../\\e[2J\"\n---\nHello.\n",
		"orig.txt":    "The text.\n",
		"edited.txt":  "The new text.\n",
		"ws/z.bp.md":  "Last {++x\n",
		"ws/n.bp.md":  "x",
		"plain.bp.md": "ok",
	} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte(text), 0o644)
	}
	os.Remove("ws/n.bp.md")
	if out, err := exec.Command(mkfifo, "ws/n.bp.md", "fifo").CombinedOutput(); err != nil {
		t.Skipf("mkfifo: %v %s", err, out)
	}
	tests := []struct {
		args         []string
		exit         int
		stdoutLines  int
		stderr, says string
	}{
		{[]string{"check", "ws"}, 2, 4, "bluepencil check: ws/n.bp.md: is a named pipe (FIFO), not a regular file\n", `original "../\x1b[2J" lies outside`},
		{[]string{"check", "fifo", "plain.bp.md"}, 2, 0, "bluepencil check: fifo: is a named pipe (FIFO), not a regular file\n", ""},
		{[]string{"render", "fifo"}, 2, 0, "bluepencil render: fifo: is a named pipe (FIFO), not a regular file\n", ""},
		{[]string{"diff", "orig.txt", "fifo"}, 2, 0, "bluepencil diff: fifo: is a named pipe (FIFO), not a regular file\n", ""},
		{[]string{"diff", "fifo", "edited.txt"}, 2, 0, "bluepencil diff: fifo: is a named pipe (FIFO), not a regular file\n", ""},
		{[]string{"check", "--format", "json", "ws/o.bp.md"}, 1, 0, "", `original \"new\\nline.txt\" not found`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			done := make(chan int)
			go func() { done <- run(tt.args, &stdout, &stderr) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("blocked")
			}
			if code != tt.exit || stderr.String() != tt.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tt.exit, tt.stderr)
			}
			if tt.stdoutLines > 0 && strings.Count(stdout.String(), "\n") != tt.stdoutLines {
				t.Errorf("want %d lines, one per diagnostic:\n%s", tt.stdoutLines, stdout.String())
			}
			if !strings.Contains(stdout.String(), tt.says) || strings.Contains(stdout.String(), "\x1b") {
				t.Errorf("stdout should say %q and hold no ESC:\n%s", tt.says, stdout.String())
			}
		})
	}
}

// TestLexicon: `bluepencil lexicon` lists the built-in lexicon, every
// category of it, with the reason and the neutral words offered.
func TestLexicon(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lexicon"}, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Fatalf("lexicon exited %d: %s", code, stderr.String())
	}
	for _, c := range style.Codes {
		if !strings.Contains(stdout.String(), "\n"+c.Name+": ") && !strings.HasPrefix(stdout.String(), c.Name+": ") {
			t.Errorf("lexicon lists no %s entry", c.Name)
		}
	}
	for _, want := range []string{"why: ", "instead: ", "admitted"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("lexicon output has no %q", want)
		}
	}
	if code := run([]string{"lexicon", "extra"}, &stdout, &stderr); code != 2 {
		t.Errorf("lexicon with an argument exited %d, want 2", code)
	}
}
