package render

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// The marks travel through goldmark as sentinels: a NUL byte and a letter
// naming what stands there. CommonMark reads every NUL of a document as
// U+FFFD, so no article can mean one; Page replaces the article's own NULs
// before it builds the view, and from then on every NUL is one of ours. The
// letter keeps the sentinel inside a run of text: goldmark starts inline
// syntax only at punctuation and spaces. What a sentinel stands for lives in
// a side table keyed by its offset, so article text can neither forge nor
// alter it.
const (
	sentinel  = 0
	kindCut   = 'E' // "\x00E": an elision, published as the elision text
	kindBare  = 'B' // "\x00BBBB": a bare "[...]", same length as the text
	kindBareU = 'U' // "\x00UUUU": a bare "[…]", same length as the text
	bareLen   = 5   // len("[...]") == len("[…]")
)

// maxSource bounds the article: offsets are kept in 32 bits to halve the
// side tables.
const maxSource = 1 << 30

var errTooLarge = errors.New("article too large to render (over 1 GiB)")

// token is one sentinel: where it stands in the buffer and the index in
// Document.Marks of the mark it stands for.
type token struct {
	off, mark int32
}

// cuts are the elisions in the order the view asked for them: the mark
// of each sentinel and, for the rare cut across paragraphs, published as
// one sentinel a paragraph so that each paragraph shows where its words
// went, the paragraph's share of the body, by sentinel number.
type cuts struct {
	marks []int32
	parts map[int]span.Span
}

// region is the part of the buffer an addition or a substitution's new side
// covers; the text inside it is published highlighted.
type region struct {
	start, end, mark int32
}

// change says that from offset off on, the innermost region is region
// (an index into prepared.regions, or -1 for none).
type change struct {
	off, region int32
}

// prepared is a view ready for goldmark: Markdown with sentinels, and the
// tables that say what each sentinel and region stands for.
type prepared struct {
	d       *markup.Document
	elision string
	buf     []byte
	tokens  []token             // by offset
	parts   map[int32]span.Span // the body part of each cut split by paragraphs, by token offset
	regions []region            // by start; nested ones follow their parent
	changes []change            // by offset
}

// prepare projects view which of d for HTML rendering.
func prepare(d *markup.Document, which view.Which, elision string) (*prepared, error) {
	if len(d.Src) > maxSource {
		return nil, errTooLarge
	}
	if bytes.IndexByte(d.Src, sentinel) >= 0 {
		// Rare and hostile: parse a copy without NULs rather than tell
		// the article's NULs from ours in every later step.
		d = markup.Parse(bytes.ReplaceAll(d.Src, []byte{sentinel}, []byte("\uFFFD")))
	}
	p := &prepared{d: d, elision: elision}
	if which != view.Published {
		p.buf = view.Build(d, which, view.Options{}).Text
		return p, nil
	}
	var cs cuts
	var wraps []int32
	opts := view.Options{
		ElisionText: elision,
		Elide: func(m *markup.Mark) string {
			return p.elide(p.index(m), m, &cs)
		},
		// Wrapping text would be view segments, one or two per change;
		// the regions are found from the map instead.
		Wrap: func(m *markup.Mark) (string, string) {
			i := p.index(m)
			if m.Kind == markup.Substitution && blank(m.New().Text(d.Src)) {
				// {~~old~>~~} cuts its words: published as a cut, so
				// that a reader can still reveal them.
				cs.marks = append(cs.marks, i)
				return cutSentinel, ""
			}
			wraps = append(wraps, i)
			return "", ""
		},
	}
	v := view.Build(d, view.Published, opts)
	p.buf = v.Text
	bares := p.markBare(v)
	p.collectTokens(&cs, bares)
	p.collectRegions(v, wraps)
	return p, nil
}

var cutSentinel = string([]byte{sentinel, kindCut})

// blank reports whether b holds nothing but white space.
func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// cutWords returns the span of mark m whose words a cut publishes: a
// cut's body, or the old side of a substitution whose new side is blank.
func cutWords(m *markup.Mark) span.Span {
	if m.Kind == markup.Substitution {
		return m.Old()
	}
	return m.Body()
}

