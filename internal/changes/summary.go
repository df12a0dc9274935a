package changes

import (
	"fmt"
	"strings"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// Counts are how many changes of each kind an article marks.
type Counts struct {
	Cuts, Additions, Changes, Notes, Untracked int
}

// Count counts the marks of d by kind.
func Count(d *markup.Document) Counts {
	var c Counts
	for i := range d.Marks {
		switch d.Marks[i].Kind {
		case markup.Elision:
			c.Cuts++
		case markup.Addition:
			c.Additions++
		case markup.Substitution:
			c.Changes++
		case markup.Note:
			c.Notes++
		case markup.BareElision:
			c.Untracked++
		}
	}
	return c
}

// Fidelity is what the check against the archived original found, for
// the summary.
type Fidelity int

// The outcomes Summary tells apart.
const (
	NoOriginal   Fidelity = iota // the article names none, or it could not be read
	Matches                      // every difference is marked
	Unmarked                     // some differences are not marked
	TooDifferent                 // the article is too far from the original to align
)

// Summary returns the article's summary line, such as
// "3 cuts · 2 additions · 1 change · 2 notes · matches the original".
// unmarked is how many unmarked changes the check found, for Unmarked.
// Kinds the article has none of are left out; an article with no marks
// says so.
func (c Counts) Summary(f Fidelity, unmarked int) string {
	parts := c.Phrases()
	parts = appendCount(parts, c.Notes, "note", "notes")
	if len(parts) == 0 {
		parts = append(parts, "no marked changes")
	}
	switch f {
	case Matches:
		parts = append(parts, "matches the original")
	case Unmarked:
		parts = appendCount(parts, unmarked, "unmarked change", "unmarked changes")
	case TooDifferent:
		parts = append(parts, "too different from the original to compare")
	}
	return strings.Join(parts, " · ")
}

// Phrases returns the changes c counts as phrases, in the order the
// summary and the published page list them: "4 cuts", "1 untracked cut",
// "2 additions", "1 change"; kinds with none are left out, and so are
// notes, which change nothing.
func (c Counts) Phrases() []string {
	var parts []string
	parts = appendCount(parts, c.Cuts, "cut", "cuts")
	parts = appendCount(parts, c.Untracked, "untracked cut", "untracked cuts")
	parts = appendCount(parts, c.Additions, "addition", "additions")
	parts = appendCount(parts, c.Changes, "change", "changes")
	return parts
}

// appendCount appends "1 one" or "n many" to parts, nothing when n is 0.
func appendCount(parts []string, n int, one, many string) []string {
	switch {
	case n == 1:
		return append(parts, "1 "+one)
	case n > 1:
		return append(parts, fmt.Sprintf("%d %s", n, many))
	}
	return parts
}
