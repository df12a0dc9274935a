package style

import (
	"strings"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Fixes returns the byte-exact edits that resolve f in d, the document it
// was found in: "Cut" first, then one "Replace with" per replacement. None
// is Safe (each changes what the article says, so "fix all" must never
// apply one) and none is Preferred.
//
// In the outlet's text a cut is an elision, {--word--}, with the spaces
// left outside it as the "Elide selection" action leaves them (the views'
// whitespace rule drops one); an elision separated from the word by white
// space only is extended instead, since two elisions side by side are an
// adjacent-elisions diagnostic. Beside an addition a cut would make a
// split-substitution, so none is offered there. A replacement is a
// substitution, {~~word~>said~~}.
//
// In the editor's own words there is nothing to mark: a cut deletes the
// word and one space beside it (the whole addition when nothing else is
// left in it; a substitution whose new side would be empty becomes the
// elision of its old side), and a replacement rewrites it.
//
// A finding that is not Fixable has no fixes.
func (f Finding) Fixes(d *markup.Document) []rules.Fix {
	src := d.Src
	if !f.Fixable || f.Span.Empty() || f.Span.End > len(src) {
		return nil
	}
	s := f.Span
	var fixes []rules.Fix
	cut := func(edits ...span.Edit) {
		fixes = append(fixes, rules.Fix{Title: "Cut \"" + f.Text + "\"", Edits: edits})
	}
	switch f.Zone {
	case Outlet:
		if edits, ok := outletCut(d, s); ok {
			cut(edits...)
		}
		for _, r := range f.Replacements {
			fixes = append(fixes, rules.Fix{Title: "Replace with \"" + r + "\"", Edits: []span.Edit{
				span.Insert(s.Start, markup.Substitution.Opener()),
				span.Insert(s.End, markup.Arrow+r+markup.Substitution.Closer()),
			}})
		}
	case Added:
		i := d.MarkAt(s.Start)
		if i < 0 {
			return nil
		}
		m := &d.Marks[i]
		body := m.New()
		if !body.Covers(s) {
			// A finding in the editor's words that runs past the mark's new
			// side (a quotation around a mark nested in an unclosed
			// addition: x {++a "{==ok==}" b) has no edit that stays in it.
			return nil
		}
		rest := strings.TrimSpace(string(src[body.Start:s.Start]) + string(src[s.End:body.End]))
		switch {
		case rest == "" && m.Kind == markup.Addition:
			// One space beside the mark goes with it, unless it is what
			// keeps the words on either side apart: "are {++very ++}slow"
			// becomes "are slow", not "areslow".
			whole := m.Span()
			spaceBefore := whole.Start > 0 && src[whole.Start-1] == ' '
			spaceAfter := whole.End < len(src) && src[whole.End] == ' '
			switch {
			case spaceAfter && (whole.Start == 0 || spaceBefore || src[whole.Start-1] == '\n'):
				whole.End++
			case spaceBefore && (whole.End == len(src) || !isWordByte(src[whole.End])):
				whole.Start--
			}
			cut(span.Delete(whole))
		case rest == "" && m.Kind == markup.Substitution:
			cut(span.Replace(m.Span(), markup.Elision.Opener()+string(m.Old().Text(src))+markup.Elision.Closer()))
		default:
			c := s
			switch {
			case c.End < body.End && src[c.End] == ' ':
				c.End++
			case c.Start > body.Start && src[c.Start-1] == ' ':
				c.Start--
			}
			cut(span.Delete(c))
		}
		for _, r := range f.Replacements {
			edit := span.Replace(s, r)
			if m.Kind == markup.Substitution {
				// Where the new side would say what the old side does
				// ({~~said~>admitted~~} with "said"), the substitution
				// changes nothing: restore the original words instead.
				newSide := string(src[body.Start:s.Start]) + r + string(src[s.End:body.End])
				if newSide == string(m.Old().Text(src)) {
					edit = span.Replace(m.Span(), newSide)
				}
			}
			fixes = append(fixes, rules.Fix{Title: "Replace with \"" + r + "\"", Edits: []span.Edit{edit}})
		}
	}
	return fixes
}

// outletCut returns the edits that cut s from the outlet's text: a new
// elision, or the extension of the elisions beside it.
func outletCut(d *markup.Document, s span.Span) ([]span.Edit, bool) {
	src := d.Src
	p := s.Start
	for p > 0 && isBlank(src[p-1]) {
		p--
	}
	q := s.End
	for q < len(src) && isBlank(src[q]) {
		q++
	}
	var before, after *markup.Mark
	if p > 0 {
		if i := d.MarkAt(p - 1); i >= 0 && d.Marks[i].Span().End == p {
			before = &d.Marks[i]
		}
	}
	if i := d.MarkAt(q); i >= 0 && d.Marks[i].Span().Start == q {
		after = &d.Marks[i]
	}
	for _, m := range []*markup.Mark{before, after} {
		if m != nil && m.Kind == markup.Addition {
			return nil, false
		}
	}
	isCut := func(m *markup.Mark) bool {
		return m != nil && m.Kind == markup.Elision && m.Closed() && !m.Mismatched() && m.Parent() < 0
	}
	var edits []span.Edit
	if isCut(before) {
		edits = append(edits, span.Delete(before.Close()))
	} else {
		edits = append(edits, span.Insert(s.Start, markup.Elision.Opener()))
	}
	if isCut(after) {
		edits = append(edits, span.Delete(after.Open()))
	} else {
		edits = append(edits, span.Insert(s.End, markup.Elision.Closer()))
	}
	return edits, true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// Diagnostic converts f to the diagnostic the rest of bluepencil reports,
// with its fixes.
func (f Finding) Diagnostic(d *markup.Document) rules.Diagnostic {
	return rules.Diagnostic{Code: f.Code, Severity: f.Severity, Span: f.Span, Message: f.Message, Fixes: f.Fixes(d)}
}
