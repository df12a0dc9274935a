package diffgen

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
	"github.com/bluepencil/bluepencil/internal/view"
)

// maxJoins bounds how many times in a row a change that cannot be written
// alone is joined with a neighbour before Generate gives up, which keeps
// hopeless texts from taking quadratic time.
const maxJoins = 8

// Error is returned when a change, or the text around it, cannot be
// written as an article whose views give ORIGINAL and EDITED back exactly.
type Error struct {
	// Line is the 1-based line of ORIGINAL where the trouble is, or 0.
	Line int
	// Reason explains what could not be expressed.
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d of the original: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// Generate returns an article, without front matter, whose marks turn
// original into edited: its original view is original and its published
// view is edited, byte for byte, and rules.Check finds no error in it. A
// bare "[...]" in edited that stands where original has words is read as an
// elision of those words and written {--those words--}; other removed words
// are written {~~words~>~~}, added ones {++words++} and replaced ones
// {~~old~>new~~} (a "[…]" among them, since an elision publishes as
// "[...]"). A change that crosses a blank line is written as several marks,
// none holding a blank line. When no article can reproduce both texts
// exactly (see the package documentation), Generate returns an *Error.
func Generate(original, edited []byte) ([]byte, error) {
	segs, err := diffSegments(original, edited)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(edited)+len(edited)/8+64)
	origPos := 0 // bytes of original consumed, for error lines
	var L []byte
	i := 0
	if len(segs) > 0 && !segs[0].change {
		L = segs[0].eq
		i = 1
	}
	// placed records each change written, so that a change that cannot be
	// written alone can be joined with the one before it.
	type placed struct {
		outLen, i, origPos int
		L                  []byte
	}
	var stack []placed
	joins := 0
	for i < len(segs) {
		c := segs[i]
		var R []byte
		hasNext := false
		if i+1 < len(segs) {
			R = segs[i+1].eq
			hasNext = i+2 < len(segs)
		}
		keep, marks, rest, ok := place(L, c.del, c.ins, R, len(stack) > 0, hasNext)
		if !ok {
			// Join the change with its neighbour and the equal text
			// between them, and try again, unless it has grown so large
			// that the text is hopeless.
			joins++
			switch {
			case joins > maxJoins:
			case hasNext:
				segs[i] = join(segs[i], segs[i+1].eq, segs[i+2])
				segs = append(segs[:i+1], segs[i+3:]...)
				continue
			case len(stack) > 0:
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				out = out[:p.outLen]
				segs[p.i] = join(segs[p.i], segs[p.i+1].eq, segs[i])
				segs = append(segs[:p.i+1], segs[i+1:]...)
				i, L, origPos = p.i, p.L, p.origPos
				continue
			}
			line := 1 + bytes.Count(original[:min(len(original), origPos+len(L))], []byte("\n"))
			return nil, &Error{Line: line, Reason: fmt.Sprintf("cannot mark the change of %q to %q so that both views reproduce the texts", clip(c.del), clip(c.ins))}
		}
		joins = 0
		stack = append(stack, placed{outLen: len(out), i: i, origPos: origPos, L: L})
		out = append(out, keep...)
		out = append(out, marks...)
		origPos += len(L) + len(c.del) + len(R) - len(rest)
		L = rest
		i += 2
	}
	out = append(out, L...)
	if err := verify(out, original, edited); err != nil {
		return nil, err
	}
	return out, nil
}

func clip(b []byte) string {
	if len(b) > 40 {
		n := 40
		for n > 0 && !utf8.RuneStart(b[n]) {
			n--
		}
		return string(b[:n]) + "…"
	}
	return string(b)
}

// verify checks the whole article: no error diagnostic, and both views
// exactly the inputs.
func verify(article, original, edited []byte) error {
	d := markup.Parse(article)
	for _, dg := range rules.Check(d, rules.Options{}) {
		if dg.Severity == rules.Error {
			return &Error{Reason: fmt.Sprintf("the text reads as mark syntax (%s: %s) near %q", dg.Code, dg.Message, clip(article[dg.Span.Start:]))}
		}
	}
	if d.HasFrontMatter {
		return &Error{Line: 1, Reason: "the text starts with a block that reads as front matter"}
	}
	for _, w := range []struct {
		which view.Which
		want  []byte
		name  string
	}{{view.Original, original, "original"}, {view.Published, edited, "edited"}} {
		got := view.Build(d, w.which, view.Options{}).Text
		if !bytes.Equal(got, w.want) {
			k := 0
			for k < len(got) && k < len(w.want) && got[k] == w.want[k] {
				k++
			}
			line := 1 + bytes.Count(w.want[:k], []byte("\n"))
			return &Error{Reason: fmt.Sprintf("line %d of the %s text cannot be reproduced exactly: the article's %s view reads %q there", line, w.name, w.which, clip(got[k:]))}
		}
	}
	return nil
}

// join returns the change from a, equal text gap, then b, as one change.
func join(a segment, gap []byte, b segment) segment {
	return segment{change: true, del: concat(a.del, gap, b.del), ins: concat(a.ins, gap, b.ins)}
}

// segment is a piece of the alignment: equal text, or a change from del to
// ins. Segments alternate, changes are never empty.
type segment struct {
	change   bool
	eq       []byte
	del, ins []byte
}

