package fidelity

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// Most articles a CI run checks match their original: their original
// view holds the original's bytes, but for white space. A final check
// first compares the two texts byte for byte, in one pass that tokenizes
// nothing, and when sameWords finds them equivalent it reports what the
// full check would, no difference, without preparing the original or
// tokenizing the article (three quarters of a 1 MiB check). Otherwise,
// or when the article holds something whose tokens the check treats
// apart, the full check runs as it would have.

// faithfulResult is what a final check of a faithful article returns:
// what checkArticle returns when the token lists are equal, no
// difference, but no state, since nothing updates a final Result.
func faithfulResult() Result { return Result{Diagnostics: []rules.Diagnostic{}} }

// faithful reports whether the final check of d, whose original view is
// viewText, against original may skip the token comparison: no part of
// the article is treated apart and the texts are equivalent.
func faithful(d *markup.Document, viewText, original []byte) bool {
	if !plainMarks(d) {
		return false
	}
	body, ok := originalBody(original)
	return ok && sameWords(viewText, body)
}

// plainMarks reports whether every token of d's original view takes part
// in the comparison as it stands: a bare elision's are left out of it, so
// an article with one is compared in full; and so is one with an HTML
// comment around a mark, which a part of the view read alone (an update's)
// treats differently from the whole.
func plainMarks(d *markup.Document) bool {
	for i := range d.Marks {
		if d.Marks[i].Kind == markup.BareElision {
			return false
		}
	}
	src, from := d.Src, viewStart(d)
	for len(d.Marks) > 0 {
		k := bytes.Index(src[from:], commentOpen)
		if k < 0 {
			return true
		}
		open := from + k
		end := len(src)
		if c := bytes.Index(src[open+len(commentOpen):], commentClose); c >= 0 {
			end = open + len(commentOpen) + c + len(commentClose)
		}
		// The first mark that ends after the comment opens must start
		// after it closes.
		m := sort.Search(len(d.Marks), func(i int) bool { return d.Marks[i].Span().End > open })
		if m < len(d.Marks) && d.Marks[m].Span().Start < end {
			return false
		}
		from = end
	}
	return true
}

// originalBody returns the part of original the check tokenizes, after a
// front matter of its own, and reports whether the tokenizer reads it as
// it reads a text of its own: from a line start, outside a comment.
func originalBody(original []byte) ([]byte, bool) {
	fm, ok := frontmatter.Find(original)
	if !ok || !fm.Closed {
		return original, true
	}
	// The front matter ends with its closing line's line break (or the
	// text), so the tokenizer stands at a line start there, unless a
	// comment it opened runs on.
	skip := fm.Span.End
	if bytes.Contains(original[:skip], commentOpen) || skip > 0 && skip < len(original) && original[skip-1] != '\n' {
		return nil, false
	}
	return original[skip:], true
}

// White space classes, for sameWords.
var wsByte = func() (t [256]bool) {
	for c := range t {
		t[c] = class[c] == cSpace || class[c] == cLine // the tokenizer's white space, no other
	}
	return t
}()

// lineSyntaxByte is true for the bytes skipLineSyntax may read as part
// of a line's Markdown syntax ('.' and ')' end list numbers), white space
// among them: white space on a line that so far holds only these may
// change its tokens.
var lineSyntaxByte = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\f\v>#-*+_=0123456789.)") {
		t[c] = true
	}
	return t
}()

// sameWords reports whether Tokenize gives a and b the same tokens (the
// same bytes in the same order), by a condition on the bytes that implies
// it: leading and trailing white space aside, a and b are equal but that
// a run of ASCII white space in one may stand against a run in the other
// when both are non-empty, hold the same number of line ends, and would be
// read alike by the tokenizer's line-start rules (skipLineSyntax), which
// alone among its rules tell white space apart:
//
//   - the part of a run after its last line end starts a line, whose
//     indentation only ' ' and '\t' may make: those parts must be equal or
//     both only ' ' and '\t';
//   - where the line before a run may so far be all Markdown syntax (its
//     last byte is one skipLineSyntax reads, such as "-", "#", "1.", or the
//     text starts there), a run without a line end must be equal or only
//     ' ' and '\t' on both sides ("> \r#" is no heading, ">  #" is), and
//     the part of a run before its first line end must be only ' ', '\t'
//     and '\r' on both sides, beginning with a space or tab on both or on
//     neither ("-\n" is a word, "- \n" an empty list item);
//   - blank lines between hold no token either way.
//
// The end of the text reads as a line end does. It returns false when in
// doubt: the caller then compares the tokens.
func sameWords(a, b []byte) bool {
	i, j := leadingRun(a), leadingRun(b)
	if !sameTail(a[:i], b[:j]) {
		return false
	}
	for {
		k := commonPrefix(a[i:], b[j:])
		i, j = i+k, j+k
		if i == len(a) && j == len(b) {
			return true
		}
		// The texts differ here: only in a run of white space, which
		// may have begun in the common part.
		s := 0
		for s < k && wsByte[a[i-s-1]] {
			s++
		}
		ea, eb := runEnd(a, i), runEnd(b, j)
		ra, rb := a[i-s:ea], b[j-s:eb]
		atEnd := ea == len(a) || eb == len(b)
		if atEnd && (ea != len(a) || eb != len(b)) {
			return false // one text has words past the other's end
		}
		if !atEnd && (len(ra) == 0 || len(rb) == 0) {
			return false // a byte that is not white space differs
		}
		var before byte
		start := i - s
		if start > 0 {
			before = a[start-1]
		}
		if !sameRun(ra, rb, start == 0 || lineSyntaxByte[before], atEnd) {
			return false
		}
		if atEnd {
			return true
		}
		i, j = ea, eb
	}
}

