package style

import (
	"unicode"
	"unicode/utf8"
)

// context reads the words around a form once, as the context rules ask
// for them, so that an entry with thirty rules reads its neighbours once.
type context struct {
	p             *pass
	before, after int // where the form starts and ends
	prev, next    [8]wordRef
	np, nn        int  // how many are read
	endP, endN    bool // no more words to read
}

// prevWordN returns the i-th word before the form (0 is the nearest).
func (cx *context) prevWordN(i int) (wordRef, bool) {
	for cx.np <= i && !cx.endP && cx.np < len(cx.prev) {
		off := cx.before
		if cx.np > 0 {
			off = cx.prev[cx.np-1].start
		}
		w, ok := cx.p.prevWord(off)
		if !ok {
			cx.endP = true
			break
		}
		cx.prev[cx.np] = w
		cx.np++
	}
	if i < cx.np {
		return cx.prev[i], true
	}
	return wordRef{}, false
}

// nextWordN returns the i-th word after the form (0 is the nearest).
func (cx *context) nextWordN(i int) (wordRef, bool) {
	for cx.nn <= i && !cx.endN && cx.nn < len(cx.next) {
		off := cx.after
		if cx.nn > 0 {
			off = cx.next[cx.nn-1].end
		}
		w, _, ok := cx.p.nextWord(off, true)
		if !ok {
			cx.endN = true
			break
		}
		cx.next[cx.nn] = w
		cx.nn++
	}
	if i < cx.nn {
		return cx.next[i], true
	}
	return wordRef{}, false
}

// prevIs reports whether the words directly before the form are s.
func (cx *context) prevIs(s []int32) bool {
	for k := range s {
		w, ok := cx.prevWordN(k)
		if !ok || !cx.p.is(w, s[len(s)-1-k]) {
			return false
		}
	}
	return true
}

// nextIs reports whether the words directly after the form are s.
func (cx *context) nextIs(s []int32) bool {
	for k, id := range s {
		w, ok := cx.nextWordN(k)
		if !ok || !cx.p.is(w, id) {
			return false
		}
	}
	return true
}

// clause reports whether a reported clause follows the form: a word that
// starts or marks one within the next six words.
func (cx *context) clause() bool {
	for k := 0; k < 6; k++ {
		w, ok := cx.nextWordN(k)
		if !ok {
			return false
		}
		if w.id >= 0 && cx.p.c.isClause[w.id] {
			return true
		}
	}
	return false
}

func (p *pass) is(w wordRef, id int32) bool {
	if id == numID {
		return class[p.src[w.start]] == cWord && p.src[w.start] <= '9' || w.id >= 0 && p.c.isNum[w.id]
	}
	return w.id == id
}

// isSoftDelimiter reports whether b is a mark delimiter a phrase may run
// across ({++ ++} {== ==}, and ~~} checked by the caller): the reader sees
// the words on either side of it side by side.
func isSoftDelimiter(b []byte) bool {
	switch string(b) {
	case "{++", "++}", "{==", "==}":
		return true
	}
	return false
}

// nextMay is nextWord's quick refusal: false when the next byte past a
// run of spaces is not the first letter of any word in letters. A line
// break or a mark's delimiter gets the full reading.
func (p *pass) nextMay(off int, letters uint32) bool {
	src := p.src
	for off < len(src) && src[off] == ' ' {
		off++
	}
	if off >= len(src) {
		return false
	}
	c := src[off]
	if c == '\n' || c == '{' || c == '+' || c == '=' || c == '~' || c == '\t' || c == '\r' {
		return true
	}
	return letters&(1<<letterIndex[c]) != 0
}

