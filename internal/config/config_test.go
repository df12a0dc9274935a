package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/style"
)

// files is a ReadFunc over a map, for Parse.
func files(m map[string]string) ReadFunc {
	return func(name string) ([]byte, error) {
		if s, ok := m[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
}

const avoid = `extends: existence
message: "Consider cutting '%s'."
level: warning
ignorecase: true
tokens:
  - very
  - truly
  - needless(?:ly)?
exceptions:
  - Very Large Array
`

const said = `extends: substitution
message: "Use '%s' instead of '%s'."
level: suggestion
ignorecase: true
swap:
  slammed: criticised
  "(?:blasted|lashed out at)": criticised
  said: said
`

func TestParseWhole(t *testing.T) {
	src := `severity:
  untracked-elision: error
  adjacent-elisions: off
  House.Avoid: information
allow: [regime, "so-called"]
elision: "[…]"
rules:
  - styles/House/Avoid.yml
  - styles/House/Said.yml
`
	c, probs := Parse(".bluepencil.yaml", []byte(src), files(map[string]string{
		"styles/House/Avoid.yml": avoid,
		"styles/House/Said.yml":  said,
	}), Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %+v", probs)
	}
	if c.Rules.Severity["untracked-elision"] != rules.Error || !c.Rules.Off["adjacent-elisions"] || c.Rules.Severity["House.Avoid"] != rules.Information {
		t.Errorf("severities %+v", c.Rules)
	}
	if strings.Join(c.Allow, "|") != "regime|so-called|Very Large Array" || c.Elision != "[…]" {
		t.Errorf("allow %q, elision %q", c.Allow, c.Elision)
	}
	if len(c.Vale) != 2 || c.Vale[0].Code != "House.Avoid" || c.Vale[1].Code != "House.Said" {
		t.Fatalf("rules %+v", c.Vale)
	}
	if got := strings.Join(c.Vale[0].Forms, "|"); got != "very|truly|needless|needlessly" || c.Vale[0].CaseSensitive {
		t.Errorf("existence forms %q, case-sensitive %v", got, c.Vale[0].CaseSensitive)
	}
	if got := strings.Join(c.Vale[1].Forms, "|"); got != "slammed|blasted|lashed out at" || c.Vale[1].Swap["blasted"][0] != "criticised" {
		t.Errorf("substitution forms %q, swap %v", got, c.Vale[1].Swap)
	}
	if c.Matcher == nil || !slices.Contains(c.Allow, "Very Large Array") {
		t.Fatalf("matcher %v, allow %q", c.Matcher, c.Allow)
	}
	// Through the style pass: whole words, never in a quotation, the
	// workspace's rule before the built-in lexicon, Vale's messages.
	art := []byte("A very long talk. The mayor slammed the plan and \"truly\" so, then said so.\n")
	var got []string
	for _, f := range style.Check(markup.Parse(art), style.Options{Matcher: c.Matcher, Allow: c.Allow}) {
		got = append(got, f.Code+" "+f.Text+": "+f.Message)
	}
	want := "House.Avoid very: Consider cutting 'very'.|House.Said slammed: Use 'criticised' instead of 'slammed'."
	if strings.Join(got, "|") != want {
		t.Errorf("findings\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
}

// TestExpand: a Vale pattern that spells out its words runs as those
// words; one that does not is a Problem, never a slow regular expression.
func TestExpand(t *testing.T) {
	for _, tc := range []struct{ pattern, want, problem string }{
		{"very", "very", ""},
		{"needless(?:ly)?", "needless|needlessly", ""},
		{`\b(?:slam(?:s|med)?|blast(?:s|ed)?)\b`, "blast|blasted|blasts|slam|slammed|slams", ""},
		{"colou?r", "color|colour", ""},
		{"[Gg]rey", "Grey|grey", ""},
		{"critics (?:say|said)", "critics said|critics say", ""},
		{"very+", "", "matches too many texts"},
		{`\w+ly`, "", "matches too many texts"},
		{"a.b", "", "matches too many texts"},
		{"foo(?=bar)", "", "lookaround"},
		{"(", "", "cannot be read"},
		{"e\\.g\\.", "", "not a word or a phrase"},
	} {
		p := &parsing{name: "r.yml", lines: newLines(nil)}
		got := strings.Join(p.expand(&yaml.Node{Line: 1, Column: 1}, tc.pattern), "|")
		if got != tc.want {
			t.Errorf("%q: forms %q, want %q", tc.pattern, got, tc.want)
		}
		if tc.problem == "" && len(p.problems) > 0 || tc.problem != "" && (len(p.problems) != 1 || !strings.Contains(p.problems[0].Message, tc.problem)) {
			t.Errorf("%q: problems %+v, want one saying %q", tc.pattern, p.problems, tc.problem)
		}
	}
}

// TestProblems: each mistake is a Problem at the place to fix it, and the
// rest of the file is still used.
func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		rules     map[string]string
		// want is "path:line text@severity: message part", one per Problem.
		want []string
	}{
		{"not YAML", "severity: [\n", nil, []string{".bluepencil.yaml:severity: [@error: is not valid YAML"}},
		{"not a mapping", "- a\n- b\n", nil, []string{".bluepencil.yaml:- a@error: must be a mapping"}},
		{"unknown key", "allow: [x]\nalow: [y]\n", nil, []string{".bluepencil.yaml:alow: [y]@warning: unknown setting \"alow\""}},
		{"unknown code", "severity:\n  emty-mark: off\n", nil, []string{".bluepencil.yaml:emty-mark: off@warning: unknown diagnostic code \"emty-mark\""}},
		{"bad level", "severity:\n  empty-mark: loud\n", nil, []string{".bluepencil.yaml:loud@error: must be error, warning"}},
		{"missing rule file", "rules: [styles/Gone.yml]\n", nil, []string{".bluepencil.yaml:styles/Gone.yml]@error: rule file \"styles/Gone.yml\" cannot be read"}},
		{"lookaround", "rules: [r.yml]\n", map[string]string{"r.yml": "extends: existence\ntokens:\n  - 'foo(?=bar)'\n  - baz\n"},
			[]string{"r.yml:'foo(?=bar)'@error: uses a lookaround"}},
		{"endless pattern", "rules: [r.yml]\n", map[string]string{"r.yml": "extends: existence\ntokens:\n  - '\\w+ly'\n"},
			[]string{"r.yml:existence@error: has no tokens bluepencil can run", "r.yml:'\\w+ly'@error: matches too many texts"}},
		{"unsupported kind", "rules: [r.yml]\n", map[string]string{"r.yml": "extends: occurrence\nmax: 3\n"},
			[]string{"r.yml:occurrence@error: not \"occurrence\"", "r.yml:max: 3@warning: unknown key \"max\""}},
		{"unsupported feature", "rules: [r.yml]\n", map[string]string{"r.yml": "extends: existence\naction:\n  name: remove\ntokens: [x]\n"},
			[]string{"r.yml:action:@warning: does not run Vale's fix actions"}},
		{"no swap", "rules: [r.yml]\n", map[string]string{"r.yml": "extends: substitution\nmessage: x\n"},
			[]string{"r.yml:substitution@error: needs swap"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Parse(".bluepencil.yaml", []byte(tc.src), files(tc.rules), Options{})
			if len(probs) != len(tc.want) {
				t.Fatalf("%d problems, want %d: %+v", len(probs), len(tc.want), probs)
			}
			for i, p := range probs {
				src := tc.src
				if p.Path != ".bluepencil.yaml" {
					src = tc.rules[p.Path]
				}
				got := p.Path + ":" + src[p.Span.Start:p.Span.End] + "@" + p.Severity.String() + ": " + p.Message
				at := strings.Index(tc.want[i], "@")
				wantHead, wantMsg, _ := strings.Cut(tc.want[i][at:], ": ")
				wantHead = tc.want[i][:at] + wantHead
				if !strings.HasPrefix(got, wantHead+": ") || !strings.Contains(p.Message, wantMsg) {
					t.Errorf("problem %d\n got %s\nwant %s", i, got, tc.want[i])
				}
			}
		})
	}
}

// TestLoadStaysInRoot: a settings file cannot make bluepencil read a file
// outside the workspace, by a relative name or a symbolic link.
func TestLoadStaysInRoot(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "ws")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "news", "styles"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "secret.yml"), []byte(avoid), 0o644))
	must(os.Symlink(filepath.Join(dir, "secret.yml"), filepath.Join(root, "news", "styles", "link.yml")))
	must(os.WriteFile(filepath.Join(root, "news", "styles", "Avoid.yml"), []byte(avoid), 0o644))
	cfg := "rules:\n  - ../../secret.yml\n  - styles/link.yml\n  - styles/Avoid.yml\n"
	must(os.WriteFile(filepath.Join(root, "news", FileName), []byte(cfg), 0o644))

	found := Find(root, filepath.Join(root, "news"))
	if found != filepath.Join(root, "news", FileName) {
		t.Fatalf("Find = %q", found)
	}
	c, probs := Load(root, found, Options{})
	if len(c.Vale) != 1 || c.Vale[0].Path != "news/styles/Avoid.yml" {
		t.Errorf("rules read: %+v", c.Vale)
	}
	if len(probs) != 2 || !strings.Contains(probs[0].Message, "../../secret.yml") || !strings.Contains(probs[1].Message, "styles/link.yml") {
		t.Errorf("problems: %+v", probs)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "ws")
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// Above the root: never used.
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(root, deep); got != "" {
		t.Errorf("found %q above the root", got)
	}
	if err := os.WriteFile(filepath.Join(root, "a", FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(root, deep); got != filepath.Join(root, "a", FileName) {
		t.Errorf("Find = %q", got)
	}
	if got := Find(root, dir); got != "" {
		t.Errorf("a folder outside the root found %q", got)
	}
}

// FuzzParse: any bytes give a Config and Problems inside the file, never
// a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("severity:\n  empty-mark: off\nrules: [r.yml]\n"), []byte(avoid))
	f.Add([]byte("rules: [r.yml]\n"), []byte(said))
	f.Add([]byte("a: &x [*x]\n"), []byte("extends: existence\ntokens: ['(']\n"))
	f.Fuzz(func(t *testing.T, cfg, rule []byte) {
		c, probs := Parse(".bluepencil.yaml", cfg, files(map[string]string{"r.yml": string(rule)}), Options{})
		for _, p := range probs {
			n := len(cfg)
			if p.Path == "r.yml" {
				n = len(rule)
			}
			if p.Span.Start < 0 || p.Span.End < p.Span.Start || p.Span.End > n {
				t.Fatalf("problem %+v outside its file of %d bytes", p, n)
			}
		}
		if c.Matcher != nil {
			src := []byte("very truly said slammed x ( r")
			for _, f := range style.Check(markup.Parse(src), style.Options{Matcher: c.Matcher}) {
				if f.Span.Start < 0 || f.Span.End <= f.Span.Start || f.Span.End > len(src) {
					t.Fatalf("finding %+v", f)
				}
			}
		}
	})
}

// TestDocExample: the full example of docs/config.md, as written, reads
// without a problem, and its rules are what the page says they are.
func TestDocExample(t *testing.T) {
	raw, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(raw), "```yaml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	if len(blocks) < 3 {
		t.Fatalf("docs/config.md has %d YAML blocks, want the settings file and two rule files", len(blocks))
	}
	c, probs := Parse(".bluepencil.yaml", []byte(blocks[0]), files(map[string]string{
		"styles/Courier/Hedging.yml": blocks[1],
		"styles/Courier/Verbs.yml":   blocks[2],
	}), Options{})
	if len(probs) != 0 {
		t.Fatalf("problems in the documented example: %+v", probs)
	}
	if len(c.Vale) != 2 || c.Vale[0].Code != "Courier.Hedging" || c.Vale[1].Swap["quipped"][0] != "said" || c.Elision != "[…]" {
		t.Errorf("example read as %+v", c)
	}
	if p := c.Publisher; p.Name != "The Valley Courier" || !strings.Contains(p.Legend, "\n\n[...] marks") ||
		p.Colors != (Colors{"#1e3a8a", "#dbeafe", "#dbeafe", "#1e3a8a"}) {
		t.Errorf("publisher read as %+v", p)
	}
}
