package analysis

import "github.com/bluepencil/bluepencil/internal/span"

// cover returns the span, in the old text's coordinates, of one edit that
// does what edits do: edits are applied one after the other, each in the
// coordinates the ones before left (as an editor sends them), to a text of
// oldLen bytes. The span covers everything any of them touched and what
// lies between; the edit's new text is what the new text holds from start
// to end+delta, delta being the change in length. Its work is proportional
// to the number of edits, not to the text. ok is false for no edit or one
// out of range.
func cover(edits []span.Edit, oldLen int) (start, end, delta int, ok bool) {
	if len(edits) == 0 {
		return 0, 0, 0, false
	}
	// The cover is [a, b) in old offsets; d is the current length minus
	// oldLen, so the cover stands at [a, b+d) in the current text.
	a, b, d := 0, 0, 0
	for i, e := range edits {
		x, y := e.Span.Start, e.Span.End
		if x < 0 || y < x || y > oldLen+d {
			return 0, 0, 0, false
		}
		switch {
		case i == 0:
			a, b = x, y
		default:
			if y > b+d {
				b = y - d // past the cover, current offsets are old ones moved by d
			}
			a = min(a, x) // before the cover, current and old offsets agree
		}
		d += len(e.New) - (y - x)
	}
	return a, b, d, true
}
