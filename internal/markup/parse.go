package markup

import (
	"bytes"
	"math"
	"sort"
	"strconv"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/span"
)

// pairKind maps the doubled byte of a delimiter to its kind: "--" is an
// elision, and so on. Openers use the byte after '{', closers the byte
// before '}'; '>' opens a note and '<' closes one.
var openKind = [256]Kind{'-': Elision, '+': Addition, '~': Substitution, '>': Note, '=': Highlight}
var closeKind = [256]Kind{'-': Elision, '+': Addition, '~': Substitution, '<': Note, '=': Highlight}

// MaxSize is the largest source Parse reads marks in: offsets are 32-bit
// to keep marks small. Bytes past it are kept in Src but hold no marks; the
// command line and the server refuse articles long before this size.
const MaxSize = math.MaxInt32

// MaxDepth is how deep marks may nest: an opener inside MaxDepth open
// marks is text. Marks must not nest at all (nested-mark), but the views,
// hovers and pages walk the nesting that a broken article has, and 10 MiB
// of "{--" nested three million deep would overflow any stack.
const MaxDepth = 100

// MaxProblems is the most problems a Document records; Omitted counts the
// rest. No article an editor works on comes near it, while a runaway input
// (10 MiB of "--}" is 3.5 million stray closers) would otherwise hold
// gigabytes of problems and diagnostics.
const MaxProblems = 10_000

// Parse parses an article. It never fails: problems are collected in the
// returned Document, and the Document keeps src without copying it.
func Parse(src []byte) *Document {
	d := &Document{Src: src, id: docIDs.Add(1)}
	if len(src) > MaxSize {
		src = src[:MaxSize]
	}
	p := parser{src: src, doc: d, pending: -1, pendingArrow: -1}
	start := 0
	if b, ok := frontmatter.Find(src); ok && b.Closed {
		// An unclosed block is not front matter for the parser: marks after
		// a stray "---" must still be checked. The rules report the block.
		d.FrontMatter, d.HasFrontMatter = b, true
		start = b.Span.End
	} else if ok {
		d.FrontMatter = b
	}
	p.run(start)
	p.finish(len(src))
	return d
}

// finish settles what is open at end and runs the passes that need every
// mark.
func (p *parser) finish(end int) {
	d := p.doc
	p.paragraphEnd(trimEnd(p.src, end), true)
	if len(d.Marks) == 0 {
		d.Marks = nil // the same document however the slice was sized
	}
	d.nestedProblems()
	d.backtickJoins()
	d.fencesInViews()
	if len(d.Problems) > 1 {
		sort.SliceStable(d.Problems, func(i, j int) bool {
			return d.Problems[i].Span.Start < d.Problems[j].Span.Start
		})
	}
}

type parser struct {
	src []byte
	doc *Document
	// stack holds the indices of the marks open in the current paragraph,
	// innermost last.
	stack []int32
	// paraFirst is the index of the first mark opened in the current
	// paragraph while another was open; nesting is resolved from there at
	// the paragraph's end.
	paraFirst int
	// pending is a mark left open at the end of its paragraph with nothing
	// opened inside it. If the next delimiter is its own closer, the mark
	// spans paragraphs; anything else makes it unclosed.
	pending    int
	pendingEnd int // where the pending mark's own paragraph ended
	// pendingBares are bare elisions seen while a mark was pending: they
	// belong to that mark if it turns out to span paragraphs.
	pendingBares []span.Span
	pendingArrow int // the first "~>" seen while a substitution was pending
	// litEnd is the end of the last delimiter or escape consumed, so that
	// a closer found by looking back never reuses those bytes.
	litEnd int
	// ended is set once the current paragraph has been settled at a blank
	// line and no text has followed since: a run of blank lines ends the
	// paragraph once, not once per line (which walked back over every blank
	// line before it, quadratic in a file of newlines).
	ended bool
	// ticks indexes the backtick runs of the current paragraph, from the
	// first run that found no closer to the paragraph's end (ticksEnd;
	// 0 when there is no index): the offsets of the runs of each width, in
	// order. Without it each unmatched run rescans the rest of its
	// paragraph, quadratic in a paragraph of runs of different widths.
	ticks    map[int][]int
	ticksEnd int
}

