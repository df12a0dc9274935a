package rules

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	CodeTooManyProblems         = "too-many-problems"
	CodeArticleTooLarge         = "article-too-large"

	// The fidelity check's codes: the article against its archived original.
	CodeUnmarkedChange           = "unmarked-change"
	CodeOriginalNotFound         = "original-not-found"
	CodeOriginalOutsideWorkspace = "original-outside-workspace"
	CodeOriginalTooLarge         = "original-too-large"
	CodeOriginalTooDifferent     = "original-too-different"

	// The style pass's codes (internal/style): words an editor may want
	// to cut, one code per category of the lexicon.
	CodeLoadedLabel       = "loaded-label"
	CodeLoadedVerb        = "loaded-verb"
	CodePuffery           = "puffery"
	CodeIntensifier       = "intensifier"
	CodeEditorializing    = "editorializing"
	CodeExpressionOfDoubt = "expression-of-doubt"
	CodeVagueAttribution  = "vague-attribution"
	CodeRelativeTime      = "relative-time"
	CodeJudgingAdjective  = "judging-adjective"

	// CodeInvalidConfig is a problem in .bluepencil.yaml or a rule file
	// it names (internal/config).
	CodeInvalidConfig = "invalid-config"
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
	{markup.CodeBacktickJoin, Warning, "a mark changes what is code in a view: between two backticks, or opening a fence at a line's start"},
	{markup.CodeUnclosedFence, Warning, "a code fence is never closed, so the rest of the article is code and holds no marks"},
	{CodeEmptyMark, Warning, "a mark holds no text"},
	{CodeOneSidedSubstitution, Warning, "a substitution with an empty side is an elision or an addition"},
	{CodeNoOpSubstitution, Warning, "a substitution replaces text with the same text"},
	{CodeUntrackedElision, Warning, "a bare [...] does not record the words it cut"},
	{CodeAdjacentElisions, Information, "two elisions with only white space between them"},
	{CodeSplitSubstitution, Information, "an elision and an addition side by side are one substitution"},
	{CodeInvalidFrontMatter, Error, "the front matter is not valid"},
	{CodeUnknownFrontMatterField, Warning, "the front matter has a field bluepencil does not know"},
	{CodeArticleTooLarge, Error, "an article open in the editor is larger than 16 MiB and is not checked"},
	{CodeTooManyProblems, Error, "an article has more problems than bluepencil lists; as severe as the worst of those not listed"},
	{CodeUnmarkedChange, Error, "the article differs from its archived original where no mark says so"},
	{CodeOriginalNotFound, Error, "the archived original named in the front matter cannot be read"},
	{CodeOriginalOutsideWorkspace, Error, "the archived original lies outside the folder bluepencil may read"},
	{CodeOriginalTooLarge, Error, "the archived original is larger than 16 MiB"},
	{CodeOriginalTooDifferent, Error, "the article and its archived original differ too much to align word by word; the differences are still reported"},
	{CodeLoadedLabel, Information, "a label that takes a side (\"regime\", \"terrorists\", \"thugs\")"},
	{CodeLoadedVerb, Information, "a verb of saying that judges the speaker (\"admitted\", \"claimed\", \"slammed\")"},
	{CodePuffery, Information, "praise the outlet gives rather than reports (\"legendary\", \"iconic\", \"stunning\")"},
	{CodeIntensifier, Information, "emphasis the facts should carry (\"very\", \"extremely\", \"utterly\")"},
	{CodeEditorializing, Information, "the reporter's opinion of a fact (\"clearly\", \"of course\", \"sadly\")"},
	{CodeExpressionOfDoubt, Information, "a word or scare quotes that cast doubt (\"so-called\", \"purported\")"},
	{CodeVagueAttribution, Information, "a claim attributed to no one in particular (\"critics say\", \"many believe\")"},
	{CodeRelativeTime, Information, "a date relative to first publication (\"yesterday\", \"on Tuesday\"), wrong when republished"},
	{CodeJudgingAdjective, Information, "an adjective that judges rather than describes (\"oppressive\", \"draconian\", \"heroic\")"},
	{CodeInvalidConfig, Error, "a problem in .bluepencil.yaml or a Vale rule file it names"},
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

