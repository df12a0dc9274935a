package check

import (
	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Result is the outcome of checking one file.
type Result struct {
	Path   string
	Src    []byte
	Diags  []rules.Diagnostic
	mapper *position.Mapper
	// settings is the settings file the article was checked with, whose
	// problems are reported once, before the first article that uses it.
	settings *SettingsFile
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

// Check checks the article src read from t with opts, and, when its front
// matter names an original inside t.Root, checks it against that
// original, read through originals (one DiskSource for a run shares each
// original between the articles that name it). Run sets opts from the
// workspace's settings file; the command line's checks are final.
func Check(t Target, src []byte, opts analysis.Options, originals analysis.Source) Result {
	opts.Final = true
	a := analysis.Analyze(analysis.Input{Src: src, Path: t.Path, Root: t.Root}, opts, originals)
	return Result{Path: t.Path, Src: src, Diags: a.Diagnostics}
}
