package view

import (
	"bytes"
	"sort"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Which names one of the three views.
type Which int

// The views. Published is the zero value: it is what a reader sees.
const (
	Published Which = iota
	Original
	Clean
)

var names = [...]string{"published", "original", "clean"}

func (w Which) String() string {
	if w >= 0 && int(w) < len(names) {
		return names[w]
	}
	return "unknown"
}

// ParseWhich returns the view named s ("original", "published", "clean").
func ParseWhich(s string) (Which, bool) {
	for i, n := range names {
		if n == s {
			return Which(i), true
		}
	}
	return 0, false
}

// DefaultElision is what an elision publishes as unless configured.
const DefaultElision = "[...]"

// Options tunes a projection.
type Options struct {
	// ElisionText replaces each elision in the published view; empty means
	// DefaultElision.
	ElisionText string
	// Elide, if set, returns what the elision m publishes as, in place of
	// ElisionText. The HTML renderer uses it to carry the cut words.
	Elide func(m *markup.Mark) string
	// Wrap, if set, returns text to put around what the mark m contributes
	// to the view (an addition's body, a substitution's new side). The
	// HTML renderer uses it to highlight changes. Wrapping text is
	// synthetic: it maps to the edge of the part it wraps.
	Wrap func(m *markup.Mark) (before, after string)
}

// View is one projection of an article with its offset map.
type View struct {
	Which Which
	Text  []byte
	// segs are the pieces of Text in order, each copied from the article or
	// standing for a mark (synthetic, like "[...]"). Article bytes between
	// two segments' sources produced nothing in this view.
	segs []seg
}

// A seg is 24 bytes: a view of an article with a million marks has two
// million of them. Article offsets fit 32 bits (markup.MaxSize); the view's
// own offsets do not have to, since elision text may be longer than a mark.
type seg struct {
	view        int   // Text[view : view+n]
	n           int32 // n ≤ the article's size or one synthetic text
	src, srcEnd int32 // the article bytes it comes from
	synthetic   bool
}

func (s seg) end() int    { return s.view + int(s.n) }
func (s seg) start() int  { return int(s.src) }
func (s seg) stop() int   { return int(s.srcEnd) }
func (s seg) length() int { return int(s.n) }

// toArticle maps the view offset off, at or past the segment's start, to
// the article: past its end to where it stops, inside synthetic text to
// the start of what the text stands for.
func (s *seg) toArticle(off int) int {
	switch {
	case off >= s.end():
		return s.stop()
	case s.synthetic:
		return s.start()
	}
	return s.start() + off - s.view
}

// Build returns view w of document d.
func Build(d *markup.Document, w Which, opts Options) *View {
	if opts.ElisionText == "" {
		opts.ElisionText = DefaultElision
	}
	b := builder{d: d, w: w, opts: opts, v: &View{Which: w}}
	b.v.Text = make([]byte, 0, len(d.Src))
	// A piece of text before each mark and one for the mark: sized once,
	// as growing a slice of millions copies it again and again.
	b.v.segs = make([]seg, 0, 2*len(d.Marks)+1)
	start := 0
	if d.HasFrontMatter {
		// The front matter describes the article; it is no part of any
		// reading of it, and the archived original has none.
		start = d.FrontMatter.Span.End
	}
	b.region(start, len(d.Src), 0, -1)
	if b.tidy {
		b.tidyEnd()
	}
	return b.v
}

type builder struct {
	d    *markup.Document
	w    Which
	opts Options
	v    *View
	// tidy is set when the last mark left nothing in the view: the
	// white space around it is settled by whatever the view shows next,
	// which may lie past the end of an enclosing mark ("{==word {>>n<<}==}."
	// must read "word.") or be the end of the text. It is not settled by
	// the text of a mark that follows: an addition that starts with a
	// space ("{--cut--}{++ new++}") means that space.
	tidy bool
	// depth is how many mark bodies the builder is inside; tidyDepth is
	// the depth at which tidy was set.
	depth, tidyDepth int
}

// region emits the article bytes [start, end) with the marks in it, from
// mark index idx on whose parent is parent, and returns the index of the
// first mark it did not consume.
func (b *builder) region(start, end, idx, parent int) int {
	b.depth++
	defer func() { b.depth-- }()
	marks := b.d.Marks
	pos := start
	for idx < len(marks) && marks[idx].Span().Start < end {
		m := &marks[idx]
		if m.Parent() != parent {
			idx++ // defensive: a descendant the caller did not skip
			continue
		}
		b.copy(pos, m.Span().Start)
		pos = m.Span().End
		before := len(b.v.Text)
		next := idx + 1
		switch m.Kind {
		case markup.BareElision:
			if b.w != Clean {
				b.copy(m.Span().Start, m.Span().End)
			}
		case markup.Elision:
			switch b.w {
			case Original:
				next = b.region(m.Body().Start, m.Body().End, next, idx)
			case Published:
				text := b.opts.ElisionText
				if b.opts.Elide != nil {
					text = b.opts.Elide(m)
				}
				b.synth(text, m.Span().Start, m.Span().End)
			}
		case markup.Addition:
			if b.w != Original {
				next = b.wrapped(m, m.Body(), next, idx)
			}
		case markup.Highlight:
			next = b.region(m.Body().Start, m.Body().End, next, idx)
		case markup.Substitution:
			old, nw := m.Old(), m.New()
			if b.w == Original {
				next = b.region(old.Start, old.End, next, idx)
			} else {
				next = skipWithin(marks, next, old.End)
				next = b.wrapped(m, nw, next, idx)
			}
		}
		next = skipWithin(marks, next, m.Span().End)
		// A mark that left nothing (a note, a cut in the clean view, an
		// empty side) must not leave its surrounding spaces doubled.
		if len(b.v.Text) == before && !b.tidy {
			b.tidy, b.tidyDepth = true, b.depth
		}
		idx = next
	}
	b.copy(pos, end)
	return idx
}

// wrapped emits the part s of mark m, between the texts Options.Wrap gives.
func (b *builder) wrapped(m *markup.Mark, s span.Span, next, idx int) int {
	if b.opts.Wrap == nil {
		return b.region(s.Start, s.End, next, idx)
	}
	before, after := b.opts.Wrap(m)
	b.synth(before, s.Start, s.Start)
	next = b.region(s.Start, s.End, next, idx)
	b.synth(after, s.End, s.End)
	return next
}

// skipWithin returns the first index from idx on of a mark starting at or
// after end: the descendants of a mark whose text was not emitted.
func skipWithin(marks []markup.Mark, idx, end int) int {
	for idx < len(marks) && marks[idx].Span().Start < end {
		idx++
	}
	return idx
}

// collapse tidies the white space around marks that produced nothing,
// now that the next article bytes to copy are known to start at pos, and
// returns where copying resumes.
func (b *builder) collapse(pos int) int {
	b.tidy = false
	next := b.d.Src[pos]
	text := b.v.Text
	atLineStart := len(text) == 0 || text[len(text)-1] == '\n'
	prevSpace := len(text) > 0 && (text[len(text)-1] == ' ' || text[len(text)-1] == '\t')
	switch {
	case (atLineStart || prevSpace) && (next == ' ' || next == '\t'):
		return pos + 1
	case prevSpace && isCloser(next):
		b.trimLast()
	}
	return pos
}

// tidyEnd drops a space left at the end of the text by a mark that
// produced nothing there.
func (b *builder) tidyEnd() {
	b.tidy = false
	text := b.v.Text
	if len(text) > 0 && (text[len(text)-1] == ' ' || text[len(text)-1] == '\t') {
		b.trimLast()
	}
}

func isCloser(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', ')', '\n', '\r':
		return true
	}
	return false
}

