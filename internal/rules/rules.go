package rules

import (
	"bytes"
	"sort"
	"strconv"
	"sync"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Severity grades a diagnostic. The values are those of LSP's
// DiagnosticSeverity so that JSON output and the server need no table.
type Severity int

// The severities, most severe first.
const (
	Error       Severity = 1
	Warning     Severity = 2
	Information Severity = 3
	Hint        Severity = 4
)

var severityNames = [...]string{"", "error", "warning", "information", "hint"}

func (s Severity) String() string {
	if s >= Error && s <= Hint {
		return severityNames[s]
	}
	return "unknown"
}

// ParseSeverity reads a severity name as written in settings: "error",
// "warning", "information" (or "info"), "hint".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "information", "info":
		return Information, true
	case "hint":
		return Hint, true
	}
	return 0, false
}

// The codes the rules add to the parser's (markup.Code*).
const (
	CodeEmptyMark               = "empty-mark"
	CodeOneSidedSubstitution    = "one-sided-substitution"
	CodeNoOpSubstitution        = "no-op-substitution"
	CodeUntrackedElision        = "untracked-elision"
	CodeAdjacentElisions        = "adjacent-elisions"
	CodeSplitSubstitution       = "split-substitution"
	CodeInvalidFrontMatter      = "invalid-front-matter"
	CodeUnknownFrontMatterField = "unknown-front-matter-field"

	// The fidelity check's codes: the article against its archived original.
	CodeUnmarkedChange           = "unmarked-change"
	CodeOriginalNotFound         = "original-not-found"
	CodeOriginalOutsideWorkspace = "original-outside-workspace"
	CodeOriginalTooLarge         = "original-too-large"
	CodeOriginalTooDifferent     = "original-too-different"
)

// Code describes one diagnostic code.
type Code struct {
	Name     string
	Severity Severity // the default; settings may override it
	Summary  string   // one line, for hovers and listings
}

// Codes lists every code bluepencil reports, in the order docs/markup.md
// documents them. Codes are stable: a published code is never renamed.
var Codes = []Code{
	{markup.CodeUnclosedMark, Error, "a mark has no closer before its paragraph ends"},
	{markup.CodeStrayCloser, Error, "a closer has no opener"},
	{markup.CodeMismatchedCloser, Error, "a mark is closed by the closer of another kind"},
	{markup.CodeNestedMark, Error, "a mark lies inside another mark"},
	{markup.CodeMarkSpansParagraphs, Error, "a mark runs across a blank line"},
	{markup.CodeMissingArrow, Error, "a substitution has no ~>"},
	{markup.CodeExtraArrow, Error, "a substitution has more than one ~>"},
	{markup.CodeBacktickJoin, Warning, "a mark between two backticks changes what is code when a view drops it"},
	{CodeEmptyMark, Warning, "a mark holds no text"},
	{CodeOneSidedSubstitution, Warning, "a substitution with an empty side is an elision or an addition"},
	{CodeNoOpSubstitution, Warning, "a substitution replaces text with the same text"},
	{CodeUntrackedElision, Warning, "a bare [...] does not record the words it cut"},
	{CodeAdjacentElisions, Information, "two elisions with only white space between them"},
	{CodeSplitSubstitution, Information, "an elision and an addition side by side are one substitution"},
	{CodeInvalidFrontMatter, Error, "the front matter is not valid"},
	{CodeUnknownFrontMatterField, Warning, "the front matter has a field bluepencil does not know"},
	{CodeUnmarkedChange, Error, "the article differs from its archived original where no mark says so"},
	{CodeOriginalNotFound, Error, "the archived original named in the front matter cannot be read"},
	{CodeOriginalOutsideWorkspace, Error, "the archived original lies outside the folder bluepencil may read"},
	{CodeOriginalTooLarge, Error, "the archived original is larger than 16 MiB"},
	{CodeOriginalTooDifferent, Error, "the article and its archived original differ too much to align word by word; the differences are still reported"},
}

var codeIndex = func() map[string]Code {
	m := make(map[string]Code, len(Codes))
	for _, c := range Codes {
		m[c.Name] = c
	}
	return m
}()

// LookupCode returns the description of code name.
func LookupCode(name string) (Code, bool) {
	c, ok := codeIndex[name]
	return c, ok
}