func (p *parser) run(i int) {
	src := p.src
	n := len(src)
	p.paraFirst = -1
	// Marks are few next to bytes, but a book can hold tens of thousands:
	// size the slice once from a fast count instead of growing it. The
	// count is of openers, not of '{': a file of braces holds no mark and
	// must not reserve memory for millions.
	if est := countOpeners(src[i:]) + bytes.Count(src[i:], []byte("[...]")) + bytes.Count(src[i:], []byte("[…]")); est > 0 {
		p.doc.Marks = make([]Mark, 0, est)
	}
	if i < n {
		i = p.lineStart(i)
	}
	var f finder
	f.reset()
	for i < n {
		i = f.next(src, i)
		if i >= n {
			break
		}
		switch c := src[i]; c {
		case '\n':
			i = p.lineStart(i + 1)
		case '\\':
			if i+1 < n && isASCIIPunct(src[i+1]) {
				i += 2
				p.litEnd = i
			} else {
				i++
			}
		case '{':
			switch {
			case i+2 >= n || src[i+1] != src[i+2] || openKind[src[i+1]] == 0:
				i++
			case len(p.stack) >= MaxDepth:
				p.tooDeep(i)
				i += 3
				p.litEnd = i
			default:
				p.open(openKind[src[i+1]], i)
				i += 3
				p.litEnd = i
			}
		case '}':
			if i-2 >= p.litEnd && src[i-1] == src[i-2] && closeKind[src[i-1]] != 0 {
				p.close(closeKind[src[i-1]], i-2)
				p.litEnd = i + 1
			}
			i++
		case '~':
			if i+1 < n && src[i+1] == '>' && i >= p.litEnd {
				p.arrow(i)
				p.litEnd = i + 2
				i += 2
			} else {
				i++
			}
		case '`':
			i = p.codeSpan(i)
		case '[':
			i = p.bracket(i)
		default:
			i++
		}
	}
}

// stops are the bytes at which the scanner must stop; every other byte is
// plain text. '}' finds closers by looking back, so '-', '+', '<' and '='
// need not stop the scan.
const stops = "{}\\`[~\n"

// finder yields the next stop byte at or after an offset. It keeps, for
// each stop byte, where it occurs next, found with bytes.IndexByte (which
// is vectorised), so each byte class is scanned once over the whole source
// and plain text is crossed at memory speed rather than a byte at a time.
type finder struct {
	at [len(stops)]int
}

func (f *finder) reset() {
	for k := range f.at {
		f.at[k] = -1
	}
}

func (f *finder) next(src []byte, i int) int {
	best := len(src)
	for k := range f.at {
		at := f.at[k]
		if at < i {
			if at == len(src) {
				continue // none left
			}
			if j := bytes.IndexByte(src[i:], stops[k]); j >= 0 {
				at = i + j
			} else {
				at = len(src)
			}
			f.at[k] = at
		}
		if at < best {
			best = at
		}
	}
	return best
}

// lineStart handles the start of a line at i: a blank line ends the
// paragraph, a fence line starts a code block that is skipped whole. It
// returns where scanning resumes.
func (p *parser) lineStart(i int) int {
	src := p.src
	n := len(src)
	for {
		j := i
		for j < n && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j >= n {
			return j // trailing blank lines: the final paragraphEnd handles them
		}
		if src[j] == '\n' {
			// Blank line. The paragraph ended before the newline that
			// preceded this line; the next line may start a fence.
			if !p.ended {
				p.paragraphEnd(trimEnd(src, i), false)
				p.ended = true
			}
			i = j + 1
			continue
		}
		if (src[j] == '`' || src[j] == '~') && j-i <= 3 && !hasTab(src[i:j]) {
			if end, ok := p.fence(j); ok {
				p.doc.fences = append(p.doc.fences, span.Span{Start: j, End: end})
				p.paragraphEnd(trimEnd(src, i), true)
				p.ended = true
				i = end
				continue
			}
		}
		p.ended = false
		return j
	}
}