// trimLast drops the view's last byte, which a copy segment produced.
func (b *builder) trimLast() {
	v := b.v
	last := &v.segs[len(v.segs)-1]
	if last.synthetic {
		return
	}
	v.Text = v.Text[:len(v.Text)-1]
	last.n--
	last.srcEnd--
	if last.n == 0 {
		v.segs = v.segs[:len(v.segs)-1]
	}
}

func (b *builder) copy(start, end int) {
	if end <= start {
		return
	}
	if b.tidy {
		if b.depth > b.tidyDepth {
			b.tidy = false // the text of a later mark: kept as written
		} else if start = b.collapse(start); start >= end {
			return
		}
	}
	v := b.v
	if k := len(v.segs); k > 0 {
		last := &v.segs[k-1]
		if !last.synthetic && last.stop() == start && last.end() == len(v.Text) {
			v.Text = append(v.Text, b.d.Src[start:end]...)
			last.n += int32(end - start)
			last.srcEnd = int32(end)
			return
		}
	}
	b.guard(b.d.Src[start:end], start)
	v.segs = append(v.segs, seg{view: len(v.Text), n: int32(end - start), src: int32(start), srcEnd: int32(end)})
	v.Text = append(v.Text, b.d.Src[start:end]...)
}

// guard keeps a junction from forming mark syntax that the article does not
// have: "{" before a removed note followed by "--x" must not read "{--x" in
// the view. It escapes the next piece's first byte with a backslash, which
// Markdown renders as the byte itself, so the view reads the same.
func (b *builder) guard(next []byte, at int) {
	b.guardBracket(next)
	b.guardFence(next, at)
	text := b.v.Text
	if len(text) == 0 || len(next) == 0 || !delimByte[next[0]] || !delimByte[text[len(text)-1]] {
		return
	}
	var win [4]byte
	t := text[max(0, len(text)-2):]
	w := append(append(win[:0], t...), next[:min(2, len(next))]...)
	j := len(t) // the junction: w[:j] is in the view, w[j:] is coming
	backslashes := 0
	for k := len(text) - 1; k >= 0 && text[k] == '\\'; k-- {
		backslashes++
	}
	if backslashes%2 == 1 {
		return // the view's last byte is escaping the next one already
	}
	for _, d := range delimiters {
		for i := max(0, j-len(d)+1); i < j && i+len(d) <= len(w); i++ {
			if string(w[i:i+len(d)]) == d {
				v := b.v
				v.segs = append(v.segs, seg{view: len(v.Text), n: 1, src: int32(at), srcEnd: int32(at), synthetic: true})
				v.Text = append(v.Text, '\\')
				return
			}
		}
	}
}

