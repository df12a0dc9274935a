package rules

import "github.com/bluepencil/bluepencil/internal/frontmatter"

var codeNames = func() []string {
	names := make([]string, len(Codes))
	for i, c := range Codes {
		names[i] = c.Name
	}
	return names
}()

// SuggestCode returns the code that name most likely misspells ("emty-mark"
// gives "empty-mark"), or "" when no code is close: a setting for a code
// that does not exist silences nothing, and the user should hear which one
// was meant.
func SuggestCode(name string) string {
	return frontmatter.Nearest(name, codeNames)
}
