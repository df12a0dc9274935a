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
	var parts []string
	add := func(n int, one, many string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(c.Cuts, "cut", "cuts")
	add(c.Untracked, "untracked cut", "untracked cuts")
	add(c.Additions, "addition", "additions")
	add(c.Changes, "change", "changes")
	add(c.Notes, "note", "notes")
	if len(parts) == 0 {
		parts = append(parts, "no marked changes")
	}
	switch f {
	case Matches:
		parts = append(parts, "matches the original")
	case Unmarked:
		add(unmarked, "unmarked change", "unmarked changes")
	case TooDifferent:
		parts = append(parts, "too different from the original to compare")
	}
	return strings.Join(parts, " · ")
}