// guardBracket keeps a junction from spelling a bare elision that the
// article does not have: "x [..[...].] y" without its bare elision reads
// "[...]" in the clean view. It escapes the junction's opening bracket
// ("\\[...]"), which Markdown shows as the bracket itself; the bracket is
// already in the view, and the next piece may start with "…", which no
// backslash escapes.
func (b *builder) guardBracket(next []byte) {
	text := b.v.Text
	if len(text) == 0 || len(next) == 0 {
		return
	}
	const most = len("[…]") - 1 // the longest part of a pattern on one side
	t := text[max(0, len(text)-most):]
	if bytes.IndexByte(t, '[') < 0 {
		return
	}
	var win [2 * most]byte
	w := append(append(win[:0], t...), next[:min(most, len(next))]...)
	j := len(t)
	for _, p := range bareElisions {
		for i := max(0, j-len(p)+1); i < j && i+len(p) <= len(w); i++ {
			if string(w[i:i+len(p)]) == p {
				b.escapeAt(len(text) - (j - i))
				return
			}
		}
	}
}

var bareElisions = []string{"[...]", "[…]"}

// guardFence keeps a junction from opening a code fence the article does
// not have: "{~~x~>~~}~~~" puts "~~~" at the start of a line in the
// original view, which Markdown reads as a fence running to the end of the
// text. It escapes the first character of the run ("\~~~"), which Markdown
// shows as itself. Only a line that starts with at most three spaces and
// two of the fence character can become one, so it looks back no further.
func (b *builder) guardFence(next []byte, at int) {
	if len(next) == 0 || (next[0] != '`' && next[0] != '~') {
		return
	}
	c := next[0]
	if lineRun(b.d.Src[:at], c) >= 0 {
		return // the article's own line starts so: no junction made it
	}
	text := b.v.Text
	run := lineRun(text, c)
	if run < 0 {
		return
	}
	k := 0
	for k < len(next) && next[k] == c {
		k++
	}
	if run+k < 3 {
		return
	}
	if run > 0 {
		b.escapeAt(len(text) - run)
		return
	}
	v := b.v
	v.segs = append(v.segs, seg{view: len(v.Text), n: 1, src: int32(at), srcEnd: int32(at), synthetic: true})
	v.Text = append(v.Text, '\\')
}

