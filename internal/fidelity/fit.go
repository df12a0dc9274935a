package fidelity

import "github.com/bluepencil/bluepencil/internal/span"

// fitContext is how many bytes of the original view on each side of an
// edit fit and glues look at: more than any token's reach across a
// junction, short of a word longer than that.
const fitContext = 32

// fit returns the text that replaces the article span s so that the
// original view reads words there: pre + open + words + close + post, where
// open and close are a mark's delimiters (and its new side), which the
// original view drops, and pre and post are spaces it keeps. When words
// would join the text before or after them in the original view ("hall"
// and "then" reading "hallthen"), a space goes next to them, inside the
// mark, so that the published view does not change.
func (c *checker) fit(s span.Span, pre, open, words, close, post string) string {
	left := append(c.viewBefore(s.Start), pre...)
	right := append([]byte(post), c.viewAfter(s.End)...)
	w := []byte(words)
	if words != "" && joins(left, w) {
		words = " " + words
	}
	if words != "" && joins(w, right) {
		words += " "
	}
	return pre + open + words + close + post
}

// glues reports whether deleting the article bytes of s, or a mark there
// that the original view drops, would join the original view's text on
// either side of it.
func (c *checker) glues(s span.Span) bool {
	return joins(c.viewBefore(s.Start), c.viewAfter(s.End))
}

// viewBefore returns a copy of the end of the original view before article
// offset off.
func (c *checker) viewBefore(off int) []byte {
	end := c.v.ToView(off)
	return append([]byte(nil), c.v.Text[max(0, end-fitContext):end]...)
}

// viewAfter returns the start of the original view from article offset
// off.
func (c *checker) viewAfter(off int) []byte {
	start := c.v.ToView(off)
	return c.v.Text[start:min(len(c.v.Text), start+fitContext)]
}

// joins reports whether left and right, side by side, read as other tokens
// than apart: a token across the junction ("hall" and "then"), or left's
// last tokens changed by what follows (a backslash that now escapes, an
// HTML comment that now opens).
func joins(left, right []byte) bool {
	if len(left) == 0 || len(right) == 0 {
		return false
	}
	j := len(left)
	window := append(append(make([]byte, 0, len(left)+len(right)), left...), right...)
	alone := Tokenize(left)
	k := 0
	for _, t := range Tokenize(window) {
		if int(t.Start) >= j {
			break
		}
		if int(t.End) > j || k >= len(alone) || alone[k] != t {
			return true
		}
		k++
	}
	return k != len(alone)
}