// Fix is one way to resolve a diagnostic.
type Fix struct {
	Title string
	Edits []span.Edit
	// Preferred marks the fix a client may apply for the user's "fix this"
	// gesture: the most likely intent.
	Preferred bool
	// Safe fixes keep what the article says and only repair how it says it;
	// "fix all" applies those and nothing else.
	Safe bool
}

// Diagnostic is one problem in an article.
type Diagnostic struct {
	Code     string
	Severity Severity
	Span     span.Span
	Message  string
	Related  []markup.Related
	Fixes    []Fix
}

// Options adjust the rules, as a user's settings do.
type Options struct {
	// Severity overrides the default severity of the codes it names.
	Severity map[string]Severity
	// Off silences the codes it names.
	Off map[string]bool
}

// Check returns the diagnostics of a parsed article, ordered by position.
func Check(d *markup.Document, opts Options) []Diagnostic {
	c := checker{d: d, src: d.Src}
	for i := range d.Problems {
		c.problem(&d.Problems[i])
	}
	c.marks()
	c.frontMatter()
	return opts.Apply(c.out)
}

// Apply returns diags with the options applied (silenced codes dropped,
// severities overridden), ordered by position. It is exported for the
// diagnostics made outside this package, such as the fidelity check's.
func (opts Options) Apply(diags []Diagnostic) []Diagnostic {
	out := diags[:0]
	for _, dg := range diags {
		if opts.Off[dg.Code] {
			continue
		}
		if s, ok := opts.Severity[dg.Code]; ok {
			dg.Severity = s
		}
		out = append(out, dg)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// New returns a diagnostic with the default severity of its code.
func New(code string, s span.Span, msg string, fixes ...Fix) Diagnostic {
	return Diagnostic{Code: code, Severity: codeIndex[code].Severity, Span: s, Message: msg, Fixes: fixes}
}

type checker struct {
	d   *markup.Document
	src []byte
	out []Diagnostic
}

func (c *checker) add(code string, s span.Span, msg string, related []markup.Related, fixes ...Fix) {
	c.out = append(c.out, Diagnostic{Code: code, Severity: codeIndex[code].Severity, Span: s, Message: msg, Related: related, Fixes: fixes})
}

// problem turns a parser problem into a diagnostic with its fixes.
func (c *checker) problem(p *markup.Problem) {
	var fixes []Fix
	var m *markup.Mark
	if p.Mark >= 0 {
		m = &c.d.Marks[p.Mark]
	}
	switch p.Code {
	case markup.CodeUnclosedMark:
		fixes = c.closeFixes(m)
	case markup.CodeStrayCloser:
		fixes = []Fix{{Title: "Remove the stray closer", Edits: []span.Edit{c.removeMark(p.Span)}, Preferred: true}}
	case markup.CodeMismatchedCloser:
		want := m.Kind.Closer()
		fixes = []Fix{{Title: "Replace the closer with " + want, Edits: []span.Edit{span.Replace(m.Close, want)}, Preferred: true, Safe: true}}
	case markup.CodeNestedMark:
		if f, ok := c.flatten(p.Mark); ok {
			fixes = []Fix{f}
		}
	case markup.CodeMarkSpansParagraphs:
		if f, ok := c.splitParagraphs(m); ok {
			fixes = []Fix{f}
		}
	case markup.CodeBacktickJoin:
		fixes = []Fix{{Title: "Put a space after the mark", Edits: []span.Edit{span.Insert(m.Span.End, " ")}, Preferred: true}}
	case markup.CodeMissingArrow:
		fixes = []Fix{
			{Title: "Turn into an elision", Preferred: true, Edits: []span.Edit{
				span.Replace(m.Open, markup.Elision.Opener()), span.Replace(m.Close, markup.Elision.Closer())}},
			{Title: "Add ~> before the closer, for the new text", Edits: []span.Edit{span.Insert(m.Close.Start, markup.Arrow)}},
		}
	}
	c.add(p.Code, p.Span, p.Message, p.Related, fixes...)
}

// closeFixes offers to close an unclosed mark at the end of its first
// sentence and at the end of its paragraph.
func (c *checker) closeFixes(m *markup.Mark) []Fix {
	closer := m.Kind.Closer()
	end := m.Span.End
	para := Fix{Title: "Close at the end of the paragraph", Edits: []span.Edit{span.Insert(end, closer)}}
	if s := sentenceEnd(c.src, m.Body.Start, end); s > m.Body.Start && s < end {
		return []Fix{
			{Title: "Close at the end of the sentence", Edits: []span.Edit{span.Insert(s, closer)}, Preferred: true},
			para,
		}
	}
	para.Preferred = true
	return []Fix{para}
}

// sentenceEnd returns the offset just past the first sentence-ending
// punctuation in src[start:end] that is followed by white space, and by a
// closing quote or bracket if any, or -1.
func sentenceEnd(src []byte, start, end int) int {
	for i := start; i < end; i++ {
		switch src[i] {
		case '.', '!', '?':
			j := i + 1
			for j < end && bytes.IndexByte([]byte(`"')]`), src[j]) >= 0 {
				j++
			}
			if j < end && (src[j] == ' ' || src[j] == '\n' || src[j] == '\r' || src[j] == '\t') {
				return j
			}
			if j+2 < end && src[j] == 0xE2 && src[j+1] == 0x80 && (src[j+2] == 0x9D || src[j+2] == 0x99) {
				// ” or ’ closing a quoted sentence.
				if j+3 < end && (src[j+3] == ' ' || src[j+3] == '\n') {
					return j + 3
				}
			}
		}
	}
	return -1
}

// flatten turns a nested mark into marks side by side:
// {--a {++b++} c--} becomes {--a --}{++b++}{-- c--}.
func (c *checker) flatten(inner int) (Fix, bool) {
	d := c.d
	in := &d.Marks[inner]
	outer := &d.Marks[in.Parent]
	if outer.Kind == markup.Substitution || d.Marks[in.Parent].Parent >= 0 {
		return Fix{}, false // no flat form keeps both sides' meaning
	}
	var b bytes.Buffer
	piece := func(s, e int) {
		if len(bytes.TrimSpace(c.src[s:e])) == 0 {
			b.Write(c.src[s:e])
			return
		}
		b.WriteString(outer.Kind.Opener())
		b.Write(c.src[s:e])
		b.WriteString(outer.Kind.Closer())
	}
	piece(outer.Body.Start, in.Span.Start)
	b.Write(c.src[in.Span.Start:in.Span.End])
	piece(in.Span.End, outer.Body.End)
	return Fix{
		Title:     "Flatten into marks side by side",
		Edits:     []span.Edit{span.Replace(outer.Span, b.String())},
		Preferred: true,
	}, true
}

// splitParagraphs closes a mark at the end of each paragraph it crosses
// and reopens it at the start of the next.
func (c *checker) splitParagraphs(m *markup.Mark) (Fix, bool) {
	if m.Kind == markup.Substitution {
		return Fix{}, false // old and new sides cannot be split by paragraph
	}
	src := c.src
	var edits []span.Edit
	i := m.Body.Start
	for i < m.Body.End {
		nl := bytes.IndexByte(src[i:m.Body.End], '\n')
		if nl < 0 {
			break
		}
		nl += i
		// Is the next line blank? Then a paragraph ends before nl.
		j := nl + 1
		blank := false
		for j < m.Body.End {
			for j < m.Body.End && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
				j++
			}
			if j < m.Body.End && src[j] == '\n' {
				blank = true
				j++
				continue
			}
			break
		}
		if !blank {
			i = nl + 1
			continue
		}
		end := nl
		for end > m.Body.Start && (src[end-1] == '\r' || src[end-1] == ' ' || src[end-1] == '\t') {
			end--
		}
		edits = append(edits, span.Insert(end, m.Kind.Closer()), span.Insert(j, m.Kind.Opener()))
		i = j
	}
	if len(edits) == 0 {
		return Fix{}, false
	}
	return Fix{Title: "Use one mark per paragraph", Edits: edits, Preferred: true, Safe: true}, true
}

// marks runs the rules that look at well-formed marks.
func (c *checker) marks() {
	d := c.d
	src := c.src
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.Kind == markup.BareElision {
			c.add(CodeUntrackedElision, m.Span, "this elision does not record the words it cut; readers cannot look them up", nil)
			continue
		}
		if !m.Closed {
			continue
		}
		switch m.Kind {
		case markup.Substitution:
			c.substitution(i)
		default:
			if isBlank(m.Body.Text(src)) {
				c.add(CodeEmptyMark, m.Span, "empty "+m.Kind.String()+" has no effect but clutter", nil,
					Fix{Title: "Remove the empty mark", Edits: []span.Edit{c.removeMark(m.Span)}, Preferred: true, Safe: true})
			}
		}
		if m.Parent >= 0 || i+1 >= len(d.Marks) {
			continue
		}
		next := &d.Marks[i+1]
		if next.Parent >= 0 || !next.Closed || !isSpaces(src[m.Span.End:next.Span.Start]) {
			continue
		}
		switch {
		case m.Kind == markup.Elision && next.Kind == markup.Elision:
			between := string(src[m.Span.End:next.Span.Start])
			c.add(CodeAdjacentElisions, span.Span{Start: m.Span.Start, End: next.Span.End},
				"two elisions side by side publish as two markers; one elision reads better", nil,
				Fix{Title: "Merge into one elision", Edits: []span.Edit{
					span.Replace(span.Span{Start: m.Close.Start, End: next.Open.End}, between)}, Preferred: true, Safe: true})
		case m.Kind == markup.Elision && next.Kind == markup.Addition,
			m.Kind == markup.Addition && next.Kind == markup.Elision:
			cut, add := m, next
			if m.Kind == markup.Addition {
				cut, add = next, m
			}
			joined := markup.Substitution.Opener() + string(cut.Body.Text(src)) + markup.Arrow + string(add.Body.Text(src)) + markup.Substitution.Closer()
			c.add(CodeSplitSubstitution, span.Span{Start: m.Span.Start, End: next.Span.End},
				"an elision next to an addition replaces words; a substitution says so in one mark", nil,
				Fix{Title: "Join into a substitution", Edits: []span.Edit{
					span.Replace(span.Span{Start: m.Span.Start, End: next.Span.End}, joined)}, Preferred: true, Safe: true})
		}
	}
}

