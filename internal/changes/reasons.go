package changes

import (
	"sort"
	"strings"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// Reasons are the reason classes an editor may give a cut, in the order
// the legend lists them.
var Reasons = []string{"unnecessary", "biased", "flowery"}

// reasonLimit bounds how much of a note is read for its first word: a
// reason is one short word, and a note may be a whole paragraph.
const reasonLimit = 32

// CutReason returns the reason class of the cut at index i of d: the first
// word, in any case, of a note written right after it
// ({--x--}{>>biased<<}), when that word is one of Reasons; "" otherwise.
func CutReason(d *markup.Document, i int) string {
	_, r := reasonNote(d, i)
	return r
}

// ReasonNote returns the index in d.Marks of the note that gives the cut
// at index i its reason, or -1. The note must follow the cut itself, not a
// mark inside it, and belong to the same parent, as the highlight's note
// does (markup.AttachedNote); accepting or restoring the cut takes the
// note with it, since a reason without its cut explains nothing.
func ReasonNote(d *markup.Document, i int) int {
	j, _ := reasonNote(d, i)
	return j
}

// reasonNote returns ReasonNote's index and CutReason's reason, or -1 and "".
func reasonNote(d *markup.Document, i int) (int, string) {
	if i < 0 || i >= len(d.Marks) || d.Marks[i].Kind != markup.Elision {
		return -1, ""
	}
	end := d.Marks[i].Span().End
	// Marks are ordered by start: the one after the cut's own nested marks
	// is the first that starts at or after its end.
	j := i + 1 + sort.Search(len(d.Marks)-i-1, func(k int) bool { return d.Marks[i+1+k].Span().Start >= end })
	if j >= len(d.Marks) {
		return -1, ""
	}
	n := &d.Marks[j]
	if n.Kind != markup.Note || n.Span().Start != end || n.Parent() != d.Marks[i].Parent() {
		return -1, ""
	}
	r := reasonWord(n.Body().Text(d.Src))
	if r == "" {
		return -1, ""
	}
	return j, r
}

// reasonWord returns the reason class body names by its first word, or "".
func reasonWord(body []byte) string {
	if len(body) > reasonLimit {
		body = body[:reasonLimit]
	}
	s := strings.TrimLeft(string(body), " \t\r\n")
	end := strings.IndexFunc(s, func(c rune) bool { return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') })
	if end >= 0 {
		s = s[:end]
	}
	s = strings.ToLower(s)
	for _, r := range Reasons {
		if s == r {
			return r
		}
	}
	return ""
}