func hasTab(b []byte) bool { return bytes.IndexByte(b, '\t') >= 0 || bytes.IndexByte(b, '\r') >= 0 }

// fence recognises a fenced code block whose opening fence starts at j, and
// returns the offset just past its closing fence line (or the end of the
// source when it is never closed, as CommonMark reads it).
func (p *parser) fence(j int) (int, bool) {
	src := p.src
	n := len(src)
	c := src[j]
	k := j
	for k < n && src[k] == c {
		k++
	}
	width := k - j
	if width < 3 {
		return 0, false
	}
	eol := lineEnd(src, k)
	if c == '`' && bytes.IndexByte(src[k:eol], '`') >= 0 {
		return 0, false // a backtick fence's info string has no backtick
	}
	for line := nextLine(src, eol); line < n; line = nextLine(src, lineEnd(src, line)) {
		q := line
		for q < n && q-line < 4 && src[q] == ' ' {
			q++
		}
		if q-line > 3 || q >= n || src[q] != c {
			continue
		}
		r := q
		for r < n && src[r] == c {
			r++
		}
		if r-q < width {
			continue
		}
		e := lineEnd(src, r)
		if len(bytes.Trim(src[r:e], " \t\r")) == 0 {
			return nextLine(src, e), true
		}
	}
	p.doc.addProblem(Problem{
		Code: CodeUnclosedFence, Span: span.Span{Start: j, End: k}, Mark: -1,
		Message: unclosedFenceMessage(src[j:k], countOpeners(src[eol:])),
	})
	return n, true
}

// unclosedFenceMessage says what an unclosed fence costs: every mark after
// it is code, so the check does not see it.
func unclosedFenceMessage(fence []byte, openers int) string {
	msg := "code fence " + string(fence) + " is never closed, so the rest of the article is code"
	switch openers {
	case 0:
	case 1:
		msg += ", and the mark in it is plain text"
	default:
		msg += ", and the " + strconv.Itoa(openers) + " marks in it are plain text"
	}
	return msg + "; close it with " + string(fence) + " on a line of its own"
}

// countOpeners counts the mark openers in b.
func countOpeners(b []byte) int {
	n := 0
	for i := 0; ; i++ {
		k := bytes.IndexByte(b[i:], '{')
		if k < 0 {
			return n
		}
		i += k
		if i+2 < len(b) && b[i+1] == b[i+2] && openKind[b[i+1]] != 0 {
			n++
			i += 2
		}
	}
}

// lineEnd returns the offset of the '\n' ending the line that contains i,
// or len(src).
func lineEnd(src []byte, i int) int {
	if i >= len(src) {
		return len(src)
	}
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}

func nextLine(src []byte, eol int) int {
	if eol < len(src) {
		return eol + 1
	}
	return eol
}

