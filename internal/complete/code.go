package complete

import "bytes"

// inFence reports whether off lies in a fenced code block opened between
// from and off, its fence lines included: marks are not parsed there. It
// walks the lines before off and looks only at those that start with a
// backtick or a tilde.
func inFence(src []byte, from, off int) bool {
	var fence byte
	n := 0 // the open fence's length, 0 when none is open
	for i := from; ; {
		eol := lineEnd(src, i)
		open := n > 0
		j := i
		for j < eol && j-i < 3 && src[j] == ' ' {
			j++
		}
		if c := at(src, j); c == '`' || c == '~' {
			k := j + run(src, j, eol)
			switch {
			case n == 0 && k-j >= 3 && (c == '~' || bytes.IndexByte(src[k:eol], '`') < 0):
				fence, n = c, k-j
			case n > 0 && c == fence && k-j >= n && isBlankLine(src[k:eol]):
				n = 0
			}
		}
		if off <= eol {
			return open || n > 0
		}
		if eol >= len(src) {
			return false
		}
		i = eol + 1
	}
}

// inCodeSpan reports whether off lies inside a code span of its
// paragraph: after a backtick run that a run of the same length closes at
// or after off.
func inCodeSpan(src []byte, from, off int) bool {
	start, end := paragraph(src, from, off)
	for i := start; i < off; {
		if src[i] != '`' {
			i++
			continue
		}
		n := run(src, i, end)
		j := closingRun(src, i+n, end, n)
		if j < 0 {
			i += n // a run no other closes: literal backticks
			continue
		}
		if off >= i+n && off <= j {
			return true
		}
		i = j + n
	}
	return false
}

// closingRun returns where the next run of exactly n backticks after from
// starts, or -1 before end.
func closingRun(src []byte, from, end, n int) int {
	for j := from; j < end; {
		if src[j] != '`' {
			j++
			continue
		}
		m := run(src, j, end)
		if m == n {
			return j
		}
		j += m
	}
	return -1
}

// run is the length of the run of src[i]'s byte at i, before end.
func run(src []byte, i, end int) int {
	k := i
	for k < end && src[k] == src[i] {
		k++
	}
	return k - i
}

// paragraph returns the bounds of the paragraph holding off: from the
// line after the last blank line before it (not before from) to the end
// of the last line before the next blank line. It reads at most 64 KiB
// either side.
func paragraph(src []byte, from, off int) (start, end int) {
	start = lineStart(src, from, off)
	for start > from && off-start < 1<<16 {
		ps := lineStart(src, from, start-1)
		if isBlankLine(src[ps : start-1]) {
			break
		}
		start = ps
	}
	end = lineEnd(src, off)
	for end < len(src) && end-off < 1<<16 {
		ne := lineEnd(src, end+1)
		if isBlankLine(src[end+1 : ne]) {
			break
		}
		end = ne
	}
	return start, end
}

func at(src []byte, i int) byte {
	if i < len(src) {
		return src[i]
	}
	return 0
}

// lineEnd returns the index of the line break ending the line at i, or
// len(src).
func lineEnd(src []byte, i int) int {
	if i >= len(src) {
		return len(src)
	}
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}

// lineStart returns the start of the line holding i, not before from.
func lineStart(src []byte, from, i int) int {
	return from + bytes.LastIndexByte(src[from:i], '\n') + 1
}

func isBlankLine(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }
