package style

import (
	"fmt"
	"strings"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// Rule is an extra lexicon entry from a workspace: what a rule file in
// Vale's format ("extends: existence" with tokens, "extends: substitution"
// with swap) says once its YAML is read. Its forms are words and phrases,
// not patterns: the reader of the rule file reports a regular expression
// as unsupported before it gets here, and NewMatcher refuses any form the
// scan could not match.
type Rule struct {
	// Code is the diagnostic code of the rule's findings, such as
	// "Acme.Hedging" (Vale names a rule by its style and file name).
	Code string
	// Message is the finding's message; a "%s" in it is replaced by the
	// matched text, as Vale does. Empty: the code and the matched text.
	Message string
	// Severity is the rule's level in the outlet's text; in the editor's
	// own words it is one step higher, but never above a warning unless the
	// rule itself is an error. Zero means information.
	Severity rules.Severity
	// Forms are the words and phrases that flag (Vale's tokens, and the
	// keys of its swap).
	Forms []string
	// Swap maps a form to its replacements (Vale's swap values).
	Swap map[string][]string
	// CaseSensitive matches the forms exactly as written (Vale's
	// "ignorecase: false" is the default there; the reader of the rule file
	// decides).
	CaseSensitive bool
}

// Matcher is a compiled lexicon: the built-in one with a workspace's extra
// rules. Compile one per configuration and pass it in Options; it is safe
// for concurrent use.
type Matcher struct {
	c *compiled
}

// NewMatcher compiles the built-in lexicon with extra rules. It reports the
// first rule it cannot use: no code, a form that is not words, a swap key
// that is not a form.
func NewMatcher(extra []Rule) (*Matcher, error) {
	// The workspace's rules come first: where one of them and the
	// built-in lexicon match the same words, the workspace's is reported.
	var entries []*Entry
	for _, r := range extra {
		e, err := ruleEntry(r)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	entries = append(entries, lexicon().entries...)
	return &Matcher{c: compile(entries)}, nil
}

// CheckForm reports why f cannot be a form of a Rule, or nil: a form is a
// word or a phrase of words, as the matcher reads words.
func CheckForm(f string) error {
	words, ok := formWords(f)
	if len(words) == 0 {
		return fmt.Errorf("an empty token")
	}
	if !ok {
		return fmt.Errorf("%q is not a word or a phrase of words", f)
	}
	return nil
}

// formWords returns the words of the form f, split at white space, and
// whether each is one word as the scan reads words.
func formWords(f string) ([]string, bool) {
	words := strings.Fields(f)
	for _, w := range words {
		b := []byte(w)
		if !wordStart(b, 0, len(b)) || wordEnd(b, 0) != len(b) {
			return words, false
		}
	}
	return words, true
}

func ruleEntry(r Rule) (*Entry, error) {
	if r.Code == "" {
		return nil, fmt.Errorf("a rule has no name")
	}
	if r.Severity < rules.Error || r.Severity > rules.Hint {
		if r.Severity != 0 {
			return nil, fmt.Errorf("rule %s: severity %d is not a level", r.Code, r.Severity)
		}
		r.Severity = rules.Information
	}
	e := &Entry{Category: r.Code, Reason: r.Message, Message: r.Message, Severity: r.Severity, Proper: true,
		CaseSensitive: r.CaseSensitive, Replacements: map[string][]string{}, Written: map[string]string{}}
	add := func(f string) error {
		words, ok := formWords(f)
		if len(words) == 0 {
			return fmt.Errorf("rule %s: an empty token", r.Code)
		}
		if !ok {
			return fmt.Errorf("rule %s: %q is not a word or a phrase of words; patterns are not supported", r.Code, f)
		}
		n := normPhrase(f)
		if !contains(e.Forms, n) {
			e.Forms = append(e.Forms, n)
			e.Written[n] = strings.Join(words, " ")
		}
		return nil
	}
	for _, f := range r.Forms {
		if err := add(f); err != nil {
			return nil, err
		}
	}
	for f, reps := range r.Swap {
		if err := add(f); err != nil {
			return nil, err
		}
		e.Replacements[normPhrase(f)] = reps
	}
	if len(e.Forms) == 0 {
		return nil, fmt.Errorf("rule %s: no tokens", r.Code)
	}
	return e, nil
}