// isChange reports whether a highlight of mark m is a change, revealing
// the words it replaced, rather than an addition: a substitution with old
// words, since {~~~>new~~} replaces nothing.
func isChange(m *markup.Mark, src []byte) bool {
	return m.Kind == markup.Substitution && !blank(m.Old().Text(src))
}

// elide returns what elision i publishes as, and records its sentinels in
// cuts: one sentinel, or, for a cut across paragraphs, one for each
// paragraph of the cut, with the blank lines between and the indentation
// of each paragraph, which may continue a list item.
func (p *prepared) elide(i int32, m *markup.Mark, cs *cuts) string {
	if !m.MultiParagraph() {
		cs.marks = append(cs.marks, i)
		return cutSentinel
	}
	if cs.parts == nil {
		cs.parts = map[int]span.Span{}
	}
	part := func(s span.Span) {
		cs.parts[len(cs.marks)] = s
		cs.marks = append(cs.marks, i)
	}
	src := p.d.Src
	var out strings.Builder
	start := -1 // of the paragraph being read
	for at := m.Body().Start; at < m.Body().End; {
		end := m.Body().End
		if nl := bytes.IndexByte(src[at:end], '\n'); nl >= 0 {
			end = at + nl + 1
		}
		line := src[at:end]
		switch {
		case isBlank(line) && start >= 0:
			part(span.Span{Start: start, End: at})
			out.WriteString("\n\n")
			start = -1
		case !isBlank(line) && start < 0:
			if at > m.Body().Start {
				out.Write(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
			}
			out.WriteString(cutSentinel)
			start = at
		}
		at = end
	}
	if start >= 0 {
		part(span.Span{Start: start, End: m.Body().End})
	}
	return out.String()
}

// index returns the index of mark m in the document: marks are ordered by
// start and no two start at the same byte.
func (p *prepared) index(m *markup.Mark) int32 {
	marks := p.d.Marks
	i := sort.Search(len(marks), func(i int) bool { return marks[i].Span().Start >= m.Span().Start })
	if i < len(marks) && &marks[i] == m {
		return int32(i)
	}
	return int32(slices.IndexFunc(marks, func(k markup.Mark) bool { return k.Span() == m.Span() }))
}

// markBare turns each bare elision the published text shows into a
// sentinel of the same length, so that goldmark does not read its brackets
// as link syntax, and returns the marks it turned, in order.
func (p *prepared) markBare(v *view.View) []int32 {
	var out []int32
	for i := range p.d.Marks {
		m := &p.d.Marks[i]
		if m.Kind != markup.BareElision {
			continue
		}
		at := v.ToView(m.Span().Start)
		text := m.Span().Text(p.d.Src)
		if len(text) != bareLen || at+bareLen > len(p.buf) || !bytes.Equal(p.buf[at:at+bareLen], text) {
			continue
		}
		kind := byte(kindBare)
		if text[1] != '.' {
			kind = kindBareU
		}
		b := p.buf[at : at+bareLen]
		b[0] = sentinel
		for j := 1; j < bareLen; j++ {
			b[j] = kind
		}
		out = append(out, int32(i))
	}
	return out
}

// collectTokens finds every sentinel of the buffer, in order, and pairs it
// with its mark: cuts in the order the view asked for them, which is text
// order, and bare elisions in the order markBare turned them.
func (p *prepared) collectTokens(cs *cuts, bares []int32) {
	// Bare elisions were found by mark order; text order is what counts.
	slices.SortFunc(bares, func(a, b int32) int {
		return p.d.Marks[a].Span().Start - p.d.Marks[b].Span().Start
	})
	p.tokens = make([]token, 0, len(cs.marks)+len(bares))
	n := 0 // cuts seen
	buf := p.buf
	for i := 0; i < len(buf); i++ {
		if buf[i] != sentinel || i+1 >= len(buf) {
			continue
		}
		var mark int32
		at := i
		switch {
		case buf[i+1] == kindCut && n < len(cs.marks):
			mark = cs.marks[n]
			if part, ok := cs.parts[n]; ok {
				if p.parts == nil {
					p.parts = map[int32]span.Span{}
				}
				p.parts[int32(at)] = part
			}
			n++
			i++
		case buf[i+1] != kindCut && len(bares) > 0:
			mark, bares = bares[0], bares[1:]
			i += bareLen - 1
		default:
			continue // cannot happen: every NUL is a sentinel
		}
		p.tokens = append(p.tokens, token{off: int32(at), mark: mark})
	}
}

// tokenLen returns how many bytes the sentinel at off covers.
func (p *prepared) tokenLen(off int32) int32 {
	if p.buf[off+1] == kindCut {
		return 2
	}
	return bareLen
}

// collectRegions maps each wrapped part to the buffer and records where
// the innermost region changes. Wrapped parts nest as the marks do, and
// the view's map keeps order, so the regions come out by start, parents
// first, and properly nested.
func (p *prepared) collectRegions(v *view.View, wraps []int32) {
	p.regions = make([]region, 0, len(wraps))
	for _, i := range wraps {
		m := &p.d.Marks[i]
		s := m.New()
		p.regions = append(p.regions, region{start: int32(v.ToView(s.Start)), end: int32(v.ToView(s.End)), mark: i})
	}
	var stack []int32
	pop := func(upTo int32) {
		for len(stack) > 0 && p.regions[stack[len(stack)-1]].end <= upTo {
			end := p.regions[stack[len(stack)-1]].end
			stack = stack[:len(stack)-1]
			p.setChange(end, top(stack))
		}
	}
	for i, r := range p.regions {
		pop(r.start)
		stack = append(stack, int32(i))
		p.setChange(r.start, int32(i))
	}
	pop(int32(len(p.buf)))
}

func top(stack []int32) int32 {
	if len(stack) == 0 {
		return -1
	}
	return stack[len(stack)-1]
}

// setChange records that region r is innermost from off on; a later change
// at the same offset replaces an earlier one (an empty region).
func (p *prepared) setChange(off, r int32) {
	if k := len(p.changes); k > 0 && p.changes[k-1].off == off {
		p.changes[k-1].region = r
		return
	}
	p.changes = append(p.changes, change{off: off, region: r})
}

// regionAt returns the innermost region at offset off, or -1, and the
// index of the first change after off.
func (p *prepared) regionAt(off int) (int32, int) {
	i := sort.Search(len(p.changes), func(i int) bool { return int(p.changes[i].off) > off })
	if i == 0 {
		return -1, 0
	}
	return p.changes[i-1].region, i
}

// firstToken returns the index of the first sentinel that ends after off.
func (p *prepared) firstToken(off int) int {
	i := sort.Search(len(p.tokens), func(i int) bool { return int(p.tokens[i].off) > off })
	if i > 0 && int(p.tokens[i-1].off+p.tokenLen(p.tokens[i-1].off)) > off {
		i--
	}
	return i
}

// safeCut returns an offset at most a few bytes before at where the buffer
// may be cut: not inside a sentinel or a UTF-8 sequence; end if at is past
// it.
func (p *prepared) safeCut(at, end int) int {
	if at >= end {
		return end
	}
	if i := p.firstToken(at); i < len(p.tokens) && int(p.tokens[i].off) < at {
		at = int(p.tokens[i].off)
	}
	for k := 0; k < 3 && at > 0 && p.buf[at]&0xC0 == 0x80; k++ {
		at--
	}
	return at
}

// original returns the words of span s, part of mark i, as the original
// had them: nested marks resolved as the original view resolves them, so
// that a cut reads "very fierce" for {--very {++odd++} fierce--}. The
// parts asked for are disjoint (the view never asks inside a cut or an old
// side), so the work over a whole page is linear.
func (p *prepared) original(i int32, s span.Span) []byte {
	d := p.d
	j := int(i) + 1
	end := j
	for end < len(d.Marks) && d.Marks[end].Span().Start < s.End {
		end++
	}
	for j < end && d.Marks[j].Span().Start < s.Start {
		j++ // marks of the other side of a substitution
	}
	if j == end {
		return bytes.TrimSpace(s.Text(d.Src))
	}
	for k := j; k < end; k++ {
		if d.Marks[k].Span().End > s.End {
			return bytes.TrimSpace(s.Text(d.Src)) // not nested as marks should be
		}
	}
	sub := d.Slice(s, j, end)
	return bytes.TrimSpace(view.Build(sub, view.Original, view.Options{}).Text)
}
