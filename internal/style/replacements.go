package style

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

var (
	replOnce sync.Once
	replMap  map[string][]string
)

// Replacements returns the built-in lexicon's neutral replacements for
// phrase, in order of preference, or nil when it has none. The phrase is
// matched as the style pass keys words (case, curly apostrophes and runs
// of white space do not matter); the replacements are capitalised when
// the phrase is, so that completion can offer them as they will be
// written. The slice is the caller's.
func Replacements(phrase string) []string {
	replOnce.Do(func() {
		replMap = map[string][]string{}
		for _, e := range lexicon().entries {
			for form, reps := range e.Replacements {
				k := normPhrase(form)
				if _, ok := replMap[k]; !ok {
					replMap[k] = reps
				}
			}
		}
	})
	reps := replMap[normPhrase(phrase)]
	if len(reps) == 0 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(phrase))
	up := unicode.IsUpper(r)
	out := make([]string, len(reps))
	for i, x := range reps {
		out[i] = capitalize(x, up)
	}
	return out
}