func (c *checker) substitution(i int) {
	m := &c.d.Marks[i]
	if m.Arrow.Empty() {
		return // missing-arrow already reported
	}
	src := c.src
	old, nw := m.Old().Text(src), m.New().Text(src)
	oldBlank, newBlank := isBlank(old), isBlank(nw)
	switch {
	case oldBlank && newBlank:
		c.add(CodeEmptyMark, m.Span, "empty substitution has no effect but clutter", nil,
			Fix{Title: "Remove the empty mark", Edits: []span.Edit{c.removeMark(m.Span)}, Preferred: true, Safe: true})
	case newBlank:
		c.add(CodeOneSidedSubstitution, m.Span, "substitution with nothing after ~> only cuts words: write it as an elision", nil,
			Fix{Title: "Turn into an elision", Edits: []span.Edit{span.Replace(m.Span, markup.Elision.Opener()+string(old)+markup.Elision.Closer())}, Preferred: true, Safe: true})
	case oldBlank:
		c.add(CodeOneSidedSubstitution, m.Span, "substitution with nothing before ~> only adds words: write it as an addition", nil,
			Fix{Title: "Turn into an addition", Edits: []span.Edit{span.Replace(m.Span, markup.Addition.Opener()+string(nw)+markup.Addition.Closer())}, Preferred: true, Safe: true})
	case bytes.Equal(old, nw):
		c.add(CodeNoOpSubstitution, m.Span, "substitution replaces text with the same text", nil,
			Fix{Title: "Unwrap to plain text", Edits: []span.Edit{span.Replace(m.Span, string(old))}, Preferred: true, Safe: true})
	}
}

