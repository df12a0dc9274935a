package check

import (
	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
)

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

// Check checks the article src read from t, and, when its front matter
// names an original inside t.Root, checks it against that original.
func Check(t Target, src []byte, opts rules.Options) Result {
	d := markup.Parse(src)
	diags := rules.Check(d, rules.Options{})
	diags = rules.Merge(diags, Fidelity(d, t.Path, t.Root))
	return Result{Path: t.Path, Src: src, Diags: opts.Apply(diags)}
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
	// The command line prints no fixes: finding and checking them is most of
	// what the check spends per difference.
	return fidelity.Check(d, data, field, fidelity.Options{NoFixes: true}).Diagnostics
}
