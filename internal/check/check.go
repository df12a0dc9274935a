package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Ext is the file name ending of an article.
const Ext = ".bp.md"

// Expand returns the article files named by paths: a file is taken as it is,
// whatever its name; a directory is searched recursively for *.bp.md files,
// skipping hidden directories and node_modules. The result is sorted within
// each directory so that output is stable. A path that cannot be read is
// reported in errs and the others are still expanded, so that one typo does
// not hide the diagnostics of every other file.
func Expand(paths []string) (files []Target, errs []error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, plainPathError(err))
			continue
		}
		if !info.IsDir() {
			files = append(files, Target{Path: p, Root: filepath.Dir(p)})
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				name := e.Name()
				if path != p && (strings.HasPrefix(name, ".") || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(e.Name(), Ext) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, plainPathError(err))
		}
		sort.Strings(found)
		for _, f := range found {
			files = append(files, Target{Path: f, Root: p})
		}
	}
	return files, errs
}

// Target is an article to check and the folder its original must lie in:
// the directory the user named, or the article's own folder when the user
// named the file.
type Target struct {
	Path, Root string
}

// Result is the outcome of checking one file.
type Result struct {
	Path   string
	Src    []byte
	Diags  []rules.Diagnostic
	mapper *position.Mapper
}

// Mapper returns the position mapper of the file's text, built on first use.
func (r *Result) Mapper() *position.Mapper {
	if r.mapper == nil {
		r.mapper = position.New(r.Src)
	}
	return r.mapper
}

// HasErrors reports whether any diagnostic has error severity.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diags {
		if d.Severity == rules.Error {
			return true
		}
	}
	return false
}

// File reads and checks the article t, and, when its front matter names an
// original inside t.Root, checks it against that original.
func File(t Target, opts rules.Options) (Result, error) {
	src, err := os.ReadFile(t.Path)
	if err != nil {
		return Result{Path: t.Path}, plainPathError(err)
	}
	d := markup.Parse(src)
	diags := rules.Check(d, rules.Options{})
	diags = rules.Merge(diags, Fidelity(d, t.Path, t.Root))
	return Result{Path: t.Path, Src: src, Diags: opts.Apply(diags)}, nil
}

// Fidelity checks the parsed article at path against the original its
// front matter names, read inside root; nil when it names none.
func Fidelity(d *markup.Document, path, root string) []rules.Diagnostic {
	if !d.HasFrontMatter {
		return nil
	}
	fm := rules.FrontMatter(d)
	if fm == nil || fm.Original == "" {
		return nil
	}
	field := fm.Fields["original"].ValueSpan
	data, _, prob := archive.Load(path, fm.Original, root)
	if prob != nil {
		return []rules.Diagnostic{rules.New(prob.Code, field, prob.Message)}
	}
	return fidelity.Check(d, data, field, fidelity.Options{}).Diagnostics
}

// WriteText writes one line per diagnostic, "path:line:col: severity:
// message (code)", with a 1-based line and a 1-based byte column as
// compilers print them, so editors' and CI's error parsers jump to them.
func WriteText(w io.Writer, results []Result) error {
	for i := range results {
		r := &results[i]
		for _, d := range r.Diags {
			line, col := r.Mapper().LineCol(d.Span.Start)
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s (%s)\n", r.Path, line, col, d.Severity, d.Message, d.Code); err != nil {
				return err
			}
		}
	}
	return nil
}

// JSONPosition is an LSP Position: a 0-based line and a 0-based character
// in UTF-16 code units.
type JSONPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// JSONRange is an LSP Range.
type JSONRange struct {
	Start JSONPosition `json:"start"`
	End   JSONPosition `json:"end"`
}

// JSONDiagnostic is one element of the JSON output: an LSP Diagnostic with
// the file it belongs to.
type JSONDiagnostic struct {
	File     string    `json:"file"`
	Range    JSONRange `json:"range"`
	Severity int       `json:"severity"`
	Code     string    `json:"code"`
	Source   string    `json:"source"`
	Message  string    `json:"message"`
}

// SourceName is the name diagnostics carry, as LSP's Diagnostic.source.
const SourceName = "bluepencil"

// WriteJSON writes all diagnostics as one JSON array (an empty array when
// there are none, so that a consumer never has to special-case null).
func WriteJSON(w io.Writer, results []Result) error {
	out := []JSONDiagnostic{}
	for i := range results {
		r := &results[i]
		for _, d := range r.Diags {
			rg := r.Mapper().Range(d.Span.Start, d.Span.End, position.UTF16)
			out = append(out, JSONDiagnostic{
				File: r.Path,
				Range: JSONRange{
					Start: JSONPosition{rg.Start.Line, rg.Start.Character},
					End:   JSONPosition{rg.End.Line, rg.End.Character},
				},
				Severity: int(d.Severity),
				Code:     d.Code,
				Source:   SourceName,
				Message:  d.Message,
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// plainPathError drops the system call from a path error ("stat x: no such
// file" becomes "x: no such file"): editors need the path and the reason.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