// trimEnd returns end moved back over trailing white space and line
// terminators: where a paragraph's text really ends.
func trimEnd(src []byte, end int) int {
	for end > 0 {
		switch src[end-1] {
		case ' ', '\t', '\r', '\n':
			end--
			continue
		}
		break
	}
	return end
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// codeSpan skips an inline code span starting with the backtick run at i,
// or just the run when no run of the same length closes it in the same
// paragraph (then the backticks are literal, as in CommonMark).
func (p *parser) codeSpan(i int) int {
	src := p.src
	n := len(src)
	j := i
	for j < n && src[j] == '`' {
		j++
	}
	width := j - i
	if p.ticksEnd > j {
		runs := p.ticks[width]
		k := sort.SearchInts(runs, j)
		if k == len(runs) {
			return j
		}
		p.litEnd = runs[k] + width
		return p.litEnd
	}
	for k := j; k < n; {
		c := src[k]
		if c == '`' {
			e := k
			for e < n && src[e] == '`' {
				e++
			}
			if e-k == width {
				p.litEnd = e
				return e
			}
			k = e
			continue
		}
		if c == '\n' && p.blankAfter(k+1) {
			p.indexTicks(j, k)
			return j
		}
		k++
	}
	p.indexTicks(j, n)
	return j
}

// indexTicks records the backtick runs in src[from:end], the rest of the
// current paragraph.
func (p *parser) indexTicks(from, end int) {
	if p.ticks == nil {
		p.ticks = map[int][]int{}
	}
	clear(p.ticks)
	src := p.src
	for k := from; k < end; {
		q := bytes.IndexByte(src[k:end], '`')
		if q < 0 {
			break
		}
		k += q
		e := k
		for e < end && src[e] == '`' {
			e++
		}
		p.ticks[e-k] = append(p.ticks[e-k], k)
		k = e
	}
	p.ticksEnd = end
}

// blankAfter reports whether the line starting at i is blank or i is the
// end of the source.
func (p *parser) blankAfter(i int) bool {
	src := p.src
	for ; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r':
			continue
		case '\n':
			return true
		}
		return false
	}
	return true
}

// bracket recognises a bare elision "[...]" or "[…]" at i.
func (p *parser) bracket(i int) int {
	src := p.src
	var end int
	switch {
	case bytes.HasPrefix(src[i:], []byte("[...]")):
		end = i + 5
	case bytes.HasPrefix(src[i:], []byte("[…]")):
		end = i + len("[…]")
	default:
		return i + 1
	}
	if end < len(src) && src[end] == '(' {
		return end // a link whose text is "...", not an elision
	}
	s := span.Span{Start: i, End: end}
	switch {
	case p.pending >= 0:
		p.pendingBares = append(p.pendingBares, s)
	case len(p.stack) == 0:
		p.doc.Marks = append(p.doc.Marks, bare(s))
	}
	return end
}

func (p *parser) open(k Kind, at int) {
	if p.pending >= 0 {
		p.flushPending()
	}
	d := p.doc
	parent := -1
	if len(p.stack) > 0 {
		parent = int(p.stack[len(p.stack)-1])
		if p.paraFirst < 0 {
			p.paraFirst = len(d.Marks)
		}
	}
	d.Marks = append(d.Marks, Mark{
		Kind:  k,
		start: int32(at), end: int32(at + 3), closeStart: int32(at + 3),
		arrow: -1, parent: int32(parent),
	})
	p.stack = append(p.stack, int32(len(d.Marks)-1))
}

func (p *parser) close(k Kind, at int) {
	d := p.doc
	closer := span.Span{Start: at, End: at + 3}
	if p.pending >= 0 {
		if d.Marks[p.pending].Kind == k {
			m := &d.Marks[p.pending]
			m.flags |= flagClosed | flagMultiParagraph
			m.closeStart, m.end = int32(at), int32(at+3)
			d.addProblem(Problem{
				Code: CodeMarkSpansParagraphs, Span: m.Open(), Mark: p.pending,
				Message: msgSpansParagraphs[m.Kind],
				Related: []Related{{Span: closer, Message: msgClosedLater[m.Kind]}},
			})
			if p.pendingArrow >= 0 && m.arrow < 0 {
				m.arrow = int32(p.pendingArrow)
			}
			p.checkArrow(p.pending)
			p.pending, p.pendingArrow = -1, -1
			p.pendingBares = p.pendingBares[:0]
			return
		}
		p.flushPending()
	}
	if len(p.stack) == 0 {
		d.addProblem(Problem{
			Code: CodeStrayCloser, Span: closer, Mark: -1,
			Message: msgStray[k],
		})
		return
	}
	idx := int(p.stack[len(p.stack)-1])
	p.stack = p.stack[:len(p.stack)-1]
	m := &d.Marks[idx]
	m.flags |= flagClosed
	m.closeStart, m.end = int32(at), int32(at+3)
	if m.Kind != k {
		m.flags |= flagMismatched
		d.addProblem(Problem{
			Code: CodeMismatchedCloser, Span: closer, Mark: idx,
			Message: msgMismatched[k][m.Kind],
			Related: []Related{{Span: m.Open(), Message: msgOpenedHere[m.Kind]}},
		})
	}
	p.checkArrow(idx)
}