// Moved returns dg with every span it holds (its own, its related
// places', its fixes' edits) moved by delta, for a diagnostic kept across
// an edit before it. Related and Fixes are copied, not shared with dg.
func (dg Diagnostic) Moved(delta int) Diagnostic {
	dg.Span = dg.Span.Moved(delta)
	if dg.Related != nil {
		rel := make([]markup.Related, len(dg.Related))
		for i, r := range dg.Related {
			rel[i] = markup.Related{Span: r.Span.Moved(delta), Message: r.Message}
		}
		dg.Related = rel
	}
	if dg.Fixes != nil {
		fixes := make([]Fix, len(dg.Fixes))
		for i, f := range dg.Fixes {
			edits := make([]span.Edit, len(f.Edits))
			for k, e := range f.Edits {
				edits[k] = span.Edit{Span: e.Span.Moved(delta), New: e.New}
			}
			f.Edits = edits
			fixes[i] = f
		}
		dg.Fixes = fixes
	}
	return dg
}

// Options adjust the rules, as a user's settings do.
type Options struct {
	// Severity overrides the default severity of the codes it names.
	Severity map[string]Severity
	// Off silences the codes it names.
	Off map[string]bool
}

// Overlay returns base with top's settings over it: a code top gives a
// severity or turns off wins over what base says of it. It is how the
// editor's or the command line's settings go over a workspace file's.
func Overlay(base, top Options) Options {
	out := Options{Severity: map[string]Severity{}, Off: map[string]bool{}}
	for _, o := range []Options{base, top} {
		for code, s := range o.Severity {
			out.Severity[code] = s
			delete(out.Off, code)
		}
		for code, off := range o.Off {
			if off {
				out.Off[code] = true
			}
		}
	}
	return out
}

// Check returns the diagnostics of a parsed article, ordered by position.
func Check(d *markup.Document, opts Options) []Diagnostic {
	c := checker{d: d, src: d.Src, opts: opts}
	// Room for a diagnostic a problem and a bare elision, the most an
	// article has: a 1 MiB article with 1,430 untracked elisions grew
	// the list eleven times on every keystroke.
	bare := 0
	for i := range d.Marks {
		if d.Marks[i].Kind == markup.BareElision {
			bare++
		}
	}
	c.out = make([]Diagnostic, 0, min(len(d.Problems)+bare+8, MaxDiagnostics+1))
	// The front matter first: it is at the top, and must not be what the
	// cap on diagnostics leaves out.
	c.frontMatter()
	for i := range d.Problems {
		c.problem(&d.Problems[i])
	}
	c.marks()
	for code, n := range d.Omitted {
		c.omit(code, n, d.OmittedAt)
	}
	c.tooMany()
	return opts.Apply(c.out)
}

// MaxDiagnostics is the most diagnostics Check returns for one article; a
// final too-many-problems diagnostic counts the rest. An article an editor
// works on has a few dozen; the cap exists for runaway input (millions of
// "[...]" or unclosed marks), whose diagnostics would otherwise take
// gigabytes and print for minutes, and it is a count, so the verdict never
// depends on the machine.
const MaxDiagnostics = markup.MaxProblems

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
	// Merged diagnostics come ordered already: checking costs a pass,
	// sorting again a pass per doubling, on every keystroke.
	if !sort.SliceIsSorted(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start }) {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	}
	return out
}

// New returns a diagnostic with the default severity of its code.
func New(code string, s span.Span, msg string, fixes ...Fix) Diagnostic {
	return Diagnostic{Code: code, Severity: codeIndex[code].Severity, Span: s, Message: msg, Fixes: fixes}
}

type checker struct {
	d    *markup.Document
	src  []byte
	opts Options
	out  []Diagnostic
	// omitted counts, by code, the diagnostics past MaxDiagnostics;
	// omittedAt is where the first of them starts.
	omitted   map[string]int
	omittedAt int
	// bodies memoises bodyText for the marks that hold nested marks.
	bodies map[int]span.Span
}

