package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
)

// FileName is the name of the workspace settings file.
const FileName = ".bluepencil.yaml"

// MaxFileSize bounds a settings or rule file: far above any real one, low
// enough that a file of junk costs nothing.
const MaxFileSize = 1 << 20

// MaxRuleFiles bounds the rule files one settings file may name (a folder
// counts each file in it).
const MaxRuleFiles = 256

// CodeInvalidConfig is the diagnostic code of a Problem.
const CodeInvalidConfig = rules.CodeInvalidConfig

// Config is the settings of one workspace file.
type Config struct {
	// Path is the settings file read, slash-separated and relative to the
	// root; "" when there is none.
	Path string
	// Rules holds the severities and codes turned off.
	Rules rules.Options
	// Allow are words and phrases that are never flagged as worth cutting.
	Allow []string
	// Elision is the text a cut shows as in the published view; "" keeps
	// the default.
	Elision string
	// Vale are the rules of the rule files named, in the order named.
	Vale []*Rule
	// Matcher is the built-in lexicon with the Vale rules, for the style
	// pass; nil when there are none (the built-in lexicon alone).
	Matcher *style.Matcher
	// Publisher is who republishes the articles, for the published page:
	// its name, legend and colours.
	Publisher Publisher
}

// Problem is something wrong in a settings or rule file, at Span of the
// file Path (relative to the root, slash-separated).
type Problem struct {
	Path     string
	Span     span.Span
	Severity rules.Severity
	Message  string
}

// Diagnostic returns p as a diagnostic of its file.
func (p Problem) Diagnostic() rules.Diagnostic {
	return rules.Diagnostic{Code: CodeInvalidConfig, Severity: p.Severity, Span: p.Span, Message: p.Message}
}

// Options says what Parse accepts.
type Options struct {
	// Known reports whether code is a diagnostic code that a severity may
	// be set for; nil accepts every code bluepencil reports
	// (rules.LookupCode). The codes of the Vale rules read are always known.
	Known func(code string) bool
}

// Find returns the settings file that applies to an article in the folder
// dir: the nearest FileName in dir or a folder above it, up to root and no
// further. It returns "" when there is none or dir is not inside root.
func Find(root, dir string) string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	for {
		p := filepath.Join(root, rel, FileName)
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
		if rel == "." {
			return ""
		}
		rel = filepath.Dir(rel)
	}
}

// FindUp returns the settings file that applies to an article in the
// folder dir on the command line: the nearest FileName in dir or a folder
// above it, up to the top of the repository that holds dir (the first
// folder with a .git), or up to the file system's root. It returns ""
// when there is none.
func FindUp(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, FileName)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// Load reads the settings file at path, which must lie inside root, and
// the rule files it names, all through an os.Root of root: no name in them
// reaches outside it.
func Load(root, path string, opts Options) (*Config, []Problem) {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return &Config{}, []Problem{{Path: filepath.ToSlash(path), Severity: rules.Error, Message: fmt.Sprintf("%s cannot be read: %v", FileName, err)}}
	}
	read, closer, err := OpenRoot(root)
	if err != nil {
		return &Config{}, []Problem{{Path: filepath.ToSlash(rel), Severity: rules.Error, Message: fmt.Sprintf("%s cannot be read: %v", FileName, err)}}
	}
	defer closer.Close()
	data, err := read(filepath.ToSlash(rel))
	if err != nil {
		return &Config{Path: filepath.ToSlash(rel)}, []Problem{{Path: filepath.ToSlash(rel), Severity: rules.Error, Message: fmt.Sprintf("%s cannot be read: %v", FileName, err)}}
	}
	return Parse(filepath.ToSlash(rel), data, read, opts)
}

// OpenRoot returns the ReadFunc Load reads with: files inside root only,
// through an os.Root, each a regular file of at most MaxFileSize bytes.
// Close the Closer when done. The language server reads with it to give
// Parse the text an editor holds for the settings file, and to learn which
// files a settings file made it read.
func OpenRoot(root string) (ReadFunc, io.Closer, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	return func(name string) ([]byte, error) { return readFile(r, name) }, r, nil
}

// readFile reads name, slash-separated, below r: a regular file of at most
// MaxFileSize bytes; for a folder it returns errIsDir.
func readFile(r *os.Root, name string) ([]byte, error) {
	f, err := r.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, errIsDir
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	return data, nil
}