// tooDeep reports an opener inside MaxDepth open marks, which is read as
// text: said, so that no opener is ever dropped without a word.
func (p *parser) tooDeep(at int) {
	k := openKind[p.src[at+1]]
	p.doc.addProblem(Problem{
		Code: CodeNestedMark, Span: span.Span{Start: at, End: at + 3}, Mark: -1,
		Message: msgTooDeep[k],
	})
}

// checkArrow reports a substitution closed without an arrow.
func (p *parser) checkArrow(idx int) {
	m := &p.doc.Marks[idx]
	if m.Kind == Substitution && m.arrow < 0 {
		p.doc.addProblem(Problem{
			Code: CodeMissingArrow, Span: m.Span(), Mark: idx,
			Message: "substitution has no ~> between the old and the new text",
		})
	}
}

func (p *parser) arrow(at int) {
	var idx int
	switch {
	case p.pending >= 0:
		// Kept aside: the arrow belongs to the pending substitution only if
		// its closer turns up.
		if p.pendingArrow < 0 && p.doc.Marks[p.pending].Kind == Substitution {
			p.pendingArrow = at
		}
		return
	case len(p.stack) > 0:
		idx = int(p.stack[len(p.stack)-1])
	default:
		return // literal text outside a mark
	}
	m := &p.doc.Marks[idx]
	if m.Kind != Substitution {
		return // "~>" is text inside other marks
	}
	a := span.Span{Start: at, End: at + 2}
	if m.arrow < 0 {
		m.arrow = int32(at)
		return
	}
	p.doc.addProblem(Problem{
		Code: CodeExtraArrow, Span: a, Mark: idx,
		Message: "substitution has more than one ~>; only the first separates old from new text",
		Related: []Related{{Span: m.Arrow(), Message: "the first ~> is here"}},
	})
}

// flushPending settles a pending mark as unclosed at the end of its own
// paragraph, and the bare elisions seen since as ordinary ones.
func (p *parser) flushPending() {
	d := p.doc
	p.unclosed(p.pending, p.pendingEnd)
	for _, s := range p.pendingBares {
		d.Marks = append(d.Marks, bare(s))
	}
	p.pending, p.pendingArrow = -1, -1
	p.pendingBares = p.pendingBares[:0]
}

// unclosed records mark idx as unclosed, ending at end.
func (p *parser) unclosed(idx, end int) {
	m := &p.doc.Marks[idx]
	if end < m.Open().End {
		end = m.Open().End
	}
	m.end, m.closeStart = int32(end), int32(end)
	if m.arrow >= 0 && int(m.arrow)+2 > end {
		// The arrow was read after the place recovery cut the mark: it is
		// not part of it (Old and New must lie within the mark).
		m.arrow = -1
	}
	p.doc.addProblem(Problem{
		Code: CodeUnclosedMark, Span: m.Open(), Mark: idx,
		Message: msgUnclosed[m.Kind],
	})
}