// lineRun returns how many c end b, when the last line of b holds only at
// most three spaces and at most two c (a fence in the making), or -1.
func lineRun(b []byte, c byte) int {
	run, spaces := 0, 0
	for i := len(b) - 1; ; i-- {
		switch {
		case i < 0 || b[i] == '\n':
			return run
		case b[i] == c && spaces == 0 && run < 2:
			run++
		case b[i] == ' ' && spaces < 3:
			spaces++
		default:
			return -1
		}
	}
}

// escapeAt puts a backslash into the view text before offset q, which lies
// in the last few bytes of the text, splitting the segment that holds q.
func (b *builder) escapeAt(q int) {
	v := b.v
	if q > 0 && v.Text[q-1] == '\\' {
		return // already escaped (an odd run would have escaped it in the article)
	}
	k := len(v.segs) - 1
	for k > 0 && v.segs[k].view > q {
		k--
	}
	s := v.segs[k]
	if s.synthetic && s.view != q {
		return // bluepencil's own text: never part of the article's brackets
	}
	at := s.src + int32(q-s.view) // the article offset of the bracket
	if s.synthetic {
		at = s.src
	}
	var inserted []seg
	if s.view < q {
		head := s
		head.n, head.srcEnd = int32(q-s.view), at
		inserted = append(inserted, head)
		s.n, s.src = s.n-head.n, at
	}
	s.view = q + 1
	inserted = append(inserted, seg{view: q, n: 1, src: at, srcEnd: at, synthetic: true}, s)
	rest := v.segs[k+1:]
	for i := range rest {
		rest[i].view++
	}
	v.segs = append(append(v.segs[:k:k], inserted...), rest...)
	v.Text = append(v.Text, 0)
	copy(v.Text[q+1:], v.Text[q:])
	v.Text[q] = '\\'
}

// delimByte marks the bytes that make up delimiters; a junction between two
// others cannot form one.
var delimByte = [256]bool{'{': true, '}': true, '-': true, '+': true, '~': true, '>': true, '<': true, '=': true}

var delimiters = []string{"{--", "{++", "{~~", "{>>", "{==", "--}", "++}", "~~}", "<<}", "==}", "~>"}

func (b *builder) synth(text string, start, end int) {
	if text == "" && start == end {
		return
	}
	b.tidy = false
	v := b.v
	b.guard([]byte(text), start)
	v.segs = append(v.segs, seg{view: len(v.Text), n: int32(len(text)), src: int32(start), srcEnd: int32(end), synthetic: true})
	v.Text = append(v.Text, text...)
}

// ToArticle maps an offset in the view to an offset in the article. An
// offset inside synthetic text (such as "[...]") maps to the start of the
// mark it stands for.
func (v *View) ToArticle(off int) int {
	if off <= 0 {
		if len(v.segs) > 0 && off == 0 && v.segs[0].view == 0 {
			return v.segs[0].start()
		}
		return 0
	}
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].view > off }) - 1
	if i < 0 {
		return 0
	}
	return v.segs[i].toArticle(off)
}

// ToView maps an offset in the article to an offset in the view. Article
// bytes that the view dropped (a cut in the clean view, a note) map to the
// place in the view where they would have been; bytes of a mark shown as
// synthetic text map to the start of that text.
func (v *View) ToView(off int) int {
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].start() > off }) - 1
	if i < 0 {
		return 0
	}
	s := v.segs[i]
	switch {
	case off >= s.stop():
		return s.end()
	case s.synthetic:
		return s.view
	}
	return s.view + off - s.start()
}

// Segment is one piece of a view, for callers that walk the whole map
// (the fidelity check and the HTML renderer).
type Segment struct {
	View      int // offset of the piece in the view text
	Len       int // its length in the view
	Start     int // the article bytes it comes from, [Start, End)
	End       int
	Synthetic bool // the piece is text the view made up, like "[...]"
}

// Segments returns the view's pieces in order.
func (v *View) Segments() []Segment {
	out := make([]Segment, len(v.segs))
	for i, s := range v.segs {
		out[i] = Segment{View: s.view, Len: s.length(), Start: s.start(), End: s.stop(), Synthetic: s.synthetic}
	}
	return out
}