var errIsDir = errors.New("is a folder")

// ReadFunc reads a file named by a path relative to the root,
// slash-separated, as Load does: a regular file inside the root only.
type ReadFunc func(name string) ([]byte, error)

// settings is the shape of the file.
type settings struct {
	Severity map[string]string `yaml:"severity"`
	Allow    []string          `yaml:"allow"`
	Elision  *string           `yaml:"elision"`
	Rules    []string          `yaml:"rules"`
}

var knownKeys = []string{"severity", "allow", "elision", "rules", "publisher"}

// Parse reads the settings file data, at name (relative to the root,
// slash-separated), and the rule files it names through read. It never
// fails: what it cannot use is a Problem, and the rest is used.
func Parse(name string, data []byte, read ReadFunc, opts Options) (*Config, []Problem) {
	c := &Config{Path: name}
	p := &parsing{name: name, lines: newLines(data)}
	root, err := decode(data)
	if err != nil {
		p.add(p.errorSpan(err), rules.Error, fmt.Sprintf("%s is not valid YAML: %s", FileName, yamlMessage(err)))
		return c, p.problems
	}
	if root == nil {
		return c, nil // an empty file
	}
	if root.Kind != yaml.MappingNode {
		p.add(p.node(root), rules.Error, fmt.Sprintf("%s must be a mapping of settings (%s)", FileName, strings.Join(knownKeys, ", ")))
		return c, p.problems
	}
	var ruleNodes []*yaml.Node
	var severityNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "severity":
			severityNode = v
		case "allow":
			c.Allow = p.strings(k, v, "allow")
		case "elision":
			if v.Kind != yaml.ScalarNode || v.Value == "" {
				p.add(p.node(v), rules.Error, "elision must be a non-empty text, such as \"[...]\"")
			} else {
				c.Elision = v.Value
			}
		case "rules":
			ruleNodes = p.nodes(k, v, "rules")
		case "publisher":
			c.Publisher = p.publisher(v)
		default:
			p.add(p.node(k), rules.Warning, fmt.Sprintf("unknown setting %q in %s; the settings are %s", k.Value, FileName, strings.Join(knownKeys, ", ")))
		}
	}
	dir := path.Dir(name)
	files := 0
	for _, n := range ruleNodes {
		rel := path.Clean(path.Join(dir, filepath.ToSlash(n.Value)))
		data, err := read(rel)
		if errors.Is(err, errIsDir) {
			p.add(p.node(n), rules.Error, fmt.Sprintf("rule file %q is a folder: name each rule file (%s/Name.yml)", n.Value, n.Value))
			continue
		}
		if err != nil {
			p.add(p.node(n), rules.Error, fmt.Sprintf("rule file %q cannot be read: %v", n.Value, cleanErr(err)))
			continue
		}
		if files++; files > MaxRuleFiles {
			p.add(p.node(n), rules.Error, fmt.Sprintf("at most %d rule files are read; this one and those after it are not", MaxRuleFiles))
			break
		}
		r, probs := ParseRule(rel, data)
		p.problems = append(p.problems, probs...)
		if r != nil {
			c.Vale = append(c.Vale, r)
		}
	}
	if severityNode != nil {
		c.Rules = p.severities(severityNode, opts, c.Vale)
	}
	if len(c.Vale) > 0 {
		extra := make([]style.Rule, len(c.Vale))
		for i, r := range c.Vale {
			extra[i] = r.Style()
			// Vale's exceptions are the rule's; here they spare the
			// words in the whole workspace.
			c.Allow = append(c.Allow, r.Exceptions...)
		}
		m, err := style.NewMatcher(extra)
		if err != nil {
			p.add(span.Span{}, rules.Error, fmt.Sprintf("the rule files cannot be used together: %v", err))
		} else {
			c.Matcher = m
		}
	}
	sort.SliceStable(p.problems, func(i, j int) bool {
		a, b := p.problems[i], p.problems[j]
		if a.Path != b.Path {
			return a.Path == name // the settings file's own first
		}
		return a.Span.Start < b.Span.Start
	})
	return c, p.problems
}

