package span

import (
	"fmt"
	"sort"
	"strings"
)

// Span is the half-open byte range [Start, End) of a source.
type Span struct {
	Start, End int
}

// Len returns the number of bytes in s.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether s covers no byte.
func (s Span) Empty() bool { return s.End <= s.Start }

// Contains reports whether offset off lies in s. An empty span contains its
// own start, so that a cursor placed on a zero-width span still finds it.
func (s Span) Contains(off int) bool {
	if s.Empty() {
		return off == s.Start
	}
	return s.Start <= off && off < s.End
}

// Covers reports whether t lies entirely inside s.
func (s Span) Covers(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Overlaps reports whether s and t share at least one byte.
func (s Span) Overlaps(t Span) bool { return s.Start < t.End && t.Start < s.End }

// Moved returns s moved by delta bytes: where it lies after an edit before
// it that added delta bytes (or removed -delta).
func (s Span) Moved(delta int) Span { return Span{s.Start + delta, s.End + delta} }

// Text returns the bytes of src that s covers, clamped to src.
func (s Span) Text(src []byte) []byte {
	start, end := clamp(s.Start, len(src)), clamp(s.End, len(src))
	if end < start {
		end = start
	}
	return src[start:end]
}

func (s Span) String() string { return fmt.Sprintf("%d:%d", s.Start, s.End) }

func clamp(x, n int) int {
	if x < 0 {
		return 0
	}
	if x > n {
		return n
	}
	return x
}

// Edit replaces the bytes of Span with New. An empty Span inserts.
type Edit struct {
	Span Span
	New  string
}

// Insert returns an edit that inserts text at offset off.
func Insert(off int, text string) Edit { return Edit{Span{off, off}, text} }

// Delete returns an edit that removes the bytes of s.
func Delete(s Span) Edit { return Edit{Span: s} }

// Replace returns an edit that replaces the bytes of s with text.
func Replace(s Span, text string) Edit { return Edit{s, text} }

// Apply returns src with edits applied. The edits are positions in src, not
// in a partly edited text, which is how LSP clients read a TextEdit array:
// they must not overlap, and insertions at the same offset keep their order.
// Apply reports overlapping or out-of-range edits as an error rather than
// guessing, because a fix that corrupts an article is worse than no fix.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	sorted := make([]Edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Span.Start < sorted[j].Span.Start })
	var b strings.Builder
	b.Grow(len(src))
	last := 0
	for _, e := range sorted {
		if e.Span.Start < last || e.Span.End < e.Span.Start || e.Span.End > len(src) {
			return nil, fmt.Errorf("edit %v overlaps another or lies outside the text (%d bytes)", e.Span, len(src))
		}
		b.Write(src[last:e.Span.Start])
		b.WriteString(e.New)
		last = e.Span.End
	}
	b.Write(src[last:])
	return []byte(b.String()), nil
}