func (c *checker) removeMark(s span.Span) span.Edit { return RemoveEdit(c.src, s) }

// RemoveEdit deletes the bytes of s from src and, when they stand between
// two spaces or between a space and punctuation, one space with them, so
// that removing a mark leaves neither "a  b" nor "a ." behind.
func RemoveEdit(src []byte, s span.Span) span.Edit {
	if s.Start > 0 && src[s.Start-1] == ' ' {
		switch {
		case s.End < len(src) && src[s.End] == ' ':
			s.End++ // "a {----} b" -> "a b"
		case s.End == len(src) || bytes.IndexByte([]byte(".,;:!?)\r\n"), src[s.End]) >= 0:
			s.Start-- // "a {----}." -> "a."
		}
	}
	return span.Delete(s)
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// isSpaces reports whether b is only spaces and tabs: two marks on the same
// line with nothing but white space between them.
func isSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// frontMatter reports the front matter's problems.
func (c *checker) frontMatter() {
	b := c.d.FrontMatter
	if b.Span.Empty() {
		return
	}
	fm, problems := frontMatterProblems(c.src, b)
	for _, p := range problems {
		var fixes []Fix
		// Renaming to a field that is already there would only trade this
		// warning for a duplicate-field error.
		taken := false
		if fm != nil {
			_, taken = fm.Fields[p.Suggest]
		}
		if p.Suggest != "" && !taken {
			fixes = []Fix{{Title: "Rename to " + p.Suggest, Edits: []span.Edit{span.Replace(p.Span, p.Suggest)}, Preferred: true}}
		}
		c.add(p.Code, p.Span, p.Message, nil, fixes...)
	}
}

// FixAll returns the edits of every safe preferred fix in diags that does
// not overlap one taken before it: what "fix all" applies in one step. Fixes
// left out for overlapping are found again on the next check.
func FixAll(diags []Diagnostic) []span.Edit {
	var edits []span.Edit
	var taken []span.Span
	for _, dg := range diags {
		for _, f := range dg.Fixes {
			if !f.Safe || !f.Preferred {
				continue
			}
			if overlapsAny(f.Edits, taken) {
				break
			}
			for _, e := range f.Edits {
				edits = append(edits, e)
				taken = append(taken, e.Span)
			}
			break
		}
	}
	return edits
}

func overlapsAny(edits []span.Edit, taken []span.Span) bool {
	for _, e := range edits {
		for _, t := range taken {
			// Two insertions at one offset, or an insertion at the edge of a
			// replacement, would be ordered arbitrarily: treat as overlap.
			if e.Span.Overlaps(t) || e.Span.Start == t.Start || e.Span.End == t.End ||
				(e.Span.Empty() && t.Start < e.Span.Start && e.Span.Start < t.End) ||
				(t.Empty() && e.Span.Start < t.Start && t.Start < e.Span.End) {
				return true
			}
		}
	}
	return false
}

// FrontMatter returns the parsed front matter of d, or nil when it has
// none, from the same cache the rules use: callers on the keystroke path
// (the fidelity check, the server) need not parse the YAML a second time.
func FrontMatter(d *markup.Document) *frontmatter.FrontMatter {
	if d.FrontMatter.Span.Empty() {
		return nil
	}
	fm, _ := frontMatterProblems(d.Src, d.FrontMatter)
	return fm
}

// fmCache remembers the problems of recently seen front matter blocks. YAML
// parsing costs more than parsing and checking a 20 KiB article, and a
// keystroke in the body leaves the block unchanged, so the language server
// would otherwise pay it on every change for nothing.
var fmCache struct {
	sync.Mutex
	m map[string]fmResult
}

type fmResult struct {
	fm       *frontmatter.FrontMatter
	problems []frontmatter.Problem
}

const fmCacheMax = 256

// frontMatterProblems returns the problems of block b, with spans relative
// to the start of src, from the cache when the same block text at the same
// offset was seen before.
func frontMatterProblems(src []byte, b frontmatter.Block) (*frontmatter.FrontMatter, []frontmatter.Problem) {
	key := strconv.Itoa(b.Span.Start) + ":" + strconv.FormatBool(b.Closed) + ":" + string(b.Span.Text(src))
	fmCache.Lock()
	if r, ok := fmCache.m[key]; ok {
		fmCache.Unlock()
		return r.fm, r.problems
	}
	fmCache.Unlock()
	fm, ps := frontmatter.Parse(src, b)
	fmCache.Lock()
	if fmCache.m == nil || len(fmCache.m) >= fmCacheMax {
		fmCache.m = make(map[string]fmResult)
	}
	fmCache.m[key] = fmResult{fm, ps}
	fmCache.Unlock()
	return fm, ps
}

// Merge adds extra to diags. A diagnostic in extra with the code and span of
// one already in diags adds its fixes to that one instead of showing the
// same problem twice: the fidelity check, for one, knows the cut words of
// an untracked elision that the rules reported.
func Merge(diags, extra []Diagnostic) []Diagnostic {
	if len(extra) == 0 {
		return diags
	}
	type key struct {
		code string
		span span.Span
	}
	at := make(map[key]int, len(diags))
	for i, d := range diags {
		at[key{d.Code, d.Span}] = i
	}
	for _, e := range extra {
		if i, ok := at[key{e.Code, e.Span}]; ok {
			diags[i].Fixes = append(diags[i].Fixes, e.Fixes...)
			continue
		}
		diags = append(diags, e)
	}
	return diags
}