// paragraphEnd settles the marks still open when a paragraph ends at end.
// hard is set when no mark may continue past this point (a code fence, or
// the end of the source).
func (p *parser) paragraphEnd(end int, hard bool) {
	p.litEnd = 0
	p.ticksEnd = 0
	if p.pending >= 0 && hard {
		p.flushPending()
	}
	if len(p.stack) == 0 {
		p.paraFirst = -1
		return
	}
	d := p.doc
	if len(p.stack) == 1 && int(p.stack[0]) == len(d.Marks)-1 && !hard {
		// One mark open, nothing opened inside it: it may be closed in a
		// later paragraph. Decide when the next delimiter shows up.
		p.pending, p.pendingEnd = int(p.stack[0]), end
		m := &d.Marks[p.pending]
		m.end, m.closeStart = int32(end), int32(end)
		p.stack = p.stack[:0]
		return
	}
	// Every mark still open is unclosed. Its extent stops before the first
	// mark opened inside it: those are not nested after all, since nothing
	// they are "inside" was ever closed.
	for _, i32 := range p.stack {
		idx := int(i32)
		stop := end
		if idx+1 < len(d.Marks) && int(d.Marks[idx+1].start) < stop {
			stop = int(d.Marks[idx+1].start)
		}
		p.unclosed(idx, stop)
	}
	p.stack = p.stack[:0]
	p.resolveNesting()
}

// resolveNesting re-parents the marks opened in the paragraph that just
// ended, skipping ancestors that turned out unclosed, and reports the marks
// left nested inside a closed one.
func (p *parser) resolveNesting() {
	d := p.doc
	if p.paraFirst < 0 {
		return
	}
	for i := p.paraFirst; i < len(d.Marks); i++ {
		m := &d.Marks[i]
		for m.parent >= 0 && !d.Marks[m.parent].Closed() {
			m.parent = d.Marks[m.parent].parent
		}
	}
	p.paraFirst = -1
}

// nestedProblems reports every mark nested in another. It runs once after
// the whole parse, when parents are final.
func (d *Document) nestedProblems() {
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.parent < 0 {
			continue
		}
		outer := &d.Marks[m.parent]
		d.addProblem(Problem{
			Code: CodeNestedMark, Span: m.Span(), Mark: i,
			Message: msgNested[m.Kind][outer.Kind],
			Related: []Related{{Span: outer.Open(), Message: msgEnclosing[outer.Kind]}},
		})
	}
}

// bare returns a bare elision covering s.
func bare(s span.Span) Mark {
	return Mark{Kind: BareElision, flags: flagClosed, start: int32(s.Start), end: int32(s.End),
		closeStart: int32(s.End), arrow: -1, parent: -1}
}

// addProblem records p, unless MaxProblems are recorded already: then it
// is only counted, so that a runaway input (millions of unclosed marks)
// cannot make the problem list, and every diagnostic built from it, the
// largest thing in memory.
func (d *Document) addProblem(p Problem) {
	if len(d.Problems) >= MaxProblems {
		if d.Omitted == nil {
			d.Omitted = map[string]int{}
			d.OmittedAt = p.Span.Start
		}
		d.Omitted[p.Code]++
		return
	}
	d.Problems = append(d.Problems, p)
}

// The messages of the problems, one per kind (or pair of kinds), built once:
// a message per problem would cost an allocation each.
var (
	msgUnclosed, msgStray, msgSpansParagraphs, msgClosedLater, msgOpenedHere, msgEnclosing, msgTooDeep [BareElision + 1]string
	msgMismatched, msgNested                                                                           [BareElision + 1][BareElision + 1]string
)

func init() {
	for k := Elision; k <= BareElision; k++ {
		msgUnclosed[k] = k.String() + " " + k.Opener() + " is never closed; add " + k.Closer() + " where it should end"
		msgStray[k] = "closer " + k.Closer() + " has no opening " + k.Opener()
		msgSpansParagraphs[k] = "this " + k.String() + " runs across a blank line; a mark must stay within one paragraph"
		msgClosedLater[k] = "the " + k.String() + " is closed here, in a later paragraph"
		msgOpenedHere[k] = "the " + k.String() + " opened here"
		msgEnclosing[k] = "the enclosing " + k.String() + " opens here"
		msgTooDeep[k] = k.Opener() + " stands inside " + strconv.Itoa(MaxDepth) + " open marks; marks cannot nest, and one this deep is read as text"
		for o := Elision; o <= BareElision; o++ {
			// msgMismatched[closer][opener]
			msgMismatched[k][o] = "closer " + k.Closer() + " does not match the opening " + o.Opener() + "; expected " + o.Closer()
			// msgNested[inner][outer]
			msgNested[k][o] = k.String() + " inside " + article(o) + "; marks cannot nest"
		}
	}
}