func (c *checker) add(code string, s span.Span, msg string, related []markup.Related, fixes ...Fix) {
	if c.opts.Off[code] {
		return // silenced: it must not take a place under the cap either
	}
	if len(c.out) >= MaxDiagnostics {
		c.omit(code, 1, s.Start)
		return
	}
	for i := range fixes {
		for j, e := range fixes[i].Edits {
			fixes[i].Edits[j] = Unspell(c.src, e)
		}
	}
	c.out = append(c.out, Diagnostic{Code: code, Severity: codeIndex[code].Severity, Span: s, Message: msg, Related: related, Fixes: fixes})
}

func (c *checker) omit(code string, n, at int) {
	if c.opts.Off[code] {
		return
	}
	if c.omitted == nil {
		c.omitted = map[string]int{}
		c.omittedAt = at
	}
	c.omitted[code] += n
}

// tooMany reports the diagnostics left out by the cap, as severe as the
// most severe of them, so that the cap never turns a failing article into
// a passing one.
func (c *checker) tooMany() {
	if len(c.omitted) == 0 {
		return
	}
	sev := Hint
	for code := range c.omitted {
		s := codeIndex[code].Severity
		if o, ok := c.opts.Severity[code]; ok {
			s = o
		}
		sev = min(sev, s)
	}
	c.out = append(c.out, TooMany("problems", c.omitted, c.omittedAt, sev))
}

// TooMany returns the too-many-problems diagnostic that says, at offset
// at, how many diagnostics of each code were found past MaxDiagnostics and
// not listed; what names them ("problems", "differences from the
// original"). Its severity sev is the most severe of theirs.
func TooMany(what string, omitted map[string]int, at int, sev Severity) Diagnostic {
	codes := make([]string, 0, len(omitted))
	total := 0
	for code, n := range omitted {
		codes = append(codes, code)
		total += n
	}
	sort.Strings(codes)
	var b strings.Builder
	fmt.Fprintf(&b, "bluepencil lists at most %d %s in one article; %d more were found and not listed:", MaxDiagnostics, what, total)
	for i, code := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %d %s", omitted[code], code)
	}
	return Diagnostic{Code: CodeTooManyProblems, Severity: sev, Span: span.Span{Start: at, End: at}, Message: b.String()}
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
		e := c.removeMark(p.Span)
		if joinsWords(c.src, p.Span) {
			// A stray closer is text in every view: between two words it
			// keeps them apart, and so must what replaces it.
			e = span.Replace(p.Span, " ")
		}
		fixes = []Fix{{Title: "Remove the stray closer", Edits: []span.Edit{e}, Preferred: true}}
	case markup.CodeMismatchedCloser:
		want := m.Kind.Closer()
		fixes = []Fix{{Title: "Replace the closer with " + want, Edits: []span.Edit{span.Replace(m.Close(), want)}, Preferred: true, Safe: true}}
	case markup.CodeNestedMark:
		if p.Mark < 0 {
			break // an opener too deep to be read as a mark: nothing to flatten
		}
		if f, ok := c.flatten(p.Mark); ok {
			fixes = []Fix{f}
		}
	case markup.CodeMarkSpansParagraphs:
		if f, ok := c.splitParagraphs(m); ok {
			fixes = []Fix{f}
		}
	case markup.CodeBacktickJoin:
		// A space after the mark parts two backticks; a fence opened at a
		// line's start (the mark's words, in some view) it would not mend,
		// and which words to escape is the editor's call.
		if m.Span().End < len(c.src) && c.src[m.Span().End] == '`' {
			fixes = []Fix{{Title: "Put a space after the mark", Edits: []span.Edit{span.Insert(m.Span().End, " ")}, Preferred: true}}
		}
	case markup.CodeMissingArrow:
		fixes = []Fix{
			{Title: "Turn into an elision", Preferred: true, Edits: []span.Edit{
				span.Replace(m.Open(), markup.Elision.Opener()), span.Replace(m.Close(), markup.Elision.Closer())}},
			{Title: "Add ~> before the closer, for the new text", Edits: []span.Edit{span.Insert(m.Close().Start, markup.Arrow)}},
		}
	}
	c.add(p.Code, p.Span, p.Message, p.Related, fixes...)
}