// cleanErr keeps an error's reason, not the path it names, which the
// message already gives as written.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// severities reads the severity mapping: code → level or "off".
func (p *parsing) severities(n *yaml.Node, opts Options, vale []*Rule) rules.Options {
	var o rules.Options
	if n.Kind != yaml.MappingNode {
		p.add(p.node(n), rules.Error, "severity must map diagnostic codes to error, warning, information, hint or off")
		return o
	}
	known := opts.Known
	if known == nil {
		known = func(code string) bool { _, ok := rules.LookupCode(code); return ok }
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		isVale := false
		for _, r := range vale {
			isVale = isVale || r.Code == k.Value
		}
		if !known(k.Value) && !isVale {
			p.add(p.node(k), rules.Warning, fmt.Sprintf("unknown diagnostic code %q in severity; it is ignored", k.Value))
			continue
		}
		if v.Kind == yaml.ScalarNode && (v.Value == "off" || v.Value == "none") || v.Tag == "!!bool" && v.Value == "false" {
			if o.Off == nil {
				o.Off = map[string]bool{}
			}
			o.Off[k.Value] = true
			continue
		}
		sev, ok := rules.ParseSeverity(v.Value)
		if v.Kind != yaml.ScalarNode || !ok {
			p.add(p.node(v), rules.Error, fmt.Sprintf("severity of %q must be error, warning, information, hint or off", k.Value))
			continue
		}
		if o.Severity == nil {
			o.Severity = map[string]rules.Severity{}
		}
		o.Severity[k.Value] = sev
	}
	return o
}

// parsing collects the Problems of one file.
type parsing struct {
	name     string
	lines    lines
	problems []Problem
}

func (p *parsing) add(s span.Span, sev rules.Severity, msg string) {
	p.problems = append(p.problems, Problem{Path: p.name, Span: s, Severity: sev, Message: msg})
}

// strings reads a list of texts (or one text, taken as a list of one).
func (p *parsing) strings(k, v *yaml.Node, what string) []string {
	var out []string
	for _, n := range p.nodes(k, v, what) {
		out = append(out, n.Value)
	}
	return out
}

// nodes returns the scalar entries of a list (or the one scalar), with a
// Problem for each entry that is not a text.
func (p *parsing) nodes(k, v *yaml.Node, what string) []*yaml.Node {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value == "" {
			return nil
		}
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode || e.Value == "" {
				p.add(p.node(e), rules.Error, fmt.Sprintf("each entry of %s must be a non-empty text", what))
				continue
			}
			out = append(out, e)
		}
		return out
	}
	p.add(p.node(v), rules.Error, fmt.Sprintf("%s must be a list of texts", what))
	return nil
}

// node returns where n starts, to the end of its line: the library keeps
// no end, and a line is what an editor shows a problem on.
func (p *parsing) node(n *yaml.Node) span.Span { return p.lines.at(n.Line, n.Column) }

// errorSpan returns the line a YAML error names, or the file's start.
func (p *parsing) errorSpan(err error) span.Span {
	var line int
	if _, e := fmt.Sscanf(yamlMessage(err), "line %d:", &line); e == nil {
		return p.lines.at(line, 1)
	}
	return p.lines.at(1, 1)
}

// yamlMessage drops the library's "yaml: " prefix.
func yamlMessage(err error) string { return strings.TrimPrefix(err.Error(), "yaml: ") }

// decode parses data as one YAML document. It recovers from a panic in
// the library: a settings file must not take the language server down.
func decode(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: internal error: %v", r)
		}
	}()
	if !utf8.Valid(data) {
		return nil, errors.New("yaml: the file is not UTF-8 text")
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// lines maps the YAML library's lines and columns (1-based, columns in
// characters) to byte spans of the file.
type lines struct {
	data   []byte
	starts []int
}

func newLines(data []byte) lines {
	l := lines{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// at returns the span from line:col to the end of that line's text.
func (l lines) at(line, col int) span.Span {
	if line < 1 {
		line = 1
	}
	if line > len(l.starts) {
		return span.Span{Start: len(l.data), End: len(l.data)}
	}
	start := l.starts[line-1]
	end := len(l.data)
	if line < len(l.starts) {
		end = l.starts[line] - 1
	}
	for end > start && (l.data[end-1] == '\r' || l.data[end-1] == ' ' || l.data[end-1] == '\t') {
		end--
	}
	off := start
	for k := 1; k < col && off < end; k++ {
		_, n := utf8.DecodeRune(l.data[off:end])
		off += n
	}
	return span.Span{Start: off, End: max(end, off)}
}
