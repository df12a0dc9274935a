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
func Expand(paths []string) (files []string, errs []error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, plainPathError(err))
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
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
		files = append(files, found...)
	}
	return files, errs
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

// Source checks the text src, known as path.
func Source(path string, src []byte, opts rules.Options) Result {
	return Result{Path: path, Src: src, Diags: rules.Check(markup.Parse(src), opts)}
}

// File reads and checks the file at path.
func File(path string, opts rules.Options) (Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return Result{Path: path}, plainPathError(err)
	}
	return Source(path, src, opts), nil
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