// closeFixes offers to close an unclosed mark at the end of its first
// sentence and at the end of its paragraph.
func (c *checker) closeFixes(m *markup.Mark) []Fix {
	closer := m.Kind.Closer()
	end := m.Span().End
	para := Fix{Title: "Close at the end of the paragraph", Edits: []span.Edit{span.Insert(end, closer)}}
	// Not where a code span may hold the sentence end: a closer there is code.
	if s := sentenceEnd(c.src, m.Body().Start, end); s > m.Body().Start && s < end && bytes.IndexByte(c.src[m.Body().Start:s], '`') < 0 {
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
	outer := &d.Marks[in.Parent()]
	if outer.Kind == markup.Substitution || d.Marks[in.Parent()].Parent() >= 0 {
		return Fix{}, false // no flat form keeps both sides' meaning
	}
	// Close the outer mark before the inner one and open it again after,
	// unless only white space lies on that side: then the outer mark's own
	// delimiter goes instead. Edits rather than the rewritten outer mark, so
	// that the fixes of many marks nested in one cost their own size, not
	// the outer mark's size each.
	first, last := c.bodyText(in.Parent())
	var edits []span.Edit
	if first < in.Span().Start {
		edits = append(edits, span.Insert(in.Span().Start, outer.Kind.Closer()))
	} else {
		edits = append(edits, span.Delete(outer.Open()))
	}
	if last > in.Span().End {
		edits = append(edits, span.Insert(in.Span().End, outer.Kind.Opener()))
	} else {
		edits = append(edits, span.Delete(outer.Close()))
	}
	return Fix{Title: "Flatten into marks side by side", Edits: edits, Preferred: true}, true
}

// bodyText returns where the text of mark i's body starts and ends, white
// space left out (start > end for a blank body), computed once per mark.
func (c *checker) bodyText(i int) (start, end int) {
	if r, ok := c.bodies[i]; ok {
		return r.Start, r.End
	}
	body := c.d.Marks[i].Body()
	start, end = body.Start, body.End
	for start < end && isSpaceByte(c.src[start]) {
		start++
	}
	for end > start && isSpaceByte(c.src[end-1]) {
		end--
	}
	if c.bodies == nil {
		c.bodies = map[int]span.Span{}
	}
	c.bodies[i] = span.Span{Start: start, End: end}
	return start, end
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f'
}

// splitParagraphs closes a mark at the end of each paragraph it crosses
// and reopens it at the start of the next.
func (c *checker) splitParagraphs(m *markup.Mark) (Fix, bool) {
	if m.Kind == markup.Substitution {
		return Fix{}, false // old and new sides cannot be split by paragraph
	}
	src := c.src
	var edits []span.Edit
	i := m.Body().Start
	for i < m.Body().End {
		nl := bytes.IndexByte(src[i:m.Body().End], '\n')
		if nl < 0 {
			break
		}
		nl += i
		// Is the next line blank? Then a paragraph ends before nl.
		j := nl + 1
		blank := false
		for j < m.Body().End {
			for j < m.Body().End && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
				j++
			}
			if j < m.Body().End && src[j] == '\n' {
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
		for end > m.Body().Start && (src[end-1] == '\r' || src[end-1] == ' ' || src[end-1] == '\t') {
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
			c.add(CodeUntrackedElision, m.Span(), "this elision does not record the words it cut; readers cannot look them up", nil)
			continue
		}
		if !m.Closed() {
			continue
		}
		switch m.Kind {
		case markup.Substitution:
			c.substitution(i)
		default:
			if body := m.Body().Text(src); isBlank(body) {
				if len(body) > 0 && betweenText(src, m.Span()) {
					// White space alone between two pieces of text is all
					// that keeps them apart in the views that show it
					// ("word{++\n\n++}word" is a paragraph break): no fix
					// can remove it without joining them in those views.
					c.add(CodeEmptyMark, m.Span(), "this "+m.Kind.String()+" holds only white space, the only thing between the words around it; removing it would join them", nil)
					break
				}
				c.add(CodeEmptyMark, m.Span(), "empty "+m.Kind.String()+" has no effect but clutter", nil,
					Fix{Title: "Remove the empty mark", Edits: []span.Edit{c.removeMark(m.Span())}, Preferred: true, Safe: true})
			}
		}
		if m.Parent() >= 0 || i+1 >= len(d.Marks) {
			continue
		}
		next := &d.Marks[i+1]
		if next.Parent() >= 0 || !next.Closed() || !isSpaces(src[m.Span().End:next.Span().Start]) {
			continue
		}
		switch {
		case m.Kind == markup.Elision && next.Kind == markup.Elision:
			between := string(src[m.Span().End:next.Span().Start])
			both := span.Span{Start: m.Span().Start, End: next.Span().End}
			var fixes []Fix
			// Merging moves the space between into the cut, where the clean
			// view drops it: fine between spaces, not between two words.
			if between == "" || !touchesWord(src, both) {
				fixes = []Fix{{Title: "Merge into one elision", Edits: []span.Edit{
					span.Replace(span.Span{Start: m.Close().Start, End: next.Open().End}, between)}, Preferred: true, Safe: true}}
			}
			c.add(CodeAdjacentElisions, both,
				"two elisions side by side publish as two markers; one elision reads better", nil, fixes...)
		case m.Kind == markup.Elision && next.Kind == markup.Addition,
			m.Kind == markup.Addition && next.Kind == markup.Elision:
			cut, add := m, next
			if m.Kind == markup.Addition {
				cut, add = next, m
			}
			both := span.Span{Start: m.Span().Start, End: next.Span().End}
			var fixes []Fix
			// Joining drops the white space between the marks; where a word
			// touches the pair on the outside, that space kept two words
			// apart in some view, and no substitution can say the same.
			parts := []string{markup.Substitution.Opener(), string(cut.Body().Text(src)), markup.Arrow, string(add.Body().Text(src)), markup.Substitution.Closer()}
			if (m.Span().End == next.Span().Start || !touchesWord(src, both)) && !joinSpells(parts) {
				fixes = []Fix{{Title: "Join into a substitution", Edits: []span.Edit{span.Replace(both, strings.Join(parts, ""))}, Preferred: true, Safe: true}}
			}
			c.add(CodeSplitSubstitution, both,
				"an elision next to an addition replaces words; a substitution says so in one mark", nil, fixes...)
		}
	}
}

func (c *checker) substitution(i int) {
	m := &c.d.Marks[i]
	if m.Arrow().Empty() {
		return // missing-arrow already reported
	}
	src := c.src
	old, nw := m.Old().Text(src), m.New().Text(src)
	oldBlank, newBlank := isBlank(old), isBlank(nw)
	// The fixes rewrite the delimiters and leave the text in place: a copy
	// of a side per fix would cost the size of every mark nested in it
	// again, quadratic in deeply nested input.
	arrowToEnd := span.Span{Start: m.Arrow().Start, End: m.Span().End}
	openToArrow := span.Span{Start: m.Span().Start, End: m.Arrow().End}
	switch {
	case oldBlank && newBlank && len(old)+len(nw) > 0 && betweenText(src, m.Span()):
		// As for the other marks: white space on a side may be all that
		// keeps the text around apart in the view that shows that side
		// ("0{--{~~ ~>~~}0--}" in the original view).
		c.add(CodeEmptyMark, m.Span(), "this substitution holds only white space, the only thing between the words around it; removing it would join them", nil)
	case oldBlank && newBlank:
		c.add(CodeEmptyMark, m.Span(), "empty substitution has no effect but clutter", nil,
			Fix{Title: "Remove the empty mark", Edits: []span.Edit{c.removeMark(m.Span())}, Preferred: true, Safe: true})
	case newBlank:
		var fixes []Fix
		// A side of white space alone may be what parts the words around
		// the mark in the view that shows it: dropping it would join them.
		if len(nw) == 0 || !betweenText(src, m.Span()) {
			fixes = []Fix{{Title: "Turn into an elision", Edits: []span.Edit{
				span.Replace(m.Open(), markup.Elision.Opener()), span.Replace(arrowToEnd, markup.Elision.Closer())}, Preferred: true, Safe: true}}
		}
		c.add(CodeOneSidedSubstitution, m.Span(), "substitution with nothing after ~> only cuts words: write it as an elision", nil, fixes...)
	case oldBlank:
		var fixes []Fix
		if len(old) == 0 || !betweenText(src, m.Span()) {
			fixes = []Fix{{Title: "Turn into an addition", Edits: []span.Edit{
				span.Replace(openToArrow, markup.Addition.Opener()), span.Replace(m.Close(), markup.Addition.Closer())}, Preferred: true, Safe: true}}
		}
		c.add(CodeOneSidedSubstitution, m.Span(), "substitution with nothing before ~> only adds words: write it as an addition", nil, fixes...)
	case bytes.Equal(old, nw):
		c.add(CodeNoOpSubstitution, m.Span(), "substitution replaces text with the same text", nil,
			Fix{Title: "Unwrap to plain text", Edits: []span.Edit{span.Delete(m.Open()), span.Delete(arrowToEnd)}, Preferred: true, Safe: true})
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
	return Unspell(src, span.Delete(s))
}

// spelled are the byte sequences that a fix must not spell by joining
// text: the delimiters of marks, and bare elisions.
var spelled = []string{"{--", "{++", "{~~", "{>>", "{==", "--}", "++}", "~~}", "<<}", "==}", "~>", "[...]", "[…]"}

// Unspell returns e, changed if needed so that applying it does not join
// text into a delimiter the article did not have. After the edit, it
// escapes the first byte that follows (removing the stray "--}" from
// "----}}" would leave "--}", a closer of its own; "--\}" is text, and
// Markdown shows it as "--}"). Before inserted text, it puts a space (a
// closer added after a "{" would read "{--" instead).
func Unspell(src []byte, e span.Edit) span.Edit {
	left := src[max(0, e.Span.Start-4):e.Span.Start]
	right := src[e.Span.End:min(len(src), e.Span.End+4)]
	if e.New != "" && (spells(append(append([]byte(nil), left...), e.New[:min(4, len(e.New))]...), len(left)) ||
		oddBackslashes(src[:e.Span.Start]) && isASCIIPunct(e.New[0]) || opensFence(src, e)) {
		// A space keeps the inserted text whole: neither part of a
		// delimiter before it nor escaped by a backslash before it.
		e.New = " " + e.New
		left = []byte(" ")
	}
	if len(right) == 0 {
		return e
	}
	w := append(append(append([]byte(nil), left...), e.New...), right...)
	if spells(w, len(w)-len(right)) {
		if isASCIIPunct(right[0]) {
			e.New += "\\"
		} else {
			e.New += " " // "…" starts the rest: no backslash escapes it
		}
	}
	return e
}

// opensFence reports whether inserting e.New at the start of a line, after
// what the line holds before it, would make the line open a code fence
// (three backticks or tildes): "~" then the closer "~~}" reads "~~~}".
func opensFence(src []byte, e span.Edit) bool {
	// Only the line's first three bytes after at most three spaces can
	// open a fence, so the line start is looked for no further back than
	// that: a line whose first three are all before the insertion was a
	// fence or not before it. (Looking back to the start of a long line
	// for each of 10,000 fixes was quadratic.)
	ls := e.Span.Start
	for ls > 0 && src[ls-1] != '\n' {
		if e.Span.Start-ls >= 6 {
			return false
		}
		ls--
	}
	head := bytes.TrimLeft(src[ls:e.Span.Start], " ")
	if len(head) >= 3 {
		return false
	}
	if e.Span.Start-ls-len(head) > 3 {
		return false // indented four spaces: not a fence
	}
	line := append(append(append([]byte(nil), head...), e.New...), src[e.Span.End:min(len(src), e.Span.End+3)]...)
	if len(line) < 3 {
		return false
	}
	c := line[0]
	return (c == '~' || c == '`') && line[1] == c && line[2] == c
}

// joinSpells reports whether joining parts spells a delimiter across one
// of their junctions ("{~" cut, then "~>", reads "{~~"), or escapes one
// part's first byte with a backslash that ends the part before.
func joinSpells(parts []string) bool {
	var w []byte
	for i, p := range parts {
		if i > 0 && len(p) > 0 && (spells(append(w, p...), len(w)) || oddBackslashes(w) && isASCIIPunct(p[0])) {
			return true
		}
		w = append(w, p...)
	}
	return false
}

// oddBackslashes reports whether b ends with an odd run of backslashes,
// which escapes whatever comes next.
func oddBackslashes(b []byte) bool {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// spells reports whether a delimiter in w straddles offset j, the junction
// of two texts that were not side by side, and the byte at j is not
// already escaped.
func spells(w []byte, j int) bool {
	backslashes := 0
	for k := j - 1; k >= 0 && w[k] == '\\'; k-- {
		backslashes++
	}
	if backslashes%2 == 1 {
		return false
	}
	for _, d := range spelled {
		for i := max(0, j-len(d)+1); i < j && i+len(d) <= len(w); i++ {
			if string(w[i:i+len(d)]) == d {
				return true
			}
		}
	}
	return false
}

// joinsWords reports whether deleting s might join the word before it
// with the word after it in some view: a letter, digit, apostrophe, hyphen
// or underscore on both sides, or a mark's brace, whose words the views
// may bring right up to the edge. It errs towards yes: a space too many
// is harmless where a joined word is not.
func joinsWords(src []byte, s span.Span) bool {
	if s.Start == 0 || s.End >= len(src) {
		return false
	}
	l, _ := utf8.DecodeLastRune(src[:s.Start])
	r, _ := utf8.DecodeRune(src[s.End:])
	return (isWordRune(l) || isJoiner(l) || l == '}' || l == ']') && (isWordRune(r) || isJoiner(r) || r == '{' || r == '[')
}

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' || r == '_' }

// touchesWord reports whether a word may stand right before or right after
// s: a letter or digit, an apostrophe, hyphen or underscore and then one,
// or another mark, whose words a view may bring right up to s.
func touchesWord(src []byte, s span.Span) bool {
	if s.Start > 0 {
		l1, n := utf8.DecodeLastRune(src[:s.Start])
		l2, _ := utf8.DecodeLastRune(src[:s.Start-n])
		if wordEnd(l1) || isJoiner(l1) && wordEnd(l2) {
			return true
		}
	}
	if s.End < len(src) {
		r1, m := utf8.DecodeRune(src[s.End:])
		r2, _ := utf8.DecodeRune(src[s.End+m:])
		if wordStart(r1) || isJoiner(r1) && wordStart(r2) {
			return true
		}
	}
	return false
}

// wordEnd and wordStart report whether r may end or start a word a view
// shows: a letter or digit, or the edge of a mark or bare elision.
func wordEnd(r rune) bool   { return isWordRune(r) || r == '}' || r == ']' }
func wordStart(r rune) bool { return isWordRune(r) || r == '{' || r == '[' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// betweenText reports whether s has a byte other than white space on
// either side.
func betweenText(src []byte, s span.Span) bool {
	return s.Start > 0 && !isSpaceByte(src[s.Start-1]) && s.End < len(src) && !isSpaceByte(src[s.End])
}

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
	var taken spanSet
	for _, dg := range diags {
		for _, f := range dg.Fixes {
			if !f.Safe || !f.Preferred {
				continue
			}
			if taken.conflicts(f.Edits) {
				break
			}
			for _, e := range f.Edits {
				edits = append(edits, e)
				taken.add(e.Span)
			}
			break
		}
	}
	return edits
}

// spanSet holds the spans of the edits taken so far, ordered by start, so
// that a new fix is checked against its neighbours only: checking against
// every span taken was quadratic in the number of fixes.
type spanSet []span.Span

func (t *spanSet) conflicts(edits []span.Edit) bool {
	for _, e := range edits {
		s := *t
		// Spans taken do not conflict with one another, so those starting at
		// or before e's end are ordered by end too, near enough: walk left
		// from the last of them while they reach e.
		i := sort.Search(len(s), func(i int) bool { return s[i].Start > e.Span.End })
		for j := i - 1; j >= 0 && s[j].End >= e.Span.Start-1; j-- {
			if conflict(e.Span, s[j]) {
				return true
			}
		}
	}
	return false
}

func (t *spanSet) add(sp span.Span) {
	s := *t
	i := sort.Search(len(s), func(i int) bool { return s[i].Start > sp.Start })
	s = append(s, span.Span{})
	copy(s[i+1:], s[i:])
	s[i] = sp
	*t = s
}

// conflict reports whether two edits cannot both be applied in a known
// order: they share a byte, or one inserts at the other's edge or inside
// it, or both insert at one offset.
func conflict(e, t span.Span) bool {
	return e.Overlaps(t) || e.Start == t.Start || e.End == t.End ||
		(e.Empty() && t.Start < e.Start && e.Start < t.End) ||
		(t.Empty() && e.Start < t.Start && t.Start < e.End)
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
// an untracked elision that the rules reported. When both lists are
// ordered by start, so is the result, each extra after the diagnostics
// of diags that start where it does; otherwise the extras kept apart
// follow diags.
func Merge(diags, extra []Diagnostic) []Diagnostic {
	if len(extra) == 0 {
		return diags
	}
	if byStart(diags) && byStart(extra) {
		// Both are in document order, as the rules and the fidelity check
		// give them: one walk pairs them up, and the result needs no
		// sorting. A map of every diagnostic, built on every keystroke,
		// and the sort that one unmarked change at the top then took,
		// cost a 1 MiB article with 1,430 of them a quarter of a
		// millisecond.
		return mergeSorted(diags, extra)
	}
	return mergeByKey(diags, extra)
}

// mergeByKey is Merge of lists in any order.
func mergeByKey(diags, extra []Diagnostic) []Diagnostic {
	type key struct {
		code string
		span span.Span
	}
	at := make(map[key]int, len(diags))
	for i, d := range diags {
		at[key{d.Code, d.Span}] = i
	}
	// Grown by the extras that stay apart only: most of the fidelity
	// check's join a diagnostic of the rules' (an untracked elision's),
	// and a list an editor keeps for every open article held room for
	// twice as many.
	added := 0
	for _, e := range extra {
		if _, ok := at[key{e.Code, e.Span}]; !ok {
			added++
		}
	}
	diags = slices.Grow(diags, added)
	for _, e := range extra {
		if i, ok := at[key{e.Code, e.Span}]; ok {
			diags[i].Fixes = append(diags[i].Fixes, e.Fixes...)
			continue
		}
		diags = append(diags, e)
	}
	return diags
}

// byStart reports whether ds are ordered by where they start.
func byStart(ds []Diagnostic) bool {
	return slices.IsSortedFunc(ds, func(a, b Diagnostic) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
}

// mergeSorted is Merge of two lists ordered by start: it gives what
// mergeByKey gives, the last of equal diagnostics taking the fixes, then
// sorted stably by start. It allocates only what a keystroke needs: the
// extras kept apart go in the room rules.Check leaves, merged from the
// back, and the fidelity check's fixes of an elision the rules reported
// without any are shared, not copied (nothing writes to a diagnostic's
// fixes once made, and clipped, an append to them copies).
func mergeSorted(diags, extra []Diagnostic) []Diagnostic {
	var apart []bool
	added, j := 0, 0
	for i := range extra {
		e := &extra[i]
		for j < len(diags) && diags[j].Span.Start < e.Span.Start {
			j++
		}
		found := -1
		for k := j; k < len(diags) && diags[k].Span.Start == e.Span.Start; k++ {
			if diags[k].Span == e.Span && diags[k].Code == e.Code {
				found = k
			}
		}
		switch {
		case found < 0:
			if apart == nil {
				apart = make([]bool, len(extra))
			}
			apart[i] = true
			added++
		case len(diags[found].Fixes) == 0:
			diags[found].Fixes = slices.Clip(e.Fixes)
		default:
			diags[found].Fixes = append(diags[found].Fixes, e.Fixes...)
		}
	}
	if added == 0 {
		return diags
	}
	n := len(diags)
	diags = slices.Grow(diags, added)[:n+added]
	w, d := n+added-1, n-1
	for i := len(extra) - 1; i >= 0; i-- {
		if !apart[i] {
			continue
		}
		// An extra goes after the diagnostics that start where it does.
		for d >= 0 && diags[d].Span.Start > extra[i].Span.Start {
			diags[w] = diags[d]
			w, d = w-1, d-1
		}
		diags[w] = extra[i]
		w--
	}
	return diags
}
