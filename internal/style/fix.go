package style

import (
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Fixes returns the byte-exact edits that resolve f in src, the source it
// was found in: "Cut" first, then one "Replace with" per replacement. None
// is Safe (each changes what the article says, so "fix all" must never
// apply one) and none is Preferred.
//
// In the outlet's text a cut is an elision, {--word--}, with the spaces
// left outside it as the "Elide selection" action leaves them (the views'
// whitespace rule drops one), and a replacement is a substitution,
// {~~word~>said~~}. In the editor's own words there is nothing to mark: a
// cut deletes the word and one space beside it, a replacement rewrites it.
// A finding that is not Fixable has no fixes.
func (f Finding) Fixes(src []byte) []rules.Fix {
	if !f.Fixable || f.Span.Empty() || f.Span.End > len(src) {
		return nil
	}
	s := f.Span
	var fixes []rules.Fix
	switch f.Zone {
	case Outlet:
		fixes = append(fixes, rules.Fix{Title: "Cut \"" + f.Text + "\"", Edits: []span.Edit{
			span.Insert(s.Start, markup.Elision.Opener()), span.Insert(s.End, markup.Elision.Closer()),
		}})
		for _, r := range f.Replacements {
			fixes = append(fixes, rules.Fix{Title: "Replace with \"" + r + "\"", Edits: []span.Edit{
				span.Insert(s.Start, markup.Substitution.Opener()),
				span.Insert(s.End, markup.Arrow+r+markup.Substitution.Closer()),
			}})
		}
	case Added:
		cut := s
		switch {
		case cut.End < len(src) && src[cut.End] == ' ':
			cut.End++
		case cut.Start > 0 && src[cut.Start-1] == ' ':
			cut.Start--
		}
		fixes = append(fixes, rules.Fix{Title: "Cut \"" + f.Text + "\"", Edits: []span.Edit{{Span: cut}}})
		for _, r := range f.Replacements {
			fixes = append(fixes, rules.Fix{Title: "Replace with \"" + r + "\"", Edits: []span.Edit{{Span: s, New: r}}})
		}
	}
	return fixes
}

// Diagnostic converts f to the diagnostic the rest of bluepencil reports,
// with its fixes.
func (f Finding) Diagnostic(src []byte) rules.Diagnostic {
	return rules.Diagnostic{Code: f.Code, Severity: f.Severity, Span: f.Span, Message: f.Message, Fixes: f.Fixes(src)}
}