func article(k Kind) string {
	switch k {
	case Elision, Addition:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// backtickJoins reports a mark that stands between two backticks. A view
// that drops the mark joins them into one run, which changes which text is
// code (and may turn literal text inside a code span into mark syntax), so
// the views would not read as the article does.
func (d *Document) backtickJoins() {
	src := d.Src
	// runStart is where the run of marks side by side that ends at the
	// current mark starts; runOrig and runClean say whether the view
	// drops every mark of the run (the two views that drop the most).
	runStart, runOrig, runClean, prevEnd, prevParent := -1, false, false, int32(-1), int32(-2)
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.Kind == BareElision || m.Kind == Highlight {
			runStart = -1
			continue
		}
		orig, clean := m.vanishes()
		if runStart >= 0 && m.start == prevEnd && m.parent == prevParent {
			runOrig, runClean = runOrig && orig, runClean && clean
		} else {
			runStart, runOrig, runClean = int(m.start), orig, clean
		}
		prevEnd, prevParent = m.end, m.parent
		if m.start == 0 || int(m.end) >= len(src) || src[m.end] != '`' {
			continue
		}
		// A mark alone between backticks is reported whatever it holds
		// (a view may drop it); a run of marks, where every view of the
		// run keeps some text, is not.
		alone := src[m.start-1] == '`'
		run := runStart > 0 && runStart < int(m.start) && src[runStart-1] == '`' && (runOrig || runClean)
		if alone || run {
			d.addProblem(Problem{
				Code: CodeBacktickJoin, Span: m.Span(), Mark: i,
				Message: "this " + m.Kind.String() + " sits between two backticks, which join into one run where a view drops it; put a space after it",
			})
		}
	}
}

// fencesInViews reports a mark that starts a line (after at most three
// spaces) whose words, in a view that shows them, start with three
// backticks or tildes: that view would open a code block there, which
// swallows the rest of the article (an addition of "``` x" publishes a
// page of code). The article itself reads "{++" there, not a fence.
func (d *Document) fencesInViews() {
	src := d.Src
	for i := range d.Marks {
		m := &d.Marks[i]
		if m.parent >= 0 || m.Kind == BareElision || m.Kind == Note || !m.Closed() || m.Mismatched() {
			continue // a broken mark is reported for that already
		}
		ls := int(m.start)
		for ls > 0 && src[ls-1] == ' ' {
			ls--
		}
		indent := int(m.start) - ls
		if indent > 3 || ls > 0 && src[ls-1] != '\n' {
			continue
		}
		var sides []span.Span
		switch m.Kind {
		case Substitution:
			sides = []span.Span{m.Old(), m.New()}
		default:
			sides = []span.Span{m.Body()}
		}
		for _, side := range sides {
			text := side.Text(src)
			k := 0
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if indent+k <= 3 && len(text)-k >= 3 && (text[k] == '`' || text[k] == '~') && text[k+1] == text[k] && text[k+2] == text[k] {
				d.addProblem(Problem{
					Code: CodeBacktickJoin, Span: m.Span(), Mark: i,
					Message: "this " + m.Kind.String() + " starts a line with " + string(text[k:k+3]) + " in a view that shows its words, which opens a code block there; escape the first character (\\" + string(text[k]) + ") or move the words off the line's start",
				})
				break
			}
		}
	}
}

// vanishes reports whether the original and the clean view drop m whole.
func (m *Mark) vanishes() (orig, clean bool) {
	switch m.Kind {
	case Note:
		return true, true
	case Addition:
		return true, m.Body().Start == m.Body().End
	case Elision:
		return m.Body().Start == m.Body().End, true
	case Substitution:
		return m.Old().Start == m.Old().End, m.New().Start == m.New().End
	}
	return false, false
}