// diffSegments aligns the two texts token by token and returns alternating
// equal and change segments (the first may be either).
func diffSegments(original, edited []byte) ([]segment, error) {
	ot, et := tokenize(original), tokenize(edited)
	ids := map[string]uint32{}
	seq := func(src []byte, toks []int) []uint32 {
		s := make([]uint32, len(toks)-1)
		for k := range s {
			w := src[toks[k]:toks[k+1]]
			id, ok := ids[string(w)]
			if !ok {
				id = uint32(len(ids))
				ids[string(w)] = id
			}
			s[k] = id
		}
		return s
	}
	or, er := seq(original, ot), seq(edited, et)

	var segs []segment
	oi, ei := 0, 0
	add := func(change bool, eq, del, ins []byte) {
		if n := len(segs); n > 0 && segs[n-1].change == change {
			last := &segs[n-1]
			last.eq = append(last.eq, eq...)
			last.del = append(last.del, del...)
			last.ins = append(last.ins, ins...)
			return
		}
		segs = append(segs, segment{change: change, eq: append([]byte(nil), eq...), del: append([]byte(nil), del...), ins: append([]byte(nil), ins...)})
	}
	for _, op := range tokdiff.Diff(or, er) {
		n := op.N
		switch op.Kind {
		case tokdiff.Equal:
			add(false, original[ot[oi]:ot[oi+n]], nil, nil)
			oi += n
			ei += n
		case tokdiff.Delete:
			add(true, nil, original[ot[oi]:ot[oi+n]], nil)
			oi += n
		case tokdiff.Insert:
			add(true, nil, nil, edited[et[ei]:et[ei+n]])
			ei += n
		}
	}
	if oi != len(ot)-1 || ei != len(et)-1 {
		return nil, &Error{Reason: "internal error: the diff does not cover both texts"}
	}
	return trimSpaces(mergeChanges(segs)), nil
}

// trimSpaces moves white space that both sides of a change start or end
// with out of the change, into the equal text around it: a blank line that
// a text keeps then stays out of the marks.
func trimSpaces(segs []segment) []segment {
	out := make([]segment, 0, len(segs)+2)
	for k := 0; k < len(segs); k++ {
		s := segs[k]
		if !s.change {
			if n := len(out); n > 0 && !out[n-1].change {
				out[n-1].eq = append(out[n-1].eq, s.eq...)
				continue
			}
			out = append(out, s)
			continue
		}
		p := 0
		for p < len(s.del) && p < len(s.ins) && s.del[p] == s.ins[p] && isSpaceByte(s.del[p]) {
			p++
		}
		q := 0
		for q < len(s.del)-p && q < len(s.ins)-p && s.del[len(s.del)-1-q] == s.ins[len(s.ins)-1-q] && isSpaceByte(s.ins[len(s.ins)-1-q]) {
			q++
		}
		if p > 0 {
			if n := len(out); n > 0 && !out[n-1].change {
				out[n-1].eq = append(out[n-1].eq, s.del[:p]...)
			} else {
				out = append(out, segment{eq: s.del[:p]})
			}
		}
		out = append(out, segment{change: true, del: s.del[p : len(s.del)-q], ins: s.ins[p : len(s.ins)-q]})
		if q > 0 {
			// The next segment, if any, is equal text: put these bytes
			// before it.
			tail := append([]byte(nil), s.del[len(s.del)-q:]...)
			if k+1 < len(segs) {
				segs[k+1].eq = append(tail, segs[k+1].eq...)
			} else {
				out = append(out, segment{eq: tail})
			}
		}
	}
	return out
}

// mergeChanges joins two changes separated only by spaces or tabs, so that
// "{~~a~>b~~} {~~c~>d~~}" reads "{~~a c~>b d~~}". Elisions are kept apart:
// they publish as a marker of their own.
func mergeChanges(segs []segment) []segment {
	out := segs[:0:0]
	for k := 0; k < len(segs); k++ {
		s := segs[k]
		if s.change && len(out) >= 2 && out[len(out)-1].change == false && out[len(out)-2].change &&
			isHSpace(out[len(out)-1].eq) && !isMarker(s.ins) && !isMarker(out[len(out)-2].ins) {
			gap := out[len(out)-1].eq
			prev := &out[len(out)-2]
			prev.del = append(append(prev.del, gap...), s.del...)
			prev.ins = append(append(prev.ins, gap...), s.ins...)
			out = out[:len(out)-1]
			continue
		}
		out = append(out, s)
	}
	return out
}

func isHSpace(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func isMarker(b []byte) bool {
	return string(b) == "[...]" || string(b) == "[…]"
}

func isSpaceByte(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize returns the token boundaries of b: offsets starting at 0 and
// ending at len(b). Tokens are runs of white space, words (letters, digits
// and combining marks), the markers "[...]" and "[…]", and single other
// characters (an invalid byte is a character of its own).
func tokenize(b []byte) []int {
	bounds := make([]int, 1, len(b)/3+2)
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case isSpaceByte(c):
			for i < len(b) && isSpaceByte(b[i]) {
				i++
			}
		case c == '[' && bytes.HasPrefix(b[i:], []byte("[...]")):
			i += len("[...]")
		case c == '[' && bytes.HasPrefix(b[i:], []byte("[…]")):
			i += len("[…]")
		default:
			r, n := utf8.DecodeRune(b[i:])
			i += n
			if r != utf8.RuneError && isWordRune(r) {
				for i < len(b) {
					r, n := utf8.DecodeRune(b[i:])
					if r == utf8.RuneError || !isWordRune(r) {
						break
					}
					i += n
				}
			}
		}
		bounds = append(bounds, i)
	}
	return bounds
}
