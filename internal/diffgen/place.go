package diffgen

import (
	"bytes"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// maxSlide bounds how far a one-sided change is slid along equal text
// looking for a place where the views keep every space.
const maxSlide = 16

// context is how much equal text around a change the local check parses.
const context = 48

// place writes the change from del to ins, which stands between the equal
// texts L and R. It returns the part of L to copy before the marks, the
// marks, and what is left of R for the next change. hasPrev and hasNext
// say whether other changes come before L and after R: those keep at least
// one byte of equal text between them and this one.
func place(L, del, ins, R []byte, hasPrev, hasNext bool) (keep, marks, rest []byte, ok bool) {
	// The first pass looks for a place where the change fits one mark
	// without a blank line; the second allows marks cut at blank lines.
	for _, split := range []bool{false, true} {
		if keep, marks, rest, ok = place1(L, del, ins, R, hasPrev, hasNext, split); ok {
			return
		}
	}
	return nil, nil, nil, false
}

func place1(L, del, ins, R []byte, hasPrev, hasNext, split bool) (keep, marks, rest []byte, ok bool) {
	try := func(keep, del, ins, rest []byte) bool {
		if (hasPrev && len(keep) == 0) || (hasNext && len(rest) == 0) {
			return false
		}
		if !split && (hasBlankLine(del) || hasBlankLine(ins)) {
			return false
		}
		m, good := render(del, ins)
		if !good || !localCheck(keep, m, rest, del, ins) {
			return false
		}
		marks = m
		return true
	}
	if try(L, del, ins, R) {
		return L, marks, R, true
	}
	// A one-sided change may slide along equal text that repeats it.
	if len(del) == 0 || len(ins) == 0 {
		body := del
		if len(body) == 0 {
			body = ins
		}
		side := func(b []byte) (d, i []byte) {
			if len(del) == 0 {
				return nil, b
			}
			return b, nil
		}
		for k := 1; k <= maxSlide && k <= len(L) && k <= len(body); k++ {
			if !bytes.Equal(L[len(L)-k:], body[len(body)-k:]) {
				break
			}
			if !utf8.RuneStart(body[len(body)-k]) {
				continue
			}
			nb := append(append([]byte(nil), L[len(L)-k:]...), body[:len(body)-k]...)
			nr := append(append([]byte(nil), body[len(body)-k:]...), R...)
			d, i := side(nb)
			if try(L[:len(L)-k], d, i, nr) {
				return L[:len(L)-k], marks, nr, true
			}
		}
		for k := 1; k <= maxSlide && k <= len(R) && k <= len(body); k++ {
			if !bytes.Equal(R[:k], body[:k]) {
				break
			}
			if k < len(body) && !utf8.RuneStart(body[k]) {
				continue
			}
			nb := append(append([]byte(nil), body[k:]...), R[:k]...)
			nk := append(append([]byte(nil), L...), body[:k]...)
			d, i := side(nb)
			if try(nk, d, i, R[k:]) {
				return nk, marks, R[k:], true
			}
		}
	}
	// Otherwise take equal tokens on either side into both sides of the
	// change, which makes it a substitution that leaves text in both views.
	for n := 1; n <= 3; n++ {
		for _, sides := range [][2]int{{n, 0}, {0, n}, {n, n}} {
			lk := tailTokens(L, sides[0])
			rk := headTokens(R, sides[1])
			if lk < 0 || rk < 0 {
				continue
			}
			pre, post := L[len(L)-lk:], R[:rk]
			d := concat(pre, del, post)
			i := concat(pre, ins, post)
			if try(L[:len(L)-lk], d, i, R[rk:]) {
				return L[:len(L)-lk], marks, R[rk:], true
			}
		}
	}
	return nil, nil, nil, false
}

func concat(a, b, c []byte) []byte {
	out := make([]byte, 0, len(a)+len(b)+len(c))
	return append(append(append(out, a...), b...), c...)
}

// tailTokens returns the length of the last n tokens of b, or -1 when b
// has fewer or they hold a blank line.
func tailTokens(b []byte, n int) int {
	if n == 0 {
		return 0
	}
	start := max(0, len(b)-4*context)
	for start > 0 && !utf8.RuneStart(b[start]) {
		start--
	}
	t := tokenize(b[start:])
	if len(t)-1 < n || (start > 0 && len(t)-1 <= n) {
		return -1
	}
	k := len(b) - (start + t[len(t)-1-n])
	if hasBlankLine(b[len(b)-k:]) {
		return -1
	}
	return k
}

// headTokens returns the length of the first n tokens of b, or -1.
func headTokens(b []byte, n int) int {
	if n == 0 {
		return 0
	}
	end := min(len(b), 4*context)
	t := tokenize(b[:end])
	if len(t)-1 < n || (end < len(b) && len(t)-1 <= n) {
		return -1
	}
	k := t[n]
	if hasBlankLine(b[:k]) {
		return -1
	}
	return k
}

// render writes the marks for a change from del to ins, or reports that
// the texts cannot go into marks (empty change).
func render(del, ins []byte) ([]byte, bool) {
	var out []byte
	switch {
	case len(del) == 0 && len(ins) == 0:
		return nil, false
	case len(del) == 0:
		for _, p := range splitBlank(ins) {
			out = append(append(append(out, "{++"...), p...), "++}"...)
		}
	case len(ins) == 0:
		out = deletion(out, del)
	case string(ins) == view.DefaultElision && len(bytes.TrimSpace(del)) > 0 && !hasBlankLine(del):
		out = append(append(append(out, "{--"...), del...), "--}"...)
	case !hasBlankLine(concat(del, []byte("~>"), ins)):
		out = append(append(append(append(append(out, "{~~"...), del...), "~>"...), ins...), "~~}"...)
	default:
		out = deletion(out, del)
		for _, p := range splitBlank(ins) {
			out = append(append(append(out, "{++"...), p...), "++}"...)
		}
	}
	return out, true
}

func deletion(out, del []byte) []byte {
	for _, p := range splitBlank(del) {
		out = append(append(append(out, "{~~"...), p...), "~>~~}"...)
	}
	return out
}

// hasBlankLine reports whether b holds a whole blank line: a newline, then
// only spaces, tabs or carriage returns, then a newline.
func hasBlankLine(b []byte) bool {
	return len(splitBlank(b)) > 1
}

// splitBlank cuts b after each newline that a blank line follows, so that
// no piece holds a blank line of its own.
func splitBlank(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for j := 0; j < len(b); j++ {
		if b[j] != '\n' {
			continue
		}
		k := j + 1
		for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r') {
			k++
		}
		if k < len(b) && b[k] == '\n' {
			out = append(out, b[start:j+1])
			start = j + 1
		}
	}
	return append(out, b[start:])
}

// localCheck parses the marks with the equal text around them and checks
// that both views give back that text with del, and with ins, in place.
func localCheck(keep, marks, rest, del, ins []byte) bool {
	lc := keep[max(0, len(keep)-context):]
	if len(lc) < len(keep) {
		// The text goes on before: a line of its own keeps a truncated
		// start from reading as front matter.
		lc = concat([]byte("x\n"), lc, nil)
	}
	rc := rest[:min(len(rest), context)]
	src := concat(lc, marks, rc)
	d := markup.Parse(src)
	for _, p := range d.Problems {
		if p.Code != markup.CodeBacktickJoin {
			return false
		}
	}
	if d.HasFrontMatter {
		return false
	}
	if !bytes.Equal(view.Build(d, view.Original, view.Options{}).Text, concat(lc, del, rc)) {
		return false
	}
	return bytes.Equal(view.Build(d, view.Published, view.Options{}).Text, concat(lc, ins, rc))
}