// nextWord reads the word directly after offset off: only blanks, a line
// break that does not end the paragraph and, when soft, the delimiters of
// additions, highlights and substitutions' ends may lie between. It
// reports whether a delimiter was crossed.
func (p *pass) nextWord(off int, soft bool) (wordRef, bool, bool) {
	src := p.src
	crossed := false
	k := off
	for k < len(src) {
		c := src[k]
		switch {
		case class[c] == cBlank:
			k++
			continue
		case c == '\n':
			j := k + 1
			for j < len(src) && class[src[j]] == cBlank {
				j++
			}
			if j >= len(src) || src[j] == '\n' {
				return wordRef{}, false, false
			}
			k = j
			continue
		case soft && c != '~' && k+3 <= len(src) && isSoftDelimiter(src[k:k+3]) || soft && c == '~' && k+3 <= len(src) && src[k+1] == '~' && src[k+2] == '}':
			crossed = true
			k += 3
			continue
		}
		break
	}
	// Only blanks and soft delimiters were crossed, and every exempt region
	// starts with punctuation (a quote, a backtick, a mark's brace, "<",
	// "[", ">" or a fence at a line start) but a bare URL: no word read
	// here lies in one, but the scheme of a URL.
	if k >= len(src) || !wordStart(src, k, len(src)) {
		return wordRef{}, false, false
	}
	end := wordEnd(src, k)
	if end+2 < len(src) && src[end] == ':' && src[end+1] == '/' || end < len(src) && src[end] == '.' && end-k == 3 && hasPrefixFold(src[k:end], "www") {
		return wordRef{}, false, false
	}
	return p.c.read(src, k, end), crossed, true
}

// prevWord reads the word directly before offset off, across blanks, a
// line break inside the paragraph and the closing delimiters of additions
// and highlights.
func (p *pass) prevWord(off int) (wordRef, bool) {
	src := p.src
	k := off
	for k > 0 {
		c := src[k-1]
		switch {
		case class[c] == cBlank:
			k--
			continue
		case c == '\n':
			j := k - 1
			for j > 0 && class[src[j-1]] == cBlank {
				j--
			}
			if j == 0 || src[j-1] == '\n' {
				return wordRef{}, false
			}
			k = j
			continue
		case k >= 3 && (string(src[k-3:k]) == "++}" || string(src[k-3:k]) == "==}" || string(src[k-3:k]) == "{++" || string(src[k-3:k]) == "{=="):
			k -= 3
			continue
		}
		break
	}
	if k == 0 {
		return wordRef{}, false
	}
	// As in nextWord, no region ends in a letter but a URL, whose last
	// word follows a slash, a dot or an equals sign.
	end := k
	start := wordStartBefore(src, end)
	if start == end || start > 0 && (src[start-1] == '/' || src[start-1] == '.' || src[start-1] == '=' || src[start-1] == '`') {
		return wordRef{}, false
	}
	return p.c.read(src, start, end), true
}

// wordEnd returns the end of the word starting at k, as the scan reads
// words.
func wordEnd(src []byte, k int) int {
	for k < len(src) {
		c := src[k]
		if class[c] == cWord {
			k++
			continue
		}
		if (c == '\'' || c == '-') && k+1 < len(src) && wordStart(src, k+1, len(src)) {
			k++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRune(src[k:])
		if r == '’' && k+size < len(src) && wordStart(src, k+size, len(src)) {
			k += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		k += size
	}
	return k
}

// wordStartBefore returns the start of the word ending at end (end itself
// when no letter or digit precedes it). Words are short: it reads back at
// most 64 bytes, so a pathological run of letters costs a constant.
func wordStartBefore(src []byte, end int) int {
	k := end
	for k > 0 && end-k < 64 {
		c := src[k-1]
		if class[c] == cWord {
			k--
			continue
		}
		if (c == '\'' || c == '-') && k-1 > 0 && k < end && class[src[k-2]] == cWord {
			k--
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeLastRune(src[:k])
		if r == '’' && k < end && k-size > 0 && class[src[k-size-1]] == cWord || unicode.IsLetter(r) || unicode.IsDigit(r) {
			k -= size
			continue
		}
		break
	}
	if end-k >= 64 {
		return end
	}
	return k
}