// leadingRun returns the length of the white space that starts text.
func leadingRun(text []byte) int { return runEnd(text, 0) }

// runEnd returns the end of the run of white space at i.
func runEnd(text []byte, i int) int {
	for i < len(text) && wsByte[text[i]] {
		i++
	}
	return i
}

// sameRun reports whether the white space runs ra and rb, both non-empty,
// may stand against each other (see sameWords). syntax says the line may
// so far hold only Markdown syntax; last that nothing but white space
// follows, as if a line end did.
func sameRun(ra, rb []byte, syntax, last bool) bool {
	sa, sb := shapeOf(ra), shapeOf(rb)
	if !last && sa.lines != sb.lines {
		return false
	}
	if sa.lines == 0 && sb.lines == 0 && !last {
		return !syntax || bytes.Equal(ra, rb) || onlyBlanks(ra) && onlyBlanks(rb)
	}
	ha, hb := ra[:sa.head], rb[:sb.head] // the parts before the first line end
	if syntax && !bytes.Equal(ha, hb) && !(lineEndBlanks(ha) && lineEndBlanks(hb) && startsBlank(ha) == startsBlank(hb)) {
		return false
	}
	if last {
		return true // no token follows
	}
	return sameIndent(ra[sa.tail:], rb[sb.tail:])
}

// shape is where a run of white space has line ends: how many, the end of
// the part before the first, the start of the part after the last.
type shape struct{ lines, head, tail int }

// shapeOf reads the shape of run in one pass: runs are a byte or two.
func shapeOf(run []byte) shape {
	sh := shape{head: len(run)}
	for k, c := range run {
		if c == '\n' {
			if sh.lines == 0 {
				sh.head = k
			}
			sh.lines++
			sh.tail = k + 1
		}
	}
	return sh
}

// sameTail reports whether the parts of ra and rb after their last line
// ends (or whole), which start a line, indent it alike.
func sameTail(ra, rb []byte) bool {
	return sameIndent(ra[shapeOf(ra).tail:], rb[shapeOf(rb).tail:])
}

// sameIndent reports whether two line starts of white space read alike.
func sameIndent(ta, tb []byte) bool {
	return bytes.Equal(ta, tb) || onlyBlanks(ta) && onlyBlanks(tb)
}

// onlyBlanks reports whether s holds only spaces and tabs, which
// skipLineSyntax skips wherever it reads.
func onlyBlanks(s []byte) bool {
	for _, c := range s {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// lineEndBlanks reports whether s holds only spaces, tabs and CRs, which
// the readers of a line's syntax take alike before a line end.
func lineEndBlanks(s []byte) bool {
	for _, c := range s {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func startsBlank(s []byte) bool { return len(s) > 0 && (s[0] == ' ' || s[0] == '\t') }

// commonPrefix returns the length of the longest common prefix of a and
// b: 256 bytes at a time through bytes.Equal (the runtime's vector
// compare), then 8 at a time.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	k := 0
	// Most differences are a line end or two apart: look near first.
	for ; k+8 <= min(n, 64); k += 8 {
		if x := binary.LittleEndian.Uint64(a[k:]) ^ binary.LittleEndian.Uint64(b[k:]); x != 0 {
			return k + bits.TrailingZeros64(x)/8
		}
	}
	for k+256 <= n && bytes.Equal(a[k:k+256], b[k:k+256]) {
		k += 256
	}
	for k+8 <= n {
		if x := binary.LittleEndian.Uint64(a[k:]) ^ binary.LittleEndian.Uint64(b[k:]); x != 0 {
			return k + bits.TrailingZeros64(x)/8
		}
		k += 8
	}
	for k < n && a[k] == b[k] {
		k++
	}
	return k
}
